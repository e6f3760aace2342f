import Foundation
import XCTest

/// A small raw NRRD volume (x fastest), written by hand: the CLI tests do not link the library.
enum TinyNRRD {
    static func write(_ path: String, size: (Int, Int, Int), spacing: (Double, Double, Double) = (1, 1, 1),
                      _ value: (Int, Int, Int) -> Float) throws {
        var data = Data("NRRD0004\ntype: float\ndimension: 3\nsizes: \(size.0) \(size.1) \(size.2)\nspace: left-posterior-superior\nspace directions: (\(spacing.0),0,0) (0,\(spacing.1),0) (0,0,\(spacing.2))\nspace origin: (0,0,0)\nencoding: raw\nendian: little\n\n".utf8)
        for k in 0..<size.2 { for j in 0..<size.1 { for i in 0..<size.0 { withUnsafeBytes(of: value(i, j, k).bitPattern.littleEndian) { data.append(contentsOf: $0) } } } }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// A 12 × 12 × 6 image of varied integer intensities (100…149) and a 6 × 6 × 3 box ROI.
    static func phantom(in dir: URL, spacing: (Double, Double, Double) = (1, 1, 1), hot: Bool = false) throws -> (image: String, mask: String) {
        let image = dir.appendingPathComponent("image.nrrd").path, mask = dir.appendingPathComponent("mask.nrrd").path
        try write(image, size: (12, 12, 6), spacing: spacing) { i, j, k in
            hot && (i, j, k) == (5, 5, 2) ? 1000 : Float(100 + (i * 7 + j * 3 + k * 11) % 50)
        }
        try write(mask, size: (12, 12, 6), spacing: spacing) { i, j, k in (3..<9).contains(i) && (3..<9).contains(j) && (1..<4).contains(k) ? 1 : 0 }
        return (image, mask)
    }
}

/// Guard rails on suspicious input (issue 20): each an error with exit 65 and one line, or a
/// warning on stderr and in the `warnings` column.
final class GuardRailTests: XCTestCase {
    let dpImage = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let dpMask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
    let ctImage = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
    let ctMask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"

    func assertRefused(_ r: CLI.Result, naming fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 65, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stdout, "", "no table", file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)", file: file, line: line)
        for f in fragments { XCTAssertTrue(r.stderr.contains(f), "should say '\(f)': \(r.stderr)", file: file, line: line) }
    }

    func testSwappedImageAndMaskAreRefused() throws {
        // The CT as the mask: 2154 distinct integer values, none of them a label.
        assertRefused(try CLI.run(["extract", ctMask, ctImage]), naming: ["phantom.nii.gz", "2154 distinct values", "swapped"])
        assertRefused(try CLI.run(["extract", ctMask, ctImage, "--label", "all", "--allow-binary-image"]), naming: ["2154 distinct values"])
        // The mask as the image: only 0 and 1.
        assertRefused(try CLI.run(["extract", dpMask, dpImage]), naming: ["mask.nii.gz", "only 0 and 1", "--allow-binary-image"])
        // A float image as the mask: non-integer values.
        let dir = try CLI.temporaryFolder(for: self)
        let floats = dir.appendingPathComponent("floats.nrrd").path
        try TinyNRRD.write(floats, size: (5, 4, 3)) { i, j, k in Float(i + j + k) / 4 }
        let binary = dir.appendingPathComponent("binary.nrrd").path
        try TinyNRRD.write(binary, size: (5, 4, 3)) { i, _, _ in i > 1 ? 1 : 0 }
        assertRefused(try CLI.run(["extract", binary, floats]), naming: ["floats.nrrd", "non-integer", "swapped"])
        // A mask measured on itself is allowed on request (shape only), and a batch row says why otherwise.
        let ok = try CLI.run(["extract", binary, binary, "--allow-binary-image", "--config", try config(dir, "morph: [morphology]")])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let manifest = dir.appendingPathComponent("cases.csv").path
        try "ID,Image,Mask\nswapped,\(binary),\(binary)\nfine,\(dpImage),\(dpMask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let b = try CLI.run(["batch", manifest, "-q", "--config", try config(dir, "morph: [morphology]")])
        XCTAssertEqual(b.status, 3, b.stderr)
        let rows = b.stdout.split(separator: "\n")
        XCTAssertTrue(rows[1].hasPrefix("swapped,") && rows[1].contains("only 0 and 1"), String(rows[1]))
        XCTAssertTrue(rows[2].hasSuffix(","), "the good case has no error: \(rows[2])")
    }

    func config(_ dir: URL, _ families: String) throws -> String {
        let path = dir.appendingPathComponent("\(UUID()).yaml").path
        let list = families.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
        try "features:\n  families: \(list)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testLabelAllOverMaxLabelsIsRefused() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, _) = try TinyNRRD.phantom(in: dir)
        let labels = dir.appendingPathComponent("labels.nrrd").path
        // 12 labels of one 1-voxel-wide column each … 144 voxels, labels 1…12 by column x.
        try TinyNRRD.write(labels, size: (12, 12, 6)) { i, _, _ in Float(i + 1) }
        let stats = try config(dir, "f: [statistics]")
        assertRefused(try CLI.run(["extract", image, labels, "--label", "all", "--max-labels", "5", "--config", stats]),
                      naming: ["labels.nrrd", "--label all: 12 labels, more than --max-labels 5"])
        let ok = try CLI.run(["extract", image, labels, "--label", "all", "--max-labels", "12", "--config", stats])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout.split(separator: "\n").count, 13, "a header and one row per label")
        // 299 distinct labels are a swapped image even for one label, unless --max-labels allows them.
        let many = dir.appendingPathComponent("many.nrrd").path
        try TinyNRRD.write(many, size: (12, 12, 6)) { i, j, k in Float((i + 12 * j + 144 * k) % 300) }
        assertRefused(try CLI.run(["extract", image, many, "--label", "3", "--config", stats]), naming: ["299 distinct values", "--max-labels"])
        XCTAssertEqual(try CLI.run(["extract", image, many, "--label", "3", "--max-labels", "300", "--config", stats, "--min-roi-voxels", "1"]).status, 0)
    }

    /// One hot voxel in the ROI and a re-segmentation range around it: the IBSI 2 phase 2 MR case
    /// that returned 18 statistics of one voxel silently.
    func testROIBelowTheMinimumAfterResegmentationIsRefused() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try TinyNRRD.phantom(in: dir, hot: true)
        let ibsi = dir.appendingPathComponent("reseg.yaml").path
        try "resegmentation:\n  range: [900, 1100]\nfeatures:\n  families: [statistics]\n".write(toFile: ibsi, atomically: true, encoding: .utf8)
        assertRefused(try CLI.run(["extract", image, mask, "--config", ibsi]),
                      naming: ["mask.nrrd", "the ROI has 1 voxel after re-segmentation, fewer than --min-roi-voxels 2"])
        let one = try CLI.run(["extract", image, mask, "--config", ibsi, "--min-roi-voxels", "1"])
        XCTAssertEqual(one.status, 0, one.stderr)
        assertRefused(try CLI.run(["extract", image, mask, "--config", try config(dir, "f: [statistics]"), "--min-roi-voxels", "200"]),
                      naming: ["the ROI has 108 voxels after re-segmentation, fewer than --min-roi-voxels 200"])
        // pyradiomics mode (whose own check already refuses one voxel left by resegmentRange).
        let params = dir.appendingPathComponent("params.yaml").path
        try "featureClass:\n  firstorder:\n".write(toFile: params, atomically: true, encoding: .utf8)
        assertRefused(try CLI.run(["extract", image, mask, "--config", params, "--min-roi-voxels", "109"]),
                      naming: ["the ROI has 108 voxels after resampling and re-segmentation, fewer than --min-roi-voxels 109"])
        XCTAssertEqual(try CLI.run(["extract", image, mask, "--config", params, "--min-roi-voxels", "108"]).status, 0)
        // In a batch: the case's row carries the reason, and the option is part of the settings.
        let manifest = dir.appendingPathComponent("cases.csv").path
        try "ID,Image,Mask\nhot,\(image),\(mask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.csv").path
        let b = try CLI.run(["batch", manifest, "-o", out, "-q", "--config", ibsi])
        XCTAssertEqual(b.status, 3, b.stderr)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("fewer than --min-roi-voxels 2"))
        let resumed = try CLI.run(["batch", manifest, "-o", out, "--resume", "--retry-failed", "--config", ibsi, "--min-roi-voxels", "1"])
        XCTAssertEqual(resumed.status, 64, "another minimum is other settings: \(resumed.stderr)")
        XCTAssertTrue(resumed.stderr.contains("minROIVoxels"), resumed.stderr)
    }

    /// Issue 20: a pyradiomics-mode batch's columns once came from its first case. They are the
    /// parameter file's: the same header whether the first case fails or works, and the same
    /// row for the case that works.
    func testPyRadiomicsBatchColumnsDoNotDependOnTheFirstCase() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let root = CLI.fixtures + "/pyradiomics"
        let good = "good,\(root)/cases/sphere_image.nii.gz,\(root)/cases/sphere_mask.nii.gz"
        let bad = "bad,\(root)/cases/sphere_image.nii.gz,\(dir.path)/absent.nii.gz"
        var tables: [[Substring]] = []
        for order in [[bad, good], [good, bad]] {
            let manifest = dir.appendingPathComponent("cases-\(tables.count).csv").path
            try (["ID,Image,Mask"] + order).joined(separator: "\n").appending("\n").write(toFile: manifest, atomically: true, encoding: .utf8)
            let r = try CLI.run(["batch", manifest, "--config", "\(root)/params/log_wavelet.yaml", "-q"])
            XCTAssertEqual(r.status, 3, r.stderr)
            tables.append(r.stdout.split(separator: "\n"))
        }
        XCTAssertEqual(tables[0][0], tables[1][0], "the header does not depend on the first case")
        XCTAssertGreaterThan(tables[0][0].split(separator: ",").count, 100)
        XCTAssertEqual(tables[0][2], tables[1][1], "the good case's row")
        XCTAssertEqual(tables[0][1].split(separator: ",", omittingEmptySubsequences: false).count,
                       tables[0][0].split(separator: ",").count, "a failed row has every column")
    }

    /// σ = 1 mm on 4 mm slices: a warning on stderr and in the trailing `warnings` column, which
    /// every table with a 3D LoG has (empty when the σ is fine), in IBSI and pyradiomics modes.
    func testLoGSigmaBelowTheSliceSpacingWarns() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try TinyNRRD.phantom(in: dir, spacing: (1, 1, 4))
        func ibsi(_ sigma: Double) throws -> String {
            let path = dir.appendingPathComponent("log-\(sigma).yaml").path
            try "image_types:\n  - {type: pyradiomics-log, sigma: \(sigma)}\nfeatures:\n  families: [statistics]\n".write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let params = dir.appendingPathComponent("params.yaml").path
        try "imageType:\n  LoG: {sigma: [1.0, 5.0]}\nfeatureClass:\n  firstorder: [Mean]\n".write(toFile: params, atomically: true, encoding: .utf8)
        let warning = "LoG sigma 1.0 mm is below the slice spacing 4.0 mm"
        for config in [try ibsi(1), params] {
            let r = try CLI.run(["extract", image, mask, "--config", config])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("radiomics: warning: \(image): \(warning)"), r.stderr)
            let lines = r.stdout.split(separator: "\n")
            XCTAssertTrue(lines[0].hasSuffix(",warnings"), String(lines[0]))
            XCTAssertTrue(lines[1].hasSuffix(",\(warning): the 3D kernel is undersampled along z"), String(lines[1]))
            let jsonl = try CLI.run(["extract", image, mask, "--config", config, "--format", "jsonl", "-q"])
            XCTAssertTrue(jsonl.stdout.contains("\"warnings\":\"\(warning)"), jsonl.stdout)
            XCTAssertEqual(jsonl.stderr, "", "--quiet")
        }
        let fine = try CLI.run(["extract", image, mask, "--config", try ibsi(5)])
        XCTAssertEqual(fine.stderr, "")
        XCTAssertTrue(fine.stdout.split(separator: "\n")[0].hasSuffix(",warnings"), "the column depends on the settings only")
        XCTAssertTrue(fine.stdout.split(separator: "\n")[1].hasSuffix(","), fine.stdout)
        // Without a LoG there is no such column.
        XCTAssertFalse(try CLI.run(["extract", image, mask, "--config", try config(dir, "f: [statistics]")]).stdout.contains("warnings"))
        // A batch: `error`, then `warnings`; the provenance records the case's warnings.
        let manifest = dir.appendingPathComponent("cases.csv").path
        try "ID,Image,Mask\nthick,\(image),\(mask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.csv").path
        let b = try CLI.run(["batch", manifest, "-o", out, "--config", try ibsi(1)])
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertTrue(b.stderr.contains("radiomics: warning: case thick: \(warning)"), b.stderr)
        let table = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(table[0].hasSuffix(",error,warnings"), String(table[0]))
        XCTAssertTrue(table[1].hasSuffix(",,\(warning): the 3D kernel is undersampled along z"), String(table[1]))
        XCTAssertTrue(try String(contentsOfFile: out + ".provenance.json", encoding: .utf8).contains(warning))
    }
}
