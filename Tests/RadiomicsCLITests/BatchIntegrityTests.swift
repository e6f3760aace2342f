import Foundation
import XCTest

/// `batch --resume` against the settings record (OUT.settings.json), and `--retry-failed`.
final class BatchIntegrityTests: XCTestCase {
    let dpImage = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let dpMask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"

    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("integrity-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Digital phantom cases; `late-mask` points at a mask that does not exist (yet).
    func manifest(in dir: URL) throws -> String {
        let lines = ["ID,Image,Mask", "dp-1,\(dpImage),\(dpMask)", "late,\(dpImage),\(dir.path)/late-mask.nii.gz",
                     "dp-2,\(dpImage),\(dpMask)", "dp-3,\(dpImage),\(dpMask)"]
        let path = dir.appendingPathComponent("cases.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func config(_ dir: URL, _ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    let diagnosticsAndStatistics = "features:\n  families: [diagnostics, statistics, intensity-histogram]\n"

    /// Bytes and modification time: "left untouched" means both.
    func snapshot(_ path: String) throws -> (Data, Date) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (try Data(contentsOf: URL(fileURLWithPath: path)), attributes[.modificationDate] as! Date)
    }

    func assertRefused(_ r: CLI.Result, naming fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 64, r.stderr, file: file, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("radiomics: error: "), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains("cannot resume"), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(fragment), "should name '\(fragment)': \(r.stderr)", file: file, line: line)
    }

    func testResumeRefusesAConfigThatChangesOnlyTheBinSize() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir), out = dir.appendingPathComponent("out.csv").path
        let a = try config(dir, "a.yaml", diagnosticsAndStatistics + "discretisation:\n  texture: {method: fixed_bin_size, bin_size: 25}\n")
        let b = try config(dir, "b.yaml", diagnosticsAndStatistics + "discretisation:\n  texture: {method: fixed_bin_size, bin_size: 10}\n")
        XCTAssertEqual(try CLI.run(["batch", m, "-o", out, "--config", a, "-q"]).status, 3)
        // The two configs write the same header: only the settings record can tell them apart.
        let headerA = try String(contentsOfFile: out, encoding: .utf8).prefix { $0 != "\n" }
        XCTAssertEqual(try CLI.run(["batch", m, "-o", dir.appendingPathComponent("b.csv").path, "--config", b, "-q"]).status, 3)
        XCTAssertEqual(try String(contentsOfFile: dir.appendingPathComponent("b.csv").path, encoding: .utf8).prefix { $0 != "\n" }, headerA)

        let before = try snapshot(out), recordBefore = try snapshot(out + ".settings.json")
        Thread.sleep(forTimeInterval: 0.01)
        let r = try CLI.run(["batch", m, "-o", out, "--resume", "--config", b])
        assertRefused(r, naming: "fixedBinSize._0: 25 → 10")
        let after = try snapshot(out), recordAfter = try snapshot(out + ".settings.json")
        XCTAssertEqual(after.0, before.0)
        XCTAssertEqual(after.1, before.1, "the output is not rewritten")
        XCTAssertEqual(recordAfter.0, recordBefore.0)
    }

    func testResumeWithAnotherPresetOverDefaultSettingsIsRefused() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir), out = dir.appendingPathComponent("mix.csv").path
        // An interrupted default-settings run: header and the first row only.
        XCTAssertEqual(try CLI.run(["batch", m, "-o", out, "--config", try config(dir, "d.yaml", diagnosticsAndStatistics), "-q"]).status, 3)
        let full = try String(contentsOfFile: out, encoding: .utf8)
        let cut = full.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        try cut.write(toFile: out, atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", m, "-o", out, "--resume", "--preset", "ibsi1-config-d"])
        assertRefused(r, naming: "configuration.preset: \"default\" → \"ibsi1-config-d\"")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), cut)
    }

    func testResumeRefusesAnotherFormatAndOtherReadLimits() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir), out = dir.appendingPathComponent("out.jsonl").path
        let cfg = try config(dir, "d.yaml", diagnosticsAndStatistics)
        XCTAssertEqual(try CLI.run(["batch", m, "-o", out, "--config", cfg, "--format", "jsonl", "-q"]).status, 3)
        assertRefused(try CLI.run(["batch", m, "-o", out, "--config", cfg, "--format", "long", "--resume"]), naming: "output.format: \"jsonl\" → \"long\"")
        assertRefused(try CLI.run(["batch", m, "-o", out, "--config", cfg, "--format", "jsonl", "--resume", "--max-voxels", "1000"]),
                      naming: "read.max_voxels")
        // The same settings resume (nothing left to do) and keep the bytes.
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertEqual(try CLI.run(["batch", m, "-o", out, "--config", cfg, "--format", "jsonl", "--resume", "-q"]).status, 3)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), before)
    }

    func testResumeRefusesAnOutputWithoutSettingsRecord() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir), out = dir.appendingPathComponent("out.csv").path
        let cfg = try config(dir, "d.yaml", diagnosticsAndStatistics)
        XCTAssertEqual(try CLI.run(["batch", m, "-o", out, "--config", cfg, "-q"]).status, 3)
        try FileManager.default.removeItem(atPath: out + ".settings.json")
        assertRefused(try CLI.run(["batch", m, "-o", out, "--config", cfg, "--resume"]), naming: "settings record")
        // A hand-edited record whose hash no longer matches its settings is refused as bad input.
        XCTAssertEqual(try CLI.run(["batch", m, "-o", out, "--config", cfg, "-q"]).status, 3)
        let record = try String(contentsOfFile: out + ".settings.json", encoding: .utf8)
        try record.replacingOccurrences(of: "\"read.max_voxels\" : \"", with: "\"read.max_voxels\" : \"1")
            .write(toFile: out + ".settings.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", m, "-o", out, "--config", cfg, "--resume"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("does not match the settings listed"), r.stderr)
    }

    /// `Set`-valued settings (families) must hash the same in every process.
    func testSettingsHashIsTheSameInEveryRun() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir)
        let cfg = try config(dir, "d.yaml", "features:\n  families: [diagnostics, statistics, glcm, glrlm, ngtdm]\n")
        var hashes = Set<String>()
        for i in 0..<4 {
            let out = dir.appendingPathComponent("o\(i).csv").path
            _ = try CLI.run(["batch", m, "-o", out, "--config", cfg, "-q", "--format", "jsonl"])
            let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".settings.json"))) as! [String: Any]
            hashes.insert(record["settingsSHA256"] as! String)
            let prov = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".provenance.json"))) as! [String: Any]
            XCTAssertEqual(prov["settingsSHA256"] as? String, record["settingsSHA256"] as? String)
        }
        XCTAssertEqual(hashes.count, 1, "\(hashes)")
    }

    func testRetryFailedRecomputesRowsWithAnError() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir), out = dir.appendingPathComponent("out.csv").path
        let cfg = try config(dir, "d.yaml", diagnosticsAndStatistics)
        XCTAssertEqual(try CLI.run(["batch", m, "-o", out, "--config", cfg, "-q"]).status, 3)
        let failedTable = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(failedTable.contains("late-mask.nii.gz: no such file or directory"))

        // The missing mask is put in place: plain --resume keeps the failed row ...
        try FileManager.default.copyItem(atPath: dpMask, toPath: dir.appendingPathComponent("late-mask.nii.gz").path)
        let plain = try CLI.run(["batch", m, "-o", out, "--config", cfg, "--resume"])
        XCTAssertEqual(plain.status, 3, plain.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), failedTable)

        // ... --retry-failed computes it again, and the table is what a clean run writes now.
        let retry = try CLI.run(["batch", m, "-o", out, "--config", cfg, "--resume", "--retry-failed", "--jobs", "2"])
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertTrue(retry.stderr.contains("1 failed ones computed again"), retry.stderr)
        let clean = dir.appendingPathComponent("clean.csv").path
        XCTAssertEqual(try CLI.run(["batch", m, "-o", clean, "--config", cfg, "-q"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try Data(contentsOf: URL(fileURLWithPath: clean)))
        let rows = CSVText.rows(try String(contentsOfFile: out, encoding: .utf8))
        XCTAssertEqual(rows[2][0], "late")
        XCTAssertEqual(rows[2].last, "")
        // The provenance marks the rows kept from the earlier run.
        let prov = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".provenance.json"))) as! [String: Any]
        let cases = prov["cases"] as! [[String: Any]]
        XCTAssertEqual(cases.map { $0["id"] as! String }, ["dp-1", "late", "dp-2", "dp-3"])
        XCTAssertEqual(cases.map { $0["resumed"] as! Bool }, [true, false, true, true])
    }

    func testRetryFailedNeedsResume() throws {
        let r = try CLI.run(["batch", "cases.csv", "-o", "x.csv", "--retry-failed"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--retry-failed goes with --resume"), r.stderr)
    }
}
