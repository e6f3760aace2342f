import Foundation
import XCTest

/// `radiomics ibsi-check`: PASS on the bundled data (every one of the 2460 reference values), and
/// FAIL with exit 1 as soon as one reference value is moved, wherever the data is found
/// (`--data`, `$RADIOMICS_DATA`, `<prefix>/share/radiomics` beside the binary).
final class IBSICheckTests: XCTestCase {
    /// A copy of Fixtures/ibsi (folders linked, the digital phantom's reference table copied) with
    /// `stat_mean` of the digital phantom moved from 2.15 to 7.15.
    func movedData(under root: URL) throws -> URL {
        let fm = FileManager.default
        let ibsi = root.appendingPathComponent("ibsi")
        let ref = ibsi.appendingPathComponent("reference_values/ibsi1")
        try fm.createDirectory(at: ref, withIntermediateDirectories: true)
        for name in ["ibsi1", "ibsi2"] {
            try fm.createSymbolicLink(atPath: ibsi.appendingPathComponent(name).path, withDestinationPath: CLI.fixtures + "/ibsi/" + name)
        }
        try fm.createSymbolicLink(atPath: ibsi.appendingPathComponent("reference_values/ibsi2").path,
                                  withDestinationPath: CLI.fixtures + "/ibsi/reference_values/ibsi2")
        let source = CLI.fixtures + "/ibsi/reference_values/ibsi1/"
        for file in try fm.contentsOfDirectory(atPath: source) {
            var text = try String(contentsOfFile: source + file, encoding: .utf8)
            if file == "ibsi1_digital_phantom.csv" {
                let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains(",stat_mean,") })
                XCTAssertTrue(line.hasSuffix(",2.15,0"), String(line))
                text = text.replacingOccurrences(of: line, with: line.replacingOccurrences(of: ",2.15,0", with: ",7.15,0"))
            }
            try text.write(to: ref.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return root
    }

    func temporaryFolder() throws -> URL { try CLI.temporaryFolder(for: self) }

    func testEveryReferenceValuePasses() throws {
        let r = try CLI.run(["ibsi-check", "--data", CLI.fixtures])
        XCTAssertEqual(r.status, 0, r.stdout)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("dataset") && lines[0].hasSuffix("result"))
        XCTAssertEqual(lines.last, "radiomics ibsi-check: PASS: 2460/2460 reference values matched")
        for d in ["digital phantom", "configuration A", "configuration B", "configuration C", "configuration D", "configuration E",
                  "IBSI 2 phase 1", "IBSI 2 phase 2"] {
            XCTAssertTrue(lines.contains { $0.hasPrefix(d) }, d)
        }
        // Per dataset: 482 + 406 + 406 + 270 + 270 + 270 IBSI 1 values, 33 maps, 323 statistics.
        func total(_ prefix: String) -> Int {
            lines.filter { $0.hasPrefix(prefix + " ") }.compactMap { line -> Int? in
                guard let m = line.range(of: #"\d+/\d+"#, options: .regularExpression) else { return nil }
                return Int(line[m].split(separator: "/")[1])
            }.reduce(0, +)
        }
        XCTAssertEqual(["digital phantom", "configuration A", "configuration B", "configuration C", "configuration D",
                        "configuration E", "IBSI 2 phase 1", "IBSI 2 phase 2"].map(total), [482, 406, 406, 270, 270, 270, 33, 323])
        XCTAssertFalse(r.stdout.contains("FAIL"))
    }

    func testAMovedReferenceValueFails() throws {
        let data = try movedData(under: try temporaryFolder())
        let r = try CLI.run(["ibsi-check", "--data", data.path, "--dataset", "digital-phantom", "--verbose"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("radiomics ibsi-check: FAIL: 481/482 reference values matched"), r.stdout)
        XCTAssertTrue(r.stdout.split(separator: "\n").contains { $0.hasPrefix("digital phantom") && $0.contains("Statistics") && $0.hasSuffix("FAIL") })
        XCTAssertTrue(r.stderr.contains("miss: digital phantom | stat_mean: got 2.1"), r.stderr)
        let j = try CLI.run(["ibsi-check", "--json", "--data", data.path, "--dataset", "digital-phantom"])
        XCTAssertEqual(j.status, 1)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(obj["passed"] as? Bool, false)
        XCTAssertEqual(obj["matched"] as? Int, 481)
        XCTAssertEqual(obj["total"] as? Int, 482)
        let misses = try XCTUnwrap(obj["misses"] as? [[String: Any]])
        XCTAssertEqual(misses.map { $0["tag"] as? String }, ["stat_mean"])
        XCTAssertEqual(misses.first?["reference"] as? Double, 7.15)
    }

    func testDataFromTheEnvironmentVariable() throws {
        let data = try movedData(under: try temporaryFolder())
        let r = try CLI.run(["ibsi-check", "--dataset", "digital-phantom"], environment: ["RADIOMICS_DATA": data.path])
        XCTAssertEqual(r.status, 1, "the moved value in $RADIOMICS_DATA was not read: " + r.stdout)
        let plain = try CLI.run(["ibsi-check", "--dataset", "digital-phantom"], environment: ["RADIOMICS_DATA": nil])
        XCTAssertEqual(plain.status, 0, plain.stdout)
        XCTAssertTrue(plain.stdout.hasSuffix("PASS: 482/482 reference values matched\n"), plain.stdout)
    }

    /// `make install` puts the data in <prefix>/share/radiomics; the binary finds it from its own path.
    func testDataInstalledBesideTheBinary() throws {
        let prefix = try temporaryFolder()
        let bin = prefix.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let installed = bin.appendingPathComponent("radiomics")
        try FileManager.default.copyItem(at: CLI.binary, to: installed)
        _ = try movedData(under: prefix.appendingPathComponent("share/radiomics"))
        let r = try CLI.run(["ibsi-check", "--dataset", "digital-phantom"], environment: ["RADIOMICS_DATA": nil], executable: installed)
        XCTAssertEqual(r.status, 1, "share/radiomics beside the binary was not read: " + r.stdout)
        XCTAssertTrue(r.stdout.contains("FAIL: 481/482"), r.stdout)
    }

    func testUsageAndMissingData() throws {
        XCTAssertEqual(try CLI.run(["ibsi-check", "--dataset", "config-z"]).status, 64)
        let missing = try CLI.run(["ibsi-check", "--data", "/nonexistent"])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.hasPrefix("radiomics: error: /nonexistent: holds no IBSI data"), missing.stderr)
    }
}
