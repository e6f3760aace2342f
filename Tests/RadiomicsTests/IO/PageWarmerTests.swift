import Foundation
import XCTest
@testable import Radiomics

/// Faulting in the inflate buffer from a second thread (`PageWarmer`, issue 18) never changes a
/// byte, and a bad `.nii.gz` read that way is still a one-line error.
extension ReadPathTests {
    /// The owner writes while the helper populates the same buffer (behind and ahead of it):
    /// every byte written stays, and after `withdraw` the helper touches nothing.
    func testWarmingWhileWritingKeepsEveryByte() {
        let count = 6 << 20 + 4097   // not a whole number of pages: the ends are left alone
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 64)
        defer { raw.deallocate() }
        let warmer = PageWarmer()
        warmer.offer(raw)
        let done = DispatchSemaphore(value: 0)
        Thread { warmer.warm(); done.signal() }.start()
        for n in 0..<count { raw[n] = UInt8(truncatingIfNeeded: n &* 2_654_435_761 >> 7) }
        done.wait()
        warmer.withdraw()
        XCTAssertTrue((0..<count).allSatisfy { raw[$0] == UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
        // MADV_POPULATE_WRITE exists on this kernel (Linux ≥ 5.14): every whole page was populated.
        XCTAssertGreaterThan(warmer.warmed, 5 << 20)
        XCTAssertLessThanOrEqual(warmer.warmed, count)
        // Withdrawn: neither a new offer nor a later warm() touches anything.
        let before = warmer.warmed
        warmer.offer(raw)
        warmer.warm()
        XCTAssertEqual(warmer.warmed, before)
    }

    /// Warming a buffer that was never offered, or one too small to hold a whole page, is a no-op.
    func testNothingOfferedNothingWarmed() {
        let warmer = PageWarmer()
        warmer.warm()
        XCTAssertEqual(warmer.warmed, 0)
        let small = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 64)
        defer { small.deallocate() }
        warmer.offer(small)
        warmer.warm()
        warmer.withdraw()
        XCTAssertEqual(warmer.warmed, 0)
    }

    /// An int16 `.nii.gz` inflated with a warmer running on another thread decodes to the
    /// values `NIfTIReader.read` gives, and its summary is the Float image's.
    func testStoredWithWarmerEqualsRead() throws {
        let v = volume(-1024...3071, seed: 11, size: SIMD3(257, 129, 67))
        let path = dir.appendingPathComponent("ct.nii.gz").path
        try NIfTIWriter.write(v, to: path, datatype: .int16)
        let warmer = PageWarmer()
        let layout = try NIfTIReader.layout(path, volumeIndex: nil, limits: .default)
        let helper = Thread { while !Thread.current.isCancelled { warmer.warm(); usleep(50) } }
        helper.start()
        let stored = try NIfTIReader.stored(layout, path: path, warmer: warmer)
        helper.cancel()
        XCTAssertEqual(stored.floats().voxels, v.voxels)
        let a = stored.summary(), b = Diagnostics.summary(v.voxels)
        XCTAssertEqual([a.sum, a.min, a.max].map(\.bitPattern), [b.sum, b.min, b.max].map(\.bitPattern))
    }

    /// The two-half summary on volumes of 1, 2 and 33 voxels (an empty first half included).
    func testSummaryOfTinyVolumes() throws {
        for n in [1, 2, 33] {
            let g = Geometry(size: SIMD3(n, 1, 1), spacing: SIMD3(1, 1, 1))
            let v = ImageVolume(geometry: g, voxels: (0..<n).map { Float(($0 * 37) % 11) - 5 })
            let path = dir.appendingPathComponent("t\(n).nii.gz").path
            try NIfTIWriter.write(v, to: path, datatype: .int16)
            let a = try NIfTIReader.readStored(path).summary(), b = Diagnostics.summary(v.voxels)
            XCTAssertEqual([a.sum, a.min, a.max].map(\.bitPattern), [b.sum, b.min, b.max].map(\.bitPattern), "\(n) voxels")
        }
    }

    /// A truncated `.nii.gz` read through the crop path (mask thread warming the image's
    /// buffer) is a one-line bad-input error (exit code 65), not a crash, and names the file.
    func testTruncatedImageThroughTheCropIsACleanError() throws {
        let v = volume(-1000...999, seed: 3, size: SIMD3(96, 80, 40))
        var mask = ImageVolume(geometry: v.geometry, repeating: 0)
        for k in 10...20 { for j in 30...40 { for i in 40...50 { mask[i, j, k] = 1 } } }
        let full = dir.appendingPathComponent("full.nii.gz").path, cut = dir.appendingPathComponent("cut.nii.gz").path
        let maskPath = dir.appendingPathComponent("mask.nii.gz").path
        try NIfTIWriter.write(v, to: full, datatype: .int16)
        try NIfTIWriter.write(mask, to: maskPath, datatype: .uint8)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: cut))
        let config = try ConfigFile.parse("discretisation:\n  texture: {method: fixed_bin_size, bin_size: 25}\n", file: "t.yaml")
        assertRadiomicsError(.badInput, cut, ["gzip"]) {
            _ = try CaseCrop.read(image: cut, mask: maskPath, selection: .automatic, options: ReadOptions(), configuration: config, times: nil)
        }
        XCTAssertEqual(RadiomicsError.badInput(cut, "x").exitCode, 65)
        // The whole file reads as a crop, so the path above is the one that failed.
        XCTAssertNotNil(try CaseCrop.read(image: full, mask: maskPath, selection: .automatic, options: ReadOptions(), configuration: config, times: nil)?.whole)
    }
}
