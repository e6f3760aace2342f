import Foundation
import XCTest
@testable import Radiomics

/// PET metrics on a volume whose values are known by construction: background SUV 1, a
/// 13×13×9 ROI of SUV 2 with one voxel of SUV 10 whose 1 cm³ sphere lies inside the ROI.
final class PETMetricsTests: XCTestCase {
    func volume() -> (ImageVolume, MaskVolume) {
        let g = Geometry(size: SIMD3(18, 18, 12), spacing: SIMD3(2, 2, 2), origin: SIMD3(-5, 3, 40))
        var image = ImageVolume(geometry: g, repeating: 1), roi = MaskVolume(geometry: g, repeating: 0)
        for k in 1...9 { for j in 2...14 { for i in 2...14 { image[i, j, k] = 2; roi[i, j, k] = 1 } } }
        image[8, 8, 5] = 10
        return (image, roi)
    }

    func metrics(_ t: PETThreshold) -> [String: Double] {
        let (image, roi) = volume()
        return Dictionary(uniqueKeysWithValues: PETMetrics.features(image: image, roi: roi, threshold: t).map { ($0.tag, $0.value) })
    }

    func testFortyOnePercentKeepsTheHotVoxelOnly() {
        let m = metrics(.percentOfMax(41))
        XCTAssertEqual(m["pet_suv_max"], 10)
        XCTAssertEqual(m["pet_suv_mean"], 10)
        XCTAssertEqual(m["pet_mtv_ml"]!, 0.008, accuracy: 1e-15)           // one voxel of 8 mm³
        XCTAssertEqual(m["pet_tlg"]!, 0.08, accuracy: 1e-15)
        // r = (3/(4π))^{1/3} cm = 6.2035 mm, spacing 2 mm: the 123 voxels with i²+j²+k² ≤ 9.
        XCTAssertEqual(m["pet_suv_peak"]!, (10 + 122 * 2) / 123, accuracy: 1e-12)
    }

    func testAbsoluteThresholdKeepsTheWholeROI() {
        let m = metrics(.absolute(1.5))
        let n = 13.0 * 13 * 9, mean = (2 * (n - 1) + 10) / n
        XCTAssertEqual(m["pet_mtv_ml"]!, n * 8 / 1000, accuracy: 1e-12)
        XCTAssertEqual(m["pet_suv_mean"]!, mean, accuracy: 1e-12)
        XCTAssertEqual(m["pet_tlg"]!, mean * n * 8 / 1000, accuracy: 1e-12)
        XCTAssertEqual(m["pet_suv_max"], 10)
    }

    func testAThresholdAboveTheMaximumLeavesAnEmptyRegion() {
        let m = metrics(.absolute(20))
        XCTAssertEqual(m["pet_mtv_ml"], 0)
        XCTAssertEqual(m["pet_tlg"], 0)
        XCTAssertTrue(m["pet_suv_max"]!.isNaN && m["pet_suv_peak"]!.isNaN)
    }

    func testThresholdParsing() throws {
        XCTAssertEqual(try PETThreshold.parse("41%"), .percentOfMax(41))
        XCTAssertEqual(try PETThreshold.parse("2.5"), .absolute(2.5))
        for bad in ["0%", "150%", "abc", "41 %%"] {
            XCTAssertThrowsError(try PETThreshold.parse(bad)) { XCTAssertEqual(($0 as! RadiomicsError).exitCode, 64) }
        }
    }

    func testColumnsFollowTheThresholdSetting() throws {
        var c = try RunConfiguration.preset("default")
        XCTAssertFalse(c.featureColumns.contains("pet_tlg"))
        c.petThreshold = .percentOfMax(41)
        XCTAssertEqual(Array(c.featureColumns.suffix(5)), PETMetrics.tags)
    }
}
