/// ITK's matrix inverse, `itk::Matrix::GetInverse()` = `vnl_matrix_inverse<double>` = `vnl_svd<double>`
/// then its pseudo-inverse V · W⁺ · Uᵀ, ported operation by operation (ITK 5.2–5.4, VNL's v3p netlib:
/// LINPACK `dsvdc` and the BLAS-1 `dnrm2`, `ddot`, `daxpy`, `dscal`, `dswap`, `drot`, `drotg` as
/// translated by f2c). Image geometry needs its last bit: ITK maps a physical point to a continuous
/// index with this inverse of direction · diag(spacing), and nearest-neighbour ties at half-voxel
/// positions follow it (pyradiomics' mask resampling). Swift does not contract a·b + c into an FMA,
/// and neither does ITK's x86-64 build, so the same operations in the same order give the same bits.
enum VNLMatrixInverse {
    /// `vnl_svd<double>(M).inverse()` of an n × p matrix given row-major; the p × n result row-major.
    static func inverse(_ m: [Double], rows n: Int, columns p: Int) -> [Double] {
        let svd = SVD(m, rows: n, columns: p)
        return svd.pinverse()
    }

    /// `vnl_svd<double>` with the default zero_out_tol 0: U (n × p, economy), the singular values W,
    /// V (p × p), and rank, from LINPACK dsvdc with job 21.
    struct SVD {
        let n: Int, p: Int
        var u: [Double]          // row-major n × p
        var w: [Double]          // p
        var winverse: [Double]   // p
        var v: [Double]          // row-major p × p
        var rank: Int
        var info: Int

        init(_ m: [Double], rows n: Int, columns p: Int) {
            self.n = n
            self.p = p
            let mm = Swift.min(n + 1, p)
            // vnl_fortran_copy: column-major.
            var x = [Double](repeating: 0, count: n * p)
            for j in 0..<p { for i in 0..<n { x[j * n + i] = m[i * p + j] } }
            var s = [Double](repeating: 0, count: mm), e = [Double](repeating: 0, count: p)
            var uspace = [Double](repeating: 0, count: n * p), vspace = [Double](repeating: 0, count: p * p)
            info = LINPACK.dsvdc(x: &x, ldx: n, n: n, p: p, s: &s, e: &e, u: &uspace, ldu: n, v: &vspace, ldv: p, job: 21)
            u = [Double](repeating: 0, count: n * p)
            for j in 0..<p { for i in 0..<n { u[i * p + j] = uspace[j * n + i] } }
            w = [Double](repeating: 0, count: p)
            for j in 0..<mm { w[j] = Swift.abs(s[j]) }
            v = [Double](repeating: 0, count: p * p)
            for j in 0..<p { for i in 0..<p { v[i * p + j] = vspace[j * p + i] } }
            // zero_out_absolute(0): |w| ≤ 0 is zeroed and lowers the rank; otherwise 1/w.
            winverse = [Double](repeating: 0, count: p)
            rank = p
            for k in 0..<p {
                if Swift.abs(w[k]) <= 0 {
                    winverse[k] = 0
                    w[k] = 0
                    rank -= 1
                } else {
                    winverse[k] = 1.0 / w[k]
                }
            }
        }

        /// `pinverse()`: (V · W⁺) · Uᵀ as full vnl_matrix products (each entry summed from 0 over
        /// the inner index in order), W⁺ holding 1/w for the first `rank` singular values.
        func pinverse() -> [Double] {
            var winv = [Double](repeating: 0, count: p * p)
            for i in 0..<rank { winv[i * p + i] = winverse[i] }
            let vw = Self.multiply(v, winv, p, p, p)
            var ut = [Double](repeating: 0, count: p * n)
            for i in 0..<n { for j in 0..<p { ut[j * n + i] = u[i * p + j] } }
            return Self.multiply(vw, ut, p, p, n)
        }

        /// vnl_matrix operator*: l × m times m × k, row-major.
        static func multiply(_ a: [Double], _ b: [Double], _ l: Int, _ m: Int, _ k: Int) -> [Double] {
            var r = [Double](repeating: 0, count: l * k)
            for i in 0..<l {
                for c in 0..<k {
                    var sum = 0.0
                    for j in 0..<m { sum += a[i * m + j] * b[j * k + c] }
                    r[i * k + c] = sum
                }
            }
            return r
        }
    }
}

/// LINPACK dsvdc (G. W. Stewart, 1978/84) as VNL's f2c translation runs it, and the BLAS-1 it calls,
/// for unit strides. Arrays are Fortran column-major; `at(i, j, ld)` maps 1-based (i, j) to storage.
enum LINPACK {
    @inline(__always) static func at(_ i: Int, _ j: Int, _ ld: Int) -> Int { (i - 1) + (j - 1) * ld }

    /// dnrm2 (Hammarling 1982/93): scaled sum of squares, zeros skipped.
    static func dnrm2(_ n: Int, _ x: [Double], _ o: Int) -> Double {
        if n < 1 { return 0 }
        if n == 1 { return Swift.abs(x[o]) }
        var scale = 0.0, ssq = 1.0
        for i in 0..<n where x[o + i] != 0 {
            let absxi = Swift.abs(x[o + i])
            if scale < absxi {
                let r = scale / absxi
                ssq = ssq * (r * r) + 1
                scale = absxi
            } else {
                let r = absxi / scale
                ssq += r * r
            }
        }
        return scale * ssq.squareRoot()
    }

    /// ddot: the clean-up loop for n mod 5, then unrolled by 5 (one expression, left to right).
    static func ddot(_ n: Int, _ x: [Double], _ xo: Int, _ y: [Double], _ yo: Int) -> Double {
        if n <= 0 { return 0 }
        var t = 0.0
        let m = n % 5
        for i in 0..<m { t += x[xo + i] * y[yo + i] }
        var i = m
        while i < n {
            t = t + x[xo + i] * y[yo + i] + x[xo + i + 1] * y[yo + i + 1] + x[xo + i + 2] * y[yo + i + 2]
                + x[xo + i + 3] * y[yo + i + 3] + x[xo + i + 4] * y[yo + i + 4]
            i += 5
        }
        return t
    }

    /// daxpy: y += a·x (nothing when a is 0). x is read from a copy, so it may be another
    /// column of y's array.
    static func daxpy(_ n: Int, _ a: Double, _ x: [Double], _ xo: Int, _ y: inout [Double], _ yo: Int) {
        if n <= 0 || a == 0 { return }
        for i in 0..<n { y[yo + i] += a * x[xo + i] }
    }

    /// dscal: x = a·x.
    static func dscal(_ n: Int, _ a: Double, _ x: inout [Double], _ o: Int) {
        for i in 0..<Swift.max(n, 0) { x[o + i] = a * x[o + i] }
    }

    /// dswap of two columns of one array.
    static func dswap(_ n: Int, _ x: inout [Double], _ xo: Int, _ yo: Int) {
        for i in 0..<Swift.max(n, 0) { x.swapAt(xo + i, yo + i) }
    }

    /// drot of two columns of one array: (x, y) ← (c·x + s·y, c·y − s·x).
    static func drot(_ n: Int, _ x: inout [Double], _ xo: Int, _ yo: Int, _ c: Double, _ s: Double) {
        for i in 0..<Swift.max(n, 0) {
            let t = c * x[xo + i] + s * x[yo + i]
            x[yo + i] = c * x[yo + i] - s * x[xo + i]
            x[xo + i] = t
        }
    }

    /// f2c's d_sign: |a| with the sign of b (−0 counts as positive).
    @inline(__always) static func dsign(_ a: Double, _ b: Double) -> Double {
        let x = a >= 0 ? a : -a
        return b >= 0 ? x : -x
    }

    /// drotg (Dongarra 1978): the Givens rotation zeroing b; a ← r, b ← z.
    static func drotg(_ a: inout Double, _ b: inout Double, _ c: inout Double, _ s: inout Double) {
        var roe = b
        if Swift.abs(a) > Swift.abs(b) { roe = a }
        let scale = Swift.abs(a) + Swift.abs(b)
        var r = 0.0, z = 0.0
        if scale == 0 {
            c = 1; s = 0; r = 0; z = 0
        } else {
            let d1 = a / scale, d2 = b / scale
            r = scale * (d1 * d1 + d2 * d2).squareRoot()
            r = dsign(1, roe) * r
            c = a / r
            s = b / r
            z = 1
            if Swift.abs(a) > Swift.abs(b) { z = s }
            if Swift.abs(b) >= Swift.abs(a) && c != 0 { z = 1 / c }
        }
        a = r
        b = z
    }

    /// dsvdc: Householder bidiagonalisation, then implicit-shift QR on the bidiagonal (maxit 1000).
    /// s and e are 0-based arrays holding Fortran's s(1...), e(1...). Returns info.
    static func dsvdc(x: inout [Double], ldx: Int, n: Int, p: Int, s: inout [Double], e: inout [Double],
                      u: inout [Double], ldu: Int, v: inout [Double], ldv: Int, job: Int) -> Int {
        // 1-based views of s and e.
        func S(_ i: Int) -> Double { s[i - 1] }
        func E(_ i: Int) -> Double { e[i - 1] }
        var work = [Double](repeating: 0, count: n)
        let maxit = 1000
        let jobu = job % 100 / 10
        var ncu = n
        if jobu > 1 { ncu = Swift.min(n, p) }
        let wantu = jobu != 0, wantv = job % 10 != 0
        var info = 0
        let nct = Swift.min(n - 1, p)
        let nrt = Swift.max(0, Swift.min(p - 2, n))
        let lu = Swift.max(nct, nrt)
        if lu >= 1 {
            for l in 1...lu {
                let lp1 = l + 1
                if l <= nct {
                    // The transformation for the l-th column; the l-th diagonal in s(l).
                    s[l - 1] = dnrm2(n - l + 1, x, at(l, l, ldx))
                    if S(l) != 0 {
                        if x[at(l, l, ldx)] != 0 { s[l - 1] = dsign(S(l), x[at(l, l, ldx)]) }
                        dscal(n - l + 1, 1.0 / S(l), &x, at(l, l, ldx))
                        x[at(l, l, ldx)] += 1
                    }
                    s[l - 1] = -S(l)
                }
                if p >= lp1 {
                    for j in lp1...p {
                        if l <= nct && S(l) != 0 {
                            let t = -ddot(n - l + 1, x, at(l, l, ldx), x, at(l, j, ldx)) / x[at(l, l, ldx)]
                            daxpy(n - l + 1, t, x, at(l, l, ldx), &x, at(l, j, ldx))
                        }
                        // The l-th row of x into e for the row transformation.
                        e[j - 1] = x[at(l, j, ldx)]
                    }
                }
                if wantu && l <= nct {
                    for i in l...n { u[at(i, l, ldu)] = x[at(i, l, ldx)] }
                }
                if l <= nrt {
                    // The l-th row transformation; the l-th super-diagonal in e(l).
                    e[l - 1] = dnrm2(p - l, e, lp1 - 1)
                    if E(l) != 0 {
                        if E(lp1) != 0 { e[l - 1] = dsign(E(l), E(lp1)) }
                        dscal(p - l, 1.0 / E(l), &e, lp1 - 1)
                        e[lp1 - 1] += 1
                    }
                    e[l - 1] = -E(l)
                    if lp1 <= n && E(l) != 0 {
                        for i in lp1...n { work[i - 1] = 0 }
                        for j in lp1...p { daxpy(n - l, E(j), x, at(lp1, j, ldx), &work, lp1 - 1) }
                        for j in lp1...p { daxpy(n - l, -E(j) / E(lp1), work, lp1 - 1, &x, at(lp1, j, ldx)) }
                    }
                    if wantv {
                        for i in lp1...p { v[at(i, l, ldv)] = E(i) }
                    }
                }
            }
        }
        // The final bidiagonal matrix of order m.
        var m = Swift.min(p, n + 1)
        let nctp1 = nct + 1, nrtp1 = nrt + 1
        if nct < p { s[nctp1 - 1] = x[at(nctp1, nctp1, ldx)] }
        if n < m { s[m - 1] = 0 }
        if nrtp1 < m { e[nrtp1 - 1] = x[at(nrtp1, m, ldx)] }
        e[m - 1] = 0
        if wantu {
            if ncu >= nctp1 {
                for j in nctp1...ncu {
                    for i in 1...n { u[at(i, j, ldu)] = 0 }
                    u[at(j, j, ldu)] = 1
                }
            }
            if nct >= 1 {
                for ll in 1...nct {
                    let l = nct - ll + 1
                    if S(l) != 0 {
                        let lp1 = l + 1
                        if ncu >= lp1 {
                            for j in lp1...ncu {
                                let t = -ddot(n - l + 1, u, at(l, l, ldu), u, at(l, j, ldu)) / u[at(l, l, ldu)]
                                daxpy(n - l + 1, t, u, at(l, l, ldu), &u, at(l, j, ldu))
                            }
                        }
                        dscal(n - l + 1, -1.0, &u, at(l, l, ldu))
                        u[at(l, l, ldu)] += 1
                        let lm1 = l - 1
                        if lm1 >= 1 { for i in 1...lm1 { u[at(i, l, ldu)] = 0 } }
                    } else {
                        for i in 1...n { u[at(i, l, ldu)] = 0 }
                        u[at(l, l, ldu)] = 1
                    }
                }
            }
        }
        if wantv {
            for ll in 1...p {
                let l = p - ll + 1
                let lp1 = l + 1
                if l <= nrt && E(l) != 0 {
                    for j in lp1...p {
                        let t = -ddot(p - l, v, at(lp1, l, ldv), v, at(lp1, j, ldv)) / v[at(lp1, l, ldv)]
                        daxpy(p - l, t, v, at(lp1, l, ldv), &v, at(lp1, j, ldv))
                    }
                }
                for i in 1...p { v[at(i, l, ldv)] = 0 }
                v[at(l, l, ldv)] = 1
            }
        }
        // The main iteration loop for the singular values.
        let mm = m
        var iter = 0
        while m != 0 {
            if iter >= maxit {
                info = m
                break
            }
            // Negligible elements of s and e decide kase:
            // 1: s(m) and e(l−1) negligible, l < m; 2: s(l) negligible, l < m;
            // 3: e(l−1) negligible, l < m, s(l)…s(m) not (QR step); 4: e(m−1) negligible (converged).
            var l = 0
            for ll in 1...m {
                l = m - ll
                if l == 0 { break }
                let test = Swift.abs(S(l)) + Swift.abs(S(l + 1))
                let ztest = test + Swift.abs(E(l))
                if ztest == test {
                    e[l - 1] = 0
                    break
                }
            }
            var kase: Int
            if l == m - 1 {
                kase = 4
            } else {
                let lp1 = l + 1, mp1 = m + 1
                var ls = 0
                for lls in lp1...mp1 {
                    ls = m - lls + lp1
                    if ls == l { break }
                    var test = 0.0
                    if ls != m { test += Swift.abs(E(ls)) }
                    if ls != l + 1 { test += Swift.abs(E(ls - 1)) }
                    let ztest = test + Swift.abs(S(ls))
                    if ztest == test {
                        s[ls - 1] = 0
                        break
                    }
                }
                if ls == l {
                    kase = 3
                } else if ls == m {
                    kase = 1
                } else {
                    kase = 2
                    l = ls
                }
            }
            l += 1
            switch kase {
            case 1:
                // Deflate negligible s(m).
                let mm1 = m - 1
                var f = E(m - 1)
                e[m - 2] = 0
                var cs = 0.0, sn = 0.0
                if mm1 >= l {
                    for kk in l...mm1 {
                        let k = mm1 - kk + l
                        var t1 = S(k)
                        drotg(&t1, &f, &cs, &sn)
                        s[k - 1] = t1
                        if k != l {
                            f = -sn * E(k - 1)
                            e[k - 2] = cs * E(k - 1)
                        }
                        if wantv { drot(p, &v, at(1, k, ldv), at(1, m, ldv), cs, sn) }
                    }
                }
            case 2:
                // Split at negligible s(l).
                var f = E(l - 1)
                e[l - 2] = 0
                var cs = 0.0, sn = 0.0
                for k in l...m {
                    var t1 = S(k)
                    drotg(&t1, &f, &cs, &sn)
                    s[k - 1] = t1
                    f = -sn * E(k)
                    e[k - 1] = cs * E(k)
                    if wantu { drot(n, &u, at(1, k, ldu), at(1, l - 1, ldu), cs, sn) }
                }
            case 3:
                // One QR step; the shift first.
                let scale = Swift.max(Swift.max(Swift.max(Swift.max(Swift.abs(S(m)), Swift.abs(S(m - 1))), Swift.abs(E(m - 1))),
                                                Swift.abs(S(l))), Swift.abs(E(l)))
                let sm = S(m) / scale, smm1 = S(m - 1) / scale, emm1 = E(m - 1) / scale
                let sl = S(l) / scale, el = E(l) / scale
                let b = ((smm1 + sm) * (smm1 - sm) + emm1 * emm1) / 2.0
                let smemm1 = sm * emm1
                let c = smemm1 * smemm1
                var shift = 0.0
                if !(b == 0 && c == 0) {
                    shift = (b * b + c).squareRoot()
                    if b < 0 { shift = -shift }
                    shift = c / (b + shift)
                }
                var f = (sl + sm) * (sl - sm) + shift
                var g = sl * el
                // Chase zeros.
                let mm1 = m - 1
                var cs = 0.0, sn = 0.0
                if mm1 >= l {
                    for k in l...mm1 {
                        drotg(&f, &g, &cs, &sn)
                        if k != l { e[k - 2] = f }
                        f = cs * S(k) + sn * E(k)
                        e[k - 1] = cs * E(k) - sn * S(k)
                        g = sn * S(k + 1)
                        s[k] = cs * S(k + 1)
                        if wantv { drot(p, &v, at(1, k, ldv), at(1, k + 1, ldv), cs, sn) }
                        drotg(&f, &g, &cs, &sn)
                        s[k - 1] = f
                        f = cs * E(k) + sn * S(k + 1)
                        s[k] = -sn * E(k) + cs * S(k + 1)
                        g = sn * E(k + 1)
                        e[k] = cs * E(k + 1)
                        if wantu && k < n { drot(n, &u, at(1, k, ldu), at(1, k + 1, ldu), cs, sn) }
                    }
                }
                e[m - 2] = f
                iter += 1
            default:
                // Convergence: make the singular value positive, then order it.
                if S(l) < 0 {
                    s[l - 1] = -S(l)
                    if wantv { dscal(p, -1.0, &v, at(1, l, ldv)) }
                }
                while l != mm && S(l) < S(l + 1) {
                    let t = S(l)
                    s[l - 1] = S(l + 1)
                    s[l] = t
                    if wantv && l < p { dswap(p, &v, at(1, l, ldv), at(1, l + 1, ldv)) }
                    if wantu && l < n { dswap(n, &u, at(1, l, ldu), at(1, l + 1, ldu)) }
                    l += 1
                }
                iter = 0
                m -= 1
            }
        }
        return info
    }
}
