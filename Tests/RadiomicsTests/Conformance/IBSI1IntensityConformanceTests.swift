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

    /// The IVH of N voxels holding 0, 1, …, N − 1 once each, discrete calibrated (w_d = 1,
    /// K = N − 1): ν_k = (N − k)/N and γ_k = k/K, so by the IBSI 1 §3.5 definitions (V_x: ν at the
    /// first γ ≥ x %; I_x: the first i with ν ≤ x %) and the trapezoidal area
    /// Σ (ν_k + ν_{k+1})/(2K) = (N + 1)/(2N):
    /// - N = 11: V10 = ν_1 = 10/11, V90 = ν_9 = 2/11, I10 = 10, I90 = 2;
    /// - N = 10: V10 = ν_1 = 9/10, V90 = ν_9 = 1/10, and ν = x % exactly at I10 = 9 and I90 = 1.
    /// `ivh_auc` has no IBSI reference value: this analytic one pins it.
    func testIVHOnAnalyticROI() throws {
        let expected: [Int: (v10: Double, v90: Double, i10: Double, i90: Double)] = [
            11: (10.0 / 11, 2.0 / 11, 10, 2),
            10: (0.9, 0.1, 9, 1),
        ]
        for (n, want) in expected {
            let g = Geometry(size: SIMD3(n, 1, 1))
            let image = ImageVolume(geometry: g, voxels: (0..<n).map(Float.init))
            let mask = MaskVolume(geometry: g, repeating: 1)
            var settings = ExtractionSettings()
            settings.ivhDiscretisation = .none
            settings.families = [.intensityVolumeHistogram]
            let features = try Extractor.extract(image: image, mask: mask, settings: settings)
            let value = Dictionary(uniqueKeysWithValues: features.map { ($0.tag, $0.value) })
            let nv = Double(n)
            XCTAssertEqual(try XCTUnwrap(value["ivh_v10"]), want.v10, accuracy: 1e-12, "N = \(n)")
            XCTAssertEqual(try XCTUnwrap(value["ivh_v90"]), want.v90, accuracy: 1e-12, "N = \(n)")
            XCTAssertEqual(try XCTUnwrap(value["ivh_i10"]), want.i10, accuracy: 1e-12, "N = \(n)")
            XCTAssertEqual(try XCTUnwrap(value["ivh_i90"]), want.i90, accuracy: 1e-12, "N = \(n)")
            XCTAssertEqual(try XCTUnwrap(value["ivh_auc"]), (nv + 1) / (2 * nv), accuracy: 1e-12, "N = \(n)")
        }
    }
}
