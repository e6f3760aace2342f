// libFuzzer harness: the YAML config loader (`ConfigFile.parse`: nesting/alias prescan, Yams,
// every section's checks → `RunConfiguration`) and the pyradiomics parameter-file reader the
// CLI hands pyradiomics-style files to. Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes, count <= ConfigFile.maxBytes else { return 0 }
    // As ConfigFile.load: UTF-8 text only.
    guard let text = String(validating: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self) else { return 0 }
    _ = try? ConfigFile.parse(text, file: "fuzz.yaml")
    // ConfigFile.parse hands a pyradiomics parameter file to the pyradiomics reader; reading any
    // text with that reader directly as well covers the files ConfigFile routes elsewhere.
    _ = try? PyRadiomicsParameters.parse(yaml: text, file: "fuzz.yaml")
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
