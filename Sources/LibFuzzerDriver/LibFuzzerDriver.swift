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
