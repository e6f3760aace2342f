import ArgumentParser
import Foundation
import Radiomics
import Synchronization

/// The signal that asked the batch to stop (0: none). A lock-free atomic is the one thing a
/// signal handler may safely touch; a watcher thread acts on it.
private let interruptSignal = Atomic<Int32>(0)

extension RadiomicsCommand {
    /// `radiomics batch MANIFEST.csv`: many cases in parallel, one streamed, resumable table.
    struct Batch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract features for every case of a manifest, in parallel.",
            discussion: """
                MANIFEST columns (header names are case-insensitive): ID, Image, Mask, and optionally \
                Label (a number or 'all'), ROI (RTSTRUCT/SEG name or 'all'), Series (DICOM \
                SeriesInstanceUID) and Volume (0-based, 4D images), which override --config for \
                that row. pyradiomics batch CSVs (Image, Mask[, Label]) are accepted as they are; \
                their ID is the row number. Relative paths are relative to the manifest's folder.

                Output: rows in manifest order whatever --jobs is (byte-identical), columns id, \
                image, mask, roi, every feature of the settings, error. Each case's rows are \
                written whole and synced as soon as every earlier case is done, so a killed \
                batch leaves whole rows only; --resume keeps them and completes the table to \
                exactly what an uninterrupted run writes. A failing case does not stop the batch: \
                its row has NaN everywhere and the reason in 'error'; the exit code is then 3. \
                SIGINT/SIGTERM stop after whole rows with exit code 130.

                OUT.settings.json, beside the output, records a hash of every setting (resolved \
                configuration, format, read limits, tool version, feature catalogue): --resume \
                refuses a file written with any other setting and names it; --retry-failed \
                recomputes the kept rows that have an error. --shard K/N computes the cases K, \
                K+N, K+2N, … (1-based, by stride) into its own output; 'radiomics merge' joins \
                the shards. --jobs auto (default) runs as many cases at once as cores (fewer when \
                their estimated memory exceeds --max-memory), each with cores/jobs threads.

                With a pyradiomics parameter file as --config, every case follows pyradiomics' \
                definitions (as 'extract' does) and the columns are ID, Image, Mask, Label (the \
                label or ROI), then pyradiomics' columns, then error; everything else is as above.

                Examples:
                  radiomics batch cases.csv -o features.csv
                  radiomics batch cases.csv -o features.csv --jobs 4 --config settings.yaml
                  radiomics batch cases.csv -o features.csv --resume
                  radiomics batch pyradiomics_batch.csv --preset ibsi1-config-c \\
                      --format jsonl > out.jsonl
                  radiomics batch pyradiomics_batch.csv --config Params.yaml \\
                      -o pyradiomics_features.csv
                """)

        @Argument(help: "CSV manifest: ID,Image,Mask[,Label][,ROI][,Series][,Volume].") var manifest: String
        @Option(name: .shortAndLong, help: "Cases computed at once: a number or 'auto' (the cores, fewer when --max-memory is short); each case gets cores/jobs threads.")
        var jobs: JobCount = .auto
        @Option(name: .shortAndLong, help: "Output file ('-' or absent: stdout).") var output: String?
        @Flag(help: "Keep the complete rows already in the output file and compute the rest (refused when the file was written with other settings).")
        var resume = false
        @Flag(help: "With --resume: compute again the kept cases whose row has an error.") var retryFailed = false
        @OptionGroup var settings: ConfigOptions
        @OptionGroup var sharding: ShardOptions
        @Option(help: "Output format: wide, long or jsonl.") var format: String = "wide"
        @Option(help: ArgumentHelp("Provenance sidecar (default: OUTPUT.provenance.json when -o is a file).", valueName: "file"))
        var provenance: String?
        @Option(help: "Largest number of voxels accepted in one image.") var maxVoxels: Int = ReadLimits.default.maxVoxels
        @Option(help: ArgumentHelp("Also write a QC picture per case, DIR/<id>.png (see 'radiomics qc').", valueName: "dir")) var qc: String?
        @Option(help: ArgumentHelp("Memory the cases running at once may need together, estimated from their image sizes (e.g. 8G; default: half the RAM).",
                                   valueName: "size"))
        var maxMemory: ByteCount?
        @OptionGroup var pet: PETOptions
        @OptionGroup var guards: GuardOptions
        @OptionGroup var regions: RegionOptions
        @OptionGroup var log: LogOptions

        func validate() throws {
            if retryFailed && !resume { throw ValidationError("--retry-failed goes with --resume") }
        }

        func run() throws {
            try reportingErrors {
                let started = Date()
                // A device or FIFO (`-o /dev/null`) is written like stdout: no record, no resume.
                let stream = output.map(AtomicFile.isStream) ?? false
                let toFile = output != nil && output != "-" && !stream
                if resume && !toFile { throw RadiomicsError.usage("--resume needs -o FILE (a regular file)") }
                let shard = try sharding.resolve()
                let limits = guards.limits(maxVoxels: maxVoxels)
                var config = try settings.resolve()
                config.guards = guards.rails
                // --suv and --pet-threshold hold for every case; weight and dose are one patient's.
                if pet.suvWeight != nil || pet.suvDose != nil {
                    throw RadiomicsError.usage("--suv-weight and --suv-dose are one patient's: use them with 'radiomics extract'")
                }
                config.suv = try pet.options() ?? config.suv
                config.petThreshold = try pet.threshold() ?? config.petThreshold
                try regions.apply(to: &config)
                if settings.dumpConfig { return try emit(config.yaml, to: output) }
                try config.checkSupported()
                let all = try BatchManifest.load(manifest)
                let cases = shard?.select(all) ?? all
                let tableFormat = try tableFormat(format)
                let layout = TableLayout(keyNames: config.keyNames(batch: true), configuration: config, format: tableFormat, errorColumn: true)
                let record = BatchRecord(settings: try BatchSettings(configuration: config, format: tableFormat, limits: limits),
                                         manifest: .init(path: manifest, ids: all.map(\.id)), shard: shard, ids: cases.map(\.id))
                var resumed = BatchResume(keepBytes: 0, doneCount: 0)
                let sink: RowSink
                if let output, toFile {
                    if resume {
                        resumed = try Self.resumePoint(output, record: record, layout: layout, cases: cases, retryFailed: retryFailed)
                        let retry = retryFailed ? ", \(resumed.retried.count) failed ones computed again" : ""
                        log.info("radiomics batch: resuming \(output): \(resumed.doneCount + resumed.reuse.count) of \(cases.count) cases already complete\(retry)")
                    }
                    // Cut the table back first, then the record, then rows: an output interrupted
                    // at any point is empty or has the record of the rows it holds.
                    sink = try RowSink(path: output, keepBytes: resumed.keepBytes)
                    try record.write(for: output)
                } else if let output, stream {
                    sink = try RowSink(stream: output)
                } else {
                    sink = RowSink()
                }
                let skip = resumed.doneCount + resumed.reuse.count
                if resumed.keepBytes == 0 { try sink.write(layout.header) }

                let budget = maxMemory?.bytes ?? CaseMemory.defaultBudget
                let needs = cases.map { CaseMemory.estimate(image: $0.imagePath, mask: $0.maskPath) }
                let plan = CaseMemory.plan(jobs: jobs.fixed, cores: ProcessInfo.processInfo.activeProcessorCount,
                                           cases: cases.count - skip, budget: budget, largestNeed: needs.max() ?? 0)
                let threads = Parallel.environmentSetting ?? plan.threads
                let runner = BatchRunner(cases: cases, options: .init(jobs: plan.jobs, configuration: config, layout: layout, limits: limits,
                                                                     threadsPerCase: threads, memoryBudget: budget, caseMemory: needs),
                                         sink: sink, resume: resumed)
                let bar = ProgressBar(quiet: log.quiet)
                Self.onInterrupt {
                    runner.stopAndHold()
                    bar.clear()
                    printError("radiomics batch: interrupted; the output holds whole rows only (continue with --resume)")
                    Foundation.exit(130)
                }
                let warned = WarnedTags()
                let logCopy = log
                bar.update(done: skip, total: cases.count, failed: 0, force: true)
                let failed = try runner.run { p in
                    for tag in warned.firstTime(p.dropped) { logCopy.warn("feature '\(tag)' has no catalogue entry; left out of the table") }
                    if !p.warnings.isEmpty, !logCopy.quiet { bar.clear(); for w in p.warnings { logCopy.warn("case \(p.caseID): \(w)") } }
                    if let e = p.error, logCopy.verbose { bar.clear(); printError("radiomics batch: case \(p.caseID) failed: \(e)") }
                    bar.update(done: p.done, total: p.total, failed: p.failed)
                }
                bar.clear()
                if let qc { try Self.writeQC(cases, folder: qc, configuration: config, jobs: plan.jobs, limits: limits, log: log) }
                if let path = provenancePath(explicit: provenance, output: output) {
                    let inputs = checksums([manifest] + (settings.config.map { [$0] } ?? []) + cases.flatMap { [$0.imagePath, $0.maskPath] })
                    var p = Provenance(arguments: CommandLine.arguments, configuration: config, output: output ?? "-", format: format,
                                       started: started, inputs: inputs, cases: runner.timings)
                    p.settingsSHA256 = record.settingsSHA256
                    p.shard = shard
                    try p.write(to: path)
                }
                let computed = runner.timings.filter { !$0.resumed }
                let seconds = Date().timeIntervalSince(started)
                log.info(String(format: "radiomics batch: %d cases (%d rows) in %.1f s, %.2f cases/s; %d jobs × %d threads",
                                computed.count, computed.reduce(0) { $0 + $1.rows }, seconds, Double(computed.count) / max(seconds, 1e-9),
                                plan.jobs, threads) + (shard.map { "; shard \($0)" } ?? ""))
                if failed > 0 {
                    let failures = runner.timings.filter { $0.error != nil }
                    printError("radiomics batch: \(failed) of \(cases.count) cases failed:")
                    for f in failures.prefix(20) { printError("  \(f.id): \(f.error!)") }
                    if failures.count > 20 { printError("  … and \(failures.count - 20) more (see the 'error' column)") }
                    throw ExitCode(3)
                }
            }
        }

        /// What `--resume` keeps of `output`: refused (the file untouched) unless its settings
        /// record matches this run's.
        static func resumePoint(_ output: String, record: BatchRecord, layout: TableLayout, cases: [BatchCase],
                                retryFailed: Bool) throws(RadiomicsError) -> BatchResume {
            guard CaseMemory.fileSize(output) > 0 else { return BatchResume(keepBytes: 0, doneCount: 0) }
            guard let earlier = try BatchRecord.load(for: output) else {
                throw RadiomicsError(.usage, file: output, "cannot resume: its settings record \(BatchRecord.path(for: output)) is missing, so its settings are unknown; write to a new file")
            }
            if let why = record.refusal(toContinue: earlier) {
                throw RadiomicsError(.usage, file: output, "cannot resume: \(why); the file is left as it is")
            }
            return try BatchResume.scan(output, header: layout.header, cases: cases, layout: layout, retryFailed: retryFailed)
        }

        /// SIGINT and SIGTERM run `handler` (on a watcher thread, within 20 ms) instead of
        /// killing the process in the middle of a write.
        ///
        /// Both signals are blocked in the calling thread, so in every worker it starts later,
        /// and the watcher takes them synchronously with `sigtimedwait`: no code runs in signal
        /// context, and no sanitizer can defer the delivery until a blocked thread wakes up. A
        /// thread that existed before (and so does not block them) runs the fallback handler,
        /// which only sets an atomic the watcher also polls.
        static func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            sigaddset(&set, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &set, nil)
            for sig in [SIGINT, SIGTERM] {
                signal(sig) { s in interruptSignal.store(s, ordering: .relaxed) }
            }
            let signals = set
            let watcher = Thread {
                var wait = timespec(tv_sec: 0, tv_nsec: 20_000_000)
                var pending = signals
                while interruptSignal.load(ordering: .relaxed) == 0 {
                    let s = sigtimedwait(&pending, nil, &wait)
                    if s > 0 { interruptSignal.store(s, ordering: .relaxed) }
                }
                handler()
            }
            watcher.start()
        }
    }
}

/// Remembers which unknown tags were already reported.
final class WarnedTags: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<String>()
    func firstTime(_ tags: [String]) -> [String] {
        lock.lock(); defer { lock.unlock() }
        return tags.filter { seen.insert($0).inserted }
    }
}
