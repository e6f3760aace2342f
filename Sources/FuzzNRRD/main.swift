// libFuzzer harness: the NRRD reader (header fields, space directions, raw/gzip payloads,
// detached data files resolved next to the input). Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

/// Readers take paths: each input is written to one scratch file of this process.
private let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/radiomics-fuzz-nrrd-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/input.nrrd"
}()

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: bytes, count: count)) else { return 0 }
    let limits = ReadLimits(maxVoxels: 1 << 20)
    let volume: Int? = count & 1 == 0 ? nil : 1
    _ = try? NRRDReader.read(scratch, volumeIndex: volume, limits: limits)
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
