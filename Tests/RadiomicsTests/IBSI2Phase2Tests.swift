import XCTest
@testable import Radiomics

/// IBSI 2 phase 2: the 18 configurations exist as extraction presets and produce the 18
/// `stat_*` features of the filtered CT phantom (reference values are withheld: checked blind).
final class IBSI2Phase2Tests: XCTestCase {
    static let statTags = ["stat_mean", "stat_var", "stat_skew", "stat_kurt", "stat_median", "stat_min", "stat_p10", "stat_p90",
                           "stat_max", "stat_iqr", "stat_range", "stat_mad", "stat_rmad", "stat_medad", "stat_cov", "stat_qcod",
                           "stat_energy", "stat_rms"]

    func testEveryConfigurationIsAPresetWithItsFilter() throws {
        for n in 1...9 {
            for variant in ["A", "B"] {
                let preset = try XCTUnwrap(Presets.named("ibsi2-phase2-\(n).\(variant)"), "\(n).\(variant)")
                XCTAssertEqual(preset.settings.filter == .original, n == 1, "configuration 1 is the unfiltered image")
                XCTAssertEqual(preset.settings.families, [.statistics])
                XCTAssertEqual(preset.settings.resegmentationLower, -1000)
                XCTAssertEqual(preset.settings.resegmentationUpper, 400)
                XCTAssertEqual(preset.settings.interpolation?.spacing, variant == "B" ? SIMD3(1, 1, 1) : nil)
            }
        }
    }

    private func statistics(_ id: String) throws -> [Feature] {
        let settings = try XCTUnwrap(Presets.named(id)).settings
        let image = try NIfTIReader.read(FixturePath.ctImage)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        return try Extractor.extract(image: image, mask: mask, settings: settings)
    }

    func testFilteredStatisticsAreProducedAndDifferFromTheOriginal() throws {
        let original = try XCTUnwrap(Presets.named("ibsi2-phase2-1.A")).settings
        let image = try NIfTIReader.read(FixturePath.ctImage)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        let plain = try Extractor.extract(image: image, mask: mask, settings: original)
        for id in ["ibsi2-phase2-2.A", "ibsi2-phase2-3.B", "ibsi2-phase2-6.A"] {
            let features = try statistics(id)
            XCTAssertEqual(features.map(\.tag), Self.statTags, id)
            XCTAssertTrue(features.allSatisfy { $0.value.isFinite }, id)
            XCTAssertNotEqual(features.first { $0.tag == "stat_var" }?.value, plain.first { $0.tag == "stat_var" }?.value, id)
        }
    }
}
