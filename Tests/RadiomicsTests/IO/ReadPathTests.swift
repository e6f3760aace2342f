import Foundation
import XCTest
@testable import Radiomics

/// The gzip/NIfTI read path: both inflaters, in-place widening, every buffer layout.
final class ReadPathTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("readpath-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    /// A 37×23×11 volume (odd sizes: SIMD blocks plus a scalar tail) of integers in `range`.
    func volume(_ range: ClosedRange<Int>, seed: UInt64 = 7, size: SIMD3<Int> = SIMD3(37, 23, 11)) -> ImageVolume {
        var state = seed
        let g = Geometry(size: size, spacing: SIMD3(0.7, 0.8, 1.25))
        let voxels = (0..<g.voxelCount).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(range.lowerBound + Int((state >> 33) % UInt64(range.count)))
        }
        return ImageVolume(geometry: g, voxels: voxels)
    }

    func testInt16AndUInt8RoundTripCompressedAndNot() throws {
        for (datatype, range) in [(NIfTIWriter.DataType.int16, -1024...3071), (.uint8, 0...255), (.float32, -5000...5000)] {
            let v = volume(range)
            for name in ["v.nii", "v.nii.gz"] {
                let path = dir.appendingPathComponent("\(datatype)-\(name)").path
                try NIfTIWriter.write(v, to: path, datatype: datatype)
                let back = try NIfTIReader.read(path)
                XCTAssertEqual(back.voxels, v.voxels, "\(datatype) \(name)")
                XCTAssertEqual(back.voxels.count, v.voxels.count)
                XCTAssertNil(back.geometry.mismatch(with: v.geometry, lengthTolerance: 1e-5, directionTolerance: 1e-6))
            }
        }
    }

    func testWriterReplacesAnExistingFile() throws {
        for name in ["o.nii", "o.nii.gz"] {
            let path = dir.appendingPathComponent(name).path
            try NIfTIWriter.write(volume(0...10, seed: 1), to: path, datatype: .uint8)
            let second = volume(0...10, seed: 2)
            try NIfTIWriter.write(second, to: path, datatype: .uint8)
            XCTAssertEqual(try NIfTIReader.read(path).voxels, second.voxels, name)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }, [], "no temporary file left")
        }
    }

    func testWriterRejectsValuesOutsideTheIntegerType() throws {
        var v = volume(0...10)
        v.voxels[5] = 2.5
        XCTAssertThrowsError(try NIfTIWriter.write(v, to: dir.appendingPathComponent("x.nii").path, datatype: .int16)) { error in
            XCTAssertTrue("\(error)".contains("voxel 5 holds 2.5"), "\(error)")
        }
        v.voxels[5] = 300
        XCTAssertThrowsError(try NIfTIWriter.write(v, to: dir.appendingPathComponent("y.nii").path, datatype: .uint8))
    }

    func testZlibAndLibdeflateDecodeTheSameBytes() throws {
        let raw = Data((0..<300_001).map { UInt8(truncatingIfNeeded: ($0 * 7919) >> 5) })
        let gz = try Gzip.compress(raw, file: "t")
        for backend in Gzip.Backend.allCases {
            var out = [UInt8](repeating: 0, count: raw.count)
            try gz.withUnsafeBytes { src in
                try out.withUnsafeMutableBytes { try Gzip.inflate(src, into: $0, file: "t", backend: backend) }
            }
            XCTAssertEqual(Data(out), raw, backend.rawValue)
            // A window further in: the skipped prefix is decoded and dropped.
            var part = [UInt8](repeating: 0, count: 1000)
            try gz.withUnsafeBytes { src in
                try part.withUnsafeMutableBytes { try Gzip.inflate(src, skipping: 123_457, into: $0, file: "t", backend: backend) }
            }
            XCTAssertEqual(Data(part), raw[123_457..<124_457], backend.rawValue)
        }
    }

    func testConcatenatedMembersAndTruncationWithEitherBackend() throws {
        let a = Data(repeating: 1, count: 70_000), b = Data((0..<50_000).map { UInt8($0 % 251) })
        let first = try Gzip.compress(a, file: "t"), second = try Gzip.compress(b, file: "t")
        let gz = first + second
        for backend in Gzip.Backend.allCases {
            var out = [UInt8](repeating: 0, count: a.count + b.count)
            try gz.withUnsafeBytes { src in
                try out.withUnsafeMutableBytes { try Gzip.inflate(src, into: $0, file: "t", backend: backend) }
            }
            XCTAssertEqual(Data(out), a + b, backend.rawValue)
            // Asking for more than the stream holds, or cutting the stream: a one-line error.
            var tooMuch = [UInt8](repeating: 0, count: a.count + b.count + 1)
            XCTAssertThrowsError(try gz.withUnsafeBytes { src in
                try tooMuch.withUnsafeMutableBytes { try Gzip.inflate(src, into: $0, file: "f.nii.gz", backend: backend) }
            }) { XCTAssertTrue("\($0)".contains("truncated gzip stream"), "\($0)") }
            let cut = gz.prefix(first.count + second.count / 2)
            XCTAssertThrowsError(try cut.withUnsafeBytes { src in
                try out.withUnsafeMutableBytes { try Gzip.inflate(src, into: $0, file: "f.nii.gz", backend: backend) }
            }) { XCTAssertTrue("\($0)".contains("f.nii.gz") && "\($0)".contains("gzip"), "\($0)") }
        }
    }

    func testDecompressKeepsItsLimit() throws {
        let gz = try Gzip.compress(Data(repeating: 9, count: 100_000), file: "t")
        XCTAssertEqual(try Gzip.decompress(gz, file: "t", limit: 1 << 20).count, 100_000)
        XCTAssertEqual(try Gzip.decompress(gz, file: "t", limit: 1 << 20, exactly: 544).prefix(544), Data(repeating: 9, count: 544))
        XCTAssertThrowsError(try Gzip.decompress(gz, file: "t", limit: 99_999)) {
            XCTAssertTrue("\($0)".contains("size limit"), "\($0)")
        }
    }

    /// Float64 voxels (8 bytes, wider than the result) take the separate-buffer path, and a
    /// big-endian file the byte-swapping one; both must match the float32 original.
    func testFloat64AndBigEndianFiles() throws {
        let v = volume(-3000...3000)
        let path = dir.appendingPathComponent("f.nii").path
        try NIfTIWriter.write(v, to: path)
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(352)

        var h64 = [UInt8](header)
        h64[70] = 64; h64[71] = 0; h64[72] = 64; h64[73] = 0
        var body64 = Data()
        for x in v.voxels { withUnsafeBytes(of: Double(x).bitPattern.littleEndian) { body64.append(contentsOf: $0) } }
        let p64 = dir.appendingPathComponent("f64.nii.gz").path
        try Gzip.compress(Data(h64) + body64, file: p64).write(to: URL(fileURLWithPath: p64))
        XCTAssertEqual(try NIfTIReader.read(p64).voxels, v.voxels)

        // Big endian: swap every numeric header field (offsets of the NIfTI-1 layout), and the voxels.
        let le = [UInt8](header)
        var be = le
        let twoByte = [40, 42, 44, 46, 48, 50, 52, 54, 68, 70, 72, 74, 120, 252, 254]
        let fourByte = [0, 56, 60, 64] + Array(stride(from: 76, through: 116, by: 4))
            + Array(stride(from: 124, through: 144, by: 4)) + Array(stride(from: 256, through: 340, by: 4))
        for o in twoByte { be[o] = le[o + 1]; be[o + 1] = le[o] }
        for o in fourByte { for n in 0..<4 { be[o + n] = le[o + 3 - n] } }
        var bodyBE = Data()
        for x in v.voxels { withUnsafeBytes(of: x.bitPattern.bigEndian) { bodyBE.append(contentsOf: $0) } }
        let pBE = dir.appendingPathComponent("be.nii").path
        try (Data(be) + bodyBE).write(to: URL(fileURLWithPath: pBE))
        let backBE = try NIfTIReader.read(pBE)
        XCTAssertEqual(backBE.voxels, v.voxels)
        XCTAssertNil(backBE.geometry.mismatch(with: v.geometry, lengthTolerance: 1e-5, directionTolerance: 1e-6))
    }

    /// Volume 1 of a 4D file: volume 0 is decoded and dropped, volume 1 lands in place.
    func testSecondVolumeOfA4DFile() throws {
        let v0 = volume(-1000...1000, seed: 1), v1 = volume(-1000...1000, seed: 2)
        let path3D = dir.appendingPathComponent("v.nii").path
        try NIfTIWriter.write(v0, to: path3D, datatype: .int16)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path3D)))
        bytes[40] = 4; bytes[48] = 2          // dim[0] = 4, dim[4] = 2 (little endian)
        for x in v1.voxels { withUnsafeBytes(of: Int16(x).littleEndian) { bytes.append(contentsOf: $0) } }
        for name in ["4d.nii", "4d.nii.gz"] {
            let path = dir.appendingPathComponent(name).path
            let data = name.hasSuffix(".gz") ? try Gzip.compress(Data(bytes), file: path) : Data(bytes)
            try data.write(to: URL(fileURLWithPath: path))
            XCTAssertEqual(try NIfTIReader.read(path, volumeIndex: 1).voxels, v1.voxels, name)
            XCTAssertEqual(try NIfTIReader.read(path, volumeIndex: 0).voxels, v0.voxels, name)
        }
    }

    func testUncompressedTruncatedFileNamesTheSizes() throws {
        let v = volume(0...100)
        let path = dir.appendingPathComponent("t.nii").path
        try NIfTIWriter.write(v, to: path, datatype: .int16)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 10).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try NIfTIReader.read(path)) {
            XCTAssertTrue("\($0)".contains("the header needs \(352 + 2 * v.voxels.count)"), "\($0)")
        }
    }
}
