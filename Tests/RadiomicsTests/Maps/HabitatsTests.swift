import Foundation
@testable import Radiomics
import XCTest

final class HabitatsTests: XCTestCase {
    /// A 10×6×4 box ROI: the left half (x < 5) near 100, the right half near 300.
    static func twoHalves() -> (ImageVolume, MaskVolume) {
        let g = Geometry(size: SIMD3(12, 8, 6), spacing: SIMD3(1, 1, 1))
        var image = ImageVolume(geometry: g, repeating: 0), mask = MaskVolume(geometry: g, repeating: 0)
        for k in 0..<6 { for j in 0..<8 { for i in 0..<12 {
            let n = image.linearIndex(i, j, k)
            let wobble = Float((i * 7 + j * 13 + k * 29) % 11) - 5
            image.voxels[n] = (i < 6 ? 100 : 300) + wobble
            if (1...10).contains(i) && (1...6).contains(j) && (1...4).contains(k) { mask.voxels[n] = 1 }
        } } }
        return (image, mask)
    }

    func habitats(k: Int?) throws -> (MaskVolume, Habitats.Clustering, MaskVolume) {
        let (image, mask) = Self.twoHalves()
        let config = try FeatureMaps.selecting(["stat_mean", "stat_var"], in: try RunConfiguration.preset("default"))
        let maps = try FeatureMaps.compute(image: image, mask: mask, configuration: config, radius: .voxels(0))
        let (labels, c) = try Habitats.labelMap(maps, roi: mask, k: k)
        return (labels, c, mask)
    }

    func testTwoIntensitiesSplitIntoTheirHalves() throws {
        let (labels, c, mask) = try habitats(k: 2)
        XCTAssertEqual(c.k, 2)
        for n in mask.voxels.indices {
            let x = n % 12
            let expected: UInt8 = mask.voxels[n] == 0 ? 0 : x < 6 ? 1 : 2   // 1: the lower mean of stat_mean
            XCTAssertEqual(labels.voxels[n], expected, "voxel \(n)")
        }
    }

    func testAutoPicksTwo() throws {
        let (labels, c, _) = try habitats(k: nil)
        XCTAssertEqual(c.k, 2)
        XCTAssertEqual(Set(c.silhouettes.keys), Set(2...8))
        XCTAssertEqual(c.silhouettes.max { $0.value < $1.value }?.key, 2)
        XCTAssertEqual(labels.voxels.max(), 2)
    }

    func testDeterministicForAnyThreadCount() throws {
        // Three overlapping blobs of noisy points: k-means++ draws matter here.
        var f1: [Double] = [], f2: [Double] = []
        var rng = SplitMix64(seed: 7)
        for i in 0..<600 {
            let c = Double(i % 3)
            f1.append(c * 1.5 + rng.unit() * 2)
            f2.append(c * c - rng.unit() * 3)
        }
        let a = try Parallel.$threadCountOverride.withValue(1) { try Habitats.cluster([f1, f2], k: 4) }
        let b = try Parallel.$threadCountOverride.withValue(3) { try Habitats.cluster([f1, f2], k: 4) }
        let c = try Habitats.cluster([f1, f2], k: 4)
        XCTAssertEqual(a.labels, b.labels)
        XCTAssertEqual(a.labels, c.labels)
        XCTAssertEqual(Set(a.labels), [1, 2, 3, 4])
        // Labels ordered by the habitat's mean of the first feature.
        let meanOf = { (h: Int) -> Double in
            let v = zip(f1, a.labels).filter { $0.1 == h }.map(\.0)
            return v.reduce(0, +) / Double(v.count)
        }
        XCTAssert((1..<4).allSatisfy { meanOf($0) <= meanOf($0 + 1) })
    }

    func testBadK() {
        XCTAssertThrowsError(try Habitats.cluster([[1, 2, 3]], k: 4)) { XCTAssertEqual(($0 as? RadiomicsError)?.kind, .usage) }
        XCTAssertThrowsError(try Habitats.cluster([[1, 2]], k: nil)) { XCTAssertEqual(($0 as? RadiomicsError)?.kind, .badInput) }
    }
}
