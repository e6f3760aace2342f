import Foundation

/// Filters defined by their transfer function, applied by FFT over the whole grid
/// (periodic boundary), or over a boundary-padded grid for the other modes.
enum FourierFilters {
    /// A transfer function H at frequency index (i, j, k) of the grid it was made for.
    typealias Transfer = @Sendable (_ i: Int, _ j: Int, _ k: Int) -> (re: Double, im: Double)

    /// Per axis: ‖ν‖/π on the centred grid of MIRP/pictologics, u_n = (n − (N−1)/2)/((N−1)/2),
    /// reordered by `ifftshift` (0 on axes that are not filtered).
    static func centredGrid(size: SIMD3<Int>, axes: [Int]) -> [[Double]] {
        (0..<3).map { d in
            guard axes.contains(d) else { return [Double](repeating: 0, count: size[d]) }
            let n = size[d]
            let h = Double(n - 1) / 2
            let centred = (0..<n).map { h == 0 ? 0 : (Double($0) - h) / h }
            return (0..<n).map { centred[($0 + n / 2) % n] }
        }
    }

    /// Simoncelli transfer ψ̂_j at level j on the centred grid (`centredGrid`), r = ‖u‖:
    /// ψ̂ = cos((π/2)·log2(2r/2^(1−j))) for 2^(1−j)/4 ≤ r ≤ 2^(1−j), else 0.
    static func simoncelli(size: SIMD3<Int>, axes: [Int], level: Int) -> Transfer {
        let g = centredGrid(size: size, axes: axes).map { $0.map { $0 * $0 } }
        let top = pow(2.0, Double(1 - level))
        return { i, j, k in
            let r = (g[0][i] + g[1][j] + g[2][k]).squareRoot()
            return (r >= top / 4 && r <= top ? cos(Double.pi / 2 * log2(2 * r / top)) : 0, 0)
        }
    }

    /// Riesz transfer √(L!/∏l_d!) · (−j)^L · ∏ν_d^(l_d) / ‖ν‖^L (0 at ν = 0), ν_d = 2π·fftfreq(N_d).
    static func riesz(size: SIMD3<Int>, axes: [Int], order: [Int]) -> Transfer {
        let L = order.reduce(0, +)
        func fact(_ n: Int) -> Double { n < 2 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) } }
        let norm = (fact(L) / order.reduce(1.0) { $0 * fact($1) }).squareRoot()
        let phase: (Double, Double) = [(1.0, 0.0), (0.0, -1.0), (-1.0, 0.0), (0.0, 1.0)][L % 4]    // (−j)^L
        let nu: [[Double]] = (0..<3).map { d in
            axes.contains(d) ? fftFrequencies(size[d]).map { 2 * Double.pi * $0 } : [Double](repeating: 0, count: size[d])
        }
        return { i, j, k in
            let v = (nu[0][i], nu[1][j], nu[2][k])
            let r = (v.0 * v.0 + v.1 * v.1 + v.2 * v.2).squareRoot()
            guard r > 0 else { return (0, 0) }
            var m = norm
            if order[0] > 0 { m *= pow(v.0 / r, Double(order[0])) }
            if order[1] > 0 { m *= pow(v.1 / r, Double(order[1])) }
            if order[2] > 0 { m *= pow(v.2 / r, Double(order[2])) }
            return (m * phase.0, m * phase.1)
        }
    }

    /// Real part of ifft(H · fft(f)) over `axes` ((0, 1) or (0, 1, 2)); `transfer` is built for
    /// the grid it receives. Non-periodic modes pad each filtered axis by half its length on both
    /// sides first. The real part equals the inverse of the Hermitian part of H·f̂, which for a
    /// real f is ½(H(ν) + conj H(−ν))·f̂(ν): so only the half spectrum is transformed, and H need
    /// not be symmetric (the centred Simoncelli grid is not, for even lengths).
    static func apply(_ g: FilterGrid, axes: [Int], mode: BoundaryMode, transfer: (SIMD3<Int>) -> Transfer) -> FilterGrid {
        let margin = SIMD3<Int>((0..<3).map { axes.contains($0) && mode != .periodic ? g.size[$0] / 2 : 0 })
        let padded = margin == .zero ? g : pad(g, margin: margin, mode: mode)
        var spectrum = HalfSpectrum(padded, axes: axes)
        let size = padded.size, h = spectrum.half
        let H = transfer(size)
        let scale = 1 / Double(axes.reduce(1) { $0 * size[$1] })
        // −index along the filtered axes only.
        let neg: [[Int]] = (0..<3).map { d in (0..<size[d]).map { axes.contains(d) ? (size[d] - $0) % size[d] : $0 } }
        spectrum.re.withUnsafeMutableBufferPointer { rp in
            spectrum.im.withUnsafeMutableBufferPointer { ip in
                let sr = UnsafeSendablePointer(rp.baseAddress!), si = UnsafeSendablePointer(ip.baseAddress!)
                Parallel.forEach(count: size.y * size.z) { line in
                    let j = line % size.y, k = line / size.y
                    let row = line * h
                    for i in 0..<h {
                        let a = H(i, j, k), b = H(neg[0][i], neg[1][j], neg[2][k])
                        let hr = (a.re + b.re) / 2 * scale, hi = (a.im - b.im) / 2 * scale
                        let xr = sr.pointer[row + i], xi = si.pointer[row + i]
                        sr.pointer[row + i] = xr * hr - xi * hi
                        si.pointer[row + i] = xr * hi + xi * hr
                    }
                }
            }
        }
        let out = FilterGrid(size: size, spacing: g.spacing, data: spectrum.inverse())
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
