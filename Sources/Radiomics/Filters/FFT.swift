import Foundation

/// A 1D discrete Fourier transform of one length: iterative radix-2 for powers of two,
/// Bluestein's chirp-z algorithm (through a power-of-two transform) for any other length.
/// Forward sign e^(−j2πnk/N); the inverse is scaled by 1/N (numpy's convention).
struct FFTPlan: Sendable {
    let n: Int
    private let cosT: [Double], sinT: [Double]       // radix-2 twiddles e^(−j2πk/n), k < n/2
    private let bitReverse: [Int]
    private let bluestein: Bluestein?

    private struct Bluestein: Sendable {
        let m: FFTPlanRadix2
        let chirpRe: [Double], chirpIm: [Double]     // e^(−jπk²/n)
        let kernelRe: [Double], kernelIm: [Double]   // transform of conj(chirp), wrapped
    }

    init(_ n: Int) {
        self.n = n
        if n & (n - 1) == 0 {
            let r = FFTPlanRadix2(n)
            cosT = r.cosT; sinT = r.sinT; bitReverse = r.bitReverse
            bluestein = nil
        } else {
            cosT = []; sinT = []; bitReverse = []
            var m = 1
            while m < 2 * n - 1 { m <<= 1 }
            let plan = FFTPlanRadix2(m)
            var cr = [Double](repeating: 0, count: n), ci = cr
            for k in 0..<n {
                let a = Double.pi * Double((k * k) % (2 * n)) / Double(n)
                cr[k] = cos(a); ci[k] = -sin(a)
            }
            var br = [Double](repeating: 0, count: m), bi = br
            br[0] = cr[0]; bi[0] = -ci[0]
            for k in 1..<n { br[k] = cr[k]; bi[k] = -ci[k]; br[m - k] = cr[k]; bi[m - k] = -ci[k] }
            plan.transform(&br, &bi, inverse: false)
            bluestein = Bluestein(m: plan, chirpRe: cr, chirpIm: ci, kernelRe: br, kernelIm: bi)
        }
    }

    /// Transforms `re`/`im` (length n) in place.
    func transform(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        if let b = bluestein {
            let m = b.m.n
            var ar = [Double](repeating: 0, count: m), ai = ar
            for k in 0..<n {
                let xr = re[k], xi = inverse ? -im[k] : im[k]
                ar[k] = xr * b.chirpRe[k] - xi * b.chirpIm[k]
                ai[k] = xr * b.chirpIm[k] + xi * b.chirpRe[k]
            }
            b.m.transform(&ar, &ai, inverse: false)
            for k in 0..<m {
                let r = ar[k] * b.kernelRe[k] - ai[k] * b.kernelIm[k]
                ai[k] = ar[k] * b.kernelIm[k] + ai[k] * b.kernelRe[k]
                ar[k] = r
            }
            b.m.transform(&ar, &ai, inverse: true)
            let scale = inverse ? 1.0 / Double(n) : 1.0
            for k in 0..<n {
                let r = ar[k] * b.chirpRe[k] - ai[k] * b.chirpIm[k]
                let i = ar[k] * b.chirpIm[k] + ai[k] * b.chirpRe[k]
                re[k] = r * scale
                im[k] = (inverse ? -i : i) * scale
            }
        } else {
            FFTPlanRadix2(cosT: cosT, sinT: sinT, bitReverse: bitReverse, n: n).transform(&re, &im, inverse: inverse)
        }
    }
}

struct FFTPlanRadix2: Sendable {
    let n: Int
    let cosT: [Double], sinT: [Double]
    let bitReverse: [Int]

    init(cosT: [Double], sinT: [Double], bitReverse: [Int], n: Int) {
        self.cosT = cosT; self.sinT = sinT; self.bitReverse = bitReverse; self.n = n
    }

    init(_ n: Int) {
        self.n = n
        let h = max(n / 2, 1)
        cosT = (0..<h).map { cos(2 * Double.pi * Double($0) / Double(n)) }
        sinT = (0..<h).map { -sin(2 * Double.pi * Double($0) / Double(n)) }
        var bits = 0
        while 1 << bits < n { bits += 1 }
        bitReverse = (0..<n).map { i in
            var r = 0
            for b in 0..<bits where i >> b & 1 == 1 { r |= 1 << (bits - 1 - b) }
            return r
        }
    }

    func transform(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        if n <= 1 { return }
        for i in 0..<n {
            let j = bitReverse[i]
            if j > i { re.swapAt(i, j); im.swapAt(i, j) }
        }
        let sgn = inverse ? -1.0 : 1.0
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { m in
                var len = 2
                while len <= n {
                    let half = len / 2, step = n / len
                    var start = 0
                    while start < n {
                        for k in 0..<half {
                            let wr = cosT[k * step], wi = sgn * sinT[k * step]
                            let a = start + k, b = a + half
                            let tr = r[b] * wr - m[b] * wi
                            let ti = r[b] * wi + m[b] * wr
                            r[b] = r[a] - tr; m[b] = m[a] - ti
                            r[a] += tr; m[a] += ti
                        }
                        start += len
                    }
                    len <<= 1
                }
                if inverse {
                    let s = 1.0 / Double(n)
                    for i in 0..<n { r[i] *= s; m[i] *= s }
                }
            }
        }
    }
}

/// A complex grid (split real/imaginary parts), i fastest.
struct ComplexGrid: Sendable {
    var size: SIMD3<Int>
    var re: [Double]
    var im: [Double]

    init(real g: FilterGrid) {
        size = g.size; re = g.data; im = [Double](repeating: 0, count: g.count)
    }

    /// Zeros (calloc'd: pages that stay zero are never touched).
    init(size: SIMD3<Int>) {
        self.size = size
        re = [Double](repeating: 0, count: size.x * size.y * size.z)
        im = re
    }

    /// The DFT along each axis in `axes`, in place; parallel, deterministic (each output value is
    /// computed by the same operations whatever the thread count).
    ///
    /// Axes of 2^a or 3·2^a voxels run a radix-2 (and one radix-3) transform on the grid itself: along y and z every butterfly
    /// combines two whole contiguous rows (planes), so the inner loop is a vectorisable sweep over
    /// x, with no gather of strided lines. Other lengths go line by line through `FFTPlan`.
    /// Lines (rows, planes) that are all zero are left as they are (their transform is zero), so
    /// zero-padded grids are cheap.
    mutating func transform(axes: [Int], inverse: Bool) {
        for axis in axes {
            let n = size[axis]
            if n == 1 { continue }
            if Self.isFastLength(n) {
                transformRadix2(axis: axis, inverse: inverse)
            } else {
                transformLines(axis: axis, inverse: inverse)
            }
        }
    }

    private mutating func transformLines(axis: Int, inverse: Bool) {
        let n = size[axis]
        let plan = FFTPlan(n)
        let st = axis == 0 ? 1 : axis == 1 ? size.x : size.x * size.y
        let lines = (size.x * size.y * size.z) / n
        let sz = size
        re.withUnsafeMutableBufferPointer { rp in
            im.withUnsafeMutableBufferPointer { ip in
                let r = UnsafeSendablePointer(rp.baseAddress!), i = UnsafeSendablePointer(ip.baseAddress!)
                parallelRanges(lines) { range in
                    var lr = [Double](repeating: 0, count: n), li = lr
                    for l in range {
                        let start = gridLineStart(l, axis: axis, size: sz)
                        var nonZero = false
                        for t in 0..<n {
                            lr[t] = r.pointer[start + t * st]; li[t] = i.pointer[start + t * st]
                            nonZero = nonZero || lr[t] != 0 || li[t] != 0
                        }
                        guard nonZero else { continue }
                        plan.transform(&lr, &li, inverse: inverse)
                        for t in 0..<n { r.pointer[start + t * st] = lr[t]; i.pointer[start + t * st] = li[t] }
                    }
                }
            }
        }
    }

    /// Whether `transform` handles length `n` on the grid itself: 2^a or 3·2^a.
    static func isFastLength(_ n: Int) -> Bool {
        let m = n % 3 == 0 ? n / 3 : n
        return m > 0 && m & (m - 1) == 0
    }

    /// The smallest length ≥ `minimum` of the form 2^a or 3·2^a (a padded transform's size).
    static func fastLength(atLeast minimum: Int) -> Int {
        var p = 1
        while p < minimum { p <<= 1 }
        let three = 3 * (p / 4)             // 3·2^(a−2) lies between p/2 and p
        return three >= minimum && three > 0 ? three : p
    }

    /// Decimation in time along `axis` for n = 2^a or 3·2^a, in place. The grid is seen as
    /// `outer` blocks of n rows of `width` contiguous values (y: width nx, one block per z; z:
    /// width nx·ny, one block). Work is split over blocks and, within a block, over fixed column
    /// ranges. Along x (width 1, nothing to vectorise) fixed batches of lines are transposed into
    /// a scratch block of n rows of `batch` values first, and back after. Each value goes through
    /// the same operations either way: columns never mix.
    private mutating func transformRadix2(axis: Int, inverse: Bool) {
        let n = size[axis]
        let joins = RadixJoin(n: n, inverse: inverse)
        re.withUnsafeMutableBufferPointer { rp in
            im.withUnsafeMutableBufferPointer { ip in
                let r = UnsafeSendablePointer(rp.baseAddress!), i = UnsafeSendablePointer(ip.baseAddress!)
                if axis == 0 {
                    let lines = size.y * size.z, batch = 32
                    Parallel.forEach(count: (lines + batch - 1) / batch) { piece in
                        let first = piece * batch, count = Swift.min(batch, lines - first)
                        let re = r.pointer + first * n, im = i.pointer + first * n
                        guard Self.anyNonZero(re, im, rows: 1, width: 0, columns: n * count) else { return }
                        var tr = [Double](repeating: 0, count: n * count), ti = tr
                        tr.withUnsafeMutableBufferPointer { trp in
                            ti.withUnsafeMutableBufferPointer { tip in
                                let sr = trp.baseAddress!, si = tip.baseAddress!
                                for l in 0..<count {
                                    for t in 0..<n { sr[t * count + l] = re[l * n + t]; si[t * count + l] = im[l * n + t] }
                                }
                                Self.transformBlock(sr, si, joins: joins, width: count, columns: count)
                                for l in 0..<count {
                                    for t in 0..<n { re[l * n + t] = sr[t * count + l]; im[l * n + t] = si[t * count + l] }
                                }
                            }
                        }
                    }
                    return
                }
                let width = axis == 1 ? size.x : size.x * size.y
                let outer = (size.x * size.y * size.z) / (n * width)
                // Column ranges of ~256 KB (n rows × columns × 16 bytes): each radix stage sweeps
                // the whole range, which then stays in the core's L2 cache between stages.
                let columnChunk = Swift.min(width, Swift.max(8, (16_384 / n) & ~7))
                let chunksPerBlock = (width + columnChunk - 1) / columnChunk
                Parallel.forEach(count: outer * chunksPerBlock) { piece in
                    let block = piece / chunksPerBlock, c0 = (piece % chunksPerBlock) * columnChunk
                    let cw = Swift.min(c0 + columnChunk, width) - c0
                    let base = block * n * width + c0
                    let re = r.pointer + base, im = i.pointer + base
                    guard Self.anyNonZero(re, im, rows: n, width: width, columns: cw) else { return }
                    Self.transformBlock(re, im, joins: joins, width: width, columns: cw)
                }
            }
        }
    }

    /// Whether any of `rows` rows of `columns` values, `width` apart, is not zero.
    private static func anyNonZero(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
                                   rows: Int, width: Int, columns: Int) -> Bool {
        for t in 0..<rows {
            let row = t * width
            for c in 0..<columns where re[row + c] != 0 || im[row + c] != 0 { return true }
        }
        return false
    }

    /// The constants of a length-n transform, n = 2^a or n = 3m (m = 2^a).
    private struct RadixJoin {
        let n: Int, m: Int, three: Bool
        let plan: FFTPlanRadix2
        let sign: Double, scale: Double, inverse: Bool
        /// e^(−j·sign·2πk/n), k < m: the radix-3 twiddles W^k (and W^2k = (W^k)²).
        let cosK: [Double], sinK: [Double]

        init(n: Int, inverse: Bool) {
            self.n = n
            three = n % 3 == 0
            m = three ? n / 3 : n
            plan = FFTPlanRadix2(m)
            self.inverse = inverse
            sign = inverse ? -1.0 : 1.0
            scale = inverse ? 1 / Double(n) : 1
            let (n, sign) = (Double(n), sign)
            cosK = three ? (0..<m).map { cos(2 * Double.pi * Double($0) / n) } : []
            sinK = three ? (0..<m).map { -sign * sin(2 * Double.pi * Double($0) / n) } : []
        }
    }

    /// The transform of `columns` independent columns of n rows, `width` apart. For n = 3m the
    /// three decimated sub-sequences x[3u + r] are gathered into thirds, transformed with
    /// radix 2, and joined by radix-3 butterflies.
    private static func transformBlock(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
                                       joins: RadixJoin, width: Int, columns cw: Int) {
        let n = joins.n, m = joins.m, sign = joins.sign
        if joins.three {
            // Row 3u + r goes to row r·m + u.
            var tr = [Double](repeating: 0, count: n * cw), ti = tr
            for t in 0..<n {
                let to = ((t % 3) * m + t / 3) * cw, from = t * width
                for c in 0..<cw { tr[to + c] = re[from + c]; ti[to + c] = im[from + c] }
            }
            for t in 0..<n {
                for c in 0..<cw { re[t * width + c] = tr[t * cw + c]; im[t * width + c] = ti[t * cw + c] }
            }
            for third in 0..<3 {
                radix2(re + third * m * width, im + third * m * width, plan: joins.plan, width: width, columns: cw, sign: sign)
            }
            // X[k + qm] = Σ_r W^{rk} ω^{rq} Y_r[k], ω = e^(−j·sign·2π/3):
            //   X[k] = a + S,  X[k + m], X[k + 2m] = a − S/2 ∓ j·sign·(√3/2)·D,
            // with b = W^k Y₁[k], c = W^2k Y₂[k], S = b + c, D = b − c.
            let h = sign * 3.0.squareRoot() / 2
            for k in 0..<m {
                let w1r = joins.cosK[k], w1i = joins.sinK[k]
                let w2r = w1r * w1r - w1i * w1i, w2i = 2 * w1r * w1i
                let p0 = k * width, p1 = (k + m) * width, p2 = (k + 2 * m) * width
                for c in 0..<cw {
                    let ar = re[p0 + c], ai = im[p0 + c]
                    let br = re[p1 + c] * w1r - im[p1 + c] * w1i, bi = re[p1 + c] * w1i + im[p1 + c] * w1r
                    let cr = re[p2 + c] * w2r - im[p2 + c] * w2i, ci = re[p2 + c] * w2i + im[p2 + c] * w2r
                    let sr = br + cr, si = bi + ci, dr = br - cr, di = bi - ci
                    let mr = ar - sr / 2, mi = ai - si / 2
                    re[p0 + c] = ar + sr; im[p0 + c] = ai + si
                    re[p1 + c] = mr + h * di; im[p1 + c] = mi - h * dr
                    re[p2 + c] = mr - h * di; im[p2 + c] = mi + h * dr
                }
            }
        } else {
            radix2(re, im, plan: joins.plan, width: width, columns: cw, sign: sign)
        }
        if joins.inverse {
            for t in 0..<n {
                for c in 0..<cw { re[t * width + c] *= joins.scale; im[t * width + c] *= joins.scale }
            }
        }
    }

    /// Unscaled radix-2 transform of `plan.n` rows of `columns` values, `width` apart.
    @inline(__always)
    private static func radix2(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, plan: FFTPlanRadix2,
                               width: Int, columns cw: Int, sign: Double) {
        let n = plan.n
        for t in 0..<n {
            let u = plan.bitReverse[t]
            guard u > t else { continue }
            let a = t * width, b = u * width
            for c in 0..<cw {
                let x = re[a + c]; re[a + c] = re[b + c]; re[b + c] = x
                let y = im[a + c]; im[a + c] = im[b + c]; im[b + c] = y
            }
        }
        var len = 2
        while len <= n {
            let half = len / 2, step = n / len
            var start = 0
            while start < n {
                for k in 0..<half {
                    let wr = plan.cosT[k * step], wi = sign * plan.sinT[k * step]
                    let a = (start + k) * width, b = a + half * width
                    for c in 0..<cw {
                        let tr = re[b + c] * wr - im[b + c] * wi
                        let ti = re[b + c] * wi + im[b + c] * wr
                        re[b + c] = re[a + c] - tr; im[b + c] = im[a + c] - ti
                        re[a + c] += tr; im[a + c] += ti
                    }
                }
                start += len
            }
            len <<= 1
        }
    }
}

/// numpy `fftfreq(n)`: 0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1, divided by n.
func fftFrequencies(_ n: Int) -> [Double] {
    (0..<n).map { k in Double(k < (n + 1) / 2 ? k : k - n) / Double(n) }
}
