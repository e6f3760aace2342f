import Foundation
import XCTest

/// The IBSI 1 presets from the command line.
final class IBSIPresetCLITests: XCTestCase {
    /// Configuration E (reference values withheld) produces every diagnostics, local intensity,
    /// statistics, intensity histogram and intensity-volume histogram feature, finite, and the
    /// re-segmentation counts the IBSI manual lists for it (44 484 voxels, mean −22.6 HU).
    func testConfigurationEProducesEveryIntensityFeature() throws {
        let ct = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti"
        let r = try CLI.run(["extract", ct + "/image/phantom.nii.gz", ct + "/mask/mask.nii.gz", "--preset", "ibsi1-config-e", "--format", "long"])
        XCTAssertEqual(r.status, 0, r.stderr)
        var values: [String: Double] = [:]
        for line in r.stdout.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            values[String(fields[fields.count - 2])] = Double(fields[fields.count - 1])
        }
        let table = try String(contentsOfFile: CLI.fixtures + "/ibsi/reference_values/ibsi1/ibsi1_config_D.csv", encoding: .utf8)
        let wanted = ["Diagnostics-", "Local intensity", "Statistics", "Intensity histogram", "Intensity volume histogram"]
        var expected: [String] = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if wanted.contains(where: { fields[1].hasPrefix($0) }) { expected.append(String(fields[3])) }
        }
        XCTAssertEqual(expected.count, 60 + 2 + 18 + 23 + 7)
        for tag in expected {
            let value = try XCTUnwrap(values[tag], "\(tag) missing")
            XCTAssertTrue(value.isFinite, "\(tag) = \(value)")
        }
        XCTAssertEqual(values["int_mask_vox_count_reseg_roi"], 44484)
        XCTAssertEqual(values["int_mask_mean_int_reseg_roi"] ?? .nan, -22.6, accuracy: 0.05)
        XCTAssertEqual(values["img_dim_z_interp_img"], 90)
    }

    func testPresetsListsTheIBSIPresets() throws {
        let r = try CLI.run(["presets"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["ibsi1-digital-phantom", "ibsi1-config-a", "ibsi1-config-b", "ibsi1-config-c", "ibsi1-config-d", "ibsi1-config-e"] {
            XCTAssertTrue(r.stdout.contains(name), name)
        }
    }
}
