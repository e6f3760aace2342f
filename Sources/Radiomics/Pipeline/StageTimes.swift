import Foundation
import Synchronization

/// Seconds spent per pipeline stage (read, preprocess, filter, one entry per feature family,
/// write), summed over the runs of a case. Runs go in parallel, so the sum of the stages can
/// exceed the wall time. Shared by reference between the threads of one case; thread-safe.
public final class StageTimes: Sendable {
    private let totals = Mutex<[String: Double]>([:])
    private let order = Mutex<[String]>([])

    public init() {}

    public func add(_ stage: String, seconds: Double) {
        let isNew = totals.withLock { t in
            defer { t[stage, default: 0] += seconds }
            return t[stage] == nil
        }
        if isNew { order.withLock { $0.append(stage) } }
    }

    /// Times `body` under `stage`.
    public func measure<T, E: Error>(_ stage: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    /// (stage, seconds) in the order stages were first seen.
    public var entries: [(stage: String, seconds: Double)] {
        let t = totals.withLock { $0 }
        return order.withLock { $0 }.map { ($0, t[$0] ?? 0) }
    }

    /// `read 0.612 s, preprocess 0.080 s, …`
    public var summary: String {
        entries.map { String(format: "%@ %.3f s", $0.stage, $0.seconds) }.joined(separator: ", ")
    }
}

extension Optional where Wrapped == StageTimes {
    /// Times `body` when there is a collector, else just runs it.
    public func measure<T, E: Error>(_ stage: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard let times = self else { return try body() }
        return try times.measure(stage, body)
    }
}
