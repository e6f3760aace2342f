import Dispatch
import Foundation
import Synchronization

/// Work spread over the cores with a partition that does not depend on the thread count, so
/// results are bit-identical for any number of threads: callers split work into a fixed number
/// of pieces (`forEach(count:)`, `chunks(of:size:)`), write each piece's result into its own
/// slot, and reduce the slots in index order afterwards.
///
/// The thread count comes from the environment variable `RADIOMICS_THREADS` (a positive
/// integer), read here and nowhere else; absent or invalid, it is the number of active cores.
public enum Parallel {
    /// Threads from `RADIOMICS_THREADS`, else the active processor count (at least 1).
    public static let environmentThreadCount: Int = environmentSetting ?? Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `RADIOMICS_THREADS` when it is set to a positive integer (a batch then keeps it per case).
    public static let environmentSetting: Int? = {
        if let text = ProcessInfo.processInfo.environment["RADIOMICS_THREADS"],
           let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 {
            return n
        }
        return nil
    }()

    /// A per-task override of the thread count (tests compare 1 against 2 threads in one process).
    /// Read on the thread that calls `forEach`; nested calls inside worker threads see the
    /// environment value.
    @TaskLocal public static var threadCountOverride: Int?

    /// The number of threads `forEach` uses now.
    public static var threadCount: Int { Swift.max(1, threadCountOverride ?? environmentThreadCount) }

    /// Calls `body(i)` exactly once for every `i` in `0..<count`, on up to `threadCount` threads.
    ///
    /// Index `i` goes to worker `i % threads` (fixed striding, no work stealing); each body must
    /// only write state owned by its index. With one thread (or `count < 2`) the loop runs in
    /// order on the calling thread.
    public static func forEach(count: Int, body: (Int) -> Void) {
        let threads = Swift.min(threadCount, count)
        if threads <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                var i = worker
                while i < count {
                    shared.value(i)
                    i += threads
                }
            }
        }
    }

    /// Like `forEach`, but a worker that finishes takes the next unclaimed index (a shared
    /// counter), for pieces of very unequal cost such as one extraction per image type. Results
    /// are as deterministic as each body: use it only where a body's result does not depend on
    /// which thread runs it or when.
    public static func forEachDynamic(count: Int, body: (Int) -> Void) {
        let threads = Swift.min(threadCount, count)
        if threads <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if i >= count { break }
                    shared.value(i)
                }
            }
        }
    }

    /// `transform(i)` for every `i` in `0..<count`, in index order, computed on up to
    /// `threadCount` threads. Reduce the result in order for thread-independent sums.
    /// With `dynamic`, indices are handed out as workers free up (`forEachDynamic`).
    public static func map<T>(count: Int, dynamic: Bool = false, _ transform: (Int) -> T) -> [T] {
        // No elements: `unsafeUninitializedCapacity: 0` would store the count into the shared
        // empty-array singleton, a (benign) write race between threads that ThreadSanitizer reports.
        guard count > 0 else { return [] }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = UncheckedSendable(buffer.baseAddress)
            let body: (Int) -> Void = { i in (slots.value! + i).initialize(to: transform(i)) }
            if dynamic { forEachDynamic(count: count, body: body) } else { forEach(count: count, body: body) }
            initialized = count
        }
    }

    /// Splits `0..<total` into consecutive ranges of `size` elements (the last may be shorter).
    /// The split depends only on `total` and `size`, never on the thread count.
    public static func chunks(of total: Int, size: Int) -> [Range<Int>] {
        precondition(size > 0, "chunk size must be positive")
        return stride(from: 0, to: total, by: size).map { $0..<Swift.min($0 + size, total) }
    }
}

/// Hands a value the compiler cannot prove `Sendable` to `concurrentPerform`; sound here because
/// every worker touches disjoint indices and the call returns only after all workers finished.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
