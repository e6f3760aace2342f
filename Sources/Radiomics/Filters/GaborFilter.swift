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
        let pa = smoothLength(atLeast: na + ra + oa), pb = smoothLength(atLeast: nb + rb + ob)
        let plans = SlicePlans(pa: pa, pb: pb)
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
            fft2D(&re, &im, plans, inverse: false)
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
                        fft2D(&fr, &fi, plans, inverse: false, nonZeroRows: nb + rb + ob)
                        for k in kernels {
                            for n in 0..<(pa * pb) {
                                yr[n] = fr[n] * k.re[n] - fi[n] * k.im[n]
                                yi[n] = fr[n] * k.im[n] + fi[n] * k.re[n]
                            }
                            fft2D(&yr, &yi, plans, inverse: true, neededRows: ob..<(ob + nb))
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

/// The smallest 2^a·3^b·5^c ≥ n: a transform length the batched FFT does in radix passes.
func smoothLength(atLeast n: Int) -> Int {
    var m = Swift.max(n, 1)
    while !BatchFFTPlan.isSmooth(m) { m += 1 }
    return m
}

/// The batched transforms of a pa × pb slice, both directions.
struct SlicePlans: Sendable {
    let pa: Int, pb: Int
    let forwardA: BatchFFTPlan, inverseA: BatchFFTPlan, forwardB: BatchFFTPlan, inverseB: BatchFFTPlan
    init(pa: Int, pb: Int) {
        self.pa = pa; self.pb = pb
        forwardA = BatchFFTPlan(pa, inverse: false); inverseA = BatchFFTPlan(pa, inverse: true)
        forwardB = BatchFFTPlan(pb, inverse: false); inverseB = BatchFFTPlan(pb, inverse: true)
    }
}

/// Serial 2D DFT of a pa × pb array (first axis fastest), in place; the inverse scaled by
/// 1/(pa·pb). Forward: only rows v < `nonZeroRows` may hold data (the others are zero and
/// skipped). Inverse: only rows in `neededRows` are finished along the first axis (the others
/// are left half-transformed). Along the second axis the rows of the slice are already a batch
/// of pa contiguous columns; along the first, the rows concerned are transposed into one.
func fft2D(_ re: inout [Double], _ im: inout [Double], _ plans: SlicePlans,
           inverse: Bool, nonZeroRows: Int? = nil, neededRows: Range<Int>? = nil) {
    let pa = plans.pa, pb = plans.pb
    let planA = inverse ? plans.inverseA : plans.forwardA, planB = inverse ? plans.inverseB : plans.forwardB
    let rowsA = inverse ? (neededRows ?? 0..<pb) : 0..<(nonZeroRows ?? pb)
    let cw = rowsA.count
    let scratch = Swift.max(planA.scratchCount(columns: cw), planB.scratchCount(columns: pa))
    let buf = UnsafeMutablePointer<Double>.allocate(capacity: 2 * pa * cw + 2 * scratch)
    defer { buf.deallocate() }
    let tr = buf, ti = buf + pa * cw, sr = buf + 2 * pa * cw, si = sr + scratch
    re.withUnsafeMutableBufferPointer { rp in
        im.withUnsafeMutableBufferPointer { ip in
            let r = rp.baseAddress!, i = ip.baseAddress!
            func alongA() {
                for (c, v) in rowsA.enumerated() {
                    for u in 0..<pa { tr[u * cw + c] = r[u + pa * v]; ti[u * cw + c] = i[u + pa * v] }
                }
                planA.run(tr, ti, sr, si, columns: cw)
                for (c, v) in rowsA.enumerated() {
                    for u in 0..<pa { r[u + pa * v] = tr[u * cw + c]; i[u + pa * v] = ti[u * cw + c] }
                }
            }
            if inverse {
                planB.run(r, i, sr, si, columns: pa)
                alongA()
                let s = 1 / Double(pa * pb)
                for v in rowsA { for u in 0..<pa { r[u + pa * v] *= s; i[u + pa * v] *= s } }
            } else {
                alongA()
                planB.run(r, i, sr, si, columns: pa)
            }
        }
    }
}
