import Foundation
import XCTest
@testable import Radiomics

/// `TaskGraph`: every task runs once, never before the tasks it depends on, on 1, 2 and 3 threads.
final class TaskGraphTests: XCTestCase {
    /// Start and finish ticks of every task, on one clock.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var clock = 0
        var started: [Int], finished: [Int], runs: [Int]
        init(_ count: Int) { (started, finished, runs) = (Array(repeating: -1, count: count), Array(repeating: -1, count: count), Array(repeating: 0, count: count)) }
        func start(_ t: Int) { lock.withLock { started[t] = clock; clock += 1; runs[t] += 1 } }
        func finish(_ t: Int) { lock.withLock { finished[t] = clock; clock += 1 } }
    }

    func testEveryTaskRunsOnceAfterItsDependencies() {
        // 6 "filter" tasks, then 30 pieces each waiting for one of them, and one waiting for two.
        let filters = 6
        var dependencies: [[Int]] = Array(repeating: [], count: filters)
        for k in 0..<30 { dependencies.append([k % filters]) }
        dependencies.append([1, 4])
        for threads in [1, 2, 3] {
            let log = Log(dependencies.count)
            Parallel.$threadCountOverride.withValue(threads) {
                TaskGraph.run(count: dependencies.count, dependencies: dependencies) { t in
                    log.start(t)
                    usleep(t < filters ? 2000 : 100)
                    log.finish(t)
                }
            }
            for t in dependencies.indices {
                XCTAssertEqual(log.runs[t], 1, "task \(t), \(threads) threads")
                for d in dependencies[t] { XCTAssertLessThan(log.finished[d], log.started[t], "task \(t) before \(d), \(threads) threads") }
            }
        }
    }

    func testEmptyGraph() {
        TaskGraph.run(count: 0, dependencies: []) { _ in XCTFail("no task to run") }
    }
}
