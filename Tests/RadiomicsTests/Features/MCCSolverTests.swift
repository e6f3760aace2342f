import XCTest
@testable import Radiomics

/// The MCC's eigen-solver (full-storage Householder + Sturm bisection for λ₂ and λ_n, 2 × 2
/// in closed form) against the one it replaced (tred2 + tqli, kept below as the reference) on kernel-like
/// symmetric GLCMs: integer pair counts over 1–40 grey levels, banded or scattered, some with
/// empty levels.
final class MCCSolverTests: XCTestCase {
    /// The feature pass hands its p_i. and the conventions' symmetry to the MCC: the same value,
    /// bit for bit, as the MCC summing and checking on its own.
    func testRowSumsAndSymmetryFromTheCallerChangeNothing() {
        var rng = SplitMix(seed: 77)
        for trial in 0..<300 {
            let n = 2 + trial % 30
            var counts = [Double](repeating: 0, count: n * n)
            for _ in 0..<(1 + Int(rng.next() * 200)) {
                let i = Int(rng.next() * Double(n)), j = Int(rng.next() * Double(n))
                counts[i * n + j] += 1
                counts[j * n + i] += 1
            }
            let total = counts.reduce(0, +)
            let p = counts.map { $0 / total }
            var rows = [Double](repeating: 0, count: n)
            for i in 0..<n { for k in 0..<n where p[i * n + k] != 0 { rows[i] += p[i * n + k] } }
            let alone = GLCMFeatures.maximalCorrelationCoefficient(probabilities: p, levelCount: n, presentLevels: n)
            let given = rows.withUnsafeBufferPointer {
                GLCMFeatures.maximalCorrelationCoefficient(probabilities: p, levelCount: n, presentLevels: n, symmetric: true, rowSums: $0.baseAddress!)
            }
            XCTAssertEqual(alone.bitPattern, given.bitPattern, "trial \(trial): \(alone) vs \(given)")
        }
    }

    func testMCCEqualsPreviousSolverOnRandomSymmetricGLCMs() {
        var rng = SplitMix(seed: 20261205)
        var checked = 0
        for trial in 0..<1200 {
            let n = 1 + trial % 40
            var counts = [Double](repeating: 0, count: n * n)
            let pairs = 1 + Int(rng.next() * 300), banded = rng.next()
            for _ in 0..<pairs {
                let i = Int(rng.next() * Double(n))
                let j = rng.next() < banded ? min(n - 1, max(0, i + Int((rng.next() - 0.5) * 6))) : Int(rng.next() * Double(n))
                counts[i * n + j] += 1
                counts[j * n + i] += 1
            }
            let total = counts.reduce(0, +)
            let p = counts.map { $0 / total }
            let mcc = GLCMFeatures.maximalCorrelationCoefficient(probabilities: p, levelCount: n, presentLevels: n)
            let reference = Self.previousMCC(p, n: n)
            // Eigenvalues are exact to a few ulps of the spectrum's scale (1): relative to the
            // value, with a floor for the near-zero ones.
            XCTAssertEqual(mcc, reference, accuracy: 1e-12 * max(reference, 1e-3), "n = \(n), trial \(trial)")
            XCTAssert(mcc >= 0 && mcc <= 1 + 1e-12, "n = \(n): \(mcc)")
            checked += 1
        }
        XCTAssertEqual(checked, 1200)
    }

    /// On random symmetric matrices (2 × 2 in closed form, larger by bisection) the largest |λ|
    /// below the top eigenvalue is Jacobi's max(λ₂, −λ_n).
    func testMagnitudeBelowTopEqualsJacobi() {
        var rng = SplitMix(seed: 11)
        for n in 2...30 {
            var m = (0..<(n * n)).map { _ in rng.next() - 0.5 }
            for i in 0..<n { for j in 0..<i { m[i * n + j] = m[j * n + i] } }
            let jacobi = SymmetricEigen.values(m, n: n).sorted()
            let expected = max(jacobi[n - 2], -jacobi[0])
            let scale = jacobi.map(abs).max()!
            XCTAssertEqual(SymmetricEigen.magnitudeBelowTop(m, n: n), expected, accuracy: 1e-13 * scale, "n = \(n)")
        }
        XCTAssertEqual(SymmetricEigen.magnitudeBelowTop([0.5, 0.5, 0.5, 0.5], n: 2), 0, accuracy: 1e-16)
        XCTAssertEqual(SymmetricEigen.magnitudeBelowTop([1, 0, 0, -1], n: 2), 1)
        XCTAssertEqual(SymmetricEigen.magnitudeBelowTop([Double](repeating: 0, count: 9), n: 3), 0)
        XCTAssertEqual(SymmetricEigen.magnitudeBelowTop([1, 0, 0, 0, 1, 0, 0, 0, 1], n: 3), 1, accuracy: 1e-15)
    }

    /// The previous MCC path: A = D^{−½} P D^{−½}, every eigenvalue by tred2 + tqli, the
    /// second-largest |λ|.
    static func previousMCC(_ p: [Double], n: Int) -> Double {
        var px = [Double](repeating: 0, count: n)
        for a in 0..<n { for b in 0..<n { px[a] += p[a * n + b] } }
        let live = (0..<n).filter { px[$0] > 0 }
        let m = live.count
        guard n >= 2 else { return 1 }
        guard m >= 2 else { return 0 }
        let root = live.map { px[$0].squareRoot() }
        var a = [Double](repeating: 0, count: m * m)
        for (r, i) in live.enumerated() { for (c, k) in live.enumerated() { a[r * m + c] = p[i * n + k] / (root[r] * root[c]) } }
        var d = [Double](repeating: 0, count: m), e = d
        let converged = a.withUnsafeMutableBufferPointer { a in
            d.withUnsafeMutableBufferPointer { d in e.withUnsafeMutableBufferPointer { e in PreviousSolver.reduce(a, d, e, n: m) } }
        }
        XCTAssert(converged)
        return d.map(abs).sorted()[m - 2]
    }
}

/// tred2 + tqli as SymmetricEigen held them before (values only).
private enum PreviousSolver {
    /// tred2 then tqli on `a` (n × n, overwritten): the eigenvalues in `d`; false when QL did not converge.
    static func reduce(_ a: UnsafeMutableBufferPointer<Double>, _ d: UnsafeMutableBufferPointer<Double>,
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
