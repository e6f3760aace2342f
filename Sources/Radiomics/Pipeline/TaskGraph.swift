import Dispatch
import Foundation

/// Tasks with dependencies, run on up to `Parallel.threadCount` threads: each task runs once, and
/// only after every task it depends on has finished; a free thread takes the ready task of lowest
/// index, so callers list first what they want started first. A pipeline of stages (filter a map,
/// then its feature classes) keeps every core busy until the last task, with no barrier between
/// the stages. As with `Parallel.forEachDynamic`, results are deterministic when each task writes
/// only its own slot and reads only what the tasks it depends on wrote.
enum TaskGraph {
    /// `dependencies[t]`: the tasks `t` waits for (each a lower or higher index, no cycles).
    static func run(count: Int, dependencies: [[Int]], _ body: (Int) -> Void) {
        guard count > 0 else { return }
        precondition(dependencies.count == count, "one dependency list per task")
        let state = State(dependencies: dependencies)
        let threads = Swift.min(Parallel.threadCount, count)
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            let worker: @Sendable () -> Void = {
                while let t = state.next() {
                    shared.value(t)
                    state.finish(t)
                }
            }
            if threads <= 1 { worker() } else { DispatchQueue.concurrentPerform(iterations: threads) { _ in worker() } }
        }
    }

    /// Which tasks may start, guarded by one condition lock (a few dozen tasks of milliseconds each).
    private final class State: @unchecked Sendable {
        private let condition = NSCondition()
        private var waitingFor: [Int]
        private var dependents: [[Int]]
        private var started: [Bool]
        private var unstarted: Int

        init(dependencies: [[Int]]) {
            waitingFor = dependencies.map(\.count)
            dependents = Array(repeating: [], count: dependencies.count)
            for (t, ds) in dependencies.enumerated() { for d in ds { dependents[d].append(t) } }
            started = Array(repeating: false, count: dependencies.count)
            unstarted = dependencies.count
        }

        /// The ready task of lowest index, waiting for one while tasks run; nil when every task has started.
        func next() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while unstarted > 0 {
                if let t = started.indices.first(where: { !started[$0] && waitingFor[$0] == 0 }) {
                    started[t] = true
                    unstarted -= 1
                    return t
                }
                condition.wait()
            }
            return nil
        }

        func finish(_ t: Int) {
            condition.lock()
            for d in dependents[t] { waitingFor[d] -= 1 }
            condition.broadcast()
            condition.unlock()
        }
    }
}
