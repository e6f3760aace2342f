import XCTest
@testable import Radiomics

/// The mask-only morphology computed while the image is read (`CaseRunner` →
/// `RunConfiguration.morphologyShape`) gives the features of the sequential path, bit for bit,
/// and a shape that does not describe the processed mask is ignored.
final class EarlyMorphologyTests: XCTestCase {
    func testEarlyShapeEqualsSequentialMorphology() throws {
        let config = try RunConfiguration.preset("default")
        let outcome = try CaseRunner.run(image: FixturePath.ctImage, mask: FixturePath.ctMask, selection: .automatic,
                                         options: ReadOptions(), configuration: config, stopOnError: true)
        let (image, masks) = try MaskIO.readImageAndMasks(image: FixturePath.ctImage, mask: FixturePath.ctMask, selection: .automatic)
        let mask = try XCTUnwrap(masks.first).mask
        XCTAssertNotNil(config.morphologyShape(mask)?.spectrum, "no interpolation nor re-segmentation: shape and Moran's mask part ahead")
        XCTAssertNil(config.morphologyShape(mask, spectrum: false)?.spectrum)
        let sequential = try config.extract(image: image, mask: mask, imageFile: nil, maskFile: nil)
        let early = try XCTUnwrap(outcome.rois.first?.features)
        XCTAssertEqual(early.map(\.tag), sequential.map(\.tag))
        XCTAssertEqual(early.map(\.value.bitPattern), sequential.map(\.value.bitPattern))
        XCTAssertTrue(early.contains { $0.tag == "morph_volume" })

        // The shape of another mask (one voxel fewer) is not used.
        var smaller = mask
        let last = try XCTUnwrap(smaller.voxels.lastIndex { $0 != 0 })
        smaller.voxels[last] = 0
        let wrong = try XCTUnwrap(config.morphologyShape(smaller))
        let withWrong = try config.extract(image: image, mask: mask, imageFile: nil, maskFile: nil, shape: wrong)
        XCTAssertEqual(withWrong.map(\.value.bitPattern), sequential.map(\.value.bitPattern))

        // Interpolation needs the image's grid: nothing is computed ahead.
        var resampled = config
        resampled.settings.interpolation = try XCTUnwrap(Presets.named("ibsi1-config-c")).settings.interpolation
        XCTAssertNil(resampled.morphologyShape(mask))
    }
}
