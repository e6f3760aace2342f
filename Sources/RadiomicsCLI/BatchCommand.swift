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
        @Option(name: .shortAndLong, help: "Worker threads (default: all cores).") var jobs: Int?
        @Option(name: .shortAndLong, help: "Output file ('-' or absent: stdout).") var output: String?
        @Flag(help: "Keep the complete rows already in the output file and compute the rest.") var resume = false
        @OptionGroup var settings: ConfigOptions
        @Option(help: "Output format: wide, long or jsonl.") var format: String = "wide"
        @Option(help: ArgumentHelp("Provenance sidecar (default: OUTPUT.provenance.json when -o is a file).", valueName: "file"))
        var provenance: String?
        @Option(help: "Largest number of voxels accepted in one image.") var maxVoxels: Int = ReadLimits.default.maxVoxels
        @Option(help: ArgumentHelp("Also write a QC picture per case, DIR/<id>.png (see 'radiomics qc').", valueName: "dir")) var qc: String?
        @OptionGroup var log: LogOptions

        func run() throws {
            try reportingErrors {
                let started = Date()
                let jobCount = jobs ?? ProcessInfo.processInfo.activeProcessorCount
                guard (1...1024).contains(jobCount) else { throw RadiomicsError.usage("--jobs must be from 1 to 1024, not \(jobCount)") }
                let toFile = output != nil && output != "-"
                if resume && !toFile { throw RadiomicsError.usage("--resume needs -o FILE") }
                let config = try settings.resolve()
                if settings.dumpConfig { return try emit(config.yaml, to: output) }
                try config.checkSupported()
                let cases = try BatchManifest.load(manifest)
                let layout = TableLayout(keyNames: config.keyNames(batch: true), configuration: config,
                                         format: try tableFormat(format), errorColumn: true)
                var resumed = BatchResume(keepBytes: 0, doneCount: 0)
                let sink: RowSink
                if let output, toFile {
                    if resume {
                        resumed = try BatchResume.scan(output, header: layout.header, cases: cases, layout: layout)
                        log.info("radiomics batch: resuming \(output): \(resumed.doneCount) of \(cases.count) cases already complete")
                    }
                    sink = try RowSink(path: output, keepBytes: resumed.keepBytes)
                } else {
                    sink = RowSink()
                }
                let skip = resumed.doneCount
                if resumed.keepBytes == 0 { try sink.write(layout.header) }

                let runner = BatchRunner(cases: cases, options: .init(jobs: jobCount, configuration: config, layout: layout,
                                                                     limits: ReadLimits(maxVoxels: maxVoxels)),
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
                    if let e = p.error, logCopy.verbose { bar.clear(); printError("radiomics batch: case \(p.caseID) failed: \(e)") }
                    bar.update(done: p.done, total: p.total, failed: p.failed)
                }
                bar.clear()
                if let qc { try Self.writeQC(cases, folder: qc, configuration: config, jobs: jobCount, limits: ReadLimits(maxVoxels: maxVoxels), log: log) }
                if let path = provenancePath(explicit: provenance, output: output) {
                    let inputs = checksums([manifest] + (settings.config.map { [$0] } ?? []) + cases.flatMap { [$0.imagePath, $0.maskPath] })
                    let p = Provenance(arguments: CommandLine.arguments, configuration: config, output: output ?? "-", format: format,
                                       started: started, inputs: inputs, cases: runner.timings)
                    try p.write(to: path)
                }
                if failed > 0 {
                    let failures = runner.timings.filter { $0.error != nil }
                    printError("radiomics batch: \(failed) of \(cases.count) cases failed:")
                    for f in failures.prefix(20) { printError("  \(f.id): \(f.error!)") }
                    if failures.count > 20 { printError("  … and \(failures.count - 20) more (see the 'error' column)") }
                    throw ExitCode(3)
                }
                log.detail("radiomics batch: \(cases.count - skip) cases in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
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
