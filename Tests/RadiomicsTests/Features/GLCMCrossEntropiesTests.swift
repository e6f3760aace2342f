import Foundation
import XCTest
@testable import Radiomics

/// HXY1 and HXY2 in closed form (`GLCMFeatures.crossEntropies`), seen through IMC1 and IMC2,
/// against the sums over cells and level pairs that pyradiomics takes.
final class GLCMCrossEntropiesTests: XCTestCase {
    private let imc1 = GLCMFeatures.names.firstIndex { $0.hasSuffix("info_corr1") }!
    private let imc2 = GLCMFeatures.names.firstIndex { $0.hasSuffix("info_corr2") }!

    /// IMC1 and IMC2 from the sums, with the marginals, HX and HXY summed as `compute` sums them.
    private func reference(_ p: [Double], n: Int, symmetric: Bool, c: Conventions) -> (imc1: Double, imc2: Double) {
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
        var hx = 0.0, hy = 0.0, hxy1 = 0.0, hxy2 = 0.0
        for a in 0..<n where px[a] > 0 { hx -= px[a] * log2(px[a] + eps) }
        for b in 0..<n where py[b] > 0 { hy -= py[b] * log2(py[b] + eps) }
        for a in 0..<n { for b in 0..<n where p[a * n + b] != 0 { hxy1 -= p[a * n + b] * log2(px[a] * py[b] + eps) } }
        for a in 0..<n where px[a] > 0 { for b in 0..<n where py[b] > 0 { hxy2 -= px[a] * py[b] * log2(px[a] * py[b] + eps) } }
        let div = max(hx, hy)
        if c.pyradiomicsFlatValues {
            return (div != 0 ? (hxy - hxy1) / div : 0, hxy2 == hxy ? 0 : (1 - exp(-2 * (hxy2 - hxy))).squareRoot())
        }
        return (div > 0 ? (hxy - hxy1) / div : .nan, sqrt(max(0, 1 - exp(-2 * (hxy2 - hxy)))))
    }

    private func values(_ p: [Double], n: Int, c: Conventions) -> (imc1: Double, imc2: Double) {
        let v = GLCMFeatures.compute(probabilities: p, levels: Array(1...n), levelCount: n, conventions: c)
        return (v[imc1], v[imc2])
    }

    func testClosedFormEqualsSumsOnRandomMatrices() {
        var rng = SplitMix(seed: 20261205)
        var moved = 0
        for trial in 0..<600 {
            let n = 2 + trial % 39, symmetric = trial % 3 != 0
            var counts = [Int](repeating: 0, count: n * n)
            let pairs = 1 + Int(rng.next() * Double(4 * n * n))
            for _ in 0..<pairs {
                let a = Int(rng.next() * Double(n)), b = Int(rng.next() * Double(n))
                counts[a * n + b] += 1
                if symmetric { counts[b * n + a] += 1 }
            }
            var c: Conventions = .pyradiomics(symmetricGLCM: symmetric)
            if trial % 2 == 1 { c = .ibsi; c.symmetricGLCM = symmetric }
            let total = Double(counts.reduce(0, +))
            let p = counts.map { Double($0) / total }
            let got = values(p, n: n, c: c), want = reference(p, n: n, symmetric: symmetric, c: c)
            for (g, w, name) in [(got.imc1, want.imc1, "IMC1"), (got.imc2, want.imc2, "IMC2")] {
                if w.isNaN { XCTAssertTrue(g.isNaN, "trial \(trial) \(name): \(g)"); continue }
                XCTAssertLessThanOrEqual(abs(g - w), 1e-12 * max(abs(w), 1e-3), "trial \(trial) \(name): n \(n), \(g) vs \(w)")
                if g != w { moved += 1 }
            }
        }
        XCTAssertGreaterThan(moved, 0, "the closed forms are taken (else this compares the sums with themselves)")
    }

    /// Where HXY1 = HXY or HXY2 = HXY (independent levels, one level) pyradiomics' IMC1 and IMC2
    /// are 0 exactly: the closed forms give way to the sums, so they are 0 here too.
    func testIndependentMatricesKeepIMCExactlyZero() {
        let c = Conventions.pyradiomics()
        let x = [0.5, 0.25, 0.25]
        let product = (0..<9).map { x[$0 / 3] * x[$0 % 3] }
        for (p, n) in [([1.0], 1), ([0.25, 0.25, 0.25, 0.25], 2), (product, 3)] {
            let v = values(p, n: n, c: c)
            XCTAssertEqual(v.imc1, 0, "n \(n)")
            XCTAssertEqual(v.imc2, 0, "n \(n)")
        }
        // Near independence (the differences below 10⁻⁴) the values are the sums', bit for bit.
        var near = product
        near[0] += 1e-7; near[4] -= 1e-7
        let v = values(near, n: 3, c: c), w = reference(near, n: 3, symmetric: true, c: c)
        XCTAssertEqual(v.imc1, w.imc1)
        XCTAssertEqual(v.imc2, w.imc2)
    }
}
