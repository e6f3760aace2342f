import Foundation
import Radiomics
import XCTest

/// The manifest's optional columns, relative paths and the batch output formats: each batch row
/// must equal `radiomics extract` of the same case with the same options.
final class BatchOptionsTests: XCTestCase {
    static let generated = CLI.fixtures + "/generated/"

    func temporaryFolder() throws -> URL { try CLI.temporaryFolder(for: self) }

    /// Long-format rows of one `extract` run as [roi: [feature: value]].
    static func long(_ text: String, keys: Int) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[f[keys - 1], default: [:]][f[keys]] = f[keys + 1]
        }
        return out
    }

    func testManifestColumnsRelativePathsAndLongFormat() throws {
        let dir = try temporaryFolder()
        // Inputs beside the manifest, named relative to it.
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for (name, target) in [("ct", "dicom/explicit_le"), ("rt.dcm", "rtstruct/rtstruct.dcm"), ("seg.dcm", "seg/binary.dcm"),
                               ("two", "dicom/two_series"), ("four_d.nrrd", "bad/four_d.nrrd")] {
            try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent(name).path, withDestinationPath: Self.generated + target)
        }
        let refused = try CLI.run(["extract", Self.generated + "dicom/two_series", CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"])
        let uid = try XCTUnwrap(refused.stderr.split(separator: " ").map(String.init).first { $0.hasPrefix("1.2.") })
        try ExtractOptionsTests.mask(for: Self.generated + "dicom/two_series", options: ReadOptions(series: uid), to: data.appendingPathComponent("two-mask.nii.gz").path)
        try ExtractOptionsTests.mask(for: Self.generated + "bad/four_d.nrrd", options: ReadOptions(volumeIndex: 0), to: data.appendingPathComponent("four-mask.nii.gz").path)
        let manifest = dir.appendingPathComponent("cases.csv").path
        try """
            id,image,mask,roi,series,volume
            rt,data/ct,data/rt.dcm,all,,
            seg,data/ct,data/seg.dcm,node,,
            two,data/two,data/two-mask.nii.gz,,\(uid),
            vol,data/four_d.nrrd,data/four-mask.nii.gz,,,1

            """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("long.csv").path
        // From another working directory: relative paths resolve against the manifest's folder.
        let r = try CLI.run(["batch", manifest, "-o", out, "--format", "long", "--jobs", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("id,image,mask,roi,feature,value,error\n"), String(text.prefix(80)))
        var rows: [String: [String: [String: String]]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, 7, String(line))
            XCTAssertEqual(f[6], "", "no error: \(line)")
            rows[f[0], default: [:]][f[3], default: [:]][f[4]] = f[5]
        }
        XCTAssertEqual(Set(rows.keys), ["rt", "seg", "two", "vol"])
        XCTAssertEqual(Set(rows["rt"]!.keys), ["Ring", "Box"])
        XCTAssertEqual(Set(rows["seg"]!.keys), ["node"])
        // Each equals the extract run with the same options.
        let cases: [(String, [String])] = [
            ("rt", [Self.generated + "dicom/explicit_le", Self.generated + "rtstruct/rtstruct.dcm", "--roi", "all"]),
            ("seg", [Self.generated + "dicom/explicit_le", Self.generated + "seg/binary.dcm", "--roi", "node"]),
            ("two", [Self.generated + "dicom/two_series", data.appendingPathComponent("two-mask.nii.gz").path, "--series", uid]),
            ("vol", [Self.generated + "bad/four_d.nrrd", data.appendingPathComponent("four-mask.nii.gz").path, "--volume", "1"]),
        ]
        for (id, args) in cases {
            let e = try CLI.run(["extract"] + args + ["--format", "long"])
            XCTAssertEqual(e.status, 0, e.stderr)
            XCTAssertEqual(rows[id], Self.long(e.stdout, keys: 3), id)
        }
        XCTAssertEqual(rows["two"]?.values.first?["img_dim_z_init_img"], "3")
        XCTAssertEqual(rows["seg"]?["node"]?["int_mask_vox_count_init_roi"], "4")
    }

    func testJSONLinesBatchHasIdAndError() throws {
        let dir = try temporaryFolder()
        let manifest = dir.appendingPathComponent("m.csv").path
        let image = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
        let mask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
        try "ID,Image,Mask\na,\(image),\(mask)\nb,\(image),missing.nii.gz\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", manifest, "--format", "jsonl"])
        XCTAssertEqual(r.status, 3)
        let objects = try r.stdout.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(objects.map { $0["id"] as? String }, ["a", "b"])
        XCTAssertTrue(objects[0]["error"] is NSNull || (objects[0]["error"] as? String) == "", "\(objects[0]["error"] ?? "absent")")
        XCTAssertTrue((objects[1]["error"] as? String)?.contains("missing.nii.gz") == true, "\(objects[1]["error"] ?? "absent")")
        XCTAssertEqual(objects[0]["int_mask_vox_count_init_roi"] as? Double, 74)
        XCTAssertTrue(objects[1]["stat_mean"] is NSNull, "a failed case's features are null")
    }

    /// The progress bar: on stderr only when it is a terminal (here a pseudo-terminal from
    /// script(1)), failures in red unless NO_COLOR is set, nothing with --quiet or into a file.
    func testProgressBarOnlyOnATerminalAndNoColour() throws {
        let dir = try temporaryFolder()
        let image = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
        let mask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
        let manifest = dir.appendingPathComponent("m.csv").path
        try "ID,Image,Mask\na,\(image),\(mask)\nb,\(image),missing.nii.gz\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        func onTerminal(_ extra: String, environment: [String: String?]) throws -> String {
            let command = "\(CLI.binary.path) batch \(manifest) -o \(dir.appendingPathComponent("o.csv").path) \(extra)"
            let r = try CLI.run(["-qfec", command, "/dev/null"], environment: environment, executable: URL(fileURLWithPath: "/usr/bin/script"))
            XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
            return r.stdout
        }
        let colour = try onTerminal("", environment: ["TERM": "xterm", "NO_COLOR": nil])
        XCTAssertTrue(colour.contains("] 2/2 cases "), colour)
        XCTAssertTrue(colour.contains("\u{1B}[31m1 failed\u{1B}[0m"), colour)
        let plain = try onTerminal("", environment: ["TERM": "xterm", "NO_COLOR": "1"])
        XCTAssertTrue(plain.contains("] 2/2 cases ") && plain.contains(" 1 failed"), plain)
        XCTAssertFalse(plain.contains("\u{1B}[31m"), "NO_COLOR: no colour")
        XCTAssertFalse(try onTerminal("-q", environment: ["TERM": "xterm"]).contains("] 2/2 cases"), "--quiet: no bar")
        let file = try CLI.run(["batch", manifest, "-o", dir.appendingPathComponent("p.csv").path])
        XCTAssertFalse(file.stderr.contains("] 2/2 cases"), "stderr is not a terminal: no bar")
    }
}
