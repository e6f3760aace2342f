import Foundation
import XCTest
@testable import Radiomics

final class NIfTIReaderTests: XCTestCase {
    func testCTPhantomGeometryAndDiagnostics() throws {
        let image = try NIfTIReader.read(FixturePath.ctImage)
        XCTAssertEqual(image.geometry.size, SIMD3(204, 201, 60))
        XCTAssertEqual(image.geometry.spacing.x, 0.977, accuracy: 1e-6)
        XCTAssertEqual(image.geometry.spacing.z, 3, accuracy: 1e-6)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)
        XCTAssertEqual(mask.count, 1)
        XCTAssertEqual(mask[0].mask.count, 125256)
        let f = try Extractor.extract(image: image, mask: mask[0].mask, settings: ExtractionSettings())
        let mean = try XCTUnwrap(f.first { $0.tag == "int_mask_mean_int_init_roi" }).value
        XCTAssertEqual(mean, -46.9, accuracy: 0.05)
    }

    func testRoundTripThroughWriterKeepsGeometryAndVoxels() throws {
        let image = try NIfTIReader.read(FixturePath.digitalImage)
        var g = image.geometry
        g.direction = [0, -1, 0, 1, 0, 0, 0, 0, -1]   // an oblique-free rotation with a flip
        g.origin = SIMD3(12.5, -3.25, 7)
        let rotated = ImageVolume(geometry: g, voxels: image.voxels)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nifti-rt-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["a.nii", "a.nii.gz"] {
            let path = dir.appendingPathComponent(name).path
            try NIfTIWriter.write(rotated, to: path)
            let back = try NIfTIReader.read(path)
            XCTAssertNil(back.geometry.mismatch(with: g, lengthTolerance: 1e-4, directionTolerance: 1e-6), name)
            XCTAssertEqual(back.voxels, rotated.voxels, name)
        }
    }

    func testTruncatedGzipIsAClearError() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePath.ctImage))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trunc-\(UUID()).nii.gz").path
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try NIfTIReader.read(path)) { error in
            let e = error as? RadiomicsError
            XCTAssertEqual(e?.kind, .badInput)
            XCTAssertTrue(e?.description.contains("truncated") ?? false, "\(error)")
        }
    }
}
