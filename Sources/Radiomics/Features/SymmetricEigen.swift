/// Eigenvalues and eigenvectors of a real symmetric n×n matrix (row-major) by cyclic Jacobi
/// rotations, to full Double precision: the one solver behind the IBSI PCA axes, pyradiomics'
/// shape axes and pyradiomics' GLCM MCC.
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
}
