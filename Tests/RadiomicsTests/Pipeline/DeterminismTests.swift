import Foundation
import XCTest
@testable import Radiomics

/// Results must be bit-identical for any thread count (issue 8).
final class DeterminismTests: XCTestCase {
    func testParallelVisitsEveryIndexOnceAndMapsInOrder() {
        for threads in [1, 2, 3, 8] {
            let squares = Parallel.$threadCountOverride.withValue(threads) { Parallel.map(count: 1001) { $0 * $0 } }
            XCTAssertEqual(squares, (0..<1001).map { $0 * $0 }, "\(threads) threads")
        }
        XCTAssertEqual(Parallel.chunks(of: 10, size: 4), [0..<4, 4..<8, 8..<10])
        XCTAssertEqual(Parallel.chunks(of: 0, size: 4), [])
    }

    /// Chunked sums reduced in chunk order: the same bits whatever the thread count.
    func testChunkedReductionIsThreadCountIndependent() {
        let values = (0..<200_000).map { sin(Double($0)) * 1e6 + 1 / Double($0 + 1) }
        let chunks = Parallel.chunks(of: values.count, size: 4096)
        func sum(threads: Int) -> Double {
            Parallel.$threadCountOverride.withValue(threads) {
                Parallel.map(count: chunks.count) { c in values[chunks[c]].reduce(0, +) }.reduce(0, +)
            }
        }
        let one = sum(threads: 1)
        XCTAssertEqual(sum(threads: 2).bitPattern, one.bitPattern)
        XCTAssertEqual(sum(threads: 5).bitPattern, one.bitPattern)
    }

    /// Whole extraction (every family the registry computes) with one and two threads.
    func testExtractionIsBitIdenticalForOneAndTwoThreads() throws {
        let image = try NIfTIReader.read(FixturePath.ctImage)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        var settings = ExtractionSettings()
        settings.families = Set(ExtractionSettings.Family.allCases)
        func run(_ threads: Int) throws -> [Feature] {
            try Parallel.$threadCountOverride.withValue(threads) {
                try Extractor.extract(image: image, mask: mask, settings: settings)
            }
        }
        let one = try run(1), two = try run(2)
        XCTAssertFalse(one.isEmpty)
        XCTAssertEqual(one.map(\.tag), two.map(\.tag))
        for (a, b) in zip(one, two) {
            XCTAssertEqual(a.value.bitPattern, b.value.bitPattern, "\(a.tag): \(a.value) vs \(b.value)")
        }
    }
}
