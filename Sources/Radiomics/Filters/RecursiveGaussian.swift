import Foundation

/// ITK's `RecursiveGaussianImageFilter` (Deriche's 4th-order recursive approximation of the
/// Gaussian and its derivatives, with ITK's coefficients and edge-extension boundary), as used by
/// SimpleITK's `LaplacianRecursiveGaussianImageFilter` in pyradiomics' LoG image type.
struct RecursiveGaussian: Sendable {
    var n0 = 0.0, n1 = 0.0, n2 = 0.0, n3 = 0.0
    var d1 = 0.0, d2 = 0.0, d3 = 0.0, d4 = 0.0
    var m1 = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0
    var bn1 = 0.0, bn2 = 0.0, bn3 = 0.0, bn4 = 0.0
    var bm1 = 0.0, bm2 = 0.0, bm3 = 0.0, bm4 = 0.0

    private static let a1 = [1.3530, -0.6724, -1.3563], b1 = [1.8151, -3.4327, 5.2061]
    private static let w1 = 0.6681, l1 = -1.3932
    private static let a2 = [-0.3531, 0.6724, 0.3446], b2 = [0.0902, 0.6100, -2.2395]
    private static let w2 = 2.0787, l2 = -1.3732

    /// `sigma` in voxels; `order` 0 or 2; the second derivative is multiplied by σ² when
    /// `normalizeAcrossScale` (ITK's NormalizeAcrossScale).
    init(sigma s: Double, order: Int, normalizeAcrossScale: Bool) {
        let (sin1, sin2) = (sin(Self.w1 / s), sin(Self.w2 / s))
        let (cos1, cos2) = (cos(Self.w1 / s), cos(Self.w2 / s))
        let (exp1, exp2) = (exp(Self.l1 / s), exp(Self.l2 / s))
        d4 = exp1 * exp1 * exp2 * exp2
        d3 = -2 * cos1 * exp1 * exp2 * exp2 - 2 * cos2 * exp2 * exp1 * exp1
        d2 = 4 * cos2 * cos1 * exp1 * exp2 + exp1 * exp1 + exp2 * exp2
        d1 = -2 * (exp2 * cos2 + exp1 * cos1)
        let sd = 1 + d1 + d2 + d3 + d4
        let dd = d1 + 2 * d2 + 3 * d3 + 4 * d4
        let ed = d1 + 4 * d2 + 9 * d3 + 16 * d4
        func ncoef(_ k: Int) -> (Double, Double, Double, Double, sn: Double, dn: Double, en: Double) {
            let (a1, b1, a2, b2) = (Self.a1[k], Self.b1[k], Self.a2[k], Self.b2[k])
            let n0 = a1 + a2
            let n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2) + exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1)
            var n2 = (a1 + a2) * cos2 * cos1 - (b1 * cos2 * sin1 + b2 * cos1 * sin2)
            n2 = n2 * 2 * exp1 * exp2 + a2 * exp1 * exp1 + a1 * exp2 * exp2
            let n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2) + exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1)
            return (n0, n1, n2, n3, n0 + n1 + n2 + n3, n1 + 2 * n2 + 3 * n3, n1 + 4 * n2 + 9 * n3)
        }
        if order == 0 {
            let c = ncoef(0)
            let alpha0 = 2 * c.sn / sd - c.0
            (n0, n1, n2, n3) = (c.0 / alpha0, c.1 / alpha0, c.2 / alpha0, c.3 / alpha0)
        } else {
            let c0 = ncoef(0), c2 = ncoef(2)
            let beta = -(2 * c2.sn - sd * c2.0) / (2 * c0.sn - sd * c0.0)
            let (a, b, c, d) = (c2.0 + beta * c0.0, c2.1 + beta * c0.1, c2.2 + beta * c0.2, c2.3 + beta * c0.3)
            let sn = c2.sn + beta * c0.sn, dn = c2.dn + beta * c0.dn, en = c2.en + beta * c0.en
            let alpha2 = (en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn) / (sd * sd * sd)
            let scale = (normalizeAcrossScale ? s * s : 1) / alpha2
            (n0, n1, n2, n3) = (a * scale, b * scale, c * scale, d * scale)
        }
        // Symmetric kernels (orders 0 and 2).
        m1 = n1 - d1 * n0; m2 = n2 - d2 * n0; m3 = n3 - d3 * n0; m4 = -d4 * n0
        let sm = m1 + m2 + m3 + m4, sn = n0 + n1 + n2 + n3
        (bn1, bn2, bn3, bn4) = (d1 * sn / sd, d2 * sn / sd, d3 * sn / sd, d4 * sn / sd)
        (bm1, bm2, bm3, bm4) = (d1 * sm / sd, d2 * sm / sd, d3 * sm / sd, d4 * sm / sd)
    }

    /// ITK `RecursiveSeparableImageFilter::FilterDataArray` on one line (length ≥ 4): causal plus
    /// anti-causal pass, the edge values assumed to extend to infinity.
    func filter(_ x: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>, _ s: UnsafeMutableBufferPointer<Double>) {
        let n = x.count
        let v1 = x[0]
        s[0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3
        s[1] = x[1] * n0 + v1 * n1 + v1 * n2 + v1 * n3
        s[2] = x[2] * n0 + x[1] * n1 + v1 * n2 + v1 * n3
        s[3] = x[3] * n0 + x[2] * n1 + x[1] * n2 + v1 * n3
        s[0] -= v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4
        s[1] -= s[0] * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4
        s[2] -= s[1] * d1 + s[0] * d2 + v1 * bn3 + v1 * bn4
        s[3] -= s[2] * d1 + s[1] * d2 + s[0] * d3 + v1 * bn4
        if n > 4 {
            for i in 4..<n {
                s[i] = x[i] * n0 + x[i - 1] * n1 + x[i - 2] * n2 + x[i - 3] * n3
                s[i] -= s[i - 1] * d1 + s[i - 2] * d2 + s[i - 3] * d3 + s[i - 4] * d4
            }
        }
        for i in 0..<n { out[i] = s[i] }
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

extension FilterGrid {
    /// Applies `rg` along `axis` (lines of length ≥ 4), parallel over lines.
    func recursivelyFiltered(axis: Int, _ rg: RecursiveGaussian) -> FilterGrid {
        let n = size[axis], st = stride(axis), lines = lineCount(axis: axis), sz = size
        var out = [Double](repeating: 0, count: count)
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let d = UnsafeSendablePointer(dst.baseAddress!)
                parallelChunks(lines) { range in
                    var x = [Double](repeating: 0, count: n), y = x, s = x
                    x.withUnsafeMutableBufferPointer { xp in
                        y.withUnsafeMutableBufferPointer { yp in
                            s.withUnsafeMutableBufferPointer { sp in
                                for l in range {
                                    let start = gridLineStart(l, axis: axis, size: sz)
                                    for t in 0..<n { xp[t] = src[start + t * st] }
                                    rg.filter(UnsafeBufferPointer(xp), yp, sp)
                                    for t in 0..<n { d.pointer[start + t * st] = yp[t] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return FilterGrid(size: size, spacing: spacing, data: out)
    }
}
