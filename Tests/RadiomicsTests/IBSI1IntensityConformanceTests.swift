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

    /// The IVH of N = 11 voxels holding 0, 1, …, 10 once each, discrete calibrated (w_d = 1,
    /// K = 10): ν_k = (N − k)/N, so, by the IBSI 1 §3.5 definitions, V10 = ν_1, V90 = ν_9,
    /// I10 = i_10, I90 = i_2, and the trapezoidal area Σ (ν_k + ν_{k+1})/(2K) = (N + 1)/(2N).
    /// `ivh_auc` has no IBSI reference value: this analytic one pins it.
    func testIVHOnAnalyticROI() throws {
        let n = 11
        let g = Geometry(size: SIMD3(n, 1, 1))
        let image = ImageVolume(geometry: g, voxels: (0..<n).map(Float.init))
        let mask = MaskVolume(geometry: g, repeating: 1)
        var settings = ExtractionSettings()
        settings.ivhDiscretisation = .none
        settings.families = [.intensityVolumeHistogram]
        let features = try Extractor.extract(image: image, mask: mask, settings: settings)
        let value = Dictionary(uniqueKeysWithValues: features.map { ($0.tag, $0.value) })
        let nv = Double(n)
        XCTAssertEqual(try XCTUnwrap(value["ivh_v10"]), 10 / nv, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(value["ivh_v90"]), 2 / nv, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(value["ivh_i10"]), 10, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(value["ivh_i90"]), 2, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(value["ivh_auc"]), (nv + 1) / (2 * nv), accuracy: 1e-12)
    }
}
