import Foundation
@testable import Radiomics
import XCTest

final class SparseMapGzipTests: XCTestCase {
    /// The sparse stream decodes (zlib) to the bytes of the full grid: header, then `outside`
    /// everywhere but the given positions, for runs of every length mod 4 and 258 (copies of
    /// 3…258 bytes and the 1–2 byte tails), NaN and ordinary outside values, an empty ROI.
    func testDecodesToTheFullGrid() throws {
        let prefix = (0..<352).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let cases: [(count: Int, positions: [Int], outside: Float)] = [
            (5000, [0, 1, 2, 7, 8, 100, 101, 365, 366, 1400, 4999], .nan),
            (3000, [64, 65, 66, 67, 129, 388, 647, 906, 1165, 1424, 2999], 0),
            (700, [], -1.5),
            (1, [0], .nan),
            (2 * 258 + 3, [2], 7),
        ] + (1...40).map { n in (count: 520 + n, positions: [n, 2 * n + 3], outside: Float.nan) }
        for c in cases {
            let values = c.positions.map { Float($0) * 0.25 - 3 }
            let data = SparseMapGzip.encode(prefix: prefix, count: c.count, positions: c.positions, values: values, outside: c.outside)
            var grid = [Float](repeating: c.outside, count: c.count)
            for (k, n) in c.positions.enumerated() { grid[n] = values[k] }
            var expected = Data(prefix)
            grid.withUnsafeBytes { expected.append(contentsOf: $0) }
            let decoded = try Gzip.decompress(data, file: "test", limit: 1 << 24)
            XCTAssertEqual(decoded, expected, "count \(c.count) positions \(c.positions)")
        }
    }

    /// A written map reads back as the map on the whole grid (NIfTI reader, geometry included).
    func testWrittenMapReadsBack() throws {
        let (image, mask) = FeatureMapsTests.synthetic { i, j, k in Float(FeatureMapsTests.noise(i, j, k, 50)) }
        var config = try RunConfiguration.preset("default")
        config.settings.families = [.statistics]
        let maps = try FeatureMaps.compute(image: image, mask: mask, configuration: config)
        let folder = NSTemporaryDirectory() + "sparse-map-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FeatureMaps.write(maps, to: folder)
        for c in [0, maps.columns.count - 1] {
            let back = try NIfTIReader.read(folder + "/" + FeatureMaps.fileName(maps.columns[c]))
            XCTAssertEqual(back.geometry.size, image.geometry.size)
            XCTAssertEqual(back.voxels.map(\.bitPattern), maps.map(c).map(\.bitPattern), maps.columns[c])
        }
    }
}
