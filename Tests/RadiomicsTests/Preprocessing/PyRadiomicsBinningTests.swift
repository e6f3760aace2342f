import XCTest
@testable import Radiomics

/// `PyRadiomicsBinning.digitizeAll` (a guess from one division, then corrected) against the binary
/// search `digitize`, value for value, for fixed bin widths and bin counts.
final class PyRadiomicsBinningTests: XCTestCase {
    func testDigitizeAllEqualsBinarySearch() {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for (scale, offset) in [(1.0, 0.0), (3000.0, -1024.0), (1e-3, 5.0), (250.0, 0.1), (0.0, 7.0)] {
            let sample = (0..<5000).map { _ in offset + scale * next() }
            // Values on the edges themselves, and just beside them.
            let width = 25.0 * Swift.max(scale, 1e-9) / 1000
            for binning in [(width, nil), (25, nil), (width, 7), (width, 64)] as [(Double, Int?)] {
                let edges = PyRadiomicsBinning.edges(sample, binWidth: binning.0, binCount: binning.1)
                let values = sample + edges + edges.map { $0.nextUp } + edges.map { $0.nextDown }
                XCTAssertEqual(PyRadiomicsBinning.digitizeAll(values, edges), values.map { PyRadiomicsBinning.digitize($0, edges) },
                               "scale \(scale), binning \(binning)")
            }
        }
        XCTAssertEqual(PyRadiomicsBinning.digitizeAll([.nan, 1, 2], [0, 1.5, 3]), [PyRadiomicsBinning.digitize(.nan, [0, 1.5, 3]), 1, 2])
    }
}
