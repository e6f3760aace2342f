// libFuzzer harness: the MetaImage (.mha/.mhd) header checks radiomics makes before and after
// ITK reads a file (MetaImageHeader: the header must end at its ElementDataFile line within
// 1 MiB; an uncompressed LOCAL or single data file must hold the announced bytes). ITK's own
// reader (the CITK shared library, dlopen'ed at run time) is not fuzzed here: it is a prebuilt
// C++ library without coverage instrumentation, so libFuzzer would fuzz it blind, and its
// MetaIO aborts/exceptions are ITK's. Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

/// Readers take paths: each input is written to one scratch folder of this process, beside a
/// 4 KiB data file `data.raw` that a header may name.
private let folder: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/radiomics-fuzz-mha-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: dir + "/data.raw", contents: Data(count: 4096))
    return dir
}()

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    // Odd sizes: a .mhd (detached data), even: a .mha (data after the header).
    let path = folder + (count & 1 == 1 ? "/input.mhd" : "/input.mha")
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: bytes, count: count)) else { return 0 }
    guard let header = try? MetaImageHeader(path) else { return 0 }
    if header.length > count { fatalError("MetaImage header of \(header.length) bytes in a \(count)-byte file") }
    // The byte counts ITK would announce for small and large images around the data sizes at hand.
    for expected in [0, 1, count - header.length, 4096, 4097, Int.max] {
        _ = try? header.checkDataLength(expected)
    }
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
