import Foundation

/// pyradiomics' `shape2D` class (radiomics/shape2D.py + src/cshape.c `calculate_coefficients2D`,
/// pyradiomics-bhklab 3.1.4): marching squares on the single-slice mask padded by one pixel.
public enum PyRadiomicsShape2D {
    static let gridAngles = [(0, 0), (0, 1), (1, 1), (1, 0)]
    static let lineTable: [[Int]] = [
        [], [3, 0], [0, 1], [3, 1], [1, 2], [1, 2, 3, 0], [0, 2], [3, 2],
        [2, 3], [2, 0], [0, 1, 2, 3], [2, 1], [1, 3], [1, 0], [0, 3], [],
    ]
    static let vertList: [(Double, Double)] = [(0, 0.5), (0.5, 1), (1, 0.5), (0.5, 0)]

    /// - Parameters:
    ///   - mask: the ROI, one voxel thick along `dimension` (numpy axis: 0 = z, 1 = y, 2 = x).
    ///   - spacing: (x, y, z) mm.
    public static func features(mask: MaskVolume, spacing: SIMD3<Double>, dimension: Int,
                                enabled: [String]) -> [String: Double] {
        // numpy axes (z, y, x) without `dimension`, in order: rows = first kept axis, columns = second.
        let zyxSize = [mask.size.z, mask.size.y, mask.size.x]
        let zyxSpacing = [spacing.z, spacing.y, spacing.x]
        let kept = [0, 1, 2].filter { $0 != dimension }
        let rows = zyxSize[kept[0]], cols = zyxSize[kept[1]]
        let sp = (zyxSpacing[kept[0]], zyxSpacing[kept[1]])
        func at(_ r: Int, _ c: Int) -> Bool {
            var zyx = [0, 0, 0]
            zyx[kept[0]] = r; zyx[kept[1]] = c
            return mask[zyx[2], zyx[1], zyx[0]] != 0
        }
        let pr = rows + 2, pc = cols + 2
        var m = [Bool](repeating: false, count: pr * pc)
        var pixels: [(Double, Double)] = []
        for r in 0..<rows { for c in 0..<cols where at(r, c) { m[(r + 1) * pc + c + 1] = true } }
        for r in 0..<pr { for c in 0..<pc where m[r * pc + c] { pixels.append((Double(r) * sp.0, Double(c) * sp.1)) } }

        var perimeter = 0.0, surface = 0.0
        var vertices: [(Double, Double)] = []
        for iy in 0..<(pr - 1) {
            for ix in 0..<(pc - 1) {
                var sq = 0
                for (a, g) in gridAngles.enumerated() where m[(iy + g.0) * pc + ix + g.1] { sq |= 1 << a }
                if sq == 0 || sq == 0xF { continue }
                let line = lineTable[sq]
                for t in stride(from: 0, to: line.count, by: 2) {
                    let a = ((Double(iy) + vertList[line[t]].0) * sp.0, (Double(ix) + vertList[line[t]].1) * sp.1)
                    let b = ((Double(iy) + vertList[line[t + 1]].0) * sp.0, (Double(ix) + vertList[line[t + 1]].1) * sp.1)
                    surface += a.0 * b.1 - b.0 * a.1                    // shoelace term
                    perimeter += ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot()
                }
                if sq > 7 { sq ^= 0xF }
                for (bit, v) in [(0, 3), (2, 2)] where sq & (1 << bit) != 0 {
                    vertices.append(((Double(iy) + vertList[v].0) * sp.0, (Double(ix) + vertList[v].1) * sp.1))
                }
            }
        }
        surface = Swift.abs(surface / 2)
        var d2 = 0.0
        for i in stride(from: vertices.count - 1, through: 0, by: -1) {
            for j in 0..<i {
                let dy = vertices[i].0 - vertices[j].0, dx = vertices[i].1 - vertices[j].1
                d2 = Swift.max(d2, dy * dy + dx * dx)
            }
        }
        let diameter = d2.squareRoot()
        // Covariance of pixel positions (centred, / √Np) and its eigenvalues.
        let n = Double(pixels.count)
        let my = pixels.reduce(0) { $0 + $1.0 } / n, mx = pixels.reduce(0) { $0 + $1.1 } / n
        var c = [0.0, 0.0, 0.0, 0.0]
        for p in pixels {
            let a = (p.0 - my) / n.squareRoot(), b = (p.1 - mx) / n.squareRoot()
            c[0] += a * a; c[1] += a * b; c[2] += a * b; c[3] += b * b
        }
        var ev = SymmetricEigen.values(c, n: 2).map { $0 < 0 && $0 > -1e-10 ? 0 : $0 }.sorted()
        if ev.count < 2 { ev = [.nan, .nan] }
        var out: [String: Double] = [:]
        for name in enabled {
            switch name {
            case "MeshSurface": out[name] = surface
            case "PixelSurface": out[name] = n * sp.0 * sp.1                               // Np · A_pixel
            case "Perimeter": out[name] = perimeter
            case "PerimeterSurfaceRatio": out[name] = perimeter / surface
            case "Sphericity": out[name] = 2 * (Double.pi * surface).squareRoot() / perimeter  // 2√(πA) / P
            case "SphericalDisproportion": out[name] = perimeter / (2 * (Double.pi * surface).squareRoot())
            case "MaximumDiameter": out[name] = diameter
            case "MajorAxisLength": out[name] = ev[1] < 0 ? .nan : ev[1].squareRoot() * 4
            case "MinorAxisLength": out[name] = ev[0] < 0 ? .nan : ev[0].squareRoot() * 4
            case "Elongation": out[name] = ev[0] < 0 || ev[1] < 0 ? .nan : (ev[0] / ev[1]).squareRoot()
            default: out[name] = .nan
            }
        }
        return out
    }
}
