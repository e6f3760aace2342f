import XCTest
@testable import Radiomics

/// ITK's physical point → continuous index in its last bits, which decide pyradiomics'
/// nearest-neighbour mask ties when it resamples (issue 14).
final class PhysicalToIndexTests: XCTestCase {
    /// pyradiomics' brain2 test case (0.78125 mm, y flipped) resampled in-plane to 2 mm
    /// (MR_2D_extraction.yaml): output voxel (18, 11, 8) samples the label map at x = 223.5 exactly
    /// up to rounding. SimpleITK's inverse (1/spacing, 1.2800000000000002) gives 223.50000000000009
    /// and the label above; the cofactor inverse (1.28) gave 223.49999999999955 and one mask voxel
    /// more than pyradiomics (67 against 66).
    func testAnAxisAloneHasOneOverSpacing() {
        let spacing = 0.7812499999999999
        let g = Geometry(size: SIMD3(256, 256, 23), spacing: SIMD3(spacing, spacing, 6.499999999999998),
                         origin: SIMD3(-109.99999999999999, 103.41874694824213, -62.70000076293943),
                         direction: [1, 0, 0, 0, -1, 0, 0, 0, 1])
        let toIndex = PhysicalToIndex(g)
        XCTAssertEqual(toIndex.inverse[0], 1 / spacing)
        XCTAssertEqual(toIndex.inverse[4], -1 / spacing)
        let out = Geometry(size: SIMD3(30, 28, 22), spacing: SIMD3(2, 2, 6.499999999999998),
                           origin: SIMD3(28.609375000000014, 2.8093719482421164, -62.70000076293943),
                           direction: g.direction)
        let first = toIndex.continuousIndex(PyRadiomicsResampling.itkPoint(out, SIMD3(0, 11, 8)))
        let delta = toIndex.continuousIndex(PyRadiomicsResampling.itkPoint(out, SIMD3(1, 11, 8))) - first
        var ci = first
        for _ in 0..<18 { ci += delta }
        XCTAssertGreaterThanOrEqual(ci.x, 223.5)
        // Rotated in-plane (12°), 2.5 mm slices: the slice axis is alone, its entry exactly 1/2.5
        // (the cofactor formula gave 0.3999999999999999, and pyradiomics' ties at z = k + ½ of a
        // B-spline resampling to 1 mm went the other way: 78 mask voxels of 17446).
        let rotated = PhysicalToIndex(Geometry(size: SIMD3(128, 128, 40), spacing: SIMD3(0.7400000000000001, 0.7400000000000001, 2.5),
                                               direction: [0.9781476007338056, -0.20791169081775931, 0, 0.20791169081775931,
                                                           0.9781476007338056, 0, 0, 0, 1]))
        XCTAssertEqual(rotated.inverse[8], 0.4)
        XCTAssertEqual(rotated.inverse[2], 0)
        XCTAssertEqual(rotated.inverse[6], 0)
        // An oblique direction still takes the general inverse.
        let c = 0.5.squareRoot()
        let oblique = PhysicalToIndex(Geometry(size: SIMD3(4, 4, 4), spacing: SIMD3(1, 2, 3), direction: [c, -c, 0, c, c, 0, 0, 0, 1]))
        let p = oblique.continuousIndex(SIMD3(c * 1 - c * 2 * 2, c * 1 + c * 2 * 2, 3 * 3))
        XCTAssertEqual(p.x, 1, accuracy: 1e-12)
        XCTAssertEqual(p.y, 2, accuracy: 1e-12)
        XCTAssertEqual(p.z, 3, accuracy: 1e-12)
    }
}
