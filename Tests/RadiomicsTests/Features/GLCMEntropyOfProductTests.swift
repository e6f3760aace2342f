import Foundation
import XCTest
@testable import Radiomics

/// HXY2 in closed form (`GLCMFeatures.entropyOfProduct`), seen through IMC2, against the sum
/// over level pairs that pyradiomics takes.
final class GLCMEntropyOfProductTests: XCTestCase {
    private let imc2 = GLCMFeatures.names.firstIndex { $0.hasSuffix("info_corr2") }!

    /// IMC2 from the sum over pairs, with HX, HXY and the marginals summed as `compute` sums them.
    private func reference(_ p: [Double], n: Int, symmetric: Bool, c: Conventions) -> Double {
        let eps = c.logEpsilon
        var px = [Double](repeating: 0, count: n), py = px, hxy = 0.0
        for a in 0..<n {
            for b in 0..<n where p[a * n + b] != 0 {
                px[a] += p[a * n + b]
                py[b] += p[a * n + b]
                hxy -= p[a * n + b] * log2(p[a * n + b] + eps)
            }
        }
        if symmetric { py = px }
        var hxy2 = 0.0
        for a in 0..<n where px[a] > 0 { for b in 0..<n where py[b] > 0 { hxy2 -= px[a] * py[b] * log2(px[a] * py[b] + eps) } }
        if c.pyradiomicsFlatValues { return hxy2 == hxy ? 0 : (1 - exp(-2 * (hxy2 - hxy))).squareRoot() }
        return sqrt(max(0, 1 - exp(-2 * (hxy2 - hxy))))
    }

    private func value(_ p: [Double], n: Int, c: Conventions) -> Double {
        GLCMFeatures.compute(probabilities: p, levels: Array(1...n), levelCount: n, conventions: c)[imc2]
    }

    private func normalised(_ counts: [Int]) -> [Double] {
        let total = Double(counts.reduce(0, +))
        return counts.map { Double($0) / total }
    }

    func testClosedFormEqualsPairSumOnRandomMatrices() {
        var rng = SplitMix(seed: 20261205)
        var worst = 0.0
        for trial in 0..<600 {
            let n = 2 + trial % 39, symmetric = trial % 3 != 0
            var counts = [Int](repeating: 0, count: n * n)
            let pairs = 1 + Int(rng.next() * Double(4 * n * n))
            for _ in 0..<pairs {
                let a = Int(rng.next() * Double(n)), b = Int(rng.next() * Double(n))
                counts[a * n + b] += 1
                if symmetric { counts[b * n + a] += 1 }
            }
            let c: Conventions = trial % 2 == 0 ? .pyradiomics(symmetricGLCM: symmetric) : {
                var c = Conventions.ibsi
                c.symmetricGLCM = symmetric
                return c
            }()
            let p = normalised(counts)
            let got = value(p, n: n, c: c), want = reference(p, n: n, symmetric: symmetric, c: c)
            let error = abs(got - want) / max(abs(want), 1e-300)
            worst = max(worst, want == 0 ? abs(got) : error)
            XCTAssertLessThanOrEqual(want == 0 ? abs(got) : error, 1e-12, "trial \(trial): n \(n), \(got) vs \(want)")
        }
        XCTAssertGreaterThan(worst, 0, "the closed form is taken at least once (else this test compares the sum with itself)")
    }

    /// Where HXY2 = HXY (independent levels, one level) pyradiomics' IMC2 is 0 exactly: the
    /// closed form gives way to the sum over pairs, so it is 0 here too.
    func testIndependentMatricesKeepIMC2ExactlyZero() {
        let c = Conventions.pyradiomics()
        XCTAssertEqual(value([1], n: 1, c: c), 0)
        XCTAssertEqual(value([0.25, 0.25, 0.25, 0.25], n: 2, c: c), 0)
        let x = [0.5, 0.25, 0.25]
        let product = (0..<9).map { x[$0 / 3] * x[$0 % 3] }
        XCTAssertEqual(value(product, n: 3, c: c), reference(product, n: 3, symmetric: true, c: c))
        XCTAssertEqual(value(product, n: 3, c: c), 0)
        // Near independence (HXY2 − HXY below 10⁻⁴) the value is the pair sum's, bit for bit.
        var near = product
        near[0] += 1e-7; near[4] -= 1e-7
        XCTAssertEqual(value(near, n: 3, c: c), reference(near, n: 3, symmetric: true, c: c))
    }
}
