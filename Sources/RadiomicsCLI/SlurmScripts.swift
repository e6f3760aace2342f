import Foundation
import Radiomics

/// The two sbatch scripts of a cohort on a Slurm cluster: an array with one task per shard and
/// a merge job that runs once every task has succeeded. Paths are absolute (tasks may start
/// elsewhere) and single-quoted for the shell.
struct SlurmScripts {
    var binary: String
    var manifest: String
    var output: String
    /// Where the scripts, the shard outputs and the logs go.
    var folder: String
    var shards: Int
    var batchArguments: [String]
    var partition: String?
    var time: String?
    var mem: String?
    var cpusPerTask: Int
    var shardExtension: String

    func shardOutput(_ k: String) -> String { folder + "/shard-" + k + "." + shardExtension }
    var arrayPath: String { folder + "/array.sbatch" }
    var mergePath: String { folder + "/merge.sbatch" }

    private func common(name: String) -> [String] {
        var lines = ["#!/bin/bash", "# Written by radiomics \(RadiomicsVersion.string) ('radiomics slurm')", "#SBATCH --job-name=\(name)"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        return lines
    }

    var array: String {
        let name = "radiomics-" + URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent
        var lines = common(name: name)
        lines += ["#SBATCH --array=1-\(shards)", "#SBATCH --cpus-per-task=\(cpusPerTask)", "#SBATCH --requeue",
                  "#SBATCH --open-mode=append", "#SBATCH --output=\(folder)/shard-%a.log"]
        if let mem { lines.append("#SBATCH --mem=\(mem)") }
        lines += [
            "",
            "# Shard K of \(shards) (K = SLURM_ARRAY_TASK_ID, 1-based): the manifest's cases K, K+\(shards), K+\(2 * shards), …",
            "# --resume: a requeued or restarted task keeps the whole rows it already wrote.",
            "# One thread per case, as many cases at once as CPUs were given to the task.",
            "# Exit code 3 (some cases failed; their rows hold the reason) counts as done: the merge still runs.",
            "set -u",
            "echo \"radiomics shard ${SLURM_ARRAY_TASK_ID:?not an array task} of \(shards) on $(hostname), restart ${SLURM_RESTART_COUNT:-0}\"",
            "export RADIOMICS_THREADS=1",
            ([quote(binary), "batch", quote(manifest), "-o", quote(folder + "/shard-") + "\"$SLURM_ARRAY_TASK_ID\"" + quote("." + shardExtension),
              "--shard-from-env", "SLURM_ARRAY_TASK_ID", "--shards", String(shards), "--resume",
              "--jobs", "\"${SLURM_CPUS_PER_TASK:-1}\""] + batchArguments.map(quote)).joined(separator: " "),
            "status=$?",
            "if [ \"$status\" -eq 3 ]; then exit 0; fi",
            "exit \"$status\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    var merge: String {
        let name = "radiomics-" + URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent + "-merge"
        var lines = common(name: name)
        lines += ["#SBATCH --cpus-per-task=1", "#SBATCH --output=\(folder)/merge.log", "",
                  "# Runs after every array task succeeded (sbatch --dependency=afterok:ARRAY_JOB_ID).",
                  "# Exit code 3: merged, but some cases have an error (see the 'error' column)."]
        let files = (1...shards).map { quote(shardOutput(String($0))) }
        lines.append((["exec", quote(binary), "merge", "-o", quote(output)] + files).joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// POSIX single quotes (a quote inside becomes '\'').
    func quote(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }), s.unicodeScalars.allSatisfy(\.isASCII) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
