import Foundation
import XCTest
@testable import Radiomics

/// The family registry is the one list of families: ids, order, catalogue and the features each
/// family computes agree with it.
final class FamilyRegistryTests: XCTestCase {
    func testFamilyIdsAreTheRegistryInOrder() throws {
        let ids = FamilyRegistry.families.map(\.id.rawValue)
        XCTAssertEqual(ids, ["diagnostics", "morphology", "local-intensity", "statistics", "intensity-histogram",
                             "intensity-volume-histogram", "glcm", "glrlm", "glszm", "gldzm", "ngtdm", "ngldm", "gldm"])
        XCTAssertEqual(ExtractionSettings.Family.allCases.map(\.rawValue), ids)
        XCTAssertEqual(Set(ExtractionSettings.Family.allCases).sorted(), ExtractionSettings.Family.allCases)
        XCTAssertNil(ExtractionSettings.Family(rawValue: "glcm2"))
        XCTAssertEqual(ExtractionSettings.Family(rawValue: "local-intensity"), .localIntensity)
        // Codable as its plain id (the provenance sidecar's settings).
        let json = try JSONEncoder().encode([ExtractionSettings.Family.ngldm])
        XCTAssertEqual(String(decoding: json, as: UTF8.self), #"["ngldm"]"#)
        XCTAssertEqual(try JSONDecoder().decode([ExtractionSettings.Family].self, from: json), [.ngldm])
        XCTAssertThrowsError(try JSONDecoder().decode([ExtractionSettings.Family].self, from: Data(#"["nope"]"#.utf8)))
    }

    func testCatalogueLinesAreUniqueAndCarryTheirFamilysPrefix() {
        var seen = Set<String>()
        for family in FamilyRegistry.families {
            for entry in family.catalogue {
                XCTAssertTrue(entry.stem.hasPrefix(family.tagPrefix), entry.stem)
                XCTAssertTrue(seen.insert(entry.stem).inserted, "\(entry.stem) listed twice")
                if let id = entry.ibsi { XCTAssertEqual(id.count, 4, entry.stem) }
                if entry.pyradiomics != nil { XCTAssertNotNil(family.pyradiomicsClass, entry.stem) }
            }
        }
        XCTAssertEqual(FeatureCatalogue.features.count, seen.count)
        XCTAssertEqual(FeatureCatalogue.features.filter { $0.ibsiIdentifier != nil }.count, 174)
        XCTAssertEqual(FeatureCatalogue.info(forTag: "cm_joint_var_3D_avg")?.pyradiomics, "original_glcm_SumSquares")
        XCTAssertEqual(FeatureCatalogue.info(forTag: "stat_mean")?.ibsiIdentifier, "Q4LE")
    }

    /// What each family computes is what its catalogue promises, tag for tag, for every texture
    /// dimension: the feature names come from the catalogue only.
    func testEveryFamilyComputesItsCatalogueTags() {
        let (base, _) = SyntheticTexture.syntheticROI(size: SIMD3(14, 13, 9))
        for dimension in ExtractionSettings.TextureDimension.allCases {
            var settings = base.settings
            settings.textureDimension = dimension
            let roi = ROIContext.discretise(image: base.image, morphologicalMask: base.morphologicalMask,
                                            intensityMask: base.intensityMask, settings: settings)
            for family in FamilyRegistry.families where family.parts > 0 {
                let tags = FamilyRegistry.features(family.id, roi).map(\.tag)
                XCTAssertEqual(tags.count, family.tags(dimension: dimension).count, "\(family.id.rawValue) \(dimension)")
                // The table orders columns by the catalogue (stem, then suffix); the families
                // compute aggregation by aggregation, each in catalogue order.
                for suffix in family.aggregation.suffixes(dimension) {
                    XCTAssertEqual(tags.filter { FeatureCatalogue.stem(of: $0) + suffix == $0 },
                                   family.catalogue.map { $0.stem + suffix }, "\(family.id.rawValue) \(dimension) \(suffix)")
                }
            }
        }
        XCTAssertEqual(DiagnosticsFamily().tags(dimension: .all).count, 60)
    }

    func testPreprocessorDoesNotFilter() throws {
        let g = Geometry(size: SIMD3(8, 8, 8))
        let image = ImageVolume(geometry: g, repeating: 1)
        var mask = MaskVolume(geometry: g, repeating: 0)
        mask[4, 4, 4] = 1
        var settings = ExtractionSettings()
        settings.filter = .square
        XCTAssertThrowsError(try Preprocessor.prepare(image: image, mask: mask, settings: settings)) {
            XCTAssertEqual(($0 as? RadiomicsError)?.kind, .internal)
        }
        settings.filter = nil
        XCTAssertNoThrow(try Preprocessor.prepare(image: image, mask: mask, settings: settings))
    }
}
