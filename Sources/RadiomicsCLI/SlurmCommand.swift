import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics slurm MANIFEST --shards N -o OUT`: a sharded batch as a Slurm job array plus a
    /// dependent merge job.
    struct Slurm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write (and with --submit, submit) a Slurm job array that computes a manifest in shards, and its merge job.",
            discussion: """
                Writes OUT.slurm/array.sbatch (one array task per shard: 'radiomics batch --shard-from-env \
                SLURM_ARRAY_TASK_ID --shards N --resume', requeue allowed, log appended to \
                OUT.slurm/shard-K.log) and OUT.slurm/merge.sbatch ('radiomics merge' of the shard \
                outputs OUT.slurm/shard-K.csv into OUT). --submit runs sbatch for the array, then \
                for the merge with --dependency=afterok on it, and prints both job ids.

                Examples:
                  radiomics slurm cases.csv --shards 50 -o features.csv --config settings.yaml --time 2:00:00 --mem 8G --submit
                  radiomics slurm cases.csv --shards 4 -o features.csv --preset ibsi1-config-c
                """)

        @Argument(help: "CSV manifest (as for 'batch').") var manifest: String
        @Option(help: "Number of shards (array tasks).") var shards: Int
        @Option(name: .shortAndLong, help: "The merged table.") var output: String
        @OptionGroup var settings: ConfigOptions
        @Option(help: "Output format: wide, long or jsonl.") var format: String = "wide"
        @Option(help: "Slurm partition (sbatch --partition).") var partition: String?
        @Option(help: "Time limit per task (sbatch --time, e.g. 2:00:00).") var time: String?
        @Option(help: "Memory per task (sbatch --mem, e.g. 8G); also the batch's --max-memory.") var mem: String?
        @Option(help: "CPUs per task: cases computed at once in a task.") var cpusPerTask: Int = 1
        @Option(help: ArgumentHelp("The radiomics executable the jobs run (default: this one).", valueName: "path"))
        var binary: String?
        @Flag(help: "Submit both jobs with sbatch and print their ids.") var submit = false

        func validate() throws {
            if !(1...100_000).contains(shards) { throw ValidationError("--shards must be from 1 to 100000, not \(shards)") }
            if !(1...1024).contains(cpusPerTask) { throw ValidationError("--cpus-per-task must be from 1 to 1024") }
            if output == "-" { throw ValidationError("the merged table is a file: give -o FILE") }
        }

        func run() throws {
            try reportingErrors {
                // Everything a task would trip over is checked here, before anything is queued.
                let cases = try BatchManifest.load(manifest)
                let config = try settings.resolve()
                let tableFormat = try tableFormat(format)
                let settingsHash = try BatchSettings(configuration: config, format: tableFormat, limits: .default).sha256
                var maxMemory: String? = nil
                if let mem {
                    // Slurm reads a plain number as MiB.
                    let size = mem.allSatisfy(\.isNumber) ? mem + "M" : mem
                    guard ByteCount(argument: size) != nil else { throw RadiomicsError.usage("--mem must be a size such as 8G or 4000M, not '\(mem)'") }
                    maxMemory = size
                }
                if shards > cases.count {
                    printError("radiomics: warning: \(shards) shards for \(cases.count) cases: \(shards - cases.count) shards will be empty")
                }
                let out = absolute(output)
                let folder = out + ".slurm"
                var arguments = ["--format", format]
                if let config = settings.config { arguments += ["--config", absolute(config)] }
                if let preset = settings.preset { arguments += ["--preset", preset] }
                if let maxMemory { arguments += ["--max-memory", maxMemory] }
                let scripts = SlurmScripts(binary: try binary.map(absolute) ?? Self.executablePath(), manifest: absolute(manifest),
                                           output: out, folder: folder, shards: shards, batchArguments: arguments,
                                           partition: partition, time: time, mem: mem, cpusPerTask: cpusPerTask,
                                           shardExtension: tableFormat == .jsonl ? "jsonl" : "csv")
                // Shard outputs left by an earlier submission would make every task refuse to resume.
                for k in 1...shards {
                    let file = scripts.shardOutput(String(k)), shard = try BatchShard(index: k, count: shards)
                    if let earlier = try BatchRecord.load(for: file), earlier.settingsSHA256 != settingsHash || earlier.shard != shard {
                        throw RadiomicsError(.usage, file: file, "left by an earlier submission with other settings or shards; remove \(folder) or choose another -o")
                    }
                }
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw RadiomicsError(.output, file: folder, "cannot be created (\(error.localizedDescription))")
                }
                try AtomicFile.write(Data(scripts.array.utf8), to: scripts.arrayPath)
                try AtomicFile.write(Data(scripts.merge.utf8), to: scripts.mergePath)
                guard submit else {
                    print("wrote \(scripts.arrayPath) and \(scripts.mergePath); submit with:")
                    print("  id=$(sbatch --parsable \(scripts.quote(scripts.arrayPath))) && sbatch --dependency=afterok:${id%%;*} \(scripts.quote(scripts.mergePath))")
                    return
                }
                let array = try Self.sbatch([scripts.arrayPath])
                // Printed at once: if the merge submission fails, the array's id is still known.
                FileHandle.standardOutput.write(Data("array job \(array) (\(shards) tasks)\n".utf8))
                let merge = try Self.sbatch(["--dependency=afterok:\(array)", scripts.mergePath])
                FileHandle.standardOutput.write(Data("merge job \(merge) (after \(array))\n".utf8))
            }
        }

        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }

        static func executablePath() throws(RadiomicsError) -> String {
            guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
                throw RadiomicsError.usage("cannot find this executable's path; give --binary")
            }
            return path
        }

        /// `sbatch --parsable ARGS`: the job id (a `;cluster` suffix dropped).
        static func sbatch(_ arguments: [String]) throws(RadiomicsError) -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["sbatch", "--parsable"] + arguments
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            do { try p.run() } catch { throw RadiomicsError.missing("sbatch", "cannot be run (\(error.localizedDescription))") }
            let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let id = String(decoding: stdout, as: UTF8.self).split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            guard p.terminationStatus == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
                let reason = String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit \(p.terminationStatus)"
                if p.terminationStatus == 127 { throw RadiomicsError.missing("sbatch", "not found on PATH (is this a Slurm login node?)") }
                throw RadiomicsError(.usage, file: arguments.last, "sbatch refused it: \(reason)")
            }
            return id
        }
    }
}
