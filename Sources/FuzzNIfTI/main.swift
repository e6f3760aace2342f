// libFuzzer harness: the NIfTI reader (header, gzip body, geometry, voxel decoding) and the
// label selection a mask goes through. Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

/// Readers take paths: each input is written to one scratch file of this process.
private let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/radiomics-fuzz-nifti-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/input.nii"
}()

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: bytes, count: count)) else { return 0 }
    // Small limits keep every run fast; the overflow and size checks are what is fuzzed.
    let limits = ReadLimits(maxVoxels: 1 << 20)
    // Odd-sized inputs also exercise the 4D volume selection.
    let volume: Int? = count & 1 == 0 ? nil : 1
    guard let image = try? NIfTIReader.read(scratch, volumeIndex: volume, limits: limits) else { return 0 }
    if image.voxels.count <= 1 << 12 {
        _ = try? MaskIO.selectLabels(image, selection: .all, file: scratch)
        // The same file as a mask: uint8 label maps take their own (byte) path.
        _ = try? MaskIO.readMasks(scratch, image: image.geometry, selection: .all, options: ReadOptions(volumeIndex: volume, limits: limits))
    }
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
