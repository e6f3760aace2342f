import XCTest
@testable import Radiomics

/// The MCC solver's Newton-guided brackets against plain bisection on Sturm counts (the
/// transition found to the last bit) on tridiagonal inputs, which Householder leaves as they
/// are: random, clustered, repeated, near-zero and 3 × 3 spectra, and degenerate MCC inputs.
final class MCCNewtonTests: XCTestCase {
    func testRandomTridiagonalsEqualBisection() {
        var rng = SplitMix(seed: 7)
        for trial in 0..<400 {
            let n = 3 + trial % 28
            let d = (0..<n).map { _ in rng.next() * 2 - 1 }
            let e = (0..<(n - 1)).map { _ in rng.next() - 0.5 }
            Self.assertEqualsBisection(d, e, "random n = \(n), trial \(trial)")
        }
    }

    /// Repeated eigenvalues (split blocks with equal diagonals), clusters 1e-9 … 1e-15 wide,
    /// λ₂ = λ₁ and λ_n = −λ₂ as in disconnected or bipartite GLCMs.
    func testClusteredAndRepeatedEigenvaluesEqualBisection() {
        var rng = SplitMix(seed: 8)
        for trial in 0..<300 {
            let n = 3 + trial % 20
            let width = [0, 1e-15, 1e-12, 1e-9, 1e-6][trial % 5]
            let centres = [1.0, 0.5, -0.5, -1, 0]
            var d = (0..<n).map { _ in centres[Int(rng.next() * 5)] + width * (rng.next() - 0.5) }
            if trial % 3 == 0 { d[0] = 1; d[n - 1] = 1 }
            if trial % 4 == 0 { d[1] = -d[0] }
            // Most couplings zero (separate blocks), some tiny, some O(1).
            let e = (0..<(n - 1)).map { _ -> Double in
                let u = rng.next()
                return u < 0.5 ? 0 : (u < 0.8 ? width * (rng.next() - 0.5) : rng.next() * 0.1)
            }
            Self.assertEqualsBisection(d, e, "clustered n = \(n), width \(width), trial \(trial)")
        }
    }

    func testNearZeroAndSmallSpectraEqualBisection() {
        var rng = SplitMix(seed: 9)
        for trial in 0..<200 {
            let n = trial % 2 == 0 ? 3 : 3 + trial % 12
            let scale = [1e-14, 1e-10, 1e-3, 1][trial % 4]
            var d = (0..<n).map { _ in scale * (rng.next() - 0.5) }
            d[trial % n] = 1      // the top eigenvalue near 1, the rest near zero
            let e = (0..<(n - 1)).map { _ in scale * (rng.next() - 0.5) }
            Self.assertEqualsBisection(d, e, "near zero n = \(n), scale \(scale), trial \(trial)")
        }
    }

    func testDegenerateInputs() {
        XCTAssertEqual(SymmetricEigen.magnitudeBelowTop([Double](repeating: 0, count: 25), n: 5), 0)
        // Diagonal: max(λ₂, −λ_n) of the diagonal itself.
        let diagonal = [0.9, -0.3, 1, 0.2]
        var a = [Double](repeating: 0, count: 16)
        for i in 0..<4 { a[i * 5] = diagonal[i] }
        XCTAssertEqual(SymmetricEigen.magnitudeBelowTop(a, n: 4), 0.9, accuracy: 1e-15)
        for i in 0..<4 { a[i * 5] = [1, 1, 1, 1][i] }
        XCTAssertEqual(SymmetricEigen.magnitudeBelowTop(a, n: 4), 1, accuracy: 1e-15)
        // GLCMs: one live row → 0; two disconnected blocks → 1 (λ₂ = λ₁); a bipartite pair → 1 (λ_n = −1).
        var one = [Double](repeating: 0, count: 9)
        one[4] = 1
        XCTAssertEqual(GLCMFeatures.maximalCorrelationCoefficient(probabilities: one, levelCount: 3, presentLevels: 3), 0)
        let blocks: [Double] = [2, 1, 0, 0,
                                1, 2, 0, 0,
                                0, 0, 3, 1,
                                0, 0, 1, 1].map { $0 / 12 }
        XCTAssertEqual(GLCMFeatures.maximalCorrelationCoefficient(probabilities: blocks, levelCount: 4, presentLevels: 4), 1, accuracy: 1e-15)
        let bipartite: [Double] = [0, 1, 0,
                                   1, 0, 0,
                                   0, 0, 2].map { $0 / 4 }
        XCTAssertEqual(GLCMFeatures.maximalCorrelationCoefficient(probabilities: bipartite, levelCount: 3, presentLevels: 3), 1, accuracy: 1e-15)
        let band: [Double] = [2, 1, 0,
                              1, 2, 1,
                              0, 1, 2].map { $0 / 10 }
        let reference = MCCSolverTests.previousMCC(band, n: 3)
        XCTAssertEqual(GLCMFeatures.maximalCorrelationCoefficient(probabilities: band, levelCount: 3, presentLevels: 3), reference, accuracy: 1e-15)
    }

    /// magnitudeBelowTop of the tridiagonal (d, e) equals max(λ₂, −λ_n) found by halving
    /// brackets on the same Sturm count (dstebz's) until they stop shrinking.
    static func assertEqualsBisection(_ d: [Double], _ e: [Double], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let n = d.count
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { a[i * n + i] = d[i] }
        for i in 0..<(n - 1) { a[i * n + i + 1] = e[i]; a[(i + 1) * n + i] = e[i] }
        let e2 = e.map { $0 * $0 }
        let pivmin = Double.leastNormalMagnitude * max(1, e2.max() ?? 0)
        func count(_ x: Double) -> Int {
            var q = 0.0, c = 0
            for i in 0..<n {
                q = i == 0 ? d[0] - x : (d[i] - x) - e2[i - 1] / q
                if abs(q) < pivmin { q = -pivmin }
                if q < 0 { c += 1 }
            }
            return c
        }
        func eigenvalue(below k: Int) -> Double {
            var lo = -4.0, hi = 4.0
            while true {
                let mid = (lo + hi) / 2
                if mid <= lo || mid >= hi { return mid }
                if count(mid) > k { hi = mid } else { lo = mid }
            }
        }
        let expected = max(eigenvalue(below: n - 2), -eigenvalue(below: 0))
        let got = SymmetricEigen.magnitudeBelowTop(a, n: n)
        XCTAssertEqual(got, expected, accuracy: 1e-13 * max(abs(expected), 1e-2), message, file: file, line: line)
    }
}

/// MCC = 1 exactly, without the eigen-solver, when the GLCM's graph of grey levels is
/// disconnected (λ₂ = λ₁ = 1) or bipartite (λ_n = −1); a connected graph with an odd cycle
/// goes to the solver.
final class MCCUnitModulusTests: XCTestCase {
    func testDisconnectedBipartiteAndConnectedGLCMs() {
        var rng = SplitMix(seed: 12)
        for trial in 0..<300 {
            let n = 3 + trial % 18
            let kind = trial % 3                    // 0: two blocks, 1: bipartite, 2: a connected ring with self-pairs
            let cut = 1 + Int(rng.next() * Double(n - 1))
            var counts = [Double](repeating: 0, count: n * n)
            func pair(_ i: Int, _ j: Int, _ c: Double) { counts[i * n + j] += c; if i != j { counts[j * n + i] += c } }
            for i in 0..<n {
                switch kind {
                case 0:                              // a path inside each block, blocks apart
                    if i + 1 < n && i + 1 != cut { pair(i, i + 1, 1 + Double(Int(rng.next() * 5))) }
                    // Self-pairs at random, always on both sides of the cut (no block left empty).
                    if rng.next() < 0.5 || i == cut || i == cut - 1 { pair(i, i, 1 + Double(Int(rng.next() * 5))) }
                case 1:                              // even levels with odd ones only
                    if i + 1 < n { pair(i, i + 1, 1 + Double(Int(rng.next() * 5))) }
                    if i + 3 < n && rng.next() < 0.5 { pair(i, i + 3, 1) }
                default:                             // a path, every level paired with itself too
                    if i + 1 < n { pair(i, i + 1, 1 + Double(Int(rng.next() * 5))) }
                    pair(i, i, 1 + Double(Int(rng.next() * 5)))
                }
            }
            let total = counts.reduce(0, +)
            let p = counts.map { $0 / total }
            let mcc = GLCMFeatures.maximalCorrelationCoefficient(probabilities: p, levelCount: n, presentLevels: n)
            let reference = MCCSolverTests.previousMCC(p, n: n)
            if kind == 2 {
                XCTAssertLessThan(mcc, 1, "n = \(n), trial \(trial)")
                XCTAssertEqual(mcc, reference, accuracy: 1e-12 * max(reference, 1e-3), "n = \(n), trial \(trial)")
            } else {
                XCTAssertEqual(mcc, 1, "n = \(n), kind \(kind), trial \(trial)")
                XCTAssertEqual(reference, 1, accuracy: 1e-12, "n = \(n), kind \(kind), trial \(trial)")
            }
        }
    }
}
