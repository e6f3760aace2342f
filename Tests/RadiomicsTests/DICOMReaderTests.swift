import Foundation
import XCTest
@testable import Radiomics

final class DICOMReaderTests: XCTestCase {
    /// Issue 2 "done when": the CT phantom as DICOM + RTSTRUCT equals the NIfTI pair.
    func testCTPhantomDICOMEqualsNIfTI() throws {
        let nifti = try NIfTIReader.read(FixturePath.ctImage)
        let dicom = try ImageIO.readImage(FixturePath.ctDICOM)
        XCTAssertNil(dicom.geometry.mismatch(with: nifti.geometry), "\(dicom.geometry) vs \(nifti.geometry)")
        XCTAssertEqual(dicom.voxels, nifti.voxels)

        let niftiMask = try MaskIO.readMasks(FixturePath.ctMask, image: nifti.geometry, selection: .automatic)[0].mask
        let rt = try MaskIO.readMasks(FixturePath.ctRTSTRUCT, image: dicom.geometry, selection: .roi("GTV-1"))
        XCTAssertEqual(rt.count, 1)
        XCTAssertEqual(rt[0].name, "GTV-1")
        XCTAssertEqual(rt[0].mask.count, 125256)
        var differ = 0
        for n in niftiMask.voxels.indices where niftiMask.voxels[n] != rt[0].mask.voxels[n] { differ += 1 }
        XCTAssertEqual(differ, 0, "voxels where RTSTRUCT and NIfTI masks differ")

        let f = try Extractor.extract(image: dicom, mask: rt[0].mask, settings: ExtractionSettings())
        let mean = try XCTUnwrap(f.first { $0.tag == "int_mask_mean_int_init_roi" }).value
        XCTAssertEqual(mean, -46.9, accuracy: 0.05)
    }

    func testRTStructAbsentROINameListsNames() throws {
        let image = try ImageIO.readImage(FixturePath.ctDICOM)
        XCTAssertThrowsError(try MaskIO.readMasks(FixturePath.ctRTSTRUCT, image: image.geometry, selection: .roi("Liver"))) { error in
            let e = error as? RadiomicsError
            XCTAssertEqual(e?.kind, .badInput)
            XCTAssertTrue(e?.description.contains("GTV-1") ?? false, "\(error)")
            XCTAssertTrue(e?.description.contains("DCM_RS_00060.dcm") ?? false, "\(error)")
        }
    }

    func testObjectKinds() throws {
        XCTAssertEqual(try DICOMObjectKind.of(FixturePath.ctRTSTRUCT), .rtstruct)
        XCTAssertEqual(try DICOMObjectKind.of(FixturePath.ctDICOM + "/DCM_IMG_00000.dcm"), .image)
        XCTAssertNil(try DICOMObjectKind.of(FixturePath.ctImage))
    }
}
