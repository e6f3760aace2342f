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

    /// The old top-level `flavour:` of a config still works, with a deprecation warning on
    /// stderr; the table is the one of its replacement, `discretisation.bin_origin`.
    func testDeprecatedFlavourKeyWarnsOnStderr() throws {
        let old = try config("flavour: pyradiomics\nresegmentation: {range: [2, null]}\n")
        let r = try CLI.run(["extract", image, mask, "--config", old])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("radiomics: warning: \(old):1: 'flavour' in a config is deprecated"), r.stderr)
        let new = try CLI.run(["extract", image, mask, "--config",
                               try config("discretisation: {bin_origin: roi_minimum}\nresegmentation: {range: [2, null]}\n")])
        XCTAssertEqual(new.status, 0, new.stderr)
        XCTAssertEqual(new.stderr, "")
        XCTAssertEqual(r.stdout.replacingOccurrences(of: old, with: "X"), new.stdout.replacingOccurrences(of: old, with: "X"))
    }

    func testAConfigNamingAnotherPresetIsRefused() throws {
        let path = try config("preset: ibsi1-config-c\n")
        let r = try CLI.run(["extract", image, mask, "--config", path, "--preset", "ibsi1-config-d"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stderr, "radiomics: error: \(path):1: 'preset' is 'ibsi1-config-c' but --preset ibsi1-config-d was given; use one\n")
        XCTAssertEqual(try CLI.run(["extract", image, mask, "--config", path, "--preset", "ibsi1-config-c"]).status, 0)
        XCTAssertEqual(try CLI.run(["extract", image, mask, "--preset", "no-such-preset"]).status, 64)
    }

    /// Every problem of a config file is a usage error (64), as the README's exit codes say.
    func testOversizedOrBinaryConfigIsAUsageError() throws {
        let big = try config("# " + String(repeating: "x", count: 1 << 20) + "\n")
        let r = try CLI.run(["extract", image, mask, "--config", big])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stderr, "radiomics: error: \(big): config file is larger than 1 MiB\n")
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID()).yaml").path
        try Data([0x66, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).write(to: URL(fileURLWithPath: binary))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: binary) }
        let b = try CLI.run(["extract", image, mask, "--config", binary])
        XCTAssertEqual(b.status, 64)
        XCTAssertEqual(b.stderr, "radiomics: error: \(binary): config file is not UTF-8 text\n")
    }

    /// A selection pattern that matches no feature of the settings is a usage error naming it,
    /// not a table of `image,mask,roi` alone (exit 0 before).
    func testAPatternThatMatchesNothingIsRefused() throws {
        let typo = try config("features:\n  include: [\"cm_contrst*\"]\n")
        let r = try CLI.run(["extract", image, mask, "--config", typo])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stderr, "radiomics: error: features.include: 'cm_contrst*' matches no feature of these settings (see 'radiomics features')\n")
        XCTAssertEqual(r.stdout, "")
        let exclude = try config("features:\n  families: [statistics]\n  exclude: [\"cm_*\"]\n")
        XCTAssertEqual(try CLI.run(["extract", image, mask, "--config", exclude]).status, 64, "cm_* excludes nothing from statistics")
        let good = try config("features:\n  include: [\"cm_contrast\", \"stat_mean\"]\n")
        let ok = try CLI.run(["extract", image, mask, "--config", good])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout.split(separator: "\n").first, "image,mask,roi,stat_mean,cm_contrast_3D_avg,cm_contrast_3D_comb")
    }
}
