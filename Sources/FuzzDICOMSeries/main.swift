// libFuzzer harness: DICOM series assembly through the GDCM shim. The input is a folder of
// 1–3 files, separated in the input by `separator`. Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

private let separator = Array("\n--radiomics-fuzz-next-file--\n".utf8)

/// Readers take paths: each input becomes the files of one scratch folder of this process.
private let folder: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/radiomics-fuzz-dicom-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

/// Splits `input` at the first two separators (a third part keeps any later separator).
func files(_ input: UnsafeBufferPointer<UInt8>) -> [ArraySlice<UInt8>] {
    var parts: [ArraySlice<UInt8>] = []
    let all = Array(input)
    var start = 0, n = 0
    while parts.count < 2, n + separator.count <= all.count {
        if all[n] == separator[0], all[n..<(n + separator.count)].elementsEqual(separator) {
            parts.append(all[start..<n])
            n += separator.count
            start = n
        } else {
            n += 1
        }
    }
    parts.append(all[start...])
    return parts
}

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let parts = files(UnsafeBufferPointer(start: bytes, count: count))
    for n in 0..<3 {
        let path = folder + "/slice\(n).dcm"
        if n < parts.count {
            guard FileManager.default.createFile(atPath: path, contents: Data(parts[n])) else { return 0 }
        } else {
            unlink(path)
        }
    }
    _ = try? DICOMSeriesReader.read(directory: folder, series: nil, limits: ReadLimits(maxVoxels: 1 << 20))
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
