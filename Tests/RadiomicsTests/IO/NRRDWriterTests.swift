import Foundation
import XCTest
@testable import Radiomics

final class NRRDWriterTests: XCTestCase {
    func testRoundTripKeepsVoxelsAndObliqueGeometry() throws {
        let c = cos(0.3), s = sin(0.3)
        let g = Geometry(size: SIMD3(5, 4, 3), spacing: SIMD3(0.7, 0.8, 2.5), origin: SIMD3(-120.25, 33.5, 7),
                         direction: [c, -s, 0, s, c, 0, 0, 0, -1])
        let volume = ImageVolume(geometry: g, voxels: (0..<60).map { Float($0) * 1.25 - 17 })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID()).nrrd").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ImageFileFormat.write(volume, to: path)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).prefix(8), as: UTF8.self)
        XCTAssertEqual(text, "NRRD0004")
        let back = try ImageIO.readImage(path)
        XCTAssertEqual(back.voxels, volume.voxels)
        XCTAssertNil(back.geometry.mismatch(with: g, lengthTolerance: 1e-9, directionTolerance: 1e-12), "\(back.geometry)")
    }

    func testOutputFormatFollowsTheExtension() throws {
        XCTAssertEqual(try ImageFileFormat.forOutput("a/b.nii.gz"), .nifti)
        XCTAssertEqual(try ImageFileFormat.forOutput("b.NII"), .nifti)
        XCTAssertEqual(try ImageFileFormat.forOutput("b.nrrd"), .nrrd)
        for bad in ["b.csv", "b.mha", "b"] {
            XCTAssertThrowsError(try ImageFileFormat.forOutput(bad)) { XCTAssertEqual(($0 as? RadiomicsError)?.kind, .usage) }
        }
    }

    func testMissingOutputFolderIsNamed() {
        let path = "/nonexistent-\(UUID())/sub/out.nrrd"
        XCTAssertThrowsError(try AtomicFile.write(Data([1]), to: path)) { error in
            let e = error as? RadiomicsError
            XCTAssertEqual(e?.kind, .output)
            XCTAssertTrue(e?.message.contains("the folder '\((path as NSString).deletingLastPathComponent)' does not exist") == true, "\(error)")
        }
    }
}

final class FilterBoxCropTests: XCTestCase {
    /// `filter --crop-to` writes the box only, and there the values of whole-image filtering.
    func testBoxValuesEqualWholeImageFiltering() throws {
        let image = try ImageIO.readImage(FixturePath.ctImage)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        let box = try XCTUnwrap(mask.boundingBox)
        for spec in [FilterSpec.mean(support: 5, dimension: .threeD, padding: .mirror),
                     .laplacianOfGaussian(sigma: 2, truncate: 4, dimension: .twoD, padding: .mirror)] {
            let cropped = try applyOnBox(spec, to: image, box: box)
            let whole = try apply(spec, to: image).cropped(to: box)
            XCTAssertEqual(cropped.geometry, whole.geometry)
            let range = Double(whole.voxels.max()! - whole.voxels.min()!)
            let worst = zip(cropped.voxels, whole.voxels).map { Double(abs($0 - $1)) }.max()!
            XCTAssertLessThanOrEqual(worst, 1e-5 * range, "\(spec)")
        }
    }
}
