import Foundation

/// Filters defined by their transfer function, applied by FFT over the whole grid
/// (periodic boundary), or over a boundary-padded grid for the other modes.
enum FourierFilters {
    /// Simoncelli transfer ψ̂_j at level j on the centred grid of MIRP/pictologics:
    /// per axis u_n = (n − (N−1)/2)/((N−1)/2), r = ‖u‖ (‖ν‖/π), reordered by `ifftshift`;
    /// ψ̂ = cos((π/2)·log2(2r/2^(1−j))) for 2^(1−j)/4 ≤ r ≤ 2^(1−j), else 0.
    static func simoncelli(size: SIMD3<Int>, axes: [Int], level: Int) -> [Double] {
        let grids: [[Double]] = (0..<3).map { d in
            guard axes.contains(d) else { return [Double](repeating: 0, count: size[d]) }
            let n = size[d]
            let h = Double(n - 1) / 2
            let centred = (0..<n).map { h == 0 ? 0 : (Double($0) - h) / h }
            return (0..<n).map { centred[($0 + n / 2) % n] }
        }
        let top = pow(2.0, Double(1 - level))
        var out = [Double](repeating: 0, count: size.x * size.y * size.z)
        var n = 0
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    let r = (grids[0][i] * grids[0][i] + grids[1][j] * grids[1][j] + grids[2][k] * grids[2][k]).squareRoot()
                    if r >= top / 4 && r <= top { out[n] = cos(Double.pi / 2 * log2(2 * r / top)) }
                    n += 1
                }
            }
        }
        return out
    }

    /// Riesz transfer √(L!/∏l_d!) · (−j)^L · ∏ν_d^(l_d) / ‖ν‖^L (0 at ν = 0), ν_d = 2π·fftfreq(N_d).
    static func riesz(size: SIMD3<Int>, axes: [Int], order: [Int]) -> (re: [Double], im: [Double]) {
        let L = order.reduce(0, +)
        func fact(_ n: Int) -> Double { n < 2 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) } }
        let norm = (fact(L) / order.reduce(1.0) { $0 * fact($1) }).squareRoot()
        // (−j)^L
        let phase: (Double, Double) = [(1.0, 0.0), (0.0, -1.0), (-1.0, 0.0), (0.0, 1.0)][L % 4]
        let nu: [[Double]] = (0..<3).map { d in
            axes.contains(d) ? fftFrequencies(size[d]).map { 2 * Double.pi * $0 } : [Double](repeating: 0, count: size[d])
        }
        var re = [Double](repeating: 0, count: size.x * size.y * size.z), im = re
        var n = 0
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    let v = [nu[0][i], nu[1][j], nu[2][k]]
                    let r = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot()
                    if r > 0 {
                        var m = norm
                        for d in 0..<3 where order[d] > 0 { m *= pow(v[d] / r, Double(order[d])) }
                        re[n] = m * phase.0; im[n] = m * phase.1
                    }
                    n += 1
                }
            }
        }
        return (re, im)
    }

    /// Real part of ifft(H · fft(f)) over `axes`; `transfer` is built for the grid it receives.
    /// Non-periodic modes pad each filtered axis by half its length on both sides first.
    static func apply(_ g: FilterGrid, axes: [Int], mode: BoundaryMode,
                      transfer: (SIMD3<Int>) -> (re: [Double], im: [Double]?)) -> FilterGrid {
        let margin = SIMD3<Int>((0..<3).map { axes.contains($0) && mode != .periodic ? g.size[$0] / 2 : 0 })
        let padded = margin == .zero ? g : pad(g, margin: margin, mode: mode)
        var c = ComplexGrid(real: padded)
        c.transform(axes: axes, inverse: false)
        let h = transfer(padded.size)
        for n in 0..<c.re.count {
            if let hi = h.im {
                let r = c.re[n] * h.re[n] - c.im[n] * hi[n]
                c.im[n] = c.re[n] * hi[n] + c.im[n] * h.re[n]
                c.re[n] = r
            } else {
                c.re[n] *= h.re[n]; c.im[n] *= h.re[n]
            }
        }
        c.transform(axes: axes, inverse: true)
        let out = FilterGrid(size: padded.size, spacing: g.spacing, data: c.re)
        return margin == .zero ? out : crop(out, margin: margin, size: g.size)
    }

    static func pad(_ g: FilterGrid, margin: SIMD3<Int>, mode: BoundaryMode) -> FilterGrid {
        let size = g.size &+ 2 &* margin
        var out = [Double](repeating: 0, count: size.x * size.y * size.z)
        let si = (0..<size.x).map { mode.source($0 - margin.x, g.size.x) }
        let sj = (0..<size.y).map { mode.source($0 - margin.y, g.size.y) }
        let sk = (0..<size.z).map { mode.source($0 - margin.z, g.size.z) }
        var n = 0
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    if let a = si[i], let b = sj[j], let c = sk[k] { out[n] = g.data[a + g.size.x * (b + g.size.y * c)] }
                    n += 1
                }
            }
        }
        return FilterGrid(size: size, spacing: g.spacing, data: out)
    }

    static func crop(_ g: FilterGrid, margin: SIMD3<Int>, size: SIMD3<Int>) -> FilterGrid {
        var out = [Double](repeating: 0, count: size.x * size.y * size.z)
        var n = 0
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    out[n] = g.data[(i + margin.x) + g.size.x * ((j + margin.y) + g.size.y * (k + margin.z))]
                    n += 1
                }
            }
        }
        return FilterGrid(size: size, spacing: g.spacing, data: out)
    }
}
