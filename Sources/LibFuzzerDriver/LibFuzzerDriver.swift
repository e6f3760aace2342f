// The libFuzzer entry shared by every Sources/Fuzz<Name>/ harness (built only by `make fuzz`).
import Foundation

public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: FuzzTarget) -> CInt

/// Runs libFuzzer's driver on `target` with the process's arguments and exits with its status.
/// SwiftPM links an executable's own `main`, so the harness's top-level code calls this.
public func runLibFuzzer(_ target: FuzzTarget) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, target))
}

/// No harness may start an external program. GDCM runs its pvrg-jpeg fallback through
/// `system()`, and that program can spin forever on corrupt JPEG data; the CGDCM shim keeps
/// GDCM away from it. This definition, in the executable, takes precedence over libc's for
/// every shared library, so a call that slips through is a crash libFuzzer reports (a trap:
/// abort() would be caught by the shim's SIGABRT guard) instead of a child process that
/// outlives the fuzzer. libFuzzer itself calls system() only with -fork/-jobs/-merge, unused here.
@_cdecl("system")
public func fuzzHarnessForbidsSystem(_ command: UnsafePointer<CChar>?) -> CInt {
    let text = command.map { String(cString: $0) } ?? "(null)"
    fatalError("a fuzzed input made the process run an external program: system(\"\(text)\")")
}
