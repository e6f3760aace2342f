/// Eigenvalues and eigenvectors of a real symmetric n×n matrix (row-major), to full Double
/// precision: cyclic Jacobi rotations for the small PCA matrices (IBSI PCA axes, pyradiomics'
/// shape axes), Householder tridiagonalisation + implicit QL for the larger value-only one of
/// pyradiomics' GLCM MCC (O(n³) once rather than per Jacobi sweep: a map runs it per voxel).
enum SymmetricEigen {
    /// Eigenvalues on the diagonal order of the rotated matrix (not sorted) and, with `vectors`,
    /// the matching unit eigenvectors as the columns of a row-major n×n matrix.
    static func decompose(_ matrix: [Double], n: Int, vectors: Bool = false) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: vectors ? n * n : 0)
        if vectors { for i in 0..<n { v[i * n + i] = 1 } }
        for _ in 0..<100 {
            var off = 0.0, diag = 0.0
            for i in 0..<n { diag += a[i * n + i] * a[i * n + i]; for j in (i + 1)..<Swift.max(n, i + 1) { off += a[i * n + j] * a[i * n + j] } }
            if off <= 1e-30 * Swift.max(diag, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<Swift.max(n, p + 1) {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    guard vectors else { continue }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }

    static func values(_ matrix: [Double], n: Int) -> [Double] { decompose(matrix, n: n).values }

    /// Eigenvalues (ascending) by Householder reduction to tridiagonal form and the implicit QL
    /// algorithm with Wilkinson-style shifts (tred2/tqli, values only). Falls back to Jacobi
    /// should QL not converge in 60 iterations for an eigenvalue (never seen; keeps it total).
    static func tridiagonalValues(_ matrix: [Double], n: Int) -> [Double] {
        guard n > 1 else { return matrix.prefix(n).map { $0 } }
        var a = matrix
        var d = [Double](repeating: 0, count: n), e = d
        // On raw buffers: no bounds checks in the O(n³) loops (the same operations, the same bits).
        let converged = a.withUnsafeMutableBufferPointer { a in
            d.withUnsafeMutableBufferPointer { d in e.withUnsafeMutableBufferPointer { e in reduce(a, d, e, n: n) } }
        }
        return converged ? d.sorted() : values(matrix, n: n).sorted()
    }

    /// tred2 then tqli on `a` (n × n, overwritten): the eigenvalues in `d`; false when QL did not converge.
    private static func reduce(_ a: UnsafeMutableBufferPointer<Double>, _ d: UnsafeMutableBufferPointer<Double>,
                               _ e: UnsafeMutableBufferPointer<Double>, n: Int) -> Bool {
        // Householder: row i (from the last) is reflected onto its sub-diagonal element.
        for i in stride(from: n - 1, to: 0, by: -1) {
            let l = i - 1
            var h = 0.0
            if l > 0 {
                var scale = 0.0
                for k in 0...l { scale += Swift.abs(a[i * n + k]) }
                if scale == 0 {
                    e[i] = a[i * n + l]
                } else {
                    for k in 0...l { a[i * n + k] /= scale; h += a[i * n + k] * a[i * n + k] }
                    var f = a[i * n + l]
                    var g = f >= 0 ? -h.squareRoot() : h.squareRoot()
                    e[i] = scale * g
                    h -= f * g
                    a[i * n + l] = f - g
                    f = 0
                    for j in 0...l {
                        g = 0
                        for k in 0...j { g += a[j * n + k] * a[i * n + k] }
                        if j < l { for k in (j + 1)...l { g += a[k * n + j] * a[i * n + k] } }
                        e[j] = g / h
                        f += e[j] * a[i * n + j]
                    }
                    let hh = f / (h + h)
                    for j in 0...l {
                        f = a[i * n + j]
                        g = e[j] - hh * f
                        e[j] = g
                        for k in 0...j { a[j * n + k] -= f * e[k] + g * a[i * n + k] }
                    }
                }
            } else {
                e[i] = a[i * n + l]
            }
        }
        for i in 0..<n { d[i] = a[i * n + i] }
        // Implicit QL on the tridiagonal (d diagonal, e[i] the element below d[i]).
        for i in 1..<n { e[i - 1] = e[i] }
        e[n - 1] = 0
        for l in 0..<n {
            var iterations = 0
            while true {
                var m = l
                while m < n - 1 {
                    let dd = Swift.abs(d[m]) + Swift.abs(d[m + 1])
                    if Swift.abs(e[m]) <= Double.ulpOfOne * dd { break }
                    m += 1
                }
                if m == l { break }
                iterations += 1
                if iterations > 60 { return false }
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = (g * g + 1).squareRoot()
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Swift.abs(r) : -Swift.abs(r)))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var deflated = false
                while i >= l {
                    let f = s * e[i], b = c * e[i]
                    r = (f * f + g * g).squareRoot()   // entries are O(1) here: no overflow to guard
                    e[i + 1] = r
                    if r == 0 {
                        d[i + 1] -= p
                        e[m] = 0
                        deflated = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    i -= 1
                }
                if deflated { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
        return true
    }
}
