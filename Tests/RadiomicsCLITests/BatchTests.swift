import Foundation
import XCTest

/// `radiomics batch`: ordered streaming output, failing cases, --jobs invariance, kill -9 + --resume.
final class BatchCommandTests: XCTestCase {
    let dpImage = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let dpMask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
    let ctImage = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
    let ctMask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"

    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Digital phantom and CT cases, one with a missing mask.
    func manifest(in dir: URL, ctCases: Int = 1) throws -> String {
        var lines = ["ID,Image,Mask", "dp-1,\(dpImage),\(dpMask)", "broken,\(dpImage),\(dir.path)/missing-mask.nii.gz"]
        for i in 0..<ctCases { lines.append("ct-\(i + 1),\(ctImage),\(ctMask)") }
        lines.append("dp-2,\(dpImage),\(dpMask)")
        let path = dir.appendingPathComponent("cases.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Diagnostics only: the batch mechanics under test do not depend on the families, and this
    /// keeps the debug-build test time independent of how costly the texture families are.
    func config(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("diagnostics.yaml").path
        try "features:\n  families: [diagnostics]\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func batch(_ args: [String], dir: URL) throws -> CLI.Result {
        try CLI.run(["batch"] + args + ["--config", try config(in: dir)])
    }

    func testBrokenCaseGetsErrorRowAndExit3() throws {
        let dir = try tempDir()
        let out = dir.appendingPathComponent("out.csv").path
        let r = try batch([try manifest(in: dir), "-o", out, "--jobs", "2"], dir: dir)
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stderr.contains("1 of 4 cases failed"), r.stderr)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let rows = CSVText.rows(text)
        let header = rows[0]
        XCTAssertEqual(Array(header.prefix(4)), ["id", "image", "mask", "roi"])
        XCTAssertEqual(header.last, "error")
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, ["dp-1", "broken", "ct-1", "dp-2"])
        XCTAssertTrue(rows.allSatisfy { $0.count == header.count }, "every row has every column")
        let broken = rows[2]
        XCTAssertTrue(broken.last!.contains("missing-mask.nii.gz: no such file or directory"), broken.last!)
        XCTAssertTrue(broken[4..<(broken.count - 1)].allSatisfy { $0 == "NaN" })
        let vox = header.firstIndex(of: "int_mask_vox_count_init_roi")!
        XCTAssertEqual(rows[1][vox], "74")
        XCTAssertEqual(rows[3][vox], "125256")
        XCTAssertEqual(rows[1].last, "")
        // The provenance sidecar names every input with its checksum.
        let prov = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".provenance.json"))) as! [String: Any]
        let inputs = prov["inputs"] as! [[String: String]]
        XCTAssertEqual(inputs.first { $0["path"] == dpImage }?["sha256"], "83773ac2a288aa93cf819a98eaf301c18d35d5876182ec9c18733184e2b7a83a")
        XCTAssertEqual((prov["cases"] as! [Any]).count, 4)
        XCTAssertNotNil(prov["configuration"] as? [String: Any])
    }

    func testJobs1AndJobs4AreByteIdentical() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir, ctCases: 2)
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        XCTAssertEqual(try batch([m, "-o", a, "--jobs", "1"], dir: dir).status, 3)
        XCTAssertEqual(try batch([m, "-o", b, "--jobs", "4"], dir: dir).status, 3)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))
        // stdout streaming gives the same bytes.
        let s = try batch([m, "--jobs", "3", "--format", "wide"], dir: dir)
        XCTAssertEqual(s.stdout, try String(contentsOfFile: a, encoding: .utf8))
    }

    /// A real process killed with SIGKILL mid-batch, then --resume: the same bytes as a clean run.
    func testKill9ThenResumeIsByteIdentical() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir, ctCases: 4)
        let clean = dir.appendingPathComponent("clean.csv").path, out = dir.appendingPathComponent("out.csv").path
        XCTAssertEqual(try batch([m, "-o", clean, "--jobs", "2"], dir: dir).status, 3)
        let expected = try Data(contentsOf: URL(fileURLWithPath: clean))

        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["batch", m, "-o", out, "--jobs", "1", "--quiet", "--config", try config(in: dir)]
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Kill as soon as some (not all) rows are there.
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline {
            let n = (try? String(contentsOfFile: out, encoding: .utf8))?.filter { $0 == "\n" }.count ?? 0
            if n >= 3 { break }
            usleep(2_000)
        }
        // A batch that ended before the kill would prove nothing about resuming.
        XCTAssertTrue(p.isRunning, "the batch must still be running when it is killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        let partial = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertTrue(partial.isEmpty || partial.last == UInt8(ascii: "\n"), "only whole rows after kill -9")
        XCTAssertLessThan(partial.count, expected.count, "the kill left rows to resume")
        XCTAssertTrue(expected.starts(with: partial), "the killed run wrote a prefix of the clean output")

        let r = try batch([m, "-o", out, "--jobs", "3", "--resume"], dir: dir)
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), expected)
    }

    /// SIGINT after the first row: six CT cases with every family are still to come (seconds of
    /// work, against a 2 ms poll), so the signal certainly lands in the middle of the batch.
    func testSIGINTStopsAfterWholeRowsWithExit130() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir, ctCases: 6)
        let out = dir.appendingPathComponent("out.csv").path
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["batch", m, "-o", out, "--jobs", "1"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline {
            if ((try? String(contentsOfFile: out, encoding: .utf8))?.filter { $0 == "\n" }.count ?? 0) >= 2 { break }
            usleep(2_000)
        }
        XCTAssertTrue(p.isRunning, "the batch must still be running when the signal is sent")
        kill(p.processIdentifier, SIGINT)
        let stop = Date().addingTimeInterval(60)
        while p.isRunning, Date() < stop { usleep(10_000) }
        if p.isRunning { p.terminate(); XCTFail("SIGINT did not stop the batch") }
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 130)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertEqual(text.last, "\n")
        let rows = text.split(separator: "\n").count
        XCTAssert(rows >= 2 && rows < 10, "whole rows of the cases done before the signal, not all 9: \(rows) lines")
    }

    func testResumeDropsTrailingPartialLineAndSkipsDoneCases() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir)
        let clean = dir.appendingPathComponent("clean.csv").path, out = dir.appendingPathComponent("out.csv").path
        _ = try batch([m, "-o", clean, "--jobs", "1"], dir: dir)
        let expected = try String(contentsOfFile: clean, encoding: .utf8)
        let lines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        // Header, dp-1 and half of the broken case's row, as if cut mid-write.
        let cut = lines[0] + "\n" + lines[1] + "\n" + lines[2].prefix(40)
        try cut.write(toFile: out, atomically: true, encoding: .utf8)
        // An interrupted run leaves its settings record (written before the first row).
        try FileManager.default.copyItem(atPath: clean + ".settings.json", toPath: out + ".settings.json")
        let r = try batch([m, "-o", out, "--resume", "--verbose"], dir: dir)
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("1 of 4 cases already complete"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), expected)
    }

    func testResumeRefusesOtherSettings() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir)
        let out = dir.appendingPathComponent("out.csv").path
        _ = try batch([m, "-o", out, "--jobs", "1"], dir: dir)
        let cfg = dir.appendingPathComponent("c.yaml").path
        try "features:\n  families: [diagnostics]\n  include: ['*_init_img']\n".write(toFile: cfg, atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", m, "-o", out, "--resume", "--config", cfg])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("cannot resume"), r.stderr)
    }

    func testPyradiomicsManifestAndLabelAll() throws {
        let dir = try tempDir()
        let path = dir.appendingPathComponent("py.csv").path
        try "Image,Mask,Label\n\(dpImage),\(dpMask),1\n\(dpImage),\(dpMask),all\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try batch([path, "--format", "jsonl", "--jobs", "2"], dir: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix("{\"id\":\"1\","), String(lines[0]))
        XCTAssertTrue(lines[1].hasPrefix("{\"id\":\"2\","))
        XCTAssertTrue(lines[1].contains("\"roi\":1,"))
        XCTAssertTrue(lines[0].hasSuffix("\"error\":null}"))
    }

    func testManifestUnknownColumnIsAnError() throws {
        let dir = try tempDir()
        let path = dir.appendingPathComponent("bad.csv").path
        try "ID,Image,Mask,Binwidth\n1,a,b,25\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("unknown column 'Binwidth'"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }
}

/// RFC 4180 rows of a CSV text (the test's own parser, independent of the product's).
enum CSVText {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" { if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } }
                else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
            i += 1
        }
        chars = []
        return rows
    }
}
