import Foundation
import XCTest

/// `--config` over `--preset`: the preset is the base the config's keys override, and a config
/// naming another preset is refused (README, "Config files").
final class ConfigOptionsTests: XCTestCase {
    let image = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let mask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"

    func config(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func long(_ r: CLI.Result) -> [String: String] {
        Dictionary(uniqueKeysWithValues: r.stdout.split(separator: "\n").dropFirst().map {
            let f = $0.split(separator: ",")
            return (String(f[f.count - 2]), String(f[f.count - 1]))
        })
    }

    func testPresetIsTheBaseTheConfigOverrides() throws {
        let base = try CLI.run(["extract", image, mask, "--preset", "ibsi1-digital-phantom", "--format", "long"])
        XCTAssertEqual(base.status, 0, base.stderr)
        let restricted = try CLI.run(["extract", image, mask, "--preset", "ibsi1-digital-phantom", "--format", "long",
                                      "--config", try config("features:\n  families: [statistics, glcm]\n")])
        XCTAssertEqual(restricted.status, 0, restricted.stderr)
        let all = long(base), some = long(restricted)
        XCTAssertEqual(Set(some.keys), Set(all.keys.filter { $0.hasPrefix("stat_") || $0.hasPrefix("cm_") }))
        for (tag, value) in some { XCTAssertEqual(value, all[tag], tag) }
        // The same config over the default preset discretises otherwise (the digital phantom's preset
        // uses its grey levels as they are, and every aggregation): the GLCM moves, the statistics do not.
        let overDefault = long(try CLI.run(["extract", image, mask, "--format", "long",
                                            "--config", try config("features:\n  families: [statistics, glcm]\n")]))
        XCTAssertEqual(overDefault["stat_mean"], all["stat_mean"])
        XCTAssertFalse(overDefault.keys.contains { !$0.hasPrefix("stat_") && !$0.hasPrefix("cm_") })
        XCTAssertNotEqual(overDefault["cm_joint_max_3D_avg"], some["cm_joint_max_3D_avg"])
    }

    func testAConfigNamingAnotherPresetIsRefused() throws {
        let path = try config("preset: ibsi1-config-c\n")
        let r = try CLI.run(["extract", image, mask, "--config", path, "--preset", "ibsi1-config-d"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stderr, "radiomics: error: \(path):1: 'preset' is 'ibsi1-config-c' but --preset ibsi1-config-d was given; use one\n")
        XCTAssertEqual(try CLI.run(["extract", image, mask, "--config", path, "--preset", "ibsi1-config-c"]).status, 0)
        XCTAssertEqual(try CLI.run(["extract", image, mask, "--preset", "no-such-preset"]).status, 64)
    }
}
