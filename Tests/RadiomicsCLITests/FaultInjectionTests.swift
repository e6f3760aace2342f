import Foundation
import XCTest

/// Faults from outside (issue 20): a full file system, input that shrinks or vanishes while it is
/// read, SIGKILL at random points of a batch, an address-space limit. Each ends in a documented
/// exit code, never in a crash, a hang or a half-written file.
final class FaultInjectionTests: XCTestCase {
    let dpImage = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let dpMask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
    let ctImage = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
    let ctMask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"

    func sh(_ script: String) throws -> CLI.Result {
        try CLI.run(["-c", script], executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// A 64 KiB tmpfs at a fresh folder, unmounted when the test ends. It needs root (CI runs
    /// the tests as root); without it the test fails, saying so: a skipped fault test proves nothing.
    func tinyFileSystem() throws -> URL? {
        guard getuid() == 0 else {
            XCTFail("the full-disk test mounts a tmpfs and needs root (run the tests as root, as CI does)")
            return nil
        }
        let dir = try CLI.temporaryFolder(for: self).appendingPathComponent("full")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let m = try sh("mount -t tmpfs -o size=64k tmpfs '\(dir.path)'")
        guard m.status == 0 else { XCTFail("cannot mount a tmpfs: \(m.stderr)"); return nil }
        addTeardownBlock { _ = try? self.sh("umount '\(dir.path)'") }
        return dir
    }

    /// Fills `dir` with 4 KiB files (one tmpfs page each) until it is full, then frees `pages` of them.
    func fill(_ dir: URL, leaving pages: Int) throws {
        let page = Data(repeating: 0x2e, count: 4096)
        var n = 0
        while FileManager.default.createFile(atPath: dir.appendingPathComponent("fill-\(n)").path, contents: page) { n += 1 }
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("fill-\(n)"))
        XCTAssertGreaterThan(n, 8, "the tmpfs took \(n) pages")
        for k in 0..<pages { try FileManager.default.removeItem(at: dir.appendingPathComponent("fill-\(n - 1 - k)")) }
    }

    func unfill(_ dir: URL) throws {
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasPrefix("fill-") {
            try FileManager.default.removeItem(at: dir.appendingPathComponent(f))
        }
    }

    func ours(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("fill-") }.sorted()
    }

    func testFullFileSystemGivesExit73AndNoPartialFile() throws {
        guard let disk = try tinyFileSystem() else { return }
        let reference = try CLI.temporaryFolder(for: self)
        let refCSV = reference.appendingPathComponent("out.csv").path
        XCTAssertEqual(try CLI.run(["extract", dpImage, dpMask, "-o", refCSV]).status, 0)
        let table = try Data(contentsOf: URL(fileURLWithPath: refCSV))
        XCTAssertGreaterThan(table.count, 4096, "the table spans pages")

        // extract: no room for the table.
        try fill(disk, leaving: 0)
        let out = disk.appendingPathComponent("out.csv").path
        var r = try CLI.run(["extract", dpImage, dpMask, "-o", out])
        XCTAssertEqual(r.status, 73, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("radiomics: error: \(out): cannot be written"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertEqual(try ours(disk), [], "no partial table and no temporary file")

        // extract: room for the table, none for the sidecar.
        try unfill(disk)
        try fill(disk, leaving: (table.count + 4095) / 4096)
        r = try CLI.run(["extract", dpImage, dpMask, "-o", out])
        XCTAssertEqual(r.status, 73, r.stderr)
        XCTAssertTrue(r.stderr.contains("out.csv.provenance.json: cannot be written"), r.stderr)
        XCTAssertEqual(try ours(disk), ["out.csv"], "the table is whole, the sidecar absent (no temporary file)")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), table)
        try FileManager.default.removeItem(atPath: out)

        // batch: the disk fills after some rows; the file keeps whole rows and resumes.
        let manifest = reference.appendingPathComponent("cases.csv").path
        try (["ID,Image,Mask"] + (1...6).map { "dp-\($0),\(dpImage),\(dpMask)" }).joined(separator: "\n")
            .appending("\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let full = reference.appendingPathComponent("full.csv").path
        XCTAssertEqual(try CLI.run(["batch", manifest, "-o", full, "-q", "-j", "1"]).status, 0)
        let wanted = try String(contentsOfFile: full, encoding: .utf8)
        try unfill(disk)
        try fill(disk, leaving: 3)   // the settings record, the header and about two rows
        let bout = disk.appendingPathComponent("batch.csv").path
        r = try CLI.run(["batch", manifest, "-o", bout, "-q", "-j", "1"])
        XCTAssertEqual(r.status, 73, r.stderr)
        XCTAssertTrue(r.stderr.contains("batch.csv: cannot be written"), r.stderr)
        let partial = try String(contentsOfFile: bout, encoding: .utf8)
        XCTAssertTrue(partial.isEmpty || partial.hasSuffix("\n"), "whole rows only")
        XCTAssertTrue(wanted.hasPrefix(partial), "the rows written are the uninterrupted run's")
        XCTAssertLessThan(partial.count, wanted.count)
        let left = try ours(disk)
        XCTAssertFalse(left.contains { $0.hasPrefix(".") }, "no temporary file: \(left)")
        try unfill(disk)
        r = try CLI.run(["batch", manifest, "-o", bout, "--resume", "-q", "-j", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try String(contentsOfFile: bout, encoding: .utf8), wanted)
    }

    /// An uncompressed image is cut short while the tool reads it (at several moments): the
    /// run reads it whole or reports it truncated, and never dies of a signal (a mapped file
    /// cut under it would be SIGBUS).
    func testInputThatShrinksWhileItIsReadIsAnErrorNotACrash() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let raw = dir.appendingPathComponent("ct.nii").path
        XCTAssertEqual(try sh("gzip -dc '\(ctImage)' > '\(raw)'").status, 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: raw))
        var outcomes: [Int32: Int] = [:]
        for delay in [0, 20, 50, 80, 120, 160, 220, 300] {
            try original.write(to: URL(fileURLWithPath: raw))
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["extract", raw, ctMask, "--config", try families(dir, "[statistics]"), "-o", dir.appendingPathComponent("o.csv").path, "-q"]
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(useconds_t(delay * 1000))
            XCTAssertEqual(truncate(raw, 4096), 0)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .exit, "delay \(delay) ms: killed by signal \(p.terminationStatus)")
            XCTAssertTrue([0, 65, 66].contains(p.terminationStatus), "delay \(delay) ms: exit \(p.terminationStatus)")
            outcomes[p.terminationStatus, default: 0] += 1
        }
        print("shrinking input: exit codes \(outcomes)")
        // Reading a FIFO (a slow or endless writer) is refused at once, not waited on.
        let fifo = dir.appendingPathComponent("fifo.nii").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let r = try CLI.run(["extract", fifo, ctMask])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("not a regular file"), r.stderr)
    }

    func families(_ dir: URL, _ list: String) throws -> String {
        let path = dir.appendingPathComponent("families-\(list.hashValue).yaml").path
        try "features:\n  families: \(list)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The folder of the images disappears while the batch runs: the cases after it get their
    /// error rows (exit 3), and once the folder is back `--resume --retry-failed` completes the
    /// file to what an uninterrupted run writes.
    func testAFolderThatVanishesMidBatch() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dpImage, toPath: data.appendingPathComponent("image.nii.gz").path)
        try FileManager.default.copyItem(atPath: dpMask, toPath: data.appendingPathComponent("mask.nii.gz").path)
        let manifest = dir.appendingPathComponent("cases.csv").path
        try (["ID,Image,Mask"] + (1...12).map { "c\($0),data/image.nii.gz,data/mask.nii.gz" }).joined(separator: "\n")
            .appending("\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let config = try families(dir, "[statistics, glcm, glrlm]")
        let reference = dir.appendingPathComponent("reference.csv").path
        XCTAssertEqual(try CLI.run(["batch", manifest, "-o", reference, "--config", config, "-q", "-j", "1"]).status, 0)
        let wanted = try String(contentsOfFile: reference, encoding: .utf8)

        let out = dir.appendingPathComponent("out.csv").path
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["batch", manifest, "-o", out, "--config", config, "-q", "-j", "1"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait for the header and a first row, then take the folder away.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? String(contentsOfFile: out, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 2 { usleep(2000) }
        let moved = dir.appendingPathComponent("data-away")
        try FileManager.default.moveItem(at: data, to: moved)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit)
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        let failed = rows.filter { $0.contains("no such file") }
        XCTAssertEqual(p.terminationStatus, failed.isEmpty ? 0 : 3)
        XCTAssertGreaterThan(failed.count, 0, "the batch outran the test: no case saw the folder gone")
        XCTAssertEqual(rows.count, 13, "every case has its row")
        try FileManager.default.moveItem(at: moved, to: data)
        let r = try CLI.run(["batch", manifest, "-o", out, "--config", config, "--resume", "--retry-failed", "-q", "-j", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), wanted)
    }

    /// SIGKILL at 100 random moments (fixed seed) of a batch, and of the resume that follows it
    /// one time in four: the final `--resume` always writes exactly the uninterrupted run's bytes.
    func testSIGKILLAtRandomPointsThenResumeIsByteIdentical() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let manifest = dir.appendingPathComponent("cases.csv").path
        try (["ID,Image,Mask"] + (1...4).map { "k\($0),\(dpImage),\(dpMask)" }).joined(separator: "\n")
            .appending("\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let config = try families(dir, "[statistics]")
        let reference = dir.appendingPathComponent("reference.csv").path
        let started = Date()
        XCTAssertEqual(try CLI.run(["batch", manifest, "-o", reference, "--config", config, "-q", "-j", "2"]).status, 0)
        let span = Date().timeIntervalSince(started)
        let wanted = try Data(contentsOf: URL(fileURLWithPath: reference))
        let out = dir.appendingPathComponent("out.csv").path
        srand48(20)    // glibc's drand48: a fixed sequence of kill points
        var killedMidway = 0
        let testStart = Date()
        for iteration in 0..<100 {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: out + ".settings.json")
            for resume in [false, true] where !resume || drand48() < 0.25 {
                let p = Process()
                p.executableURL = CLI.binary
                p.arguments = ["batch", manifest, "-o", out, "--config", config, "-q", "-j", "2"] + (resume ? ["--resume"] : [])
                p.standardError = FileHandle.nullDevice
                try p.run()
                usleep(useconds_t(drand48() * span * 1_000_000))
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
                if p.terminationReason == .uncaughtSignal { killedMidway += 1 }
            }
            let exists = FileManager.default.fileExists(atPath: out)
            let r = try CLI.run(["batch", manifest, "-o", out, "--config", config, "-q", "-j", "2"] + (exists ? ["--resume"] : []))
            XCTAssertEqual(r.status, 0, "iteration \(iteration): \(r.stderr)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), wanted, "iteration \(iteration)")
        }
        print(String(format: "SIGKILL: 100 iterations, %d runs killed mid-way, %.1f s (one batch %.2f s)",
                     killedMidway, Date().timeIntervalSince(testStart), span))
        XCTAssertGreaterThan(killedMidway, 60, "most kills land inside a run")
    }

    /// `ulimit -v` at several limits: each run works (exit 0) or stops with exit 71 and our line
    /// last: refused before the case when its estimate does not fit, or an allocation that fails
    /// anyway reported by the abort handler. Never a crash report or a backtrace; a batch keeps
    /// the case's error in its row (exit 3) or stops with 71 and whole rows.
    func testAddressSpaceLimitIsACleanError() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let out = dir.appendingPathComponent("o.csv").path
        let manifest = dir.appendingPathComponent("cases.csv").path
        try "ID,Image,Mask\nct,\(ctImage),\(ctMask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        var codes: [Int32] = []
        for kib in [130_000, 160_000, 200_000, 250_000] {
            try? FileManager.default.removeItem(atPath: out)
            let limited = "ulimit -v \(kib); exec '\(CLI.binary.path)'"
            let r = try sh("\(limited) extract '\(ctImage)' '\(ctMask)' --preset ibsi1-config-a -o '\(out)'")
            codes.append(r.status)
            XCTAssertTrue([0, 71].contains(r.status), "ulimit -v \(kib): exit \(r.status): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("crashed") || r.stderr.contains("Backtrac"), r.stderr)
            if r.status == 71 {
                XCTAssertTrue(r.stderr.split(separator: "\n").last?.hasPrefix("radiomics: error: ") ?? false, r.stderr)
                XCTAssertTrue(r.stderr.contains("address-space limit"), r.stderr)
                XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no table")
            }
            let b = try sh("\(limited) batch '\(manifest)' -o '\(out)' -q")
            XCTAssertTrue([0, 3, 71].contains(b.status), "ulimit -v \(kib): batch exit \(b.status): \(b.stderr)")
            XCTAssertFalse(b.stderr.contains("crashed") || b.stderr.contains("Backtrac"), b.stderr)
            if b.status == 3 { XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("address-space limit")) }
        }
        print("ulimit -v 130000…250000 KiB: extract exit codes \(codes)")
        XCTAssertTrue(codes.contains(71), "no limit was tight enough: \(codes)")
    }
}
