import Foundation
import XCTest

/// `batch --shard`, `merge` and `slurm` (the scripts; a real cluster runs in `make test-slurm`).
final class ShardMergeTests: XCTestCase {
    let dpImage = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
    let dpMask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
    let ctImage = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
    let ctMask = CLI.fixtures + "/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"

    var dir: URL!
    var cfg: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("shard-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let d = dir!
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        cfg = path("d.yaml")
        try "features:\n  families: [diagnostics, statistics]\n".write(toFile: cfg, atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// `count` cases: digital phantom, CT phantom, one missing mask, and `label all`.
    func manifest(_ name: String = "cases.csv", count: Int) throws -> String {
        var lines = ["ID,Image,Mask,Label"]
        for i in 0..<count {
            switch i % 4 {
            case 1: lines.append("c\(i),\(ctImage),\(ctMask),")
            case 2 where i == 2: lines.append("c\(i),\(dpImage),\(dir.path)/missing.nii.gz,")
            case 3: lines.append("c\(i),\(dpImage),\(dpMask),all")
            default: lines.append("c\(i),\(dpImage),\(dpMask),")
            }
        }
        let p = path(name)
        try (lines.joined(separator: "\n") + "\n").write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func batch(_ args: [String]) throws -> CLI.Result { try CLI.run(["batch"] + args + ["--config", cfg, "-q"]) }
    func bytes(_ p: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: p)) }

    func testShardsMergeByteIdenticalToTheUnshardedBatchInEveryFormat() throws {
        let m = try manifest(count: 7)
        for format in ["wide", "long", "jsonl"] {
            let full = path("full.\(format)")
            XCTAssertEqual(try batch([m, "-o", full, "--format", format]).status, 3)
            var shards: [String] = []
            for k in [3, 1, 2] {
                let s = path("s\(k).\(format)")
                XCTAssertEqual(try batch([m, "-o", s, "--format", format, "--shard", "\(k)/3", "--jobs", "2"]).status, k == 3 ? 3 : 0)
                shards.append(s)
            }
            let merged = path("merged.\(format)")
            let r = try CLI.run(["merge", "-o", merged] + shards)
            XCTAssertEqual(r.status, 3, r.stderr)
            XCTAssertTrue(r.stderr.contains("1 of 7 cases failed"), r.stderr)
            XCTAssertEqual(try bytes(merged), try bytes(full), format)
            // The merged provenance lists every case in manifest order and each shard's run.
            let prov = try JSONSerialization.jsonObject(with: bytes(merged + ".provenance.json")) as! [String: Any]
            XCTAssertEqual((prov["cases"] as! [[String: Any]]).map { $0["id"] as! String }, (0..<7).map { "c\($0)" })
            let runs = try XCTUnwrap(prov["shardRuns"] as? [[String: Any]])
            XCTAssertEqual(runs.map { (($0["shard"] as? [String: Any])?["index"] as? Int) ?? 0 }, [1, 2, 3])
            // The merged table can be resumed as the unsharded one (same settings, no shard).
            XCTAssertEqual(try batch([m, "-o", merged, "--format", format, "--resume"]).status, 3)
            XCTAssertEqual(try bytes(merged), try bytes(full), format)
        }
        // Stride: shard 1/3 holds the manifest's cases 0, 3, 6.
        let rows = CSVText.rows(try String(contentsOfFile: path("s1.wide"), encoding: .utf8))
        XCTAssertEqual(Array(Set(rows.dropFirst().map { $0[0] })).sorted(), ["c0", "c3", "c6"])
    }

    /// With a pyradiomics parameter file too: its columns are fixed by the file, so shards merge exactly.
    func testPyRadiomicsModeShardsMergeByteIdentical() throws {
        let root = CLI.fixtures + "/pyradiomics"
        var lines = ["ID,Image,Mask"]
        for c in ["sphere", "blob_irregular", "ellipsoid_aniso", "slice2d"] {
            lines.append("\(c),\(root)/cases/\(c)_image.nii.gz,\(root)/cases/\(c)_mask.nii.gz")
        }
        let m = path("py.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: m, atomically: true, encoding: .utf8)
        let params = root + "/params/original_bw25.yaml"
        XCTAssertEqual(try CLI.run(["batch", m, "--config", params, "-o", path("py-all.csv"), "-q"]).status, 0)
        for k in 1...3 {
            XCTAssertEqual(try CLI.run(["batch", m, "--config", params, "-o", path("py-\(k).csv"), "--shard", "\(k)/3", "-q"]).status, 0)
        }
        let merged = try CLI.run(["merge", "-o", path("py-merged.csv"), path("py-3.csv"), path("py-1.csv"), path("py-2.csv")])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(try bytes(path("py-merged.csv")), try bytes(path("py-all.csv")))
        XCTAssertTrue(String(decoding: try bytes(path("py-all.csv")), as: UTF8.self).hasPrefix("ID,Image,Mask,Label,diagnostics_"))
        // Another parameter file's shard is refused.
        XCTAssertEqual(try CLI.run(["batch", m, "--config", root + "/params/original_bw10.yaml", "-o", path("py-x.csv"), "--shard", "3/3", "-q"]).status, 0)
        let refused = try CLI.run(["merge", "-o", path("py-bad.csv"), path("py-1.csv"), path("py-2.csv"), path("py-x.csv")])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("py-bad.csv")))
    }

    func testShardsOfAGrowingManifestKeepTheirCasesAndResume() throws {
        let small = try manifest("small.csv", count: 6)
        XCTAssertEqual(try batch([small, "-o", path("s2.csv"), "--shard", "2/4"]).status, 0)
        let before = try String(contentsOfFile: path("s2.csv"), encoding: .utf8)
        // Four cases appended: shard 2/4 gains case 9 and keeps 1 and 5.
        let grown = try manifest("small.csv", count: 10)
        let r = try CLI.run(["batch", grown, "-o", path("s2.csv"), "--shard", "2/4", "--resume", "--config", cfg])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("2 of 3 cases already complete"), r.stderr)
        let after = try String(contentsOfFile: path("s2.csv"), encoding: .utf8)
        XCTAssertTrue(after.hasPrefix(before))
        XCTAssertEqual(CSVText.rows(after).dropFirst().map { $0[0] }, ["c1", "c5", "c9"])
    }

    func testShardFromEnvironmentIsOneBasedUnlessToldOtherwise() throws {
        let m = try manifest(count: 5)
        XCTAssertEqual(try batch([m, "-o", path("x.csv"), "--shard", "2/2"]).status, 0)
        let expected = try bytes(path("x.csv"))
        func run(_ value: String, _ extra: [String]) throws -> CLI.Result {
            try CLI.run(["env", "TASK=\(value)", CLI.binary.path, "batch", m, "-o", path("e.csv"), "--shard-from-env", "TASK",
                         "--shards", "2", "--config", cfg, "-q"] + extra, executable: URL(fileURLWithPath: "/usr/bin/env"))
        }
        XCTAssertEqual(try run("2", []).status, 0)
        XCTAssertEqual(try bytes(path("e.csv")), expected)
        XCTAssertEqual(try run("1", ["--shard-base", "0"]).status, 0)
        XCTAssertEqual(try bytes(path("e.csv")), expected)
        let zero = try run("0", [])
        XCTAssertEqual(zero.status, 64)
        XCTAssertTrue(zero.stderr.contains("--shard-base 0"), zero.stderr)
        let unset = try CLI.run(["batch", m, "--shard-from-env", "NO_SUCH_ARRAY_VARIABLE", "--shards", "2", "--config", cfg])
        XCTAssertEqual(unset.status, 64)
        XCTAssertTrue(unset.stderr.contains("NO_SUCH_ARRAY_VARIABLE: the variable is not set"), unset.stderr)
        let bad = try CLI.run(["batch", m, "--shard", "3/2"])
        XCTAssertEqual(bad.status, 64)
    }

    func testResumeRefusesAnotherShard() throws {
        let m = try manifest(count: 6)
        XCTAssertEqual(try batch([m, "-o", path("s.csv"), "--shard", "1/3"]).status, 0)
        let before = try bytes(path("s.csv"))
        for other in [["--shard", "2/3"], ["--shard", "1/2"], []] {
            let r = try CLI.run(["batch", m, "-o", path("s.csv"), "--resume", "--config", cfg] + other)
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains("cannot resume: written as shard 1/3, this run is "), r.stderr)
            XCTAssertEqual(try bytes(path("s.csv")), before)
        }
    }

    func testMergeRefusesMissingDuplicatedIncompleteAndOtherSettings() throws {
        let m = try manifest(count: 6)
        for k in 1...3 { XCTAssertEqual(try batch([m, "-o", path("s\(k).csv"), "--shard", "\(k)/3"]).status, k == 3 ? 3 : 0) }
        func merge(_ files: [String]) throws -> CLI.Result { try CLI.run(["merge", "-o", path("m.csv")] + files.map(path)) }
        func assertError(_ r: CLI.Result, _ status: Int32, _ fragment: String, line: UInt = #line) {
            XCTAssertEqual(r.status, status, r.stderr, line: line)
            XCTAssertTrue(r.stderr.hasPrefix("radiomics: error: ") && r.stderr.contains(fragment), r.stderr, line: line)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path("m.csv")), "no output on a refusal", line: line)
        }
        assertError(try merge(["s1.csv", "s3.csv"]), 64, "missing shard 2/3")
        assertError(try merge(["s1.csv", "s2.csv", "s2.csv"]), 65, "shard 2/3 given twice")

        // A shard written with other settings.
        let other = path("o.yaml")
        try "features:\n  families: [diagnostics, statistics]\nresegmentation:\n  range: [-1000, 400]\n".write(toFile: other, atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLI.run(["batch", m, "-o", path("o2.csv"), "--shard", "2/3", "--config", other, "-q"]).status, 0)
        assertError(try merge(["s1.csv", "o2.csv", "s3.csv"]), 65, "written with other settings")

        // An unfinished shard: its last case cut off.
        let s2 = try String(contentsOfFile: path("s2.csv"), encoding: .utf8)
        let cut = s2.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        try cut.write(toFile: path("s2.csv"), atomically: true, encoding: .utf8)
        assertError(try merge(["s1.csv", "s2.csv", "s3.csv"]), 65, "incomplete: 1 of its 2 cases (next: 'c4')")
        // A foreign row appended.
        try (s2 + "zz,a,b,1\n").write(toFile: path("s2.csv"), atomically: true, encoding: .utf8)
        assertError(try merge(["s1.csv", "s2.csv", "s3.csv"]), 65, "has bytes after the rows")
        try s2.write(toFile: path("s2.csv"), atomically: true, encoding: .utf8)

        // Another shard count, another manifest, and a plain (unsharded) output.
        XCTAssertEqual(try batch([m, "-o", path("q2.csv"), "--shard", "2/4"]).status, 0)
        assertError(try merge(["s1.csv", "q2.csv", "s3.csv"]), 65, "different shard counts")
        let m2 = try manifest("other.csv", count: 7)
        XCTAssertEqual(try batch([m2, "-o", path("n2.csv"), "--shard", "2/3"]).status, 0)
        assertError(try merge(["s1.csv", "n2.csv", "s3.csv"]), 65, "from another manifest")
        XCTAssertEqual(try batch([m, "-o", path("plain.csv")]).status, 3)
        assertError(try merge(["plain.csv"]), 65, "not a shard")

        let ok = try merge(["s1.csv", "s2.csv", "s3.csv"])
        XCTAssertEqual(ok.status, 3, ok.stderr)
    }

    /// A memory budget smaller than any case runs them one at a time: same table, and the
    /// summary names the plan and the throughput.
    func testMaxMemoryAndJobsKeepTheTableAndTheSummaryGivesTheThroughput() throws {
        let m = try manifest(count: 5)
        XCTAssertEqual(try batch([m, "-o", path("one.csv"), "--jobs", "1"]).status, 3)
        let r = try CLI.run(["batch", m, "-o", path("tight.csv"), "--jobs", "4", "--max-memory", "1M", "--config", cfg])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertEqual(try bytes(path("tight.csv")), try bytes(path("one.csv")))
        XCTAssertTrue(r.stderr.contains("radiomics batch: 5 cases (5 rows) in "), r.stderr)
        XCTAssertTrue(r.stderr.contains(" cases/s; 4 jobs × 1 threads"), r.stderr)
        let auto = try CLI.run(["batch", m, "-o", path("auto.csv"), "--jobs", "auto", "--config", cfg])
        XCTAssertEqual(auto.status, 3, auto.stderr)
        XCTAssertEqual(try bytes(path("auto.csv")), try bytes(path("one.csv")))
        for bad in [["--jobs", "0"], ["--jobs", "many"], ["--max-memory", "lots"], ["--max-memory", "-1G"]] {
            XCTAssertEqual(try CLI.run(["batch", m] + bad).status, 64, "\(bad)")
        }
    }

    func testSlurmWritesAnArrayAndAMergeScript() throws {
        let m = try manifest(count: 5)
        let out = path("features.csv")
        let r = try CLI.run(["slurm", m, "--shards", "3", "-o", out, "--config", cfg, "--partition", "short", "--time", "1:00:00",
                             "--mem", "4000", "--cpus-per-task", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("sbatch --dependency=afterok:"), r.stdout)
        let array = try String(contentsOfFile: out + ".slurm/array.sbatch", encoding: .utf8)
        for line in ["#SBATCH --array=1-3", "#SBATCH --requeue", "#SBATCH --open-mode=append", "#SBATCH --partition=short",
                     "#SBATCH --time=1:00:00", "#SBATCH --mem=4000", "#SBATCH --cpus-per-task=2"] {
            XCTAssertTrue(array.contains(line + "\n"), line)
        }
        XCTAssertTrue(array.contains("--shard-from-env SLURM_ARRAY_TASK_ID --shards 3 --resume"), array)
        XCTAssertTrue(array.contains("--max-memory 4000M"), array)
        let merge = try String(contentsOfFile: out + ".slurm/merge.sbatch", encoding: .utf8)
        XCTAssertTrue(merge.contains("merge -o \(out) \(out).slurm/shard-1.csv \(out).slurm/shard-2.csv \(out).slurm/shard-3.csv"), merge)

        // The array script, run by hand as Slurm would run each task, then the merge script:
        // the table of an unsharded batch.
        for k in 1...3 {
            let task = try CLI.run(["env", "SLURM_ARRAY_TASK_ID=\(k)", "SLURM_CPUS_PER_TASK=2", "bash", out + ".slurm/array.sbatch"], executable: URL(fileURLWithPath: "/usr/bin/env"))
            XCTAssertEqual(task.status, 0, "exit 3 (failed cases) counts as done: \(task.stderr)")
        }
        XCTAssertEqual(try CLI.run(["bash", out + ".slurm/merge.sbatch"], executable: URL(fileURLWithPath: "/usr/bin/env")).status, 3)
        XCTAssertEqual(try batch([m, "-o", path("full.csv")]).status, 3)
        XCTAssertEqual(try bytes(out), try bytes(path("full.csv")))

        // Shard outputs of this submission would refuse another preset: refused before queueing.
        let again = try CLI.run(["slurm", m, "--shards", "3", "-o", out, "--preset", "ibsi1-config-a"])
        XCTAssertEqual(again.status, 64, again.stderr)
        XCTAssertTrue(again.stderr.contains("shard-1.csv: left by an earlier submission"), again.stderr)
        XCTAssertEqual(try CLI.run(["slurm", m, "--shards", "3", "-o", out, "--config", cfg]).status, 0)

        let py = try CLI.run(["slurm", m, "--shards", "2", "-o", out, "--config", CLI.fixtures + "/pyradiomics-params/Params.yaml"])
        XCTAssertEqual(py.status, 64, py.stderr)
    }
}
