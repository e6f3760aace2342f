import Foundation
import XCTest

/// Runs the built `radiomics` binary as a user would.
enum CLI {
    static let binary: URL = {
        var url = Bundle.main.bundleURL
        if url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        // swift test: the products directory holds the test bundle and the executable.
        for candidate in [url.appendingPathComponent("radiomics"), url.deletingLastPathComponent().appendingPathComponent("radiomics")]
        where FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        return url.appendingPathComponent("radiomics")
    }()

    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures").path
    }()

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// A fresh folder removed when `test` ends.
    static func temporaryFolder(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(type(of: test))-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// `environment` entries are added to (nil: removed from) this process's environment.
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String?] = [:], executable: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = executable ?? binary
        p.arguments = arguments
        if !environment.isEmpty {
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            p.environment = env
        }
        // Output goes to temporary files: no pipe can fill up and block the child.
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("cli-out-\(UUID())"), errURL = dir.appendingPathComponent("cli-err-\(UUID())")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let inURL = dir.appendingPathComponent("cli-in-\(UUID())")
            try stdin.write(to: inURL)
            p.standardInput = try FileHandle(forReadingFrom: inURL)
        }
        try p.run()
        p.waitUntilExit()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

final class ExtractCommandTests: XCTestCase {
    let image = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
    let mask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"

    func testLongFormatHasFeatureAndValueColumns() throws {
        let r = try CLI.run(["extract", image, mask, "--format", "long"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "image,mask,roi,feature,value")
        XCTAssertTrue(lines.contains { $0.hasSuffix(",int_mask_vox_count_init_roi,125256") })
    }

    func testMissingMaskIsExit66WithOneLine() throws {
        let r = try CLI.run(["extract", image, "/nonexistent/mask.nii.gz"])
        XCTAssertEqual(r.status, 66)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(r.stderr.contains("/nonexistent/mask.nii.gz"))
        XCTAssertEqual(r.stdout, "")
    }

    func testAbsentLabelListsLabels() throws {
        let r = try CLI.run(["extract", image, mask, "--label", "7"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("label 7 is absent (labels present: 1)"), r.stderr)
    }
}

final class FilterCommandTests: XCTestCase {
    let impulse = CLI.fixtures + "/ibsi/ibsi2/digital_phantoms/nifti/impulse/image/impulse.nii.gz"

    func testPresetWritesFloatNIfTIOnInputGrid() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("filter-\(UUID()).nii.gz").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["filter", impulse, "--preset", "ibsi2-1.b.1", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertGreaterThan(written.count, 100)
        // Generic options give the same map as the preset.
        let out2 = out + ".same.nii"
        defer { try? FileManager.default.removeItem(atPath: out2) }
        let g = try CLI.run(["filter", impulse, "--filter", "mean", "--support", "15", "--dimension", "2D", "--padding", "zero", "-o", out2])
        XCTAssertEqual(g.status, 0, g.stderr)
        let plain = try Data(contentsOf: URL(fileURLWithPath: out2))
        XCTAssertEqual(plain.count, 352 + 64 * 64 * 64 * 4)
        XCTAssertEqual(plain[70], 16)   // datatype float32
    }

    /// Phase 2 "B" presets resample to 1 mm first, as extraction does (the map is on that grid);
    /// with --crop-to (a mask on the original grid) they are refused.
    func testPhase2BPresetResamplesToOneMillimetre() throws {
        let ct = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti"
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("filter-\(UUID()).nii").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        func spacing(_ path: String) throws -> [Float] {
            let d = try Data(contentsOf: URL(fileURLWithPath: path))
            return (0..<3).map { a in d.subdata(in: (80 + 4 * a)..<(84 + 4 * a)).withUnsafeBytes { $0.loadUnaligned(as: Float.self) } }
        }
        let b = try CLI.run(["filter", ct + "/image/phantom.nii.gz", "--preset", "ibsi2-phase2-1.B", "-o", out])
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertEqual(try spacing(out), [1, 1, 1])
        let a = try CLI.run(["filter", ct + "/image/phantom.nii.gz", "--preset", "ibsi2-phase2-1.A", "-o", out])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(try spacing(out)[2], 3)
        let crop = try CLI.run(["filter", ct + "/image/phantom.nii.gz", "--preset", "ibsi2-phase2-2.B", "--crop-to", ct + "/mask/mask.nii.gz", "-o", out])
        XCTAssertEqual(crop.status, 64)
        XCTAssertTrue(crop.stderr.contains("resamples"), crop.stderr)
    }

    func testUnknownPresetAndUnavailablePresetAreUsageErrors() throws {
        let r = try CLI.run(["filter", impulse, "--preset", "ibsi2-99", "-o", "/tmp/x.nii"])
        XCTAssertEqual(r.status, 64)
        let u = try CLI.run(["filter", impulse, "--preset", "ibsi2-9.b.2", "-o", "/tmp/x.nii"])
        XCTAssertEqual(u.status, 64)
        XCTAssertTrue(u.stderr.contains("9.b.2"), u.stderr)
    }

    func testListShowsPhase1AndPhase2Presets() throws {
        let r = try CLI.run(["filter", "--list"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("ibsi2-10.b.1"))
        XCTAssertTrue(r.stdout.contains("ibsi2-phase2-9.B"))
    }
}

/// Image types from a config: LoG σ 1, 2, 3 mm and the 8 first-level wavelet bands, every
/// family on every filtered image of the CT phantom (issue: features on filtered images).
final class ImageTypesConfigTests: XCTestCase {
    func testLoGAndWaveletImageTypesGiveEveryFamilyOnEveryFilteredImage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagetypes-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("types.yaml").path
        try """
        discretisation:
          texture: {method: fixed_bin_size, bin_size: 25}
        image_types:
          - original
          - {type: pyradiomics-log, sigma: 1}
          - {type: pyradiomics-log, sigma: 2}
          - {type: pyradiomics-log, sigma: 3}
          - {type: pyradiomics-wavelet, wavelet: coif1}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let ct = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti"
        let r = try CLI.run(["extract", ct + "/image/phantom.nii.gz", ct + "/mask/mask.nii.gz", "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        let header = lines[0].split(separator: ",").map(String.init)
        let values = lines[1].split(separator: ",").map(String.init)
        XCTAssertEqual(header.count, values.count)
        let prefixes = ["log-sigma-1-0-mm-3D_", "log-sigma-2-0-mm-3D_", "log-sigma-3-0-mm-3D_"]
            + ["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL"].map { "wavelet-\($0)_" }
        let families = ["loc_", "stat_", "ih_", "ivh_", "cm_", "rlm_", "szm_", "dzm_", "ngt_", "ngl_", "gldm_"]
        for p in prefixes {
            for f in families {
                XCTAssertTrue(header.contains { $0.hasPrefix(p + f) }, "no \(p + f)* column")
            }
            XCTAssertFalse(header.contains { $0.hasPrefix(p + "morph_") }, "morphology does not depend on the filter")
        }
        XCTAssertTrue(header.contains("morph_volume") && header.contains("stat_mean"), "original image unprefixed")
        let nan = zip(header, values).filter { $0.1 == "NaN" }.map(\.0)
        XCTAssertEqual(nan, [], "no feature is NaN on this ROI")
    }
}
