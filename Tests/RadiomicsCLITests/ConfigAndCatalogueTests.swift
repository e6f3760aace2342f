import Foundation
import XCTest

/// Config files, the feature catalogue, ibsi-check and the conventions every command follows.
final class ConfigAndCatalogueTests: XCTestCase {
    let image = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let mask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"

    func config(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testUnknownKeyNamesFileLineAndPath() throws {
        let path = try config("preset: default\ndiscretisation:\n  texture:\n    method: fixed_bin_size\n    bin_size: 25\n  binwidth: 5\n")
        let r = try CLI.run(["extract", image, mask, "--config", path])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stderr, "radiomics: error: \(path):6: unknown key 'discretisation.binwidth'\n")
        XCTAssertEqual(r.stdout, "")
    }

    func testWrongTypeAndHugeNumberAreErrors() throws {
        var r = try CLI.run(["extract", image, mask, "--config", try config("texture:\n  dimension: 3D\n  glcm_distance: two\n")])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains(":3: 'texture.glcm_distance' must be an integer"), r.stderr)
        r = try CLI.run(["extract", image, mask, "--config", try config("resegmentation:\n  range: [1e999, 400]\n")])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains(":2: 'resegmentation.range' must be a number"), r.stderr)
        r = try CLI.run(["extract", image, mask, "--config", try config("texture:\n  ngldm_coarseness: 123456789012345678901234567890\n")])
        XCTAssertEqual(r.status, 64)
    }

    func testDeepNestingIsAnErrorNotACrash() throws {
        for text in ["a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n",
                     String(repeating: "- ", count: 50_000) + "x\n",
                     (0..<200).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n",
                     "a: &x [1, 2]\nb: [*x, *x]\n"] {
            let r = try CLI.run(["extract", image, mask, "--config", try config(text)])
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    /// pyradiomics' example parameter files run unchanged (pyradiomics mode, pyradiomics' columns).
    func testPyradiomicsParameterFileIsRecognised() throws {
        let dir = CLI.fixtures + "/pyradiomics-params"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for f in files {
            // MR_2D_extraction enables shape2D with force2D: a 3D ROI is an error there, as in
            // pyradiomics (PyRadiomicsCorpusTests), so it runs on the single-slice case.
            let c = f.hasPrefix("MR_2D") ? "slice2d" : "sphere"
            let r = try CLI.run(["extract", CLI.fixtures + "/pyradiomics/cases/\(c)_image.nii.gz",
                                 CLI.fixtures + "/pyradiomics/cases/\(c)_mask.nii.gz", "--config", "\(dir)/\(f)"])
            XCTAssertEqual(r.status, 0, "\(f): \(r.stderr)")
            XCTAssertTrue(r.stdout.hasPrefix("Image,Mask,Label,diagnostics_"), f)
            XCTAssertTrue(r.stdout.contains("original_"), f)
        }
    }

    func testConfigSelectsFeaturesAndLabels() throws {
        let path = try config("""
            preset: default
            features:
              families: [diagnostics]
              include: ["*_vox_count_init_roi"]
            label: all
            """)
        let r = try CLI.run(["extract", image, mask, "--config", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "image,mask,roi,int_mask_vox_count_init_roi,morph_mask_vox_count_init_roi\n\(image),\(mask),1,74,74\n")
        XCTAssertEqual(r.stderr, "")
    }

    func testFilterSectionIsValidatedAndNotIgnored() throws {
        let features = "features:\n  families: [statistics]\n  include: [stat_mean]\n"
        let plain = try CLI.run(["extract", image, mask, "--config", try config(features)])
        var r = try CLI.run(["extract", image, mask, "--config", try config(features + "filter:\n  type: log\n  sigma: 1.5\n  boundary: mirror\n")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        // A 3D LoG can warn (σ below the slice spacing): its tables have a `warnings` column.
        XCTAssertTrue(r.stdout.hasPrefix("image,mask,roi,stat_mean,warnings\n"), r.stdout)
        XCTAssertNotEqual(r.stdout, plain.stdout, "the filter changes the intensities")
        r = try CLI.run(["extract", image, mask, "--config", try config("filter:\n  type: log\n")])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("filter type 'log' needs 'sigma'"), r.stderr)
        r = try CLI.run(["extract", image, mask, "--config", try config("filter:\n  type: log\n  sigmaa: 1.5\n")])
        XCTAssertTrue(r.stderr.contains(":3: unknown key 'filter.sigmaa'"), r.stderr)
    }

    func testFeaturesCommand() throws {
        var r = try CLI.run(["features"])
        XCTAssertEqual(r.status, 0)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "tag,name,family,aggregations,pyradiomics,ibsi_id,standardised,definition")
        XCTAssertEqual(lines.count, 1 + 174 + 14 + 60)   // features, pyradiomics' GLDM, diagnostics
        XCTAssertTrue(lines.contains {
            $0.hasPrefix("cm_joint_max,Joint maximum,glcm,_2D_avg _2D_comb _2_5D_avg _2_5D_comb _3D_avg _3D_comb,original_glcm_MaximumProbability,GYBY,yes,")
        })
        XCTAssertTrue(lines.contains { $0.hasPrefix("stat_mean,Mean,statistics,,original_firstorder_Mean,Q4LE,yes,") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("int_mask_vox_count_reseg_roi,\"Intensity mask voxel count, after re-segmentation\",diagnostics,,,,no,") })
        r = try CLI.run(["features", "--family", "gldm", "--format", "md"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 2 + 14)
        XCTAssertTrue(r.stdout.contains("| gldm_DependenceEntropy | "))
        r = try CLI.run(["features", "--format", "json"])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(json.count, 174 + 14 + 60)
        XCTAssertTrue(json.allSatisfy { $0.keys.count == 8 && $0["standardised"] is Bool })
        // Every IBSI 1 feature (all but pyradiomics' GLDM) has its identifier, unique except the IVH
        // ones IBSI gives per fraction pair (v10/v90: BC2M, i10/i90: GBPN).
        let ids = json.filter { $0["family"] as? String != "gldm" && $0["family"] as? String != "diagnostics" }.map { $0["ibsi_id"] as? String }
        XCTAssertEqual(ids.count, 174)
        XCTAssertFalse(ids.contains(nil))
        XCTAssertEqual(Set(ids.compactMap { $0 }).count, 172)
        XCTAssertEqual(try CLI.run(["features", "--family", "nope"]).status, 64)
        XCTAssertEqual(try CLI.run(["features", "--format", "xml"]).status, 64)
    }

    func testVersionHelpAndCompletions() throws {
        let v = try CLI.run(["--version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertTrue(v.stdout.hasPrefix("0."), v.stdout)
        for sub in ["extract", "batch", "presets", "features", "ibsi-check"] {
            let h = try CLI.run(["help", sub])
            XCTAssertEqual(h.status, 0)
            XCTAssertTrue(h.stdout.contains("radiomics \(sub)"), sub)
        }
        XCTAssertTrue(try CLI.run(["--generate-completion-script", "bash"]).stdout.contains("batch"))
    }
}
