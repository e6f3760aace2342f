// libFuzzer harness: detached NRRD headers (.nhdr). The input is the header; the data files it
// may name (the seeds' `detached_gzip.raw.gz`, `detached_raw_bigendian.raw`) lie beside it, so
// that `data file:` (a name beside it, a path, a refused LIST or pattern), byte and line skips,
// encodings and sizes are checked against real data. Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

/// The scratch folder: the header is written here for each input, beside copies of the data files.
private let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/radiomics-fuzz-nhdr-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let data = url.appendingPathComponent("Fixtures/generated/nrrd").path
    for name in ["detached_gzip.raw.gz", "detached_raw_bigendian.raw"] {
        try? FileManager.default.removeItem(atPath: dir + "/" + name)
        try? FileManager.default.copyItem(atPath: data + "/" + name, toPath: dir + "/" + name)
    }
    return dir + "/input.nhdr"
}()

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: bytes, count: count)) else { return 0 }
    let limits = ReadLimits(maxVoxels: 1 << 20)
    _ = try? NRRDReader.read(scratch, volumeIndex: count & 1 == 0 ? nil : 1, limits: limits)
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
