import XCTest
@testable import Radiomics

/// The YAML config schema: every key maps onto `ExtractionSettings` / `RunConfiguration`.
final class ConfigFileTests: XCTestCase {
    /// The README's example config, key for key.
    static let example = """
        # IBSI 1 configuration C, written out in full
        preset: default
        round_initial_intensities: true
        interpolation:
          spacing: [2, 2, 2]
          in_plane_only: false
          image_interpolator: linear
          mask_interpolator: linear
          round_intensities: true
          partial_volume_threshold: 0.5
        resegmentation:
          range: [-1000, 400]
          outlier_sigma: null
        discretisation:
          texture: {method: fixed_bin_size, bin_size: 25, lower_bound: -1000}
          ivh: {method: fixed_bin_size, bin_size: 2.5, lower_bound: -1000}
          ivh_ignores_resegmentation_range: false
          bin_origin: resegmentation_range
        texture:
          dimension: 3D
          glcm_distance: 1
          ngtdm_distance: 1
          ngldm_distance: 1
          ngldm_coarseness: 0
          gldm_alpha: 0
        features:
          families: [diagnostics, morphology, statistics, glcm]
          include: ["*"]
          exclude: ["cm_*_3D_avg"]
        label: all
        """

    func testExampleMapsOntoSettings() throws {
        let c = try ConfigFile.parse(Self.example, file: "c.yaml")
        let s = c.settings
        XCTAssertEqual(c.preset, "default")
        XCTAssertTrue(s.roundInitialIntensities)
        XCTAssertEqual(s.interpolation?.spacing, SIMD3(2, 2, 2))
        XCTAssertEqual(s.interpolation?.roundIntensities, true)
        XCTAssertEqual(s.resegmentationLower, -1000)
        XCTAssertEqual(s.resegmentationUpper, 400)
        XCTAssertNil(s.outlierSigma)
        XCTAssertEqual(s.discretisation, .fixedBinSize(25, lowerBound: -1000))
        XCTAssertEqual(s.ivhDiscretisation, .fixedBinSize(2.5, lowerBound: -1000))
        XCTAssertEqual(s.binOrigin, .resegmentationRange)
        XCTAssertEqual(s.textureDimension, .threeD)
        XCTAssertEqual(s.families, [.diagnostics, .morphology, .statistics, .glcm])
        XCTAssertEqual(c.label, "all")
        let columns = c.featureColumns
        XCTAssertTrue(columns.contains("cm_joint_max_3D_comb"))
        XCTAssertFalse(columns.contains("cm_joint_max_3D_avg"))
        XCTAssertTrue(columns.contains("stat_mean"))
        XCTAssertFalse(columns.contains { $0.hasPrefix("rlm_") })
    }

    func testErrorsNameLineAndPath() throws {
        func message(_ text: String) -> String {
            do { _ = try ConfigFile.parse(text, file: "c.yaml"); return "no error" } catch { return error.description }
        }
        XCTAssertEqual(message("texture:\n  dimension: 4D\n"), "c.yaml:2: 'texture.dimension' must be one of 2D, 3D, all, not '4D'")
        // A pyradiomics parameter file is recognised here, once, and read as the pyradiomics recipe.
        XCTAssertEqual(try ConfigFile.parse("setting:\n  binWidth: 10\n", file: "p.yaml").pyradiomics?.settings.binWidth, 10)
        XCTAssert(message("setting:\n  binWidth: 0\n").contains("binWidth"))
        XCTAssertEqual(message("interpolation:\n  spacing: [1, 1]\n"), "c.yaml:2: 'interpolation.spacing' must be one number or [x, y, z] in mm")
        XCTAssertEqual(message("discretisation:\n  texture:\n    method: fixed_bin_number\n    bin_size: 3\n    bins: 8\n"),
                       "c.yaml:4: unknown key 'discretisation.texture.bin_size'")
        XCTAssertTrue(message("texture:\n  dimension: 3D\n  dimension: 2D\n").contains("duplicated key(s): 'dimension'"))
        XCTAssertEqual(message("features: [glcm]\n"), "c.yaml:1: 'features' must be a mapping of keys")
        XCTAssertEqual(message("preset: nope\n"), "c.yaml:1: unknown preset 'nope' (see 'radiomics presets')")
        XCTAssertEqual(message("resegmentation:\n  range: [400, -1000]\n"), "c.yaml:2: 'resegmentation.range': lower bound 400.0 is above upper bound -1000.0")
        XCTAssertEqual(message("label: 1\nroi: GTV\n"), "c.yaml: give 'label' or 'roi', not both")
    }

    func testEmptyFileIsThePreset() throws {
        XCTAssertEqual(try ConfigFile.parse("# nothing\n", file: "c.yaml").settings, ExtractionSettings())
    }

    func testGlobAndSelection() {
        XCTAssertTrue(FeatureSelection.glob("cm_*_3D_avg", "cm_joint_max_3D_avg"))
        XCTAssertFalse(FeatureSelection.glob("cm_*_3D_avg", "cm_joint_max_3D_comb"))
        XCTAssertTrue(FeatureSelection.glob("*", ""))
        XCTAssertFalse(FeatureSelection.glob(String(repeating: "*a", count: 50) + "b", String(repeating: "a", count: 200)))
        let s = FeatureSelection(include: ["cm_joint_max"], exclude: [])
        XCTAssertTrue(s.admits("cm_joint_max_2D_avg"))
        XCTAssertFalse(s.admits("cm_joint_avg_2D_avg"))
    }

    func testCatalogueTagsFollowDimension() throws {
        var s = ExtractionSettings()
        s.families = [.glcm, .glszm]
        s.textureDimension = .twoD
        let tags = FeatureCatalogue.tags(for: s)
        XCTAssertEqual(tags.count, 25 * 4 + 16 * 2)
        XCTAssertEqual(tags.first, "cm_joint_max_2D_avg")
        s.textureDimension = .all
        XCTAssertEqual(FeatureCatalogue.tags(for: s).count, 25 * 6 + 16 * 3)
        // Every tag of the IBSI digital phantom table is in the catalogue's full column set.
        var all = ExtractionSettings()
        all.textureDimension = .all
        let columns = Set(FeatureCatalogue.tags(for: all))
        let reference = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/ibsi1_digital_phantom.csv"))
        XCTAssertFalse(reference.isEmpty)
        for row in reference { XCTAssertTrue(columns.contains(row.tag), row.tag) }
        let configA = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/ibsi1_config_A.csv"))
        XCTAssertEqual(configA.count, 411)
        for row in configA { XCTAssertTrue(columns.contains(row.tag), row.tag) }
    }

    /// `discretisation.bin_origin` sets where fixed-bin-size bins start; the old top-level
    /// `flavour` key still sets it, with a warning naming the line; both at once is an error.
    func testBinOriginAndTheDeprecatedFlavourKey() throws {
        let config = "discretisation:\n  bin_origin: roi_minimum\n"
        XCTAssertEqual(try ConfigFile.parse(config, file: "c.yaml").settings.binOrigin, .roiMinimum)
        XCTAssertEqual(try ConfigFile.parse("preset: default\n", file: "c.yaml").settings.binOrigin, .resegmentationRange)
        var warnings: [String] = []
        let old = try ConfigFile.parse("preset: default\nflavour: pyradiomics\n", file: "c.yaml") { warnings.append($0) }
        XCTAssertEqual(old.settings.binOrigin, .roiMinimum)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix("c.yaml:2: 'flavour' in a config is deprecated: use 'discretisation.bin_origin"), warnings[0])
        XCTAssertEqual(try ConfigFile.parse("flavour: ibsi\n", file: "c.yaml").settings.binOrigin, .resegmentationRange)
        XCTAssertThrowsError(try ConfigFile.parse("flavour: ibsi\n" + config, file: "c.yaml")) {
            XCTAssertEqual(($0 as? RadiomicsError)?.kind, .usage)
        }
        XCTAssertThrowsError(try ConfigFile.parse("discretisation:\n  bin_origin: pyradiomics\n", file: "c.yaml")) {
            XCTAssertEqual(($0 as? RadiomicsError)?.message,
                           "c.yaml:2: 'discretisation.bin_origin' must be one of resegmentation_range, roi_minimum, not 'pyradiomics'")
        }
        // The same numbers: the deprecated spelling and the new key give equal settings.
        XCTAssertEqual(old.settings, try ConfigFile.parse(config, file: "c.yaml").settings)
    }
}
