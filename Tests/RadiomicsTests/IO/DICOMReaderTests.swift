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

    /// Voxel centres on a contour edge: PNPOLY's half-open rule takes the left/lower edges and
    /// leaves the right/upper ones, so abutting contours never share a voxel.
    func testRasterisationBoundaryRule() throws {
        let g = Geometry(size: SIMD3(8, 6, 3), spacing: SIMD3(0.5, 2, 3), origin: SIMD3(10, -4, 7),
                         direction: [0, -1, 0, 1, 0, 0, 0, 0, 1])
        func contour(_ i0: Double, _ i1: Double, _ j0: Double, _ j1: Double, k: Double) -> RTStructReader.Contour {
            let corners = [(i0, j0), (i1, j0), (i1, j1), (i0, j1)]
            return RTStructReader.Contour(roi: 1, points: corners.map { g.point(SIMD3($0.0, $0.1, k)) })
        }
        let left = try RTStructReader.rasterise([contour(1, 3, 1, 3, k: 1)], on: g, file: "t", roi: "a")
        XCTAssertEqual(left.voxels.indices.filter { left.voxels[$0] != 0 },
                       [(1, 1), (2, 1), (1, 2), (2, 2)].map { left.linearIndex($0.0, $0.1, 1) })
        let right = try RTStructReader.rasterise([contour(3, 5, 1, 3, k: 1)], on: g, file: "t", roi: "b")
        XCTAssertEqual(left.count + right.count, 8)
        XCTAssertFalse(zip(left.voxels, right.voxels).contains { $0 != 0 && $1 != 0 })
        // Both in one ROI: the shared edge does not cut a hole (even–odd over 1, 3, 3, 5).
        let both = try RTStructReader.rasterise([contour(1, 3, 1, 3, k: 1), contour(3, 5, 1, 3, k: 1)], on: g, file: "t", roi: "c")
        XCTAssertEqual(both.count, 8)
        // A nested contour is a hole.
        let ring = try RTStructReader.rasterise([contour(0.5, 6.5, 0.5, 4.5, k: 2), contour(2.5, 4.5, 1.5, 3.5, k: 2)], on: g, file: "t", roi: "d")
        XCTAssertEqual(ring.count, 6 * 4 - 2 * 2)
    }
}
