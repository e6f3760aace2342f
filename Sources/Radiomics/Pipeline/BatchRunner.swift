import Foundation

/// Runs the cases of a manifest on a fixed pool of worker threads and streams the rows, in
/// manifest order, to a `RowSink` as soon as every earlier case is written. Results that finish
/// out of order wait in memory. The output bytes do not depend on the number of workers.
public final class BatchRunner: @unchecked Sendable {
    public struct Options: Sendable {
        public var jobs: Int
        public var configuration: RunConfiguration
        public var layout: TableLayout
        public var limits: ReadLimits
        /// Threads each case may use (`Parallel.threadCountOverride`); nil: the process default.
        public var threadsPerCase: Int?
        /// Bytes of estimated need (`CaseMemory`) that may be in flight at once; nil: no bound.
        /// A case larger than the whole budget still runs, alone.
        public var memoryBudget: Int?
        /// Estimated bytes each case needs, by manifest index (empty: unknown, not bounded).
        public var caseMemory: [Int] = []
        public init(jobs: Int, configuration: RunConfiguration, layout: TableLayout, limits: ReadLimits,
                    threadsPerCase: Int? = nil, memoryBudget: Int? = nil, caseMemory: [Int] = []) {
            self.jobs = jobs
            self.configuration = configuration
            self.layout = layout
            self.limits = limits
            self.threadsPerCase = threadsPerCase
            self.memoryBudget = memoryBudget
            self.caseMemory = caseMemory
        }
    }

    /// Reported after each case is written (under the writer lock: keep it short).
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var failed: Int
        public var caseID: String
        public var error: String?
        public var dropped: [String]
        /// Guard-rail warnings of the case (also in its `warnings` column).
        public var warnings: [String] = []
    }


    private let cases: [BatchCase]
    private let options: Options
    private let sink: RowSink
    private let lock = NSLock()
    private var nextToStart: Int
    private var nextToWrite: Int
    private var pending: [Int: (text: String, timing: Provenance.CaseTiming, error: String?, dropped: [String])] = [:]
    private var failedCount = 0
    private var writeError: RadiomicsError?
    private var stopped = false
    private let reuse: [Int: String]
    /// Admission by memory: estimated bytes of the cases running now, and how many run.
    private let memoryGate = NSCondition()
    private var memoryInUse = 0
    private var running = 0
    public private(set) var timings: [Provenance.CaseTiming] = []

    /// `resume.doneCount` cases from the first are already written.
    public init(cases: [BatchCase], options: Options, sink: RowSink, resume: BatchResume) {
        self.cases = cases
        self.options = options
        self.sink = sink
        self.nextToStart = resume.doneCount
        self.nextToWrite = resume.doneCount
        self.reuse = resume.reuse
        for c in cases.prefix(resume.doneCount) {
            timings.append(Provenance.CaseTiming(id: c.id, seconds: 0, rows: 0, error: resume.failed[c.id], resumed: true))
        }
        failedCount = resume.failed.count
    }

    /// Runs every remaining case; returns the number of failed cases in the whole table
    /// (kept ones included, so a resumed run exits like an uninterrupted one).
    public func run(progress: @escaping @Sendable (Progress) -> Void) throws(RadiomicsError) -> Int {
        let workers = max(1, min(options.jobs, cases.count - nextToStart))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread { [self] in
                self.work(progress: progress)
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        if let writeError { throw writeError }
        return failedCount
    }

    /// Stops handing out cases and waits until no row is being written. The caller then exits;
    /// the lock stays held so that no worker starts another write.
    public func stopAndHold() {
        lock.lock()
        stopped = true
    }

    private func work(progress: @escaping @Sendable (Progress) -> Void) {
        while true {
            lock.lock()
            guard !stopped, writeError == nil, nextToStart < cases.count else { lock.unlock(); return }
            let index = nextToStart
            nextToStart += 1
            lock.unlock()

            let result: (text: String, timing: Provenance.CaseTiming, error: String?, dropped: [String])
            if let kept = reuse[index] {
                result = (kept, Provenance.CaseTiming(id: cases[index].id, seconds: 0, rows: 0, error: nil, resumed: true), nil, [])
            } else {
                let need = index < options.caseMemory.count ? options.caseMemory[index] : 0
                admit(need)
                result = Parallel.$threadCountOverride.withValue(options.threadsPerCase) { render(cases[index]) }
                release(need)
            }

            lock.lock()
            pending[index] = result
            while let ready = pending.removeValue(forKey: nextToWrite), writeError == nil {
                do throws(RadiomicsError) {
                    try sink.write(ready.text)
                } catch {
                    writeError = error
                    break
                }
                if ready.error != nil { failedCount += 1 }
                timings.append(ready.timing)
                nextToWrite += 1
                progress(Progress(done: nextToWrite, total: cases.count, failed: failedCount, caseID: ready.timing.id,
                                  error: ready.error, dropped: ready.dropped, warnings: ready.timing.warnings ?? []))
            }
            lock.unlock()
        }
    }

    /// Waits until `need` more bytes fit the budget, or nothing else runs.
    private func admit(_ need: Int) {
        guard let budget = options.memoryBudget else { return }
        memoryGate.lock()
        while running > 0, memoryInUse + need > budget { memoryGate.wait() }
        running += 1
        memoryInUse += need
        memoryGate.unlock()
    }

    private func release(_ need: Int) {
        guard options.memoryBudget != nil else { return }
        memoryGate.lock()
        running -= 1
        memoryInUse -= need
        memoryGate.broadcast()
        memoryGate.unlock()
    }

    private func render(_ c: BatchCase) -> (text: String, timing: Provenance.CaseTiming, error: String?, dropped: [String]) {
        let config = options.configuration
        let outcome: CaseRunner.Outcome
        do throws(RadiomicsError) {
            let selection = try CaseRunner.selection(label: c.label ?? (c.roi == nil ? config.label : nil),
                                                     roi: c.roi ?? (c.label == nil ? config.roi : nil))
            let read = ReadOptions(series: c.series, volumeIndex: c.volume, limits: options.limits)
            outcome = try CaseRunner.run(image: c.imagePath, mask: c.maskPath, selection: selection, options: read,
                                         configuration: config, stopOnError: false)
        } catch {
            outcome = CaseRunner.Outcome(rois: [CaseRunner.ROIResult(roi: c.label ?? c.roi ?? "", features: nil, error: error.description)], seconds: 0)
        }
        var text = "", dropped: [String] = []
        var firstError: String? = nil
        for r in outcome.rois {
            // Paths in messages as written in the manifest, so the bytes do not depend on the
            // folder the batch was started from.
            let error = r.error.map { $0.replacingOccurrences(of: c.imagePath, with: c.image).replacingOccurrences(of: c.maskPath, with: c.mask) }
            if firstError == nil { firstError = error }
            let line = options.layout.render(keys: [c.id, c.image, c.mask, r.roi], features: r.features, error: error, warnings: outcome.warnings)
            text += line.text
            dropped += line.dropped
        }
        var timing = Provenance.CaseTiming(id: c.id, seconds: outcome.seconds, rows: outcome.rois.count, error: firstError)
        if !outcome.warnings.isEmpty { timing.warnings = outcome.warnings }
        return (text, timing, firstError, dropped)
    }
}
