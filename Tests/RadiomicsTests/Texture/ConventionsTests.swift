import XCTest
@testable import Radiomics

/// The two ROI-shape conventions of pyradiomics' C matrices (issue 14), on the shared builders.
final class ConventionsTests: XCTestCase {
    /// A 4×3×3 grid; `roi` lists (x, y, z) voxels with their grey level.
    func grid(_ roi: [(SIMD3<Int>, Int32)]) -> TextureGrid {
        TextureGrid.sparse(size: SIMD3(4, 3, 3), roi: roi, levelCount: 2, padding: 1)
    }

    func testGLRLMDropsADirectionWithoutALineOfTwoVoxels() {
        // One slice thick: through-plane lines hold one voxel each.
        let slice = grid([(SIMD3(0, 0, 1), 1), (SIMD3(1, 0, 1), 1), (SIMD3(2, 1, 1), 2), (SIMD3(3, 2, 1), 2)])
        let z = SIMD3(0, 0, 1)
        XCTAssertEqual(RunLengthMatrix.displacement(slice, z, conventions: .ibsi).total, 4)  // IBSI: 4 runs of length 1
        XCTAssertEqual(RunLengthMatrix.displacement(slice, z, conventions: .pyradiomics()).total, 0)
        // In-plane x: a line holds (0,0,1) and (1,0,1) → kept by both.
        XCTAssertEqual(RunLengthMatrix.displacement(slice, SIMD3(1, 0, 0), conventions: .pyradiomics()).total, 3)
        // Two voxels on one line but not adjacent still keep the direction (cmatrices counts ROI voxels per line).
        let gap = grid([(SIMD3(0, 1, 0), 1), (SIMD3(0, 1, 2), 2)])
        XCTAssertTrue(RunLengthMatrix.hasLineOfTwoVoxels(gap, z))
        XCTAssertFalse(RunLengthMatrix.hasLineOfTwoVoxels(gap, SIMD3(1, 0, 0)))
    }

    func testNGTDMCountsAnIsolatedVoxelWithZeroDifference() {
        // A pair of neighbours and a voxel two steps away from both.
        let g = grid([(SIMD3(0, 0, 0), 1), (SIMD3(1, 0, 0), 2), (SIMD3(3, 2, 2), 2)])
        let ibsi = NeighbourhoodGreyToneDifferenceMatrix.volume(g, distance: 1)
        let pyr = NeighbourhoodGreyToneDifferenceMatrix.volume(g, distance: 1, countIsolated: true)
        XCTAssertEqual(ibsi.n, [1, 1])
        XCTAssertEqual(pyr.n, [1, 2])
        XCTAssertEqual(ibsi.s, pyr.s)  // s_2 += |2 − 1| from the pair only
        XCTAssertEqual(pyr.s, [1, 1])
    }
}

extension TextureGrid {
    /// A grid of `size` whose ROI is the (x, y, z) voxels of `roi`, each with its grey level.
    static func sparse(size: SIMD3<Int>, roi: [(SIMD3<Int>, Int32)], levelCount: Int, padding: Int) -> TextureGrid {
        let g = Geometry(size: size, spacing: .one)
        var levels = Volume<Int32>(geometry: g, repeating: 0)
        var mask = MaskVolume(geometry: g, repeating: 0)
        for (p, l) in roi {
            levels[p.x, p.y, p.z] = l
            mask[p.x, p.y, p.z] = 1
        }
        return TextureGrid(levels: levels, levelCount: levelCount, intensityMask: mask, morphologicalMask: mask, padding: padding)
    }
}
