import XCTest
@testable import Radiomics

/// Reading a case in the file's own type and converting only the crop (`CaseCrop`, issue 18)
/// gives the whole-image path's features and diagnostics bit for bit.
final class CaseCropTests: XCTestCase {
    /// A 48×44×40 int16 CT-like image (values −1000…1500) with a 10×9×8 ROI off centre, written
    /// as `.nii.gz`; the crop is then much smaller than the image.
    private func writeCase(_ dir: URL) throws -> (image: String, mask: String) {
        let g = Geometry(size: SIMD3(48, 44, 40), spacing: SIMD3(0.8, 0.9, 1.5), origin: SIMD3(-10, 5, 2),
                         direction: [1, 0, 0, 0, 1, 0, 0, 0, 1])
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let voxels = (0..<g.voxelCount).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int((state >> 33) % 2500) - 1000)
        }
        var mask = ImageVolume(geometry: g, repeating: 0)
        for k in 15...22 { for j in 17...25 { for i in 20...29 where (i + j + k) % 7 != 0 { mask[i, j, k] = 1 } } }
        let image = dir.appendingPathComponent("image.nii.gz").path, maskPath = dir.appendingPathComponent("mask.nii.gz").path
        try NIfTIWriter.write(ImageVolume(geometry: g, voxels: voxels), to: image, datatype: .int16)
        try NIfTIWriter.write(mask, to: maskPath, datatype: .uint8)
        return (image, maskPath)
    }

    private func assertSameAsWhole(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casecrop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (image, mask) = try writeCase(dir)
        let config = try ConfigFile.parse(yaml, file: "test.yaml")
        let crop = try XCTUnwrap(try CaseCrop.read(image: image, mask: mask, selection: .automatic, options: ReadOptions(),
                                                   configuration: config, times: nil), file: file, line: line)
        XCTAssertNotNil(crop.whole, "a single ROI well inside the image is read as a crop", file: file, line: line)
        XCTAssertLessThan(crop.image.geometry.voxelCount, 48 * 44 * 40, file: file, line: line)

        let outcome = try CaseRunner.run(image: image, mask: mask, selection: .automatic, options: ReadOptions(),
                                         configuration: config, stopOnError: true)
        let (whole, masks) = try MaskIO.readImageAndMasks(image: image, mask: mask, selection: .automatic)
        let sequential = try config.extract(image: whole, mask: masks[0].mask, imageFile: nil, maskFile: nil)
        let cropped = try XCTUnwrap(outcome.rois.first?.features, file: file, line: line)
        XCTAssertEqual(cropped.map(\.tag), sequential.map(\.tag), file: file, line: line)
        XCTAssertEqual(cropped.map(\.value.bitPattern), sequential.map(\.value.bitPattern), file: file, line: line)
        XCTAssertTrue(cropped.contains { $0.tag == "mean_int_init_img" }, "diagnostics of the whole image", file: file, line: line)
    }

    /// The pyradiomics recipe without its whole-image steps (no normalise, resampling,
    /// correctMask or LBP3D) is read as a crop too: the same table as the whole image, with
    /// `diagnostics_Image-original_*` from the stored values of the whole image.
    func testPyRadiomicsRecipeCropEqualsWholeImage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casecrop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (image, mask) = try writeCase(dir)
        for yaml in ["imageType:\n  Original: {}\n  LoG: {sigma: [0.5]}\n  Wavelet: {}\nsetting:\n  binWidth: 25\n",
                     "imageType:\n  Original: {}\n  LoG: {sigma: [1.0]}\nsetting:\n  binWidth: 25\n  preCrop: true\n  padDistance: 3\n"] {
            let config = RunConfiguration.pyradiomics(try PyRadiomicsParameters.parse(yaml: yaml))
            let crop = try XCTUnwrap(try CaseCrop.read(image: image, mask: mask, selection: .automatic, options: ReadOptions(),
                                                       configuration: config, times: nil))
            XCTAssertNotNil(crop.whole, yaml)
            XCTAssertLessThan(crop.image.geometry.voxelCount, 48 * 44 * 40, yaml)
            let outcome = try CaseRunner.run(image: image, mask: mask, selection: .automatic, options: ReadOptions(),
                                             configuration: config, stopOnError: true)
            let (whole, masks) = try MaskIO.readImageAndMasks(image: image, mask: mask, selection: .label(1))
            let sequential = try config.extract(image: whole, mask: masks[0].mask, imageFile: image, maskFile: mask)
            let cropped = try XCTUnwrap(outcome.rois.first?.features)
            XCTAssertEqual(cropped.map(\.tag), sequential.map(\.tag), yaml)
            XCTAssertEqual(cropped.map(\.value.bitPattern), sequential.map(\.value.bitPattern), yaml)
            XCTAssertTrue(cropped.contains { $0.tag == "diagnostics_Image-original_Mean" }, yaml)
            XCTAssertTrue(cropped.contains { $0.tag.hasPrefix("log-sigma-") }, yaml)
        }
    }

    func testOriginalImageCropEqualsWholeImage() throws {
        try assertSameAsWhole("discretisation:\n  texture: {method: fixed_bin_size, bin_size: 25}\n")
    }

    func testFilteredRunsCropEqualsWholeImage() throws {
        try assertSameAsWhole("""
            discretisation:
              texture: {method: fixed_bin_size, bin_size: 25}
            image_types:
              - original
              - {type: pyradiomics-log, sigma: 1}
              - {type: pyradiomics-wavelet, wavelet: coif1}
            """)
    }

    /// A filter reading the whole image (here the wavelet's periodic wrap reaching the border)
    /// makes the whole image be converted; still the same numbers.
    func testWholeImageWhenAFilterReachesTheBorder() throws {
        let g = Geometry(size: SIMD3(12, 12, 12), spacing: .one, origin: .zero, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1])
        var mask = MaskVolume(geometry: g, repeating: 0)
        mask[5, 5, 5] = 1; mask[6, 5, 5] = 1
        XCTAssertNil(CaseCrop.cropBox(mask, grid: g, filters: [.pyradiomicsWavelet(family: .coif1, band: "LLH", startLevel: 0, level: 1)]))
        XCTAssertNil(CaseCrop.cropBox(mask, grid: g, filters: [.simoncelli(level: 1, dimension: .threeD, padding: .periodic)]))
        XCTAssertEqual(CaseCrop.cropBox(mask, grid: g, filters: [.original]),
                       IndexBox(lower: SIMD3(0, 0, 0), upper: SIMD3(11, 11, 11)), "the margin of 1 cm³ clipped to the grid")
    }

    /// The native sums and bounds are `Diagnostics.summary` of the Float image; the crop is the
    /// whole image's crop, values and geometry.
    func testStoredImageSummaryAndCrop() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stored-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (image, _) = try writeCase(dir)
        let stored = try NIfTIReader.readStored(image)
        let whole = try NIfTIReader.read(image)
        XCTAssertTrue(stored.exactInFloat)
        let a = stored.summary(), b = Diagnostics.summary(whole.voxels)
        XCTAssertEqual([a.sum, a.min, a.max].map(\.bitPattern), [b.sum, b.min, b.max].map(\.bitPattern))
        let box = IndexBox(lower: SIMD3(3, 4, 5), upper: SIMD3(30, 20, 33))
        let crop = stored.floats(in: box), expected = whole.cropped(to: box)
        XCTAssertEqual(crop.geometry, expected.geometry)
        XCTAssertEqual(crop.voxels, expected.voxels)
        XCTAssertEqual(stored.floats().voxels, whole.voxels)
    }
}
