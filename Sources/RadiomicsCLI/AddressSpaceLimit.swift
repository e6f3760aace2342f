import Foundation
import Radiomics

#if os(Linux)
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let mArenaMax: Int32 = -8

/// Under `ulimit -v` an allocation that fails anyway (the estimate of `AddressSpace.check` is
/// only an estimate) makes the Swift runtime abort: report it as the documented out-of-memory
/// error (exit 71) instead of a crash and a backtrace.
public enum AddressSpaceLimit {
    /// The line the abort handler writes; allocated once, before any case runs.
    nonisolated(unsafe) private static var message: UnsafeMutableBufferPointer<UInt8>?

    public static func install() {
        guard let limit = AddressSpace.limit else { return }
        // Every malloc arena reserves 64 MiB of address space: with a limit, share one.
        _ = mallopt(mArenaMax, 1)
        let text = "radiomics: error: out of memory under the address-space limit (ulimit -v: \(limit >> 20) MiB)\n"
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
        _ = buffer.initialize(from: text.utf8)
        message = buffer
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if let m = AddressSpaceLimit.message { _ = write(STDERR_FILENO, m.baseAddress, m.count) }
            _exit(71)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGABRT, &action, nil)
    }
}
#else
public enum AddressSpaceLimit { public static func install() {} }
#endif
