// libFuzzer harness: the batch manifest parser (`BatchManifest.parse`: CSV quoting, header
// columns, per-row checks, path resolution). Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    // As BatchManifest.load: UTF-8 text, a leading byte-order mark dropped.
    guard var text = String(validating: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self) else { return 0 }
    if text.hasPrefix("\u{FEFF}") { text = String(text.dropFirst()) }
    // Odd sizes: relative paths resolved against a folder, even: kept as written.
    _ = try? BatchManifest.parse(text, file: "fuzz.csv", folder: count & 1 == 1 ? "/data/study" : "")
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
