// libFuzzer harness: RTSTRUCT parsing (structural DICOM walk, GDCM through the CGDCM shim)
// and the rasterisation of every ROI on a fixed image grid. Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

/// Readers take paths: each input is written to one scratch file of this process.
private let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/radiomics-fuzz-rtstruct-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/input.dcm"
}()

/// The grid the seed RTSTRUCT is drawn on: the oblique 5-slice series of Fixtures/generated
/// (origin, spacing and direction as read from it), so that seed contours cover voxels.
private let grid = Geometry(
    size: SIMD3(12, 10, 5), spacing: SIMD3(0.75, 0.6, 2.5000000143163126),
    origin: SIMD3(-20, 15.5, 100),
    direction: [0.9288245706635582, -0.3669680419165228, -0.05117981187548531,
                0.339047433176612, 0.8974924146872332, -0.28205354746081535,
                0.1494381309706721, 0.24462588127758017, 0.9580325794153138])

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: bytes, count: count)) else { return 0 }
    _ = try? MaskIO.readMasks(scratch, image: grid, selection: .all)
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
