// libFuzzer harness: DICOM SEG parsing (structural DICOM walk, GDCM through the CGDCM shim) and
// the placement of every segment's frames on the image grid the seeds reference.
// Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

/// Readers take paths: each input is written to one scratch file of this process.
private let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/radiomics-fuzz-seg-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/input.dcm"
}()

/// The grid of the series the seed SEGs (Fixtures/generated/seg) were made on, read once.
private let grid: Geometry = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let series = url.appendingPathComponent("Fixtures/generated/dicom/explicit_le").path
    guard let image = try? ImageIO.readImage(series) else { fatalError("FuzzDICOMSeg: cannot read \(series)") }
    return image.geometry
}()

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: bytes, count: count)) else { return 0 }
    // Both selections: every segment, and segment number 1 (present in every seed).
    _ = try? MaskIO.readMasks(scratch, image: grid, selection: count & 1 == 0 ? .all : .roi("1"))
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
