import Foundation
import XCTest

/// `radiomics qc`, `batch --qc` and `radiomics report`, as a user runs them.
final class QCAndReportCommandTests: XCTestCase {
    let dpImage = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let dpMask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
    let ctImage = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
    let ctMask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"

    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qc-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    static let pngSignature = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

    func testQCWritesAPNGAndRefusesBadOptionsInOneLine() throws {
        let dir = try tempDir()
        let out = dir.appendingPathComponent("case.png").path
        let r = try CLI.run(["qc", ctImage, ctMask, "--window", "-160:240", "--case-id", "PAT1", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)).prefix(8), Self.pngSignature)
        for (args, code, text) in [(["--window", "400:-1000"], Int32(64), "--window must be LO:HI"),
                                   (["--label", "-1"], 64, "non-negative"),
                                   (["--label", "9"], 65, "label 9 is absent")] {
            let bad = try CLI.run(["qc", ctImage, ctMask] + args + ["-o", dir.appendingPathComponent("x.png").path])
            XCTAssertEqual(bad.status, code, bad.stderr)
            XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
            XCTAssertTrue(bad.stderr.contains(text), bad.stderr)
        }
        let notPNG = try CLI.run(["qc", ctImage, ctMask, "-o", dir.appendingPathComponent("x.jpg").path])
        XCTAssertEqual(notPNG.status, 64, notPNG.stderr)
    }

    func testBatchQCAndReport() throws {
        let dir = try tempDir()
        let manifest = dir.appendingPathComponent("cases.csv").path
        try "ID,Image,Mask\ndp-1,\(dpImage),\(dpMask)\nbroken,\(dpImage),\(dir.path)/missing.nii.gz\ndp/2,\(dpImage),\(dpMask)\n"
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("c.yaml").path
        try "features:\n  families: [diagnostics, statistics]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let table = dir.appendingPathComponent("features.csv").path, qc = dir.appendingPathComponent("qc").path
        let b = try CLI.run(["batch", manifest, "-o", table, "--config", config, "--qc", qc])
        XCTAssertEqual(b.status, 3, b.stderr)   // the broken case
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: qc).sorted(), ["dp-1.png", "dp_2.png"])
        XCTAssertTrue(b.stderr.contains("QC picture of case broken not written"), b.stderr)

        let html = dir.appendingPathComponent("report.html").path
        let r = try CLI.run(["report", table, "--qc", qc, "-o", html])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains("Failures (1)"))
        XCTAssertTrue(page.contains("missing.nii.gz"))
        XCTAssertEqual(page.components(separatedBy: "data:image/png;base64,").count, 3)
        XCTAssertFalse(page.contains("<script"))
        // Every link stays inside the page: no network, no other file.
        XCTAssertFalse(page.contains("http:") || page.contains("https:"))

        let linked = try CLI.run(["report", table, "--qc", qc, "--embed-limit", "0", "-o", html])
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertTrue(try String(contentsOfFile: html, encoding: .utf8).contains("src=\"qc/dp-1.png\""))

        let bad = try CLI.run(["report", table, "-o", dir.appendingPathComponent("r.txt").path])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
    }
}
