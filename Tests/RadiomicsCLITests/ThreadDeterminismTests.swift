import Foundation
import XCTest

/// `RADIOMICS_THREADS` changes how many threads work, never a single output bit.
final class ThreadDeterminismTests: XCTestCase {
    func run(threads: String, _ arguments: [String]) throws -> (status: Int32, stdout: Data) {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RADIOMICS_THREADS"] = threads
        p.environment = environment
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("threads-\(UUID())")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, try Data(contentsOf: out))
    }

    func testOneAndTwoThreadsPrintTheSameBits() throws {
        let image = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
        let mask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"
        // Long format: one value per line, each the shortest decimal that reads back to the same Double.
        let one = try run(threads: "1", ["extract", image, mask, "--format", "long"])
        let two = try run(threads: "2", ["extract", image, mask, "--format", "long"])
        XCTAssertEqual(one.status, 0)
        XCTAssertEqual(two.status, 0)
        XCTAssertGreaterThan(one.stdout.count, 100)
        XCTAssertEqual(one.stdout, two.stdout)
    }

    /// Image types run in parallel, and so do their families: the table must not depend on which
    /// thread finished first.
    func testImageTypesInParallelPrintTheSameBitsForAnyThreadCount() throws {
        let image = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
        let mask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("types-\(UUID()).yaml")
        try """
            discretisation:
              texture: {method: fixed_bin_size, bin_size: 25}
            image_types:
              - original
              - {type: pyradiomics-log, sigma: 2}
              - {type: pyradiomics-wavelet, wavelet: coif1}
            """.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let arguments = ["extract", image, mask, "--config", config.path, "--format", "long"]
        let one = try run(threads: "1", arguments)
        let three = try run(threads: "3", arguments)
        XCTAssertEqual(one.status, 0)
        XCTAssertEqual(three.status, 0)
        XCTAssertGreaterThan(String(decoding: one.stdout, as: UTF8.self).split(separator: "\n").count, 2000)
        XCTAssertEqual(one.stdout, three.stdout)
    }
}
