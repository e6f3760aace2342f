import Foundation
import XCTest

/// The rough edges a first-time user hit (issue 19): each gives one clear line.
final class RoughEdgesTests: XCTestCase {
    let image = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let mask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
    let impulse = CLI.fixtures + "/ibsi/ibsi2/digital_phantoms/nifti/impulse/image/impulse.nii.gz"

    func file(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func assertOneLine(_ r: CLI.Result, status: Int32, contains: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("radiomics: error: "), r.stderr, file: file, line: line)
        for c in contains { XCTAssertTrue(r.stderr.contains(c), "'\(c)' not in: \(r.stderr)", file: file, line: line) }
    }

    func testOutputIntoAMissingFolderNamesTheFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID())").path
        assertOneLine(try CLI.run(["extract", image, mask, "-o", folder + "/f.csv"]), status: 73,
                      contains: ["the folder '\(folder)' does not exist"])
        assertOneLine(try CLI.run(["filter", impulse, "--filter", "mean", "--support", "3", "-o", folder + "/m.nii"]), status: 73,
                      contains: ["'\(folder)'"])
    }

    func testGridMismatchLabelsMaskAndImageSizes() throws {
        let r = try CLI.run(["extract", CLI.fixtures + "/generated/nifti/dtype_int16.nii.gz", CLI.fixtures + "/generated/bad/fewer_slices_mask.nii.gz"])
        assertOneLine(r, status: 65, contains: ["size mask 6×5×3 ≠ image 6×5×4"])
    }

    func testPyRadiomicsSettingTypoGivesLineAndSuggestion() throws {
        let params = try file("params.yaml", "imageType:\n  Original: {}\nsetting:\n  label: 1\n  binwidth: 25\n")
        assertOneLine(try CLI.run(["extract", image, mask, "--config", params]), status: 64,
                      contains: [params + ":5:", "'binwidth'", "did you mean binWidth?"])
    }

    func testTypoInsideAFlowMappingIsAnUnknownKey() throws {
        let config = try file("c.yaml", "discretisation:\n  texture: {method: fixed_bin_size, binsize: 25}\n")
        assertOneLine(try CLI.run(["extract", image, mask, "--config", config]), status: 64,
                      contains: ["unknown key 'discretisation.texture.binsize'"])
    }

    func testMalformedYAMLIsAConfigError() throws {
        let config = try file("c.yaml", "texture:\n  dimension: [3D\n")
        assertOneLine(try CLI.run(["extract", image, mask, "--config", config]), status: 64, contains: ["not valid YAML"])
    }

    func testNegativeLabelIsOneLine() throws {
        assertOneLine(try CLI.run(["extract", image, mask, "--label", "-1"]), status: 64, contains: ["non-negative", "'-1'"])
    }

    func testFilterReportsMissingSigmaBeforeOutput() throws {
        assertOneLine(try CLI.run(["filter", impulse, "--filter", "log"]), status: 64, contains: ["--filter log needs --sigma"])
    }

    func testFilterWritesNRRDAndRefusesUnknownExtensions() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("f-\(UUID()).nrrd").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["filter", impulse, "--filter", "mean", "--support", "3", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let header = String(decoding: data.prefix(400), as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("NRRD0004\n"), header)
        XCTAssertTrue(header.contains("sizes: 64 64 64\n"), header)
        XCTAssertTrue(header.contains("type: float\n"))
        let end = try XCTUnwrap(data.range(of: Data("\n\n".utf8)))
        XCTAssertEqual(data.count - end.upperBound, 64 * 64 * 64 * 4)
        let csv = out + ".csv"
        assertOneLine(try CLI.run(["filter", impulse, "--filter", "mean", "--support", "3", "-o", csv]), status: 64,
                      contains: ["unknown output format", ".nrrd"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: csv))
    }

    func testIBSICheckHelpAndSummaryOnStdout() throws {
        let help = try CLI.run(["ibsi-check", "--help"])
        XCTAssertTrue(help.stdout.contains("IBSI 2"), help.stdout)
        let r = try CLI.run(["ibsi-check", "--dataset", "digital-phantom"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("radiomics ibsi-check: PASS"), r.stdout)
        let j = try CLI.run(["ibsi-check", "--dataset", "digital-phantom", "--json"])
        XCTAssertEqual(j.status, 0, j.stderr)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)))
    }

    /// `--dump-config` prints YAML that `--config` takes back and that gives the same table.
    func testDumpConfigReproducesTheRun() throws {
        let config = try file("c.yaml", "discretisation:\n  texture: {method: fixed_bin_size, bin_size: 2}\nfeatures:\n  families: [statistics, glcm]\n")
        let dumped = try CLI.run(["extract", image, mask, "--config", config, "--dump-config"])
        XCTAssertEqual(dumped.status, 0, dumped.stderr)
        XCTAssertTrue(dumped.stdout.contains("bin_size: 2"), dumped.stdout)
        let again = try file("dumped.yaml", dumped.stdout)
        let a = try CLI.run(["extract", image, mask, "--config", config]), b = try CLI.run(["extract", image, mask, "--config", again])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertEqual(try CLI.run(["extract", image, mask, "--preset", "ibsi1-config-c", "--dump-config"]).stdout,
                       try CLI.run(["extract", image, mask, "--config", try file("p.yaml", "preset: ibsi1-config-c\n"), "--dump-config"]).stdout)
    }

    /// At the parser's default 80 columns (a full 80-character line wraps too) no example is wrapped mid-command: every line under
    /// "Examples:" starts a command or continues one after a trailing backslash.
    func testHelpExamplesDoNotWrap() throws {
        for command in ["", "extract", "map", "habitats", "batch", "filter", "qc", "report", "features", "ibsi-check"] {
            let help = try CLI.run(command.isEmpty ? ["--help"] : [command, "--help"]).stdout
            guard let start = help.range(of: "Examples:\n") else { XCTFail("\(command): no examples"); continue }
            var continued = false
            for line in help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
                if line.isEmpty || !line.hasPrefix("  ") { break }
                XCTAssertTrue(continued || line.hasPrefix("  radiomics "), "\(command): wrapped example line '\(line)'")
                XCTAssertLessThan(line.count, 80, "\(command): '\(line)'")
                continued = line.hasSuffix("\\")
            }
        }
    }
}
