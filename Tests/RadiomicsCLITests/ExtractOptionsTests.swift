import Foundation
import Radiomics
@testable import RadiomicsCLI
import ArgumentParser
import XCTest

/// Every documented option of `radiomics extract` and every exit code: each test fails if its
/// option stops doing what the README says. Expected values come from the fixtures' own
/// readings (Fixtures/generated/expected.json, written by SimpleITK/pydicom) or from the raw
/// bytes of the input, never from an earlier run of the tool.
final class ExtractOptionsTests: XCTestCase {
    static let generated = CLI.fixtures + "/generated/"
    static let digitalImage = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    static let digitalMask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"

    func temporaryFolder() throws -> URL { try CLI.temporaryFolder(for: self) }

    /// A wide CSV as (header, rows of cells); none of these fixtures' paths holds a comma.
    static func table(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines.first ?? [], Array(lines.dropFirst()))
    }

    static func column(_ name: String, _ text: String) -> [String] {
        let t = table(text)
        guard let i = t.header.firstIndex(of: name) else { return [] }
        return t.rows.map { $0[i] }
    }

    /// A mask of ones (or of the given voxels) on the grid of `image` as read with `options`.
    static func mask(for image: String, options: ReadOptions = ReadOptions(), only voxels: [Int]? = nil, to path: String) throws {
        let grid = try ImageIO.readImage(image, options: options).geometry
        var m = ImageVolume(geometry: grid, repeating: voxels == nil ? 1 : 0)
        for n in voxels ?? [] { m.voxels[n] = 1 }
        try NIfTIWriter.write(m, to: path)
    }

    func testROIAllGivesOneRowPerROIEqualToEachROIAlone() throws {
        let image = Self.generated + "dicom/explicit_le"
        for (mask, rois) in [("rtstruct/rtstruct.dcm", ["Ring": 54, "Box": 12]), ("seg/binary.dcm", ["tumour": 48, "node": 4])] {
            let all = try CLI.run(["extract", image, Self.generated + mask, "--roi", "all"])
            XCTAssertEqual(all.status, 0, all.stderr)
            let names = Self.column("roi", all.stdout)
            XCTAssertEqual(Set(names), Set(rois.keys), mask)
            let counts = Self.column("int_mask_vox_count_init_roi", all.stdout)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(names, counts.map { Int(Double($0)!) })), rois, mask)
            for (n, roi) in names.enumerated() {
                let one = try CLI.run(["extract", image, Self.generated + mask, "--roi", roi])
                XCTAssertEqual(one.status, 0, one.stderr)
                XCTAssertEqual(Self.table(one.stdout).rows, [Self.table(all.stdout).rows[n]], "\(mask) \(roi): --roi all row differs")
            }
        }
        // A SEG segment by number is the same as by label; --label N reads a segment number too.
        let byNumber = try CLI.run(["extract", image, Self.generated + "seg/binary.dcm", "--roi", "2"])
        let byLabel = try CLI.run(["extract", image, Self.generated + "seg/binary.dcm", "--roi", "node"])
        XCTAssertEqual(byNumber.status, 0, byNumber.stderr)
        XCTAssertEqual(Self.table(byNumber.stdout).rows.map { Array($0.dropFirst(3)) }, Self.table(byLabel.stdout).rows.map { Array($0.dropFirst(3)) })
    }

    func testSeriesChoosesOneSeriesOfAFolder() throws {
        let folder = Self.generated + "dicom/two_series"
        let dir = try temporaryFolder()
        let mask = dir.appendingPathComponent("ones.nii.gz").path
        // Without --series: exit 65 and the error lists the series.
        let refused = try CLI.run(["extract", folder, Self.digitalMask])
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.stderr.contains("choose one with --series UID"), refused.stderr)
        let uids = refused.stderr.split(separator: " ").map(String.init).filter { $0.hasPrefix("1.2.") }
        XCTAssertEqual(uids.count, 2, refused.stderr)
        for (uid, slices) in zip(uids, [3, 4]) {
            XCTAssertTrue(refused.stderr.contains("\(uid) (") && refused.stderr.contains("\(slices) slices"), refused.stderr)
            try Self.mask(for: folder, options: ReadOptions(series: uid), to: mask)
            let r = try CLI.run(["extract", folder, mask, "--series", String(uid.trimmingCharacters(in: .punctuationCharacters))])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(Self.column("img_dim_z_init_img", r.stdout), [String(slices)])
        }
        XCTAssertEqual(try CLI.run(["extract", folder, mask, "--series", "1.2.3"]).status, 65)
    }

    /// four_d.nrrd: 6×5×2 voxels × 2 volumes, the volume index the fastest axis of the raw shorts.
    func testVolumeSelectsOneVolumeOfA4DImage() throws {
        let path = Self.generated + "bad/four_d.nrrd"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let start = try XCTUnwrap(bytes.range(of: Data("\n\n".utf8))).upperBound
        let shorts = bytes[start...].withUnsafeBytes { raw in (0..<120).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: Int16.self)) } }
        let dir = try temporaryFolder()
        let mask = dir.appendingPathComponent("ones.nii.gz").path
        try Self.mask(for: path, options: ReadOptions(volumeIndex: 0), to: mask)
        XCTAssertEqual(try CLI.run(["extract", path, mask]).status, 65, "a 4D image needs --volume")
        var means: [Double] = []
        for v in 0..<2 {
            let expected = stride(from: v, to: 120, by: 2).map { Double(shorts[$0]) }.reduce(0, +) / 60
            let r = try CLI.run(["extract", path, mask, "--volume", String(v)])
            XCTAssertEqual(r.status, 0, r.stderr)
            let mean = try XCTUnwrap(Double(Self.column("stat_mean", r.stdout).first ?? ""))
            XCTAssertEqual(mean, expected, accuracy: 1e-12 * Swift.max(1, Swift.abs(expected)))
            means.append(mean)
        }
        XCTAssertNotEqual(means[0], means[1], "the two volumes differ")
        XCTAssertEqual(try CLI.run(["extract", path, mask, "--volume", "2"]).status, 65)
    }

    func testProvenanceSidecarBesideTheOutputOrWhereAsked() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("f.csv").path
        XCTAssertEqual(try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "-o", out]).status, 0)
        let sidecar = out + ".provenance.json"
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sidecar))) as? [String: Any])
        let inputs = try XCTUnwrap(obj["inputs"] as? [[String: Any]])
        for file in [Self.digitalImage, Self.digitalMask] {
            let sum = try XCTUnwrap(inputs.first { $0["path"] as? String == file }?["sha256"] as? String, file)
            XCTAssertEqual(sum, try Self.sha256sum(file), file)
        }
        let custom = dir.appendingPathComponent("where.json").path
        let out2 = dir.appendingPathComponent("g.csv").path
        XCTAssertEqual(try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "-o", out2, "--provenance", custom]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: custom))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out2 + ".provenance.json"), "--provenance replaces the default sidecar")
        // stdout output: no sidecar unless asked for.
        let stdout = try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "--provenance", dir.appendingPathComponent("s.json").path])
        XCTAssertEqual(stdout.status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.json").path))
    }

    static func sha256sum(_ path: String) throws -> String {
        let p = Process(), pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    func testMaxVoxelsRefusesALargerImage() throws {
        // The digital phantom has 5 × 4 × 4 = 80 voxels.
        XCTAssertEqual(try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "--max-voxels", "80"]).status, 0)
        let r = try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "--max-voxels", "79"])
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(r.stderr, "radiomics: error: \(Self.digitalImage): dimensions 5×4×4 exceed the limit of 79 voxels (--max-voxels)\n")
        XCTAssertEqual(r.stdout, "")
    }

    func testFailedRunLeavesTheOutputUntouchedAndNoTemporaryFile() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("f.csv").path
        try "keep\n".write(toFile: out, atomically: true, encoding: .utf8)
        let r = try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "--label", "7", "-o", out])
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "keep\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["f.csv"])
        XCTAssertEqual(try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "-o", out]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("image,mask,roi,"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["f.csv", "f.csv.provenance.json"])
    }

    /// A one-voxel ROI: its PCA axes are NaN, written `NaN` in CSV and `null` in JSON lines.
    func testJSONLinesWriteNaNAsNull() throws {
        let dir = try temporaryFolder()
        let mask = dir.appendingPathComponent("one.nii.gz").path
        let voxel = 1 + 5 * (1 + 4 * 1)
        try Self.mask(for: Self.digitalImage, only: [voxel], to: mask)
        let intensity = Double(try ImageIO.readImage(Self.digitalImage).voxels[voxel])
        // One voxel is below the default --min-roi-voxels 2: allowed on request.
        let csv = try CLI.run(["extract", Self.digitalImage, mask, "--min-roi-voxels", "1"])
        XCTAssertEqual(Self.column("morph_pca_maj_axis", csv.stdout), ["NaN"])
        let r = try CLI.run(["extract", Self.digitalImage, mask, "--format", "jsonl", "--min-roi-voxels", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertTrue(obj["morph_pca_maj_axis"] is NSNull, "\(obj["morph_pca_maj_axis"] ?? "absent")")
        XCTAssertEqual(obj["stat_mean"] as? Double, intensity)
        XCTAssertEqual(obj["roi"] as? Int, 1, "a label value is a number, as pandas reads it from the CSV")
        XCTAssertEqual(obj["image"] as? String, Self.digitalImage)
        XCTAssertEqual(obj.count, Self.table(csv.stdout).header.count, "the same columns as the CSV")
        let named = try CLI.run(["extract", Self.generated + "dicom/explicit_le", Self.generated + "rtstruct/rtstruct.dcm", "--roi", "Box", "--format", "jsonl"])
        let namedObject = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(namedObject["roi"] as? String, "Box", "an RTSTRUCT ROI name stays a string")
    }

    func testQuietAndVerbose() throws {
        let v = try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "-v"])
        XCTAssertEqual(v.status, 0)
        let stages = try XCTUnwrap(v.stderr.split(separator: "\n").first { $0.hasPrefix("stages (seconds summed over parallel runs): ") })
        for stage in ["read", "preprocess", "glcm", "statistics", "write"] {
            XCTAssertNotNil(stages.range(of: "[:,] \(stage) [0-9.]+ s", options: .regularExpression), "\(stage) in \(stages)")
        }
        let plain = try CLI.run(["extract", Self.digitalImage, Self.digitalMask])
        XCTAssertEqual(plain.stderr, "")
        XCTAssertEqual(plain.stdout, v.stdout, "logging never changes the data")
        XCTAssertEqual(try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "-q", "-v"]).status, 64)
        // --quiet keeps errors and drops information: the batch's "resuming" line goes, the
        // failed cases' summary (errors) stays.
        let dir = try temporaryFolder()
        let manifest = dir.appendingPathComponent("m.csv").path, out = dir.appendingPathComponent("o.csv").path
        try "ID,Image,Mask\na,\(Self.digitalImage),\(Self.digitalMask)\nb,\(Self.digitalImage),/nonexistent.nii.gz\n"
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLI.run(["batch", manifest, "-o", out]).status, 3)
        let loud = try CLI.run(["batch", manifest, "-o", out, "--resume"])
        XCTAssertEqual(loud.status, 3)
        XCTAssertTrue(loud.stderr.contains("resuming"), loud.stderr)
        let quiet = try CLI.run(["batch", manifest, "-o", out, "--resume", "-q"])
        XCTAssertEqual(quiet.status, 3)
        XCTAssertFalse(quiet.stderr.contains("resuming"), quiet.stderr)
        XCTAssertTrue(quiet.stderr.contains("1 of 2 cases failed"), quiet.stderr)
    }

    func testOutputThatCannotBeWrittenIsExit73() throws {
        let r = try CLI.run(["extract", Self.digitalImage, Self.digitalMask, "-o", "/proc/radiomics-test.csv"])
        XCTAssertEqual(r.status, 73)
        XCTAssertTrue(r.stderr.hasPrefix("radiomics: error: /proc/radiomics-test.csv: "), r.stderr)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, "one line")
        XCTAssertEqual(r.stdout, "")
    }

    /// Exit 70 is for bugs, which no input can trigger on purpose: the mapping is tested directly.
    func testInternalErrorsExit70() throws {
        struct Unexpected: Error {}
        for error in [RadiomicsError(.internal, "broken invariant") as Error, Unexpected()] {
            XCTAssertThrowsError(try reportingErrors { throw error }) { thrown in
                XCTAssertEqual((thrown as? ExitCode)?.rawValue, 70, "\(error)")
            }
        }
        XCTAssertThrowsError(try reportingErrors { throw RadiomicsError.usage("x") }) { XCTAssertEqual(($0 as? ExitCode)?.rawValue, 64) }
        XCTAssertThrowsError(try reportingErrors { throw ExitCode(3) }) { XCTAssertEqual(($0 as? ExitCode)?.rawValue, 3) }
    }

    /// `-o /dev/null` (or any device or FIFO) is written in place: renaming a temporary file over
    /// it would replace the device node (as root, /dev/null itself). Checked with a FIFO, which
    /// needs no privilege: it must still be a FIFO afterwards, with the table read through it and
    /// no sidecar or settings record beside it.
    func testADeviceOrFIFOOutputIsWrittenInPlace() throws {
        let dir = try temporaryFolder()
        let fifo = dir.appendingPathComponent("out").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let manifest = dir.appendingPathComponent("m.csv").path
        try "ID,Image,Mask\na,\(Self.digitalImage),\(Self.digitalMask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        for arguments in [["extract", Self.digitalImage, Self.digitalMask, "-o", fifo], ["batch", manifest, "-o", fifo, "-q"]] {
            let received = Box()
            // open(2) blocks until the writer opens its end; read to end of file.
            let reader = Thread {
                var bytes = [UInt8](), chunk = [UInt8](repeating: 0, count: 65536)
                let fd = open(fifo, O_RDONLY)
                while fd >= 0 { let n = read(fd, &chunk, chunk.count); if n <= 0 { break }; bytes += chunk[0..<n] }
                if fd >= 0 { close(fd) }
                received.data = Data(bytes)
            }
            reader.start()
            let r = try CLI.run(arguments)
            XCTAssertEqual(r.status, 0, r.stderr)
            let deadline = Date().addingTimeInterval(30)
            while received.data == nil, Date() < deadline { usleep(10_000) }
            guard received.data != nil else { return XCTFail("nothing came through the FIFO") }
            let text = String(decoding: received.data!, as: UTF8.self)
            XCTAssertTrue(text.hasPrefix(arguments[0] == "batch" ? "id,image,mask,roi," : "image,mask,roi,"), String(text.prefix(40)))
            var st = stat()
            XCTAssertEqual(stat(fifo, &st), 0)
            XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO, "\(arguments[0]) replaced the FIFO")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["m.csv", "out"])
        }
        XCTAssertEqual(try CLI.run(["batch", manifest, "-o", fifo, "--resume"]).status, 64, "no resume into a stream")
    }

    final class Box: @unchecked Sendable { var data: Data? }
}
