import Foundation

/// The DFT of a real grid over axes (0, 1) or (0, 1, 2): the half spectrum k_i ≤ n_i/2 (the
/// other half is its complex conjugate), split real/imaginary, i fastest, (n_i/2 + 1) × n_j × n_k.
/// Along i two real rows are transformed as one complex row and separated after (half the work
/// and memory of a complex transform); j and k run on batches of contiguous columns
/// (`BatchFFTPlan`). Work is split into fixed pieces and columns never mix, so every value is
/// the same for any thread count.
struct HalfSpectrum: Sendable {
    let size: SIMD3<Int>
    let axes: [Int]
    var re: [Double], im: [Double]
    var half: Int { size.x / 2 + 1 }

    /// Forward transform of `g` along `axes` (which must start with axis 0).
    init(_ g: FilterGrid, axes: [Int]) {
        precondition(axes.first == 0, "the real-to-complex axis is i")
        size = g.size
        self.axes = axes
        let count = (g.size.x / 2 + 1) * g.size.y * g.size.z
        re = [Double](repeating: 0, count: count)
        im = re
        g.data.withUnsafeBufferPointer { d in
            // Read only in the forward direction: no copy of the grid.
            rowPairs(UnsafeMutablePointer(mutating: d.baseAddress!), inverse: false)
        }
        for axis in axes.dropFirst() { columns(axis: axis, inverse: false) }
    }

    /// The real grid whose transform this is, times the number of transformed voxels (unscaled):
    /// the inverse of the Hermitian part, i.e. the real part of the complex inverse.
    func inverse() -> [Double] {
        var copy = self
        for axis in axes.dropFirst().reversed() { copy.columns(axis: axis, inverse: true) }
        var out = [Double](repeating: 0, count: size.x * size.y * size.z)
        out.withUnsafeMutableBufferPointer { copy.rowPairs($0.baseAddress!, inverse: true) }
        return out
    }

    /// Rows along i, two real rows per complex transform: rows 2q and 2q + 1 of the n_j·n_k
    /// rows (the last one alone when their count is odd). Forward: `real` → half spectrum;
    /// inverse: half spectrum → `real`.
    private mutating func rowPairs(_ real: UnsafeMutablePointer<Double>, inverse: Bool) {
        let n = size.x, h = half, rows = size.y * size.z
        let pairs = (rows + 1) / 2, batch = 16
        let plan = BatchFFTPlan(n, inverse: inverse)
        re.withUnsafeMutableBufferPointer { rp in
            im.withUnsafeMutableBufferPointer { ip in
                do {
                    let sr = UnsafeSendablePointer(rp.baseAddress!), si = UnsafeSendablePointer(ip.baseAddress!)
                    let d = UnsafeSendablePointer(real)
                    Parallel.forEach(count: (pairs + batch - 1) / batch) { piece in
                        let first = piece * batch, cw = Swift.min(batch, pairs - first)
                        let scratch = plan.scratchCount(columns: cw)
                        let buf = UnsafeMutablePointer<Double>.allocate(capacity: 2 * n * cw + 2 * scratch)
                        defer { buf.deallocate() }
                        let zr = buf, zi = buf + n * cw, tr = buf + 2 * n * cw, ti = tr + scratch
                        let sRe = sr.pointer, sIm = si.pointer, real = d.pointer
                        for c in 0..<cw {
                            let a = 2 * (first + c), b = a + 1
                            if !inverse {
                                for t in 0..<n { zr[t * cw + c] = real[a * n + t] }
                                if b < rows { for t in 0..<n { zi[t * cw + c] = real[b * n + t] } } else { for t in 0..<n { zi[t * cw + c] = 0 } }
                            } else {
                                // Z = A + jB over the whole row, A[n − k] = conj(A[k]); the imaginary
                                // parts at k = 0 (and n/2) are dropped: the Hermitian part.
                                for k in 0..<n {
                                    let src = k < h ? k : n - k, conj = k < h ? 1.0 : -1.0
                                    let selfConjugate = k == 0 || 2 * k == n
                                    let ar = sRe[a * h + src], ai = selfConjugate ? 0 : conj * sIm[a * h + src]
                                    var br = 0.0, bi = 0.0
                                    if b < rows { br = sRe[b * h + src]; bi = selfConjugate ? 0 : conj * sIm[b * h + src] }
                                    zr[k * cw + c] = ar - bi; zi[k * cw + c] = ai + br
                                }
                            }
                        }
                        plan.run(zr, zi, tr, ti, columns: cw)
                        for c in 0..<cw {
                            let a = 2 * (first + c), b = a + 1
                            if !inverse {
                                // A[k] = (Z[k] + conj Z[n−k])/2, B[k] = (Z[k] − conj Z[n−k])/(2j).
                                for k in 0..<h {
                                    let nk = (n - k) % n
                                    let pr = zr[k * cw + c], pi = zi[k * cw + c], qr = zr[nk * cw + c], qi = zi[nk * cw + c]
                                    sRe[a * h + k] = (pr + qr) / 2; sIm[a * h + k] = (pi - qi) / 2
                                    if b < rows { sRe[b * h + k] = (pi + qi) / 2; sIm[b * h + k] = (qr - pr) / 2 }
                                }
                            } else {
                                for t in 0..<n { real[a * n + t] = zr[t * cw + c] }
                                if b < rows { for t in 0..<n { real[b * n + t] = zi[t * cw + c] } }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The complex DFT along j or k of every column of the half spectrum, in fixed column chunks
    /// of about 256 KB (they stay in the core's cache across the passes).
    private mutating func columns(axis: Int, inverse: Bool) {
        let n = size[axis], h = half
        if n == 1 { return }
        let width = axis == 1 ? h : h * size.y
        let blocks = (h * size.y * size.z) / (n * width)
        let chunk = Swift.min(width, Swift.max(8, (16_384 / n) & ~7))
        let perBlock = (width + chunk - 1) / chunk
        let plan = BatchFFTPlan(n, inverse: inverse)
        re.withUnsafeMutableBufferPointer { rp in
            im.withUnsafeMutableBufferPointer { ip in
                let sr = UnsafeSendablePointer(rp.baseAddress!), si = UnsafeSendablePointer(ip.baseAddress!)
                Parallel.forEach(count: blocks * perBlock) { piece in
                    let block = piece / perBlock, c0 = (piece % perBlock) * chunk
                    let cw = Swift.min(c0 + chunk, width) - c0
                    let base = block * n * width + c0
                    let scratch = plan.scratchCount(columns: cw)
                    let buf = UnsafeMutablePointer<Double>.allocate(capacity: 2 * n * cw + 2 * scratch)
                    defer { buf.deallocate() }
                    let zr = buf, zi = buf + n * cw, tr = buf + 2 * n * cw, ti = tr + scratch
                    let sRe = sr.pointer + base, sIm = si.pointer + base
                    for t in 0..<n {
                        (zr + t * cw).update(from: sRe + t * width, count: cw)
                        (zi + t * cw).update(from: sIm + t * width, count: cw)
                    }
                    plan.run(zr, zi, tr, ti, columns: cw)
                    for t in 0..<n {
                        (sRe + t * width).update(from: zr + t * cw, count: cw)
                        (sIm + t * width).update(from: zi + t * cw, count: cw)
                    }
                }
            }
        }
    }
}
