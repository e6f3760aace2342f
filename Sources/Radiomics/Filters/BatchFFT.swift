import Foundation

/// A complex DFT of one length n applied to a batch of independent columns stored as n rows of
/// `columns` contiguous values (row t of column c at t·columns + c), so that every butterfly is
/// a vectorisable sweep along a row. Self-sorting (Stockham) mixed radix 4, 2, 3, 5 and any other
/// prime up to 31; a length with a larger prime factor goes through Bluestein's chirp-z
/// algorithm on a 2^a·3^b·5^c length. Unscaled both ways; forward sign e^(−j2πtk/n).
/// Columns never mix: a column's result does not depend on the batch it is in, hence neither on
/// how work is split between threads.
struct BatchFFTPlan: Sendable {
    let n: Int
    let inverse: Bool
    private let passes: [Pass]
    private let chirp: Chirp?

    /// One Stockham pass: radix p over sub-sequences of length m, s = product of earlier radices.
    private struct Pass: Sendable {
        let p: Int, m: Int, s: Int
        /// w^(i·k), w = e^(∓j2π/(p·m)), at i·(p−1) + k − 1 for i < m, 1 ≤ k < p.
        let twRe: [Double], twIm: [Double]
        /// e^(∓j2πq/p), q < p (the generic odd radix).
        let rootRe: [Double], rootIm: [Double]
    }

    /// Bluestein: X[k] = w_k · Σ_t (x_t w_t) · conj(w_{k−t}), w_t = e^(∓jπt²/n), the sum a
    /// circular convolution of length m ≥ 2n − 1 done by FFT.
    private final class Chirp: Sendable {
        let m: Int
        let forward: BatchFFTPlan, backward: BatchFFTPlan
        let wRe: [Double], wIm: [Double]
        let kRe: [Double], kIm: [Double]     // DFT of conj(w) wrapped to length m, divided by m

        init(n: Int, inverse: Bool) {
            var m = 2 * n - 1
            while !BatchFFTPlan.isSmooth(m) { m += 1 }
            self.m = m
            let forward = BatchFFTPlan(m, inverse: false)
            self.forward = forward
            backward = BatchFFTPlan(m, inverse: true)
            let sign = inverse ? -1.0 : 1.0
            var wr = [Double](repeating: 0, count: n), wi = wr
            for t in 0..<n {
                let a = Double.pi * Double((t * t) % (2 * n)) / Double(n)   // t² mod 2n keeps the angle exact
                wr[t] = cos(a); wi[t] = -sign * sin(a)
            }
            wRe = wr; wIm = wi
            var br = [Double](repeating: 0, count: m), bi = br
            for t in 0..<n {
                br[t] = wr[t]; bi[t] = -wi[t]
                if t > 0 { br[m - t] = wr[t]; bi[m - t] = -wi[t] }
            }
            var sr = br, si = bi
            br.withUnsafeMutableBufferPointer { r in
                bi.withUnsafeMutableBufferPointer { i in
                    sr.withUnsafeMutableBufferPointer { a in
                        si.withUnsafeMutableBufferPointer { b in
                            forward.run(r.baseAddress!, i.baseAddress!, a.baseAddress!, b.baseAddress!, columns: 1)
                        }
                    }
                }
            }
            kRe = br.map { $0 / Double(m) }
            kIm = bi.map { $0 / Double(m) }
        }
    }

    init(_ n: Int, inverse: Bool) {
        precondition(n >= 1)
        self.n = n
        self.inverse = inverse
        let factors = Self.factors(n)
        if factors.contains(where: { $0 > 31 }) {
            passes = []
            chirp = Chirp(n: n, inverse: inverse)
            return
        }
        chirp = nil
        let sign = inverse ? -1.0 : 1.0
        var out: [Pass] = []
        var s = 1
        for p in factors {
            let len = n / s, m = len / p
            var tr = [Double](), ti = [Double]()
            tr.reserveCapacity(m * (p - 1)); ti.reserveCapacity(m * (p - 1))
            for i in 0..<m {
                for k in 1..<p {
                    let a = 2 * Double.pi * Double((i * k) % len) / Double(len)
                    tr.append(cos(a)); ti.append(-sign * sin(a))
                }
            }
            let rr = (0..<p).map { cos(2 * Double.pi * Double($0) / Double(p)) }
            let ri = (0..<p).map { -sign * sin(2 * Double.pi * Double($0) / Double(p)) }
            out.append(Pass(p: p, m: m, s: s, twRe: tr, twIm: ti, rootRe: rr, rootIm: ri))
            s *= p
        }
        passes = out
    }

    /// Doubles of scratch `run` needs per part (real, imaginary) for `columns` columns.
    func scratchCount(columns: Int) -> Int { chirp.map { 2 * $0.m * columns } ?? n * columns }

    /// Radices: 4s first, then 2, 3, 5 and the remaining primes in increasing order.
    static func factors(_ n: Int) -> [Int] {
        var out: [Int] = [], r = n
        while r % 4 == 0 { out.append(4); r /= 4 }
        var p = 2
        while r > 1 {
            while r % p == 0 { out.append(p); r /= p }
            p += 1
            if p * p > r && r > 1 { out.append(r); break }
        }
        return out
    }

    /// Whether n = 2^a·3^b·5^c.
    static func isSmooth(_ n: Int) -> Bool {
        var r = n
        for p in [2, 3, 5] { while r % p == 0 { r /= p } }
        return r == 1
    }

    /// Transforms the n × `columns` block `re`/`im` in place; `sr`/`si` hold `scratchCount(columns:)` values.
    func run(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
             _ sr: UnsafeMutablePointer<Double>, _ si: UnsafeMutablePointer<Double>, columns cw: Int) {
        if let c = chirp { bluestein(c, re, im, sr, si, columns: cw); return }
        var (ar, ai, br, bi) = (re, im, sr, si)
        for pass in passes {
            Self.stockham(pass, ar, ai, br, bi, columns: cw, sign: inverse ? -1 : 1)
            swap(&ar, &br); swap(&ai, &bi)
        }
        if ar != re {
            re.update(from: ar, count: n * cw); im.update(from: ai, count: n * cw)
        }
    }

    private func bluestein(_ c: Chirp, _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
                           _ sr: UnsafeMutablePointer<Double>, _ si: UnsafeMutablePointer<Double>, columns cw: Int) {
        let m = c.m
        let ar = sr, ai = si, tr = sr + m * cw, ti = si + m * cw
        for t in 0..<n {
            let wr = c.wRe[t], wi = c.wIm[t], row = t * cw
            for x in 0..<cw {
                let xr = re[row + x], xi = im[row + x]
                ar[row + x] = xr * wr - xi * wi; ai[row + x] = xr * wi + xi * wr
            }
        }
        (ar + n * cw).update(repeating: 0, count: (m - n) * cw)
        (ai + n * cw).update(repeating: 0, count: (m - n) * cw)
        c.forward.run(ar, ai, tr, ti, columns: cw)
        for t in 0..<m {
            let kr = c.kRe[t], ki = c.kIm[t], row = t * cw
            for x in 0..<cw {
                let xr = ar[row + x], xi = ai[row + x]
                ar[row + x] = xr * kr - xi * ki; ai[row + x] = xr * ki + xi * kr
            }
        }
        c.backward.run(ar, ai, tr, ti, columns: cw)
        for t in 0..<n {
            let wr = c.wRe[t], wi = c.wIm[t], row = t * cw
            for x in 0..<cw {
                let xr = ar[row + x], xi = ai[row + x]
                re[row + x] = xr * wr - xi * wi; im[row + x] = xr * wi + xi * wr
            }
        }
    }

    /// y[(p·i + k)·s + q] = w^(i·k) · Σ_r x[(i + r·m)·s + q] · ω^(r·k), each element a row of
    /// `cw` columns; for a fixed (i, r) the s·cw values are contiguous.
    private static func stockham(_ pass: Pass, _ xr: UnsafeMutablePointer<Double>, _ xi: UnsafeMutablePointer<Double>,
                                 _ yr: UnsafeMutablePointer<Double>, _ yi: UnsafeMutablePointer<Double>,
                                 columns cw: Int, sign: Double) {
        let p = pass.p, m = pass.m, s = pass.s
        let len = s * cw
        pass.twRe.withUnsafeBufferPointer { twr in
            pass.twIm.withUnsafeBufferPointer { twi in
                for i in 0..<m {
                    let tw = i * (p - 1)
                    @inline(__always) func inRow(_ r: Int) -> Int { (i + r * m) * len }
                    @inline(__always) func outRow(_ k: Int) -> Int { (p * i + k) * len }
                    switch p {
                    case 2:
                        let a = inRow(0), b = inRow(1), o0 = outRow(0), o1 = outRow(1)
                        let wr = twr[tw], wi = twi[tw]
                        for x in 0..<len {
                            let ar = xr[a + x], ai = xi[a + x], br = xr[b + x], bi = xi[b + x]
                            yr[o0 + x] = ar + br; yi[o0 + x] = ai + bi
                            let dr = ar - br, di = ai - bi
                            yr[o1 + x] = dr * wr - di * wi; yi[o1 + x] = dr * wi + di * wr
                        }
                    case 4:
                        let a0 = inRow(0), a1 = inRow(1), a2 = inRow(2), a3 = inRow(3)
                        let o0 = outRow(0), o1 = outRow(1), o2 = outRow(2), o3 = outRow(3)
                        let w1r = twr[tw], w1i = twi[tw], w2r = twr[tw + 1], w2i = twi[tw + 1], w3r = twr[tw + 2], w3i = twi[tw + 2]
                        for x in 0..<len {
                            let t0r = xr[a0 + x] + xr[a2 + x], t0i = xi[a0 + x] + xi[a2 + x]
                            let t1r = xr[a0 + x] - xr[a2 + x], t1i = xi[a0 + x] - xi[a2 + x]
                            let t2r = xr[a1 + x] + xr[a3 + x], t2i = xi[a1 + x] + xi[a3 + x]
                            // (a1 − a3)·(−j·sign)
                            let t3r = sign * (xi[a1 + x] - xi[a3 + x]), t3i = -sign * (xr[a1 + x] - xr[a3 + x])
                            yr[o0 + x] = t0r + t2r; yi[o0 + x] = t0i + t2i
                            let y1r = t1r + t3r, y1i = t1i + t3i
                            let y2r = t0r - t2r, y2i = t0i - t2i
                            let y3r = t1r - t3r, y3i = t1i - t3i
                            yr[o1 + x] = y1r * w1r - y1i * w1i; yi[o1 + x] = y1r * w1i + y1i * w1r
                            yr[o2 + x] = y2r * w2r - y2i * w2i; yi[o2 + x] = y2r * w2i + y2i * w2r
                            yr[o3 + x] = y3r * w3r - y3i * w3i; yi[o3 + x] = y3r * w3i + y3i * w3r
                        }
                    case 3:
                        let a0 = inRow(0), a1 = inRow(1), a2 = inRow(2), o0 = outRow(0), o1 = outRow(1), o2 = outRow(2)
                        let w1r = twr[tw], w1i = twi[tw], w2r = twr[tw + 1], w2i = twi[tw + 1]
                        let h = sign * 3.0.squareRoot() / 2
                        for x in 0..<len {
                            let sr = xr[a1 + x] + xr[a2 + x], si = xi[a1 + x] + xi[a2 + x]
                            let dr = xr[a1 + x] - xr[a2 + x], di = xi[a1 + x] - xi[a2 + x]
                            let mr = xr[a0 + x] - sr / 2, mi = xi[a0 + x] - si / 2
                            yr[o0 + x] = xr[a0 + x] + sr; yi[o0 + x] = xi[a0 + x] + si
                            // ± (−j·sign)(√3/2)·d
                            let y1r = mr + h * di, y1i = mi - h * dr
                            let y2r = mr - h * di, y2i = mi + h * dr
                            yr[o1 + x] = y1r * w1r - y1i * w1i; yi[o1 + x] = y1r * w1i + y1i * w1r
                            yr[o2 + x] = y2r * w2r - y2i * w2i; yi[o2 + x] = y2r * w2i + y2i * w2r
                        }
                    case 5:
                        let a = (0..<5).map(inRow), o = (0..<5).map(outRow)
                        let c1 = cos(2 * Double.pi / 5), c2 = cos(4 * Double.pi / 5)
                        let s1 = sign * sin(2 * Double.pi / 5), s2 = sign * sin(4 * Double.pi / 5)
                        let (w1r, w1i, w2r, w2i) = (twr[tw], twi[tw], twr[tw + 1], twi[tw + 1])
                        let (w3r, w3i, w4r, w4i) = (twr[tw + 2], twi[tw + 2], twr[tw + 3], twi[tw + 3])
                        let (a0, a1, a2, a3, a4) = (a[0], a[1], a[2], a[3], a[4])
                        let (o1, o2, o3, o4) = (o[1], o[2], o[3], o[4])
                        for x in 0..<len {
                            let t1r = xr[a1 + x] + xr[a4 + x], t1i = xi[a1 + x] + xi[a4 + x]
                            let t2r = xr[a2 + x] + xr[a3 + x], t2i = xi[a2 + x] + xi[a3 + x]
                            let t3r = xr[a1 + x] - xr[a4 + x], t3i = xi[a1 + x] - xi[a4 + x]
                            let t4r = xr[a2 + x] - xr[a3 + x], t4i = xi[a2 + x] - xi[a3 + x]
                            let x0r = xr[a0 + x], x0i = xi[a0 + x]
                            yr[o[0] + x] = x0r + t1r + t2r; yi[o[0] + x] = x0i + t1i + t2i
                            let b1r = x0r + c1 * t1r + c2 * t2r, b1i = x0i + c1 * t1i + c2 * t2i
                            let b2r = x0r + c2 * t1r + c1 * t2r, b2i = x0i + c2 * t1i + c1 * t2i
                            // e = −j·(u): (u.i, −u.r), u1 = s1·t3 + s2·t4, u2 = s2·t3 − s1·t4
                            let u1r = s1 * t3r + s2 * t4r, u1i = s1 * t3i + s2 * t4i
                            let u2r = s2 * t3r - s1 * t4r, u2i = s2 * t3i - s1 * t4i
                            let y1r = b1r + u1i, y1i = b1i - u1r, y4r = b1r - u1i, y4i = b1i + u1r
                            let y2r = b2r + u2i, y2i = b2i - u2r, y3r = b2r - u2i, y3i = b2i + u2r
                            yr[o1 + x] = y1r * w1r - y1i * w1i; yi[o1 + x] = y1r * w1i + y1i * w1r
                            yr[o2 + x] = y2r * w2r - y2i * w2i; yi[o2 + x] = y2r * w2i + y2i * w2r
                            yr[o3 + x] = y3r * w3r - y3i * w3i; yi[o3 + x] = y3r * w3i + y3i * w3r
                            yr[o4 + x] = y4r * w4r - y4i * w4i; yi[o4 + x] = y4r * w4i + y4i * w4r
                        }
                    default:
                        // Any other prime radix: the p-point DFT directly, p² multiplies per element.
                        for k in 0..<p {
                            let o = outRow(k), a0 = inRow(0)
                            for x in 0..<len { yr[o + x] = xr[a0 + x]; yi[o + x] = xi[a0 + x] }
                            for r in 1..<p {
                                let q = (r * k) % p, cr = pass.rootRe[q], ci = pass.rootIm[q], a = inRow(r)
                                for x in 0..<len {
                                    let vr = xr[a + x], vi = xi[a + x]
                                    yr[o + x] += vr * cr - vi * ci; yi[o + x] += vr * ci + vi * cr
                                }
                            }
                            if k > 0 {
                                let wr = twr[tw + k - 1], wi = twi[tw + k - 1]
                                for x in 0..<len {
                                    let vr = yr[o + x], vi = yi[o + x]
                                    yr[o + x] = vr * wr - vi * wi; yi[o + x] = vr * wi + vi * wr
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
