import Foundation

/// ITK 5.2's `RecursiveGaussianImageFilter` (Deriche's 4th-order recursive approximation of the
/// Gaussian and its second derivative) ported operation for operation, as SimpleITK's
/// `LaplacianRecursiveGaussianImageFilter` runs it in pyradiomics' LoG image type: coefficients
/// (`SetUp`, `ComputeNCoefficients`, `ComputeDCoefficients`, `ComputeRemainingCoefficients`),
/// and the causal/anti-causal line recursion (`RecursiveSeparableImageFilter::FilterDataArray`),
/// all in `Double`, with the same expression order so that the rounding is ITK's.
struct RecursiveGaussian: Sendable {
    var n0 = 0.0, n1 = 0.0, n2 = 0.0, n3 = 0.0
    var d1 = 0.0, d2 = 0.0, d3 = 0.0, d4 = 0.0
    var m1 = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0
    var bn1 = 0.0, bn2 = 0.0, bn3 = 0.0, bn4 = 0.0
    var bm1 = 0.0, bm2 = 0.0, bm3 = 0.0, bm4 = 0.0

    // Deriche's fit (ITK's values; note B1[2] = 5.2318, B2[2] = −2.2355, not Deriche's 1993 table).
    private static let a1 = [1.3530, -0.6724, -1.3563], b1 = [1.8151, -3.4327, 5.2318]
    private static let w1 = 0.6681, l1 = -1.3932
    private static let a2 = [-0.3531, 0.6724, 0.3446], b2 = [0.0902, 0.6100, -2.2355]
    private static let w2 = 2.0787, l2 = -1.3732

    /// `sigma` in mm, `spacing` in mm along the filtered axis (ITK `SetUp(spacing)`); `order` 0
    /// or 2. With `normalizeAcrossScale` the second derivative is multiplied by σ² (σ in mm).
    init(sigma: Double, spacing: Double, order: Int, normalizeAcrossScale: Bool) {
        let sigmad = sigma / Swift.abs(spacing)
        let cos1 = cos(Self.w1 / sigmad), cos2 = cos(Self.w2 / sigmad)
        let exp1 = exp(Self.l1 / sigmad), exp2 = exp(Self.l2 / sigmad)
        // ComputeDCoefficients
        d4 = exp1 * exp1 * exp2 * exp2
        d3 = -2 * cos1 * exp1 * exp2 * exp2
        d3 += -2 * cos2 * exp2 * exp1 * exp1
        d2 = 4 * cos2 * cos1 * exp1 * exp2
        d2 += exp1 * exp1 + exp2 * exp2
        d1 = -2 * (exp2 * cos2 + exp1 * cos1)
        let sd = 1.0 + d1 + d2 + d3 + d4
        let dd = d1 + 2 * d2 + 3 * d3 + 4 * d4
        let ed = d1 + 4 * d2 + 9 * d3 + 16 * d4
        if order == 0 {
            let c = Self.nCoefficients(sigmad, 0)
            let alpha0 = 2 * c.sn / sd - c.n0
            let k = 1.0 / alpha0
            (n0, n1, n2, n3) = (c.n0 * k, c.n1 * k, c.n2 * k, c.n3 * k)
        } else {
            precondition(order == 2, "only orders 0 and 2 are used")
            let across = normalizeAcrossScale ? sigma * sigma : 1.0
            let c0 = Self.nCoefficients(sigmad, 0), c2 = Self.nCoefficients(sigmad, 2)
            let beta = -(2 * c2.sn - sd * c2.n0) / (2 * c0.sn - sd * c0.n0)
            n0 = c2.n0 + beta * c0.n0
            n1 = c2.n1 + beta * c0.n1
            n2 = c2.n2 + beta * c0.n2
            n3 = c2.n3 + beta * c0.n3
            let sn = c2.sn + beta * c0.sn, dn = c2.dn + beta * c0.dn, en = c2.en + beta * c0.en
            var alpha2 = en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn
            alpha2 /= sd * sd * sd
            let k = across / alpha2
            (n0, n1, n2, n3) = (n0 * k, n1 * k, n2 * k, n3 * k)
        }
        // ComputeRemainingCoefficients(symmetric: true): edge-extension boundary coefficients.
        m1 = n1 - d1 * n0; m2 = n2 - d2 * n0; m3 = n3 - d3 * n0; m4 = -d4 * n0
        let sn = n0 + n1 + n2 + n3, sm = m1 + m2 + m3 + m4
        let sdr = 1.0 + d1 + d2 + d3 + d4
        (bn1, bn2, bn3, bn4) = (d1 * sn / sdr, d2 * sn / sdr, d3 * sn / sdr, d4 * sn / sdr)
        (bm1, bm2, bm3, bm4) = (d1 * sm / sdr, d2 * sm / sdr, d3 * sm / sdr, d4 * sm / sdr)
    }

    /// ITK `ComputeNCoefficients` for the series `k` (0: Gaussian, 2: second derivative).
    private static func nCoefficients(_ sigmad: Double, _ k: Int)
        -> (n0: Double, n1: Double, n2: Double, n3: Double, sn: Double, dn: Double, en: Double) {
        let (a1, b1, a2, b2) = (Self.a1[k], Self.b1[k], Self.a2[k], Self.b2[k])
        let sin1 = sin(w1 / sigmad), sin2 = sin(w2 / sigmad)
        let cos1 = cos(w1 / sigmad), cos2 = cos(w2 / sigmad)
        let exp1 = exp(l1 / sigmad), exp2 = exp(l2 / sigmad)
        let n0 = a1 + a2
        var n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2)
        n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1)
        var n2 = (a1 + a2) * cos2 * cos1
        n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2
        n2 *= 2 * exp1 * exp2
        n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2
        var n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2)
        n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1)
        return (n0, n1, n2, n3, n0 + n1 + n2 + n3, n1 + 2 * n2 + 3 * n3, n1 + 4 * n2 + 9 * n3)
    }

    /// ITK `RecursiveSeparableImageFilter::FilterDataArray` on lines of length n ≥ 4, one line
    /// per SIMD lane (each lane gets exactly the operations of ITK's scalar code, in its order):
    /// causal plus anti-causal pass, the edge values assumed to extend to infinity.
    func filter<V: SIMD>(_ x: UnsafePointer<V>, _ out: UnsafeMutablePointer<V>, _ s: UnsafeMutablePointer<V>, count n: Int)
        where V.Scalar == Double {
        let v1 = x[0]
        out[0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3
        out[1] = x[1] * n0 + v1 * n1 + v1 * n2 + v1 * n3
        out[2] = x[2] * n0 + x[1] * n1 + v1 * n2 + v1 * n3
        out[3] = x[3] * n0 + x[2] * n1 + x[1] * n2 + v1 * n3
        out[0] -= v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4
        out[1] -= out[0] * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4
        out[2] -= out[1] * d1 + out[0] * d2 + v1 * bn3 + v1 * bn4
        out[3] -= out[2] * d1 + out[1] * d2 + out[0] * d3 + v1 * bn4
        if n > 4 {
            for i in 4..<n {
                out[i] = x[i] * n0 + x[i - 1] * n1 + x[i - 2] * n2 + x[i - 3] * n3
                out[i] -= out[i - 1] * d1 + out[i - 2] * d2 + out[i - 3] * d3 + out[i - 4] * d4
            }
        }
        let v2 = x[n - 1]
        s[n - 1] = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4
        s[n - 2] = x[n - 1] * m1 + v2 * m2 + v2 * m3 + v2 * m4
        s[n - 3] = x[n - 2] * m1 + x[n - 1] * m2 + v2 * m3 + v2 * m4
        s[n - 4] = x[n - 3] * m1 + x[n - 2] * m2 + x[n - 1] * m3 + v2 * m4
        s[n - 1] -= v2 * bm1 + v2 * bm2 + v2 * bm3 + v2 * bm4
        s[n - 2] -= s[n - 1] * d1 + v2 * bm2 + v2 * bm3 + v2 * bm4
        s[n - 3] -= s[n - 2] * d1 + s[n - 1] * d2 + v2 * bm3 + v2 * bm4
        s[n - 4] -= s[n - 3] * d1 + s[n - 2] * d2 + s[n - 1] * d3 + v2 * bm4
        if n > 4 {
            for i in stride(from: n - 5, through: 0, by: -1) {
                s[i] = x[i + 1] * m1 + x[i + 2] * m2 + x[i + 3] * m3 + x[i + 4] * m4
                s[i] -= s[i + 1] * d1 + s[i + 2] * d2 + s[i + 3] * d3 + s[i + 4] * d4
            }
        }
        for i in 0..<n { out[i] += s[i] }
    }
}

/// A `Float` image (ITK's `Image<float, 3>`, the LoG's internal image type), i fastest.
struct FloatGrid: Sendable {
    var size: SIMD3<Int>
    var data: [Float]

    /// ITK `RecursiveSeparableImageFilter` along `axis`: each line read into `Double`, filtered,
    /// stored back as `Float`. Four lines go through the recursion at once (one per SIMD lane:
    /// along y and z those are neighbours in x, so loads are contiguous); parallel over groups.
    ///
    /// `within`: only the lines whose coordinates on the axes in `restricted` lie inside this box
    /// are computed (each in full, as ITK computes it); the other voxels of the result are left
    /// unset and must not be read. A later pass along another axis never reads them when the
    /// axes already filtered are the restricted ones (`PyRadiomicsFilters.log`).
    static func recursivelyFiltered<T: BinaryFloatingPoint & Sendable>(_ src: [T], size: SIMD3<Int>, axis: Int,
                                                                      _ rg: RecursiveGaussian,
                                                                      within: IndexBox? = nil, restricted: [Int] = []) -> FloatGrid {
        let n = size[axis], count = size.x * size.y * size.z
        let stride = SIMD3(1, size.x, size.x * size.y)
        let st = stride[axis]
        // Lines are indexed by (u, v), the two other axes in increasing order, u fastest.
        let (ua, va) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
        func range(_ a: Int) -> (Int, Int) {
            guard let within, restricted.contains(a) else { return (0, size[a]) }
            return (within.lower[a], within.size[a])
        }
        let (u0, nu) = range(ua), (v0, nv) = range(va)
        let lines = nu * nv
        let groups = (lines + 3) / 4
        let out = [Float](unsafeUninitializedCapacity: count) { dst, initialized in
            src.withUnsafeBufferPointer { sp0 in
                let d = UnsafeSendablePointer(dst.baseAddress!)
                parallelRanges(groups) { range in
                    let x = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: 3 * n)
                    defer { x.deallocate() }
                    let y = x + n, s = y + n
                    for group in range {
                        // Lanes past the last line repeat it; their results are not stored.
                        let first = 4 * group, used = Swift.min(4, lines - first)
                        func start(_ lane: Int) -> Int {
                            let l = first + Swift.min(lane, used - 1)
                            return (u0 + l % nu) * stride[ua] + (v0 + l / nu) * stride[va]
                        }
                        let starts = SIMD4(start(0), start(1), start(2), start(3))
                        for t in 0..<n {
                            let o = t * st
                            x[t] = SIMD4(Double(sp0[starts[0] + o]), Double(sp0[starts[1] + o]),
                                         Double(sp0[starts[2] + o]), Double(sp0[starts[3] + o]))
                        }
                        rg.filter(UnsafePointer(x), y, s, count: n)
                        for t in 0..<n {
                            let o = t * st
                            for lane in 0..<used { d.pointer[starts[lane] + o] = Float(y[t][lane]) }
                        }
                    }
                }
            }
            initialized = count
        }
        return FloatGrid(size: size, data: out)
    }
}
