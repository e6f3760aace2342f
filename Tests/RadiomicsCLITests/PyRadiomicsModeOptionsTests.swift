import Foundation
import XCTest

/// The pyradiomics mode through the shared execution path: every input, output and batch option
/// of the IBSI mode, one test each, and the errors where pyradiomics' semantics forbid one.
final class PyRadiomicsModeOptionsTests: XCTestCase {
    let root = CLI.fixtures + "/pyradiomics"
    let ct = CLI.fixtures + "/ibsi/ibsi1/ct_phantom"

    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pymode-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A small parameter file (first order + GLCM): the options under test do not depend on the classes.
    func params(in dir: URL, label: Int? = nil) throws -> String {
        let path = dir.appendingPathComponent("params.yaml").path
        try ("featureClass:\n  firstorder:\n  glcm:\nsetting:\n  binWidth: 25\n" + (label.map { "  label: \($0)\n" } ?? ""))
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testRTStructMaskWithROIEqualsTheNIfTICopy() throws {
        let dir = try tempDir()
        let p = try params(in: dir)
        let dicom = try CLI.run(["extract", "\(ct)/dicom/image", "\(ct)/dicom/mask/DCM_RS_00060.dcm", "--roi", "GTV-1", "--config", p])
        XCTAssertEqual(dicom.status, 0, dicom.stderr)
        let nifti = try CLI.run(["extract", "\(ct)/nifti/image/phantom.nii.gz", "\(ct)/nifti/mask/mask.nii.gz", "--config", p])
        XCTAssertEqual(nifti.status, 0, nifti.stderr)
        let d = rows(dicom.stdout), n = rows(nifti.stdout)
        XCTAssertEqual(d[0], n[0])
        XCTAssertEqual(d[1][2], "GTV-1")
        XCTAssertEqual(n[1][2], "1")
        // Same voxels read either way; the voxel volume differs in the last bits (DICOM's decimal
        // strings against NIfTI's float32 pixdim), which only TotalEnergy shows.
        for (column, (a, b)) in zip(d[0], zip(d[1], n[1])).dropFirst(3) {
            let x = try XCTUnwrap(Double(a)), y = try XCTUnwrap(Double(b))
            XCTAssert(x == y || Swift.abs(x - y) <= 1e-12 * Swift.abs(y), "\(column): \(a) vs \(b)")
        }
        XCTAssertGreaterThan(d[0].count, 3 + 18 + 24)
        // An RTSTRUCT has no label values: the error says to name the ROI.
        let wrong = try CLI.run(["extract", "\(ct)/dicom/image", "\(ct)/dicom/mask/DCM_RS_00060.dcm", "--label", "1", "--config", p])
        XCTAssertEqual(wrong.status, 65, wrong.stderr)
        XCTAssert(wrong.stderr.contains("--roi"), wrong.stderr)
    }

    func testLabelAllGivesOneRowPerLabelWithTheLabelColumn() throws {
        let dir = try tempDir()
        let image = "\(root)/cases/multilabel_image.nii.gz", mask = "\(root)/cases/multilabel_mask.nii.gz"
        let all = try CLI.run(["extract", image, mask, "--label", "all", "--config", try params(in: dir)])
        XCTAssertEqual(all.status, 0, all.stderr)
        let two = try CLI.run(["extract", image, mask, "--config", try params(in: dir, label: 2)])
        XCTAssertEqual(two.status, 0, two.stderr)
        let a = rows(all.stdout), t = rows(two.stdout)
        XCTAssertEqual(a.count, 3)
        XCTAssertEqual(a.dropFirst().map { $0[2] }, ["1", "2"])
        XCTAssertEqual(a[2], t[1], "the label-2 row equals a run with the parameter file's label: 2")
        XCTAssertNotEqual(Array(a[1].dropFirst(3)), Array(a[2].dropFirst(3)))
    }

    func testLongAndJSONLinesCarryTheWideValues() throws {
        let dir = try tempDir()
        let p = try params(in: dir)
        let args = ["extract", "\(root)/cases/sphere_image.nii.gz", "\(root)/cases/sphere_mask.nii.gz", "--config", p]
        let wide = try CLI.run(args), long = try CLI.run(args + ["--format", "long"]), jsonl = try CLI.run(args + ["--format", "jsonl"])
        for r in [wide, long, jsonl] { XCTAssertEqual(r.status, 0, r.stderr) }
        let w = rows(wide.stdout)
        let byColumn = Dictionary(uniqueKeysWithValues: zip(w[0], w[1]))
        let l = rows(long.stdout)
        XCTAssertEqual(l[0], ["Image", "Mask", "Label", "feature", "value"])
        XCTAssertEqual(l.count - 1, w[0].count - 3)
        for line in l.dropFirst() { XCTAssertEqual(byColumn[line[3]], line[4], line[3]) }
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(jsonl.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["Label"] as? Int, 1, "a label value is a number, as in the CSV")
        let mean = try XCTUnwrap(object["original_firstorder_Mean"] as? Double)
        XCTAssertEqual(mean, Double(byColumn["original_firstorder_Mean"]!))
    }

    func testProvenanceRecordsTheParameterFile() throws {
        let dir = try tempDir()
        let out = dir.appendingPathComponent("f.csv").path
        let r = try CLI.run(["extract", "\(root)/cases/sphere_image.nii.gz", "\(root)/cases/sphere_mask.nii.gz",
                             "--config", "\(root)/params/original_bw10.yaml", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".provenance.json"))) as? [String: Any])
        let configuration = try XCTUnwrap(json["configuration"] as? [String: Any])
        let p = try XCTUnwrap(configuration["pyradiomics"] as? [String: Any])
        XCTAssertEqual((p["settings"] as? [String: Any])?["binWidth"] as? Double, 10)
        let inputs = try XCTUnwrap(json["inputs"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        XCTAssert(inputs.contains("\(root)/params/original_bw10.yaml"), "\(inputs)")
    }

    /// DICOM SEG and RTSTRUCT with --roi all (one row per segment / ROI, named in Label),
    /// --max-voxels, and a batch manifest's ROI and Series columns.
    func testSEGRTStructROIAllMaxVoxelsAndManifestROISeries() throws {
        let dir = try tempDir()
        let p = try params(in: dir)
        let g = CLI.fixtures + "/generated"
        let seg = try CLI.run(["extract", "\(g)/dicom/explicit_le", "\(g)/seg/binary.dcm", "--roi", "all", "--config", p])
        XCTAssertEqual(seg.status, 0, seg.stderr)
        XCTAssertEqual(rows(seg.stdout).dropFirst().map { $0[2] }, ["tumour", "node"])
        let rt = try CLI.run(["extract", "\(g)/dicom/explicit_le", "\(g)/rtstruct/rtstruct.dcm", "--roi", "all", "--config", p])
        XCTAssertEqual(rt.status, 0, rt.stderr)
        XCTAssertEqual(rows(rt.stdout).dropFirst().map { $0[2] }, ["Ring", "Box"])
        let capped = try CLI.run(["extract", "\(g)/dicom/explicit_le", "\(g)/seg/binary.dcm", "--roi", "all", "--config", p, "--max-voxels", "10"])
        XCTAssertEqual(capped.status, 65, capped.stderr)
        XCTAssert(capped.stderr.contains("--max-voxels"), capped.stderr)
        let manifest = dir.appendingPathComponent("m.csv").path
        try """
            ID,Image,Mask,ROI,Series
            a,\(g)/dicom/explicit_le,\(g)/rtstruct/rtstruct.dcm,Box,
            b,\(g)/dicom/two_series,\(g)/rtstruct/rtstruct.dcm,Box,1.2.3

            """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let batch = try CLI.run(["batch", manifest, "--config", p])
        XCTAssertEqual(batch.status, 3, batch.stderr)
        let b = rows(batch.stdout)
        XCTAssertEqual(b[1][3], "Box")
        XCTAssertEqual(b[1].last, "", "case a worked")
        XCTAssertEqual(Array(b[1].dropFirst(4).dropLast()), Array(rows(rt.stdout)[2].dropFirst(3)), "the manifest's ROI is extract's --roi")
        XCTAssertEqual(b[2][0], "b")
        XCTAssert(batch.stdout.split(separator: "\n")[2].contains("series 1.2.3 is not in the folder"), batch.stdout)
    }

    func testOptionsPyRadiomicsForbidsAreErrorsSayingSo() throws {
        let r = try CLI.run(["extract", "\(root)/cases/sphere_image.nii.gz", "\(root)/cases/sphere_mask.nii.gz",
                             "--config", "\(root)/params/original_bw25.yaml", "--preset", "ibsi1-config-c"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssert(r.stderr.contains("pyradiomics parameter file cannot be combined with --preset"), r.stderr)
    }

    /// Five fixture cases, one broken: a manifest with Label and ROI-free rows.
    func manifest(in dir: URL) throws -> String {
        var lines = ["ID,Image,Mask,Label"]
        for (n, name) in ["sphere", "ellipsoid_aniso", "blob_irregular", "ellipsoid_flipped"].enumerated() {
            lines.append("c\(n),\(root)/cases/\(name)_image.nii.gz,\(root)/cases/\(name)_mask.nii.gz,")
        }
        lines.insert("broken,\(root)/cases/sphere_image.nii.gz,\(root)/cases/sphere_mask.nii.gz,7", at: 2)
        lines.append("multi,\(root)/cases/multilabel_image.nii.gz,\(root)/cases/multilabel_mask.nii.gz,all")
        let path = dir.appendingPathComponent("cases.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testBatchErrorColumnAndResumeAfterAnInterruptedRun() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir)
        let p = "\(root)/params/log_wavelet.yaml"
        let clean = dir.appendingPathComponent("clean.csv").path, out = dir.appendingPathComponent("out.csv").path
        let r = try CLI.run(["batch", m, "--config", p, "-o", clean, "--jobs", "2"])
        XCTAssertEqual(r.status, 3, r.stderr)
        let expected = try String(contentsOfFile: clean, encoding: .utf8)
        let lines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 1 + 7 + 1)     // header, 5 single-label rows + 2 labels of 'multi', final newline
        // A LoG can warn (σ below the slice spacing): `warnings` follows `error`.
        XCTAssert(lines[0].hasPrefix("ID,Image,Mask,Label,diagnostics_Image-original_Mean,") && lines[0].hasSuffix(",error,warnings"))
        XCTAssert(lines[2].hasPrefix("broken,") && lines[2].contains("label 7 is absent"), lines[2])
        XCTAssert(lines[1].hasSuffix(",,"), "a case that worked has an empty error (and no warning here)")
        XCTAssertEqual(lines[6].split(separator: ",")[3], "1")
        XCTAssertEqual(lines[7].split(separator: ",")[3], "2")

        // SIGINT mid-batch: exit 130 and whole rows only.
        let proc = Process()
        proc.executableURL = CLI.binary
        proc.arguments = ["batch", m, "--config", p, "-o", out, "--jobs", "1"]
        proc.standardError = FileHandle.nullDevice
        try proc.run()
        let deadline = Date().addingTimeInterval(120)
        while proc.isRunning, Date() < deadline {
            if ((try? String(contentsOfFile: out, encoding: .utf8))?.filter { $0 == "\n" }.count ?? 0) >= 2 { break }
            usleep(2_000)
        }
        let interrupted = proc.isRunning
        kill(proc.processIdentifier, SIGINT)
        proc.waitUntilExit()
        if interrupted { XCTAssertEqual(proc.terminationStatus, 130) }
        let partial = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertEqual(partial.last, "\n")
        XCTAssert(expected.hasPrefix(partial), "the interrupted run wrote a prefix of the clean output")

        // A cut mid-row (kill -9 during a write would leave none, but resume must cope), then --resume.
        try (lines[0] + "\n" + lines[1] + "\n" + lines[2].prefix(30)).write(toFile: out, atomically: true, encoding: .utf8)
        let resumed = try CLI.run(["batch", m, "--config", p, "-o", out, "--resume", "--jobs", "2"])
        XCTAssertEqual(resumed.status, 3, resumed.stderr)
        XCTAssert(resumed.stderr.contains("1 of 6 cases already complete"), resumed.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), expected)
        // Another parameter file's table is not resumed.
        let other = try CLI.run(["batch", m, "--config", "\(root)/params/original_bw25.yaml", "-o", out, "--resume"])
        XCTAssertEqual(other.status, 64, other.stderr)
        XCTAssert(other.stderr.contains("cannot resume"), other.stderr)
    }

    /// `batch --shard k/n --format jsonl` (and long) in pyradiomics mode, then `merge`: the bytes
    /// of the unsharded batch (JSON Lines rows start with pyradiomics' `ID` key, not `id`).
    func testShardsInJSONLinesAndLongMergeToTheUnshardedBatch() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir), p = try params(in: dir)
        for format in ["jsonl", "long"] {
            let full = dir.appendingPathComponent("full.\(format)").path
            XCTAssertEqual(try CLI.run(["batch", m, "--config", p, "-o", full, "--format", format, "-q"]).status, 3)
            var shards: [String] = []
            for k in [2, 1, 3] {
                let s = dir.appendingPathComponent("s\(k).\(format)").path
                let r = try CLI.run(["batch", m, "--config", p, "-o", s, "--format", format, "--shard", "\(k)/3", "-q"])
                XCTAssert(r.status == 0 || r.status == 3, r.stderr)
                shards.append(s)
            }
            let merged = dir.appendingPathComponent("merged.\(format)").path
            let r = try CLI.run(["merge", "-o", merged] + shards)
            XCTAssertEqual(r.status, 3, "one case failed: merge reports it like batch. " + r.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: merged)), try Data(contentsOf: URL(fileURLWithPath: full)), format)
        }
        let first = try String(contentsOfFile: dir.appendingPathComponent("full.jsonl").path, encoding: .utf8)
        XCTAssert(first.hasPrefix("{\"ID\":\"c0\",\"Image\":"), String(first.prefix(80)))
    }

    /// `--resume --retry-failed`: a case whose mask appears later is computed again, and the
    /// table is what a clean run writes.
    func testRetryFailedRecomputesTheFailedCase() throws {
        let dir = try tempDir()
        let p = try params(in: dir)
        let late = dir.appendingPathComponent("late_mask.nii.gz").path
        let m = dir.appendingPathComponent("m.csv").path
        try """
            ID,Image,Mask
            a,\(root)/cases/sphere_image.nii.gz,\(root)/cases/sphere_mask.nii.gz
            late,\(root)/cases/blob_irregular_image.nii.gz,\(late)

            """.write(toFile: m, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.csv").path, clean = dir.appendingPathComponent("clean.csv").path
        XCTAssertEqual(try CLI.run(["batch", m, "--config", p, "-o", out, "-q"]).status, 3)
        try FileManager.default.copyItem(atPath: "\(root)/cases/blob_irregular_mask.nii.gz", toPath: late)
        let retry = try CLI.run(["batch", m, "--config", p, "-o", out, "--resume", "--retry-failed"])
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssert(retry.stderr.contains("1 failed ones computed again"), retry.stderr)
        XCTAssertEqual(try CLI.run(["batch", m, "--config", p, "-o", clean, "-q"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try Data(contentsOf: URL(fileURLWithPath: clean)))
    }

    /// The progress bar on a (pseudo-)terminal, as in the IBSI mode.
    func testProgressBarOnATerminal() throws {
        let dir = try tempDir()
        let m = try manifest(in: dir), p = try params(in: dir)
        let command = "\(CLI.binary.path) batch \(m) --config \(p) -o \(dir.appendingPathComponent("o.csv").path)"
        let r = try CLI.run(["-qfec", command, "/dev/null"], environment: ["TERM": "xterm", "NO_COLOR": "1"],
                            executable: URL(fileURLWithPath: "/usr/bin/script"))
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssert(r.stdout.contains("] 6/6 cases ") && r.stdout.contains(" 1 failed"), r.stdout)
    }

    /// `--components`: a row per connected component; a two-voxel component is one pyradiomics
    /// refuses (`checkMask`: too few dimensions), and the error says so.
    func testComponentsGiveARowPerComponent() throws {
        let dir = try tempDir()
        let (image, mask) = try RegionCLITests.writeCase(dir)
        let p = try params(in: dir)
        let big = try CLI.run(["extract", image, mask, "--components", "--min-component-voxels", "3", "--config", p, "--format", "long"])
        XCTAssertEqual(big.status, 0, big.stderr)
        let lines = rows(big.stdout).dropFirst()
        XCTAssertEqual(Set(lines.map { $0[2] }), ["1.c1"])
        XCTAssertEqual(lines.first { $0[3] == "diagnostics_Mask-original_VoxelNum" }?[4], "64")
        let all = try CLI.run(["extract", image, mask, "--components", "--config", p])
        XCTAssertEqual(all.status, 65, all.stderr)
        XCTAssert(all.stderr.contains("too few dimensions"), all.stderr)
    }

    /// `--suv`: the PET series in SUVbw (the default for BQML) against Bq/mL (`--suv none`): the
    /// mean scales by the factor, recorded in the provenance.
    func testSUVScalesTheIntensities() throws {
        let dir = try tempDir()
        let p = try params(in: dir)
        let pet = CLI.fixtures + "/pet"
        let out = dir.appendingPathComponent("suv.csv").path
        let suv = try CLI.run(["extract", pet + "/start_datetime", pet + "/start_datetime_mask.nii.gz", "--config", p, "--suv", "bw", "-o", out])
        XCTAssertEqual(suv.status, 0, suv.stderr)
        let none = try CLI.run(["extract", pet + "/start_datetime", pet + "/start_datetime_mask.nii.gz", "--config", p, "--suv", "none"])
        XCTAssertEqual(none.status, 0, none.stderr)
        func mean(_ t: String) throws -> Double {
            let r = rows(t)
            return try XCTUnwrap(Double(r[1][try XCTUnwrap(r[0].firstIndex(of: "original_firstorder_Mean"))]))
        }
        let prov = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".provenance.json"))) as? [String: Any])
        let factor = try XCTUnwrap((((prov["cases"] as? [[String: Any]])?.first?["suv"]) as? [String: Any])?["factor"] as? Double)
        XCTAssertNotEqual(factor, 1)
        XCTAssertEqual(try mean(String(contentsOfFile: out, encoding: .utf8)), try mean(none.stdout) * factor, accuracy: 1e-5 * Swift.abs(try mean(none.stdout) * factor))
    }
}
