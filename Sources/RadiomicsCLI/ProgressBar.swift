import Foundation

/// A one-line progress bar on stderr (cases done/total, rate, ETA), shown only when stderr is a
/// terminal; colour only when `NO_COLOR` is unset and `TERM` is not `dumb`.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    private let colour: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()
    private var drawn = false

    init(quiet: Bool) {
        let env = ProcessInfo.processInfo.environment
        enabled = !quiet && isatty(STDERR_FILENO) != 0 && env["TERM"] != "dumb"
        colour = enabled && env["NO_COLOR"].map(\.isEmpty) ?? true
    }

    func update(done: Int, total: Int, failed: Int, force: Bool = false) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard force || done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : .nan
        let width = 30, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let failText = failed > 0 ? (colour ? " \u{1B}[31m\(failed) failed\u{1B}[0m" : " \(failed) failed") : ""
        let line = "[\(bar)] \(done)/\(total) cases  \(String(format: "%.2f", rate))/s  ETA \(Self.clock(eta))\(failText)"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Erases the bar so that the next stderr line starts clean.
    func clear() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    static func clock(_ s: Double) -> String {
        guard s.isFinite else { return "--:--" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
