import Foundation

/// pyradiomics `LBP2D` (scikit-image `local_binary_pattern`, method "uniform"), slice by slice in
/// the axial plane: P neighbours on a circle of radius R (in voxels) at row offset
/// −R·sin(2πp/P) and column offset R·cos(2πp/P), both rounded to 5 decimals, bilinearly
/// interpolated with 0 outside the slice; bit p = (neighbour − centre ≥ 0). With at most two
/// 0/1 changes along p = 0…P−1 (not wrapping round, as scikit-image counts them) the value is the
/// number of 1 bits, else P + 1. Rows are j, columns are i.
enum LBPFilter {
    static func apply(_ g: FilterGrid, radius: Double, samples: Int) -> FilterGrid {
        let (nx, ny, nz) = (g.size.x, g.size.y, g.size.z)
        func round5(_ x: Double) -> Double { (x * 1e5).rounded(.toNearestOrEven) / 1e5 }
        let rp = (0..<samples).map { round5(-radius * sin(2 * Double.pi * Double($0) / Double(samples))) }
        let cp = (0..<samples).map { round5(radius * cos(2 * Double.pi * Double($0) / Double(samples))) }
        var out = [Double](repeating: 0, count: g.count)
        g.data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let d = UnsafeSendablePointer(dst.baseAddress!)
                parallelRanges(nz) { slices in
                    var bits = [Int](repeating: 0, count: samples)
                    for k in slices {
                        let base = k * nx * ny
                        func pixel(_ r: Int, _ c: Int) -> Double {
                            r < 0 || r >= ny || c < 0 || c >= nx ? 0 : src[base + c + nx * r]
                        }
                        for r in 0..<ny {
                            for c in 0..<nx {
                                let centre = src[base + c + nx * r]
                                for p in 0..<samples {
                                    let y = Double(r) + rp[p], x = Double(c) + cp[p]
                                    let r0 = Int(y.rounded(.down)), c0 = Int(x.rounded(.down))
                                    let r1 = Int(y.rounded(.up)), c1 = Int(x.rounded(.up))
                                    let dr = y - Double(r0), dc = x - Double(c0)
                                    let top = (1 - dc) * pixel(r0, c0) + dc * pixel(r0, c1)
                                    let bottom = (1 - dc) * pixel(r1, c0) + dc * pixel(r1, c1)
                                    bits[p] = (1 - dr) * top + dr * bottom - centre >= 0 ? 1 : 0
                                }
                                var changes = 0
                                for p in 0..<(samples - 1) where bits[p] != bits[p + 1] { changes += 1 }
                                d.pointer[base + c + nx * r] = Double(changes <= 2 ? bits.reduce(0, +) : samples + 1)
                            }
                        }
                    }
                }
            }
        }
        return FilterGrid(size: g.size, spacing: g.spacing, data: out)
    }
}
