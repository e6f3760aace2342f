import XCTest
@testable import Radiomics

final class RadixSortTests: XCTestCase {
    /// Same values as the comparison sort, numerically ascending, for small and large arrays of
    /// widened Floats, full Doubles, negatives, zeros of both signs, infinities and repeats.
    func testEqualsComparisonSort() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 11 }
        for n in [0, 1, 5, 64, 65, 1000, 100_000] {
            let widened = (0..<n).map { _ in Double(Float(Int(next() % 4000)) - 1000) / 7 }
            let full = (0..<n).map { _ in (Double(next()) / Double(1 << 53) - 0.5) * 1e6 }
            let special = (0..<n).map { i -> Double in [0.0, -0.0, .infinity, -.infinity, Double.leastNormalMagnitude / 4, -Double.leastNormalMagnitude / 4, 3.5][i % 7] }
            for values in [widened, full, special] {
                let radix = radixSorted(values)
                XCTAssertEqual(radix.count, values.count)
                XCTAssertEqual(radix, values.sorted(), "n = \(n)")
                XCTAssertTrue(zip(radix, radix.dropFirst()).allSatisfy { $0.sign == .minus || $1.sign == .plus || $0 < $1 || $0 == $1 })
            }
        }
        XCTAssertEqual(radixSorted([0.0, -0.0] + [Double](repeating: 1, count: 100)).prefix(2).map(\.sign), [.minus, .plus])
    }
}
