import Foundation
import XCTest
@testable import Radiomics

/// N4 through the ITK shim against SimpleITK's N4 with the same recipe and parameters
/// (Fixtures/itk/n4, Scripts/make_itk_fixtures.py): a synthetic MR-like head with a smooth bias.
final class N4BiasFieldCorrectionTests: XCTestCase {
    func read(_ name: String) throws -> ImageVolume { try ImageIO.readImage(FixturePath.path("itk/n4/\(name)")) }

    func headMask() throws -> MaskVolume { try read("head.nii.gz").map { $0 > 0 ? 1 : 0 } }

    /// Pearson correlation of two images over the voxels of `mask`.
    func correlation(_ a: ImageVolume, _ b: ImageVolume, inside mask: MaskVolume) -> Double {
        var n = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
        for i in mask.voxels.indices where mask.voxels[i] != 0 {
            let x = Double(a.voxels[i]), y = Double(b.voxels[i])
            n += 1; sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y
        }
        return (sab - sa * sb / n) / ((saa - sa * sa / n) * (sbb - sb * sb / n)).squareRoot()
    }

    func testMaskedN4AgreesWithSimpleITKInsideTheHead() throws {
        let image = try read("mr.nii.gz"), head = try headMask(), expected = try read("mr_n4_mask_shrink2.nii.gz")
        let corrected = try N4BiasFieldCorrection.correct(image, mask: head, settings: N4Settings(shrink: 2, iterations: [50, 50, 30, 20]))
        XCTAssertEqual(corrected.geometry, image.geometry)
        let r = correlation(corrected, expected, inside: head)
        print("N4 (head mask, shrink 2) vs SimpleITK: correlation inside the head \(r)")
        XCTAssertGreaterThanOrEqual(r, 0.999)
        // The bias is strong enough that the uncorrected image does not pass the same bar.
        XCTAssertLessThan(correlation(image, expected, inside: head), 0.99)
    }

    func testUnmaskedN4WithDefaultsAgreesWithSimpleITKInsideTheHead() throws {
        let image = try read("mr.nii.gz"), head = try headMask(), expected = try read("mr_n4_shrink4.nii.gz")
        let corrected = try N4BiasFieldCorrection.correct(image, mask: nil, settings: .standard)
        let r = correlation(corrected, expected, inside: head)
        print("N4 (no mask, shrink 4) vs SimpleITK: correlation inside the head \(r)")
        XCTAssertGreaterThanOrEqual(r, 0.999)
        XCTAssertLessThan(correlation(image, expected, inside: head), 0.99)
    }

    func testSettingsAndMaskAreValidated() throws {
        let image = try read("mr.nii.gz")
        for bad in [N4Settings(shrink: 0), N4Settings(iterations: []), N4Settings(iterations: [50, -1]), N4Settings(shrink: 30)] {
            XCTAssertThrowsError(try N4BiasFieldCorrection.correct(image, mask: nil, settings: bad)) { error in
                XCTAssertEqual((error as! RadiomicsError).exitCode, 64, "\(error)")
            }
        }
        let empty = MaskVolume(geometry: image.geometry, repeating: 0)
        XCTAssertThrowsError(try N4BiasFieldCorrection.correct(image, mask: empty, settings: .standard, file: "m.nii")) { error in
            XCTAssertEqual("\(error)", "m.nii: the N4 mask is empty")
        }
        var other = image.geometry
        other.spacing.x = 2
        XCTAssertThrowsError(try N4BiasFieldCorrection.correct(image, mask: MaskVolume(geometry: other, repeating: 1), settings: .standard)) { error in
            XCTAssertEqual((error as! RadiomicsError).exitCode, 65)
        }
    }

    func testOtsuMaskSeparatesTheHeadFromTheBackground() throws {
        let otsu = N4BiasFieldCorrection.otsuMask(try read("mr.nii.gz")), head = try headMask()
        var both = 0, either = 0
        for i in head.voxels.indices {
            if head.voxels[i] != 0 && otsu.voxels[i] != 0 { both += 1 }
            if head.voxels[i] != 0 || otsu.voxels[i] != 0 { either += 1 }
        }
        XCTAssertGreaterThan(Double(both) / Double(either), 0.95)
    }
}
