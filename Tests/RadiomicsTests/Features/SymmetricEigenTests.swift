import XCTest
@testable import Radiomics

final class SymmetricEigenTests: XCTestCase {
    /// Householder + QL gives Jacobi's eigenvalues to 1e-12 of the spectrum's scale, on random
    /// symmetric matrices, MCC-like Gram matrices (PSD, eigenvalue 1 on top) and degenerate ones.
    func testTridiagonalQLEqualsJacobi() {
        var rng = SplitMix(seed: 20261205)
        var cases: [(matrix: [Double], n: Int)] = []
        for n in 1...24 {
            cases.append(((0..<(n * n)).map { _ in rng.next() - 0.5 }.symmetrised(n), n))
            // B Bᵀ with repeated rows: PSD, rank-deficient, clustered eigenvalues.
            let b = (0..<(n * 3)).map { i in i % 3 == 0 ? 0 : rng.next() }
            var g = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { for k in 0..<3 { g[i * n + j] += b[(i / 2 * 2) * 3 % (n * 3) + k] * b[(j / 2 * 2) * 3 % (n * 3) + k] } } }
            cases.append((g, n))
        }
        cases.append(([Double](repeating: 0, count: 16), 4))
        cases.append(((0..<25).map { $0 % 6 == 0 ? 2.0 : 0 }, 5))    // identity × 2
        for (m, n) in cases {
            let ql = SymmetricEigen.tridiagonalValues(m, n: n)
            let jacobi = SymmetricEigen.values(m, n: n).sorted()
            let scale = max(jacobi.map(abs).max() ?? 0, 1e-300)
            for (a, b) in zip(ql, jacobi) { XCTAssertEqual(a, b, accuracy: 1e-12 * scale, "n = \(n)") }
            XCTAssertEqual(ql, ql.sorted())
        }
    }

    /// MCC on a GLCM of many grey levels, asymmetric and symmetric (then from A = D^{−½} P D^{−½}
    /// rather than S = A²): the QL value equals Jacobi's on S to 1e-12 relative.
    func testMaximalCorrelationCoefficientMatchesJacobi() {
        var rng = SplitMix(seed: 7)
        for (n, symmetric) in [2, 5, 16, 40].flatMap({ n in [(n, false), (n, true)] }) {
            var p = (0..<(n * n)).map { _ in rng.next() < 0.3 ? 0 : rng.next() }
            if symmetric { p = p.symmetrised(n) }
            let total = p.reduce(0, +)
            p = p.map { $0 / total }
            let mcc = GLCMFeatures.maximalCorrelationCoefficient(probabilities: p, levelCount: n, presentLevels: n)
            var px = [Double](repeating: 0, count: n), py = px
            for a in 0..<n { for b in 0..<n { px[a] += p[a * n + b]; py[b] += p[a * n + b] } }
            let live = (0..<n).filter { px[$0] > 0 }
            let m = live.count
            var s = [Double](repeating: 0, count: m * m)
            for (a, i) in live.enumerated() {
                for (b, j) in live.enumerated() {
                    var q = 0.0
                    for k in 0..<n where py[k] > 0 { q += p[i * n + k] * p[j * n + k] / py[k] }
                    s[a * m + b] = q / (px[i] * px[j]).squareRoot()
                }
            }
            let jacobi = max(SymmetricEigen.values(s, n: m).sorted()[m - 2], 0).squareRoot()
            XCTAssertEqual(mcc, jacobi, accuracy: 1e-12 * max(jacobi, 1e-3), "n = \(n)")
        }
    }
}

private extension Array where Element == Double {
    func symmetrised(_ n: Int) -> [Double] {
        var s = self
        for i in 0..<n { for j in 0..<n { s[i * n + j] = (self[i * n + j] + self[j * n + i]) / 2 } }
        return s
    }
}
