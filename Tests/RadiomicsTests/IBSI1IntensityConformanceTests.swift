import Foundation
import XCTest
@testable import Radiomics

/// IBSI 1 conformance of the processing chain (diagnostics) and the non-texture intensity
/// families, against the official reference tables with the official match rule.
final class IBSI1IntensityConformanceTests: XCTestCase {
    /// The families this suite is responsible for (Morphology and texture have their own suites).
    static func isCovered(_ family: String) -> Bool {
        family.hasPrefix("Diagnostics-") || ["Local intensity", "Statistics", "Intensity histogram",
                                             "Intensity volume histogram"].contains(family)
    }

    private func run(preset: String, image: String, mask: String, table: String) throws -> IBSIConformanceReport {
        let settings = try XCTUnwrap(Presets.named(preset)).settings
        let volume = try NIfTIReader.read(image)
        let roi = try MaskIO.readMasks(mask, image: volume.geometry, selection: .automatic)
        let features = try Extractor.extract(image: volume, mask: roi[0].mask, settings: settings)
        let rows = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/" + table))
        let report = IBSIConformanceReport.evaluate(features, against: rows, familyFilter: Self.isCovered)
        print(report.summary)
        print("\(report.dataset): \(report.matched)/\(report.total) rows matched")
        for miss in report.misses { print("  MISS \(miss)") }
        XCTAssertGreaterThan(report.total, 0)
        XCTAssertTrue(report.passed, "\(report.dataset): \(report.misses.count) rows missed")
        return report
    }

    func testDigitalPhantom() throws {
        let report = try run(preset: "ibsi1-digital-phantom", image: FixturePath.digitalImage, mask: FixturePath.digitalMask,
                             table: "ibsi1_digital_phantom.csv")
        XCTAssertEqual(report.total, 49)   // 2 + 18 + 23 + 6 toleranced rows (ivh_auc has none)
    }

    func testConfigurationA() throws {
        _ = try run(preset: "ibsi1-config-a", image: FixturePath.ctImage, mask: FixturePath.ctMask, table: "ibsi1_config_A.csv")
    }

    func testConfigurationB() throws {
        _ = try run(preset: "ibsi1-config-b", image: FixturePath.ctImage, mask: FixturePath.ctMask, table: "ibsi1_config_B.csv")
    }

    func testConfigurationC() throws {
        _ = try run(preset: "ibsi1-config-c", image: FixturePath.ctImage, mask: FixturePath.ctMask, table: "ibsi1_config_C.csv")
    }

    func testConfigurationD() throws {
        _ = try run(preset: "ibsi1-config-d", image: FixturePath.ctImage, mask: FixturePath.ctMask, table: "ibsi1_config_D.csv")
    }
}
