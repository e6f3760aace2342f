import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics merge -o OUT SHARD…`: the shards of a sharded batch as one table.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the outputs of 'batch --shard K/N' into the table an unsharded batch writes.",
            discussion: """
                The result is byte-identical to 'radiomics batch' over the whole manifest with the \
                same settings. Refused, naming the file and the reason: a shard without its settings \
                record (SHARD.settings.json), shards written with other settings, from another \
                manifest or for another shard count, a shard given twice or missing, and a shard \
                whose rows are not exactly its cases (an unfinished shard: finish it with \
                'batch --resume'). The output gets its settings record and a provenance sidecar \
                merged from the shards' (their runs listed under 'shardRuns'). Exit code 3 when \
                some cases have an error, as for 'batch'.

                Example:
                  radiomics merge -o features.csv shards/shard-*.csv
                """)

        @Option(name: .shortAndLong, help: "The merged table.") var output: String
        @Argument(help: "The shard outputs, in any order.") var shardFiles: [String]
        @Option(help: ArgumentHelp("Provenance sidecar (default: OUTPUT.provenance.json).", valueName: "file"))
        var provenance: String?
        @OptionGroup var log: LogOptions

        func validate() throws {
            if shardFiles.isEmpty { throw ValidationError("give the shard files to merge") }
            if output == "-" { throw ValidationError("merge writes a file: give -o FILE") }
        }

        func run() throws {
            try reportingErrors {
                let started = Date()
                let merged = try BatchMerge(paths: shardFiles)
                // Sidecars of shards (optional: a merge without them still gives the table).
                var sidecars: [Provenance] = []
                for s in merged.shards {
                    let path = s.path + ".provenance.json"
                    guard let data = FileManager.default.contents(atPath: path),
                          let p = try? JSONDecoder().decode(Provenance.self, from: data) else { break }
                    sidecars.append(p)
                }
                // A device or FIFO as output (-o /dev/null) gets the table only.
                if !AtomicFile.isStream(output) { try merged.record.write(for: output) }
                try AtomicFile.write(merged.table, to: output)
                if let sidecarPath = provenancePath(explicit: provenance, output: output) {
                    if sidecars.count == merged.shards.count {
                        try merged.provenance(sidecars, arguments: CommandLine.arguments, output: output, started: started).write(to: sidecarPath)
                    } else {
                        log.warn("a shard has no readable provenance sidecar; \(sidecarPath) not written")
                    }
                }
                log.info("radiomics merge: \(merged.record.ids.count) cases from \(merged.shards.count) shards into \(output)")
                if !merged.failed.isEmpty {
                    printError("radiomics merge: \(merged.failed.count) of \(merged.record.ids.count) cases failed:")
                    for f in merged.failed.prefix(20) { printError("  \(f.id): \(f.error)") }
                    if merged.failed.count > 20 { printError("  … and \(merged.failed.count - 20) more (see the 'error' column)") }
                    throw ExitCode(3)
                }
            }
        }
    }
}
