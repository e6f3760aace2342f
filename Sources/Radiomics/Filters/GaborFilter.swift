import Foundation

/// IBSI 2 Gabor filter, in 2D planes: with in-plane offsets (k1, k2) in mm,
/// k̃1 = k1 cos θ + k2 sin θ, k̃2 = −k1 sin θ + k2 cos θ and
/// g = exp(−(k̃1² + γ² k̃2²)/(2σ²)) · exp(j 2π k̃1/λ) (no normalising constant, |g(0)| = 1).
/// The response is |f ∗ g|, averaged over the angles; `.threeD` averages the (i, j), (i, k) and
/// (j, k) plane responses. Convolution by FFT of each boundary-padded slice.
enum GaborFilter {
    static func apply(_ g: FilterGrid, sigma: Double, lambda: Double, gamma: Double, thetas: [Double],
                      dimension: FilterDimension, mode: BoundaryMode) -> FilterGrid {
        let planes = dimension == .twoD ? [(0, 1)] : [(0, 1), (0, 2), (1, 2)]
        var acc = FilterGrid(size: g.size, spacing: g.spacing)
        for (a, b) in planes {
            acc = acc.combined(with: plane(g, a, b, sigma: sigma, lambda: lambda, gamma: gamma, thetas: thetas, mode: mode), +)
        }
        let s = 1.0 / Double(planes.count)
        return acc.map { $0 * s }
    }

    /// θ and θ + π give the same modulus: angles are reduced mod π and weighted by multiplicity.
    static func weightedAngles(_ thetas: [Double]) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for t in thetas {
            var r = t.truncatingRemainder(dividingBy: .pi)
            if r < 0 { r += .pi }
            if let n = out.firstIndex(where: { Swift.abs($0.0 - r) < 1e-9 || Swift.abs(Swift.abs($0.0 - r) - .pi) < 1e-9 }) {
                out[n].1 += 1
            } else {
                out.append((t, 1))
            }
        }
        return out.map { ($0.0, $0.1 / Double(thetas.count)) }
    }

    static func plane(_ g: FilterGrid, _ a: Int, _ b: Int, sigma: Double, lambda: Double, gamma: Double,
                      thetas: [Double], mode: BoundaryMode) -> FilterGrid {
        let c = 3 - a - b
        let na = g.size[a], nb = g.size[b], nc = g.size[c]
        let reach = 4 * sigma * Swift.max(1, 1 / gamma)      // mm: 4 envelope SDs along the longer axis
        let ra = Int((reach / g.spacing[a]).rounded(.up)), rb = Int((reach / g.spacing[b]).rounded(.up))
        // Valid outputs read [−r, n + r); with zero padding the wrap-around of a transform of
        // length ≥ n + r lands in zeros, so the slice needs no explicit padding.
        let zero = mode == .zero
        let (oa, ob) = zero ? (0, 0) : (ra, rb)
        let pa = nextPowerOfTwo(na + ra + oa), pb = nextPowerOfTwo(nb + rb + ob)
        let planA = FFTPlan(pa), planB = FFTPlan(pb)
        let angles = weightedAngles(thetas)
        // Kernel transforms, one per distinct angle.
        let kernels: [(re: [Double], im: [Double], w: Double)] = angles.map { theta, w in
            var re = [Double](repeating: 0, count: pa * pb), im = re
            let (ct, st) = (cos(theta), sin(theta))
            for v in -rb...rb {
                for u in -ra...ra {
                    let k1 = Double(u) * g.spacing[a], k2 = Double(v) * g.spacing[b]
                    let t1 = k1 * ct + k2 * st, t2 = -k1 * st + k2 * ct
                    let env = exp(-(t1 * t1 + gamma * gamma * t2 * t2) / (2 * sigma * sigma))
                    let ph = 2 * Double.pi * t1 / lambda
                    let n = ((u + pa) % pa) + pa * ((v + pb) % pb)
                    re[n] = env * cos(ph); im[n] = env * sin(ph)
                }
            }
            fft2D(&re, &im, pa, pb, planA, planB, inverse: false)
            return (re, im, w)
        }
        var out = [Double](repeating: 0, count: g.count)
        let (sa, sb, sc) = (g.stride(a), g.stride(b), g.stride(c))
        let srcA = (0..<pa).map { $0 < na + ra + oa ? mode.source($0 - oa, na) : nil }
        let srcB = (0..<pb).map { $0 < nb + rb + ob ? mode.source($0 - ob, nb) : nil }
        g.data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let d = UnsafeSendablePointer(dst.baseAddress!)
                parallelRanges(nc) { range in
                    var fr = [Double](repeating: 0, count: pa * pb), fi = fr
                    var yr = fr, yi = fr
                    for s in range {
                        for v in 0..<pb {
                            for u in 0..<pa {
                                var x = 0.0
                                if let i = srcA[u], let j = srcB[v] {
                                    x = src[i * sa + j * sb + s * sc]
                                }
                                fr[u + pa * v] = x; fi[u + pa * v] = 0
                            }
                        }
                        fft2D(&fr, &fi, pa, pb, planA, planB, inverse: false, nonZeroRows: nb + rb + ob)
                        for k in kernels {
                            for n in 0..<(pa * pb) {
                                yr[n] = fr[n] * k.re[n] - fi[n] * k.im[n]
                                yi[n] = fr[n] * k.im[n] + fi[n] * k.re[n]
                            }
                            fft2D(&yr, &yi, pa, pb, planA, planB, inverse: true, neededRows: ob..<(ob + nb))
                            for j in 0..<nb {
                                for i in 0..<na {
                                    let n = (i + oa) + pa * (j + ob)
                                    d.pointer[i * sa + j * sb + s * sc] += k.w * (yr[n] * yr[n] + yi[n] * yi[n]).squareRoot()
                                }
                            }
                        }
                    }
                }
            }
        }
        return FilterGrid(size: g.size, spacing: g.spacing, data: out)
    }
}

func nextPowerOfTwo(_ n: Int) -> Int {
    var p = 1
    while p < n { p <<= 1 }
    return p
}

/// Serial 2D DFT of a pa × pb array (first axis fastest), in place. Forward: only rows
/// v < `nonZeroRows` may hold data (the others are zero and skipped). Inverse: only rows in
/// `neededRows` are finished along the first axis (the others are left half-transformed).
func fft2D(_ re: inout [Double], _ im: inout [Double], _ pa: Int, _ pb: Int, _ planA: FFTPlan, _ planB: FFTPlan,
           inverse: Bool, nonZeroRows: Int? = nil, neededRows: Range<Int>? = nil) {
    var lr = [Double](repeating: 0, count: pa), li = lr
    func rows(_ vs: Range<Int>) {
        for v in vs {
            for u in 0..<pa { lr[u] = re[u + pa * v]; li[u] = im[u + pa * v] }
            planA.transform(&lr, &li, inverse: inverse)
            for u in 0..<pa { re[u + pa * v] = lr[u]; im[u + pa * v] = li[u] }
        }
    }
    var cr = [Double](repeating: 0, count: pb), ci = cr
    func columns() {
        for u in 0..<pa {
            for v in 0..<pb { cr[v] = re[u + pa * v]; ci[v] = im[u + pa * v] }
            planB.transform(&cr, &ci, inverse: inverse)
            for v in 0..<pb { re[u + pa * v] = cr[v]; im[u + pa * v] = ci[v] }
        }
    }
    if inverse {
        columns()
        rows(neededRows ?? 0..<pb)
    } else {
        rows(0..<(nonZeroRows ?? pb))
        columns()
    }
}
