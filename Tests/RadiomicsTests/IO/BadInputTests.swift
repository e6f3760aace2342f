import Foundation
import XCTest
@testable import Radiomics

/// Issue 2's bad-input list: each gives one line naming the file and the problem, with the
/// documented error kind (so exit code), never a crash.
final class BadInputTests: XCTestCase {
    static func generated(_ p: String) -> String { FixturePath.path("generated/" + p) }
    let image = generated("nifti/dtype_int16.nii.gz")

    /// Runs `body`, expecting a `RadiomicsError` of `kind` whose one-line message starts with
    /// `file` and contains every string of `contains`.
    func expectError(_ kind: RadiomicsError.Kind, _ file: String, _ contains: [String],
                     line: UInt = #line, _ body: () throws -> Void) {
        assertRadiomicsError(kind, file, contains, line: line, body)
    }

    func readImage(_ p: String) throws { _ = try ImageIO.readImage(p) }

    func masks(_ mask: String, on imagePath: String, _ selection: ROISelection) throws -> [NamedMask] {
        let g = try ImageIO.readImage(imagePath).geometry
        return try MaskIO.readMasks(mask, image: g, selection: selection)
    }

    func testMissingFile() {
        let p = Self.generated("bad/does_not_exist.nii.gz")
        expectError(.missingInput, p, ["no such file"]) { try readImage(p) }
        expectError(.missingInput, p, ["no such file"]) { _ = try masks(p, on: image, .automatic) }
    }

    func testUnknownFormat() {
        let p = Self.generated("bad/unknown.xyz")
        expectError(.badInput, p, ["unknown image format"]) { try readImage(p) }
    }

    func testTruncatedGzip() {
        let p = Self.generated("bad/truncated.nii.gz")
        expectError(.badInput, p, ["truncated"]) { try readImage(p) }
    }

    func testHeaderSizeDiffersFromDataSize() {
        let nii = Self.generated("bad/short_data.nii")
        expectError(.badInput, nii, ["header needs"]) { try readImage(nii) }
        let nrrd = Self.generated("bad/short_data.nrrd")
        expectError(.badInput, nrrd, ["header declares"]) { try readImage(nrrd) }
    }

    func testAbsurdDimensions() {
        let p = Self.generated("bad/absurd_dims.nii")
        expectError(.badInput, p, ["32767×32767×32767", "limit"]) { try readImage(p) }
        let overflow = Self.generated("bad/overflow.nii")   // NIfTI-2, (2³¹−1)³ voxels: the product overflows
        expectError(.badInput, overflow, ["limit"]) { try readImage(overflow) }
    }

    func testNonFiniteVoxelsInTheROI() throws {
        var img = try ImageIO.readImage(image)
        let roi = try masks(Self.generated("bad/labels_2.nii.gz"), on: image, .automatic)[0].mask
        let inside = try XCTUnwrap(roi.voxels.firstIndex(of: 1))
        for bad in [Float.nan, .infinity] {
            img.voxels[inside] = bad
            expectError(.badInput, image, ["NaN or infinite"]) {
                _ = try Extractor.extract(image: img, mask: roi, settings: ExtractionSettings(), imageFile: image)
            }
        }
        // Outside the ROI they are harmless.
        img.voxels[inside] = 0
        img.voxels[try XCTUnwrap(roi.voxels.firstIndex(of: 0))] = .nan
        XCTAssertNoThrow(try Extractor.extract(image: img, mask: roi, settings: ExtractionSettings()))
    }

    func testEmptyROI() {
        let p = Self.generated("bad/empty_mask.nii.gz")
        expectError(.badInput, p, ["empty"]) { _ = try masks(p, on: image, .automatic) }
        expectError(.badInput, p, ["empty"]) { _ = try masks(p, on: image, .all) }
    }

    func testLabelAbsent() throws {
        let p = Self.generated("bad/labels_2.nii.gz")
        expectError(.badInput, p, ["label 1 is absent", "labels present: 2"]) { _ = try masks(p, on: image, .label(1)) }
        // Without --label, the only label is taken.
        XCTAssertEqual(try masks(p, on: image, .automatic).map(\.label), [2])
    }

    func testImageMaskGridMismatch() {
        let p = Self.generated("bad/labels_2.nii.gz")
        let other = Self.generated("nifti/flipped_q1_s1.nii.gz")    // same size, other spacing/origin/direction
        expectError(.badInput, p, ["does not match the image", "spacing"]) { _ = try masks(p, on: other, .automatic) }
    }

    func testMaskWithADifferentNumberOfSlices() {
        let p = Self.generated("bad/fewer_slices_mask.nii.gz")
        expectError(.badInput, p, ["does not match the image", "size mask 6×5×3 ≠ image 6×5×4"]) { _ = try masks(p, on: image, .automatic) }
    }

    func testDICOMFolderWithoutImages() {
        let p = Self.generated("dicom/bad_no_images")
        expectError(.badInput, p, ["no DICOM image"]) { try readImage(p) }
    }

    func testDICOMFolderWithSeveralSeries() throws {
        let p = Self.generated("dicom/two_series")
        expectError(.badInput, p, ["2 DICOM series", "--series", "'first', CT, 3 slices", "'second', CT, 4 slices"]) { try readImage(p) }
        let expected = try GeneratedExpectations.load().images.filter { $0.file == "dicom/two_series" }
        XCTAssertEqual(expected.count, 2)
        for e in expected {
            let v = try ImageIO.readImage(p, options: ReadOptions(series: e.series))
            XCTAssertEqual([v.geometry.size.x, v.geometry.size.y, v.geometry.size.z], e.size)
        }
        expectError(.badInput, p, ["series 1.2.3 is not in the folder"]) { _ = try ImageIO.readImage(p, options: ReadOptions(series: "1.2.3")) }
    }

    func testDICOMNonUniformSpacingTiltDuplicatesMixedSizes() {
        for (folder, why) in [("bad_nonuniform", "non-uniform slice spacing"), ("bad_tilt", "gantry tilt"),
                              ("bad_duplicate", "same position"), ("bad_mixed_size", "in the same series")] {
            let p = Self.generated("dicom/" + folder)
            expectError(.badInput, p, [why]) { try readImage(p) }
        }
    }

    func testRTStructROINameAbsent() throws {
        let p = Self.generated("rtstruct/rtstruct.dcm")
        let img = Self.generated("dicom/explicit_le")
        expectError(.badInput, p, ["no ROI named 'Liver'", "'Ring', 'Box'"]) { _ = try masks(p, on: img, .roi("Liver")) }
        // Several ROIs and none chosen: listed too; `.all` gives each.
        expectError(.badInput, p, ["2 ROIs", "--roi", "'Ring', 'Box'"]) { _ = try masks(p, on: img, .automatic) }
        XCTAssertEqual(try masks(p, on: img, .all).map(\.name), ["Ring", "Box"])
        // Contours oblique to another image's slices belong to no slice.
        expectError(.badInput, p, ["not parallel to the image slices"]) { _ = try masks(p, on: Self.generated("dicom/flipped"), .roi("Ring")) }
        // An RTSTRUCT drawn elsewhere lies outside this image.
        var away = try ImageIO.readImage(img).geometry
        away.origin += away.axis(2) * 1000
        expectError(.badInput, p, ["lies outside the image"]) { _ = try MaskIO.readMasks(p, image: away, selection: .roi("Ring")) }
    }

    func testSEGSegmentAbsent() {
        let p = Self.generated("seg/binary.dcm")
        let img = Self.generated("dicom/explicit_le")
        expectError(.badInput, p, ["segment 7 is absent", "1 'tumour', 2 'node'"]) { _ = try masks(p, on: img, .label(7)) }
        expectError(.badInput, p, ["2 segments", "--roi"]) { _ = try masks(p, on: img, .automatic) }
    }

    func testZeroOrNegativeSpacing() {
        for f in ["bad/zero_spacing.nii.gz", "bad/zero_spacing.nrrd"] {
            let p = Self.generated(f)
            expectError(.badInput, p, ["spacing", "not positive"]) { try readImage(p) }
        }
        let dcm = Self.generated("dicom/bad_negative_spacing/slice.dcm")
        expectError(.badInput, dcm, ["PixelSpacing", "not positive"]) { try readImage(dcm) }
    }

    func testNaNInDirection() {
        let nrrd = Self.generated("bad/nan_direction.nrrd")
        expectError(.badInput, nrrd, ["not finite"]) { try readImage(nrrd) }
        let nii = Self.generated("bad/nan_sform.nii")
        expectError(.badInput, nii, ["sform", "not finite"]) { try readImage(nii) }
    }

    func testFourDimensionalNeedsAVolumeIndex() throws {
        let p = Self.generated("bad/four_d.nrrd")
        expectError(.badInput, p, ["4D", "2 volumes", "--volume"]) { try readImage(p) }
        let v0 = try ImageIO.readImage(p, options: ReadOptions(volumeIndex: 0))
        let v1 = try ImageIO.readImage(p, options: ReadOptions(volumeIndex: 1))
        XCTAssertEqual(v0.geometry.size, SIMD3(6, 5, 2))
        // The volume axis is the fastest one here ("kinds: list domain domain domain"):
        // volume v of voxel n is the int16 at 2·n + v of the data after the header.
        let data = try Data(contentsOf: URL(fileURLWithPath: p))
        let payload = [UInt8](data.suffix(2 * 6 * 5 * 2 * 2))
        for (v, volume) in [v0, v1].enumerated() {
            for n in 0..<volume.voxels.count {
                let o = 2 * (2 * n + v)
                XCTAssertEqual(volume.voxels[n], Float(Int16(bitPattern: UInt16(payload[o]) | UInt16(payload[o + 1]) << 8)))
            }
        }
        XCTAssertNotEqual(v0.voxels, v1.voxels)
        expectError(.badInput, p, ["out of range"]) { _ = try ImageIO.readImage(p, options: ReadOptions(volumeIndex: 2)) }
    }
}
