import XCTest
@testable import Radiomics

/// pyradiomics' NGTDM/GLDM neighbourhood over `distances` and its `force2Ddimension` planes
/// (issue 14), on the shared builders.
final class PyRadiomicsNeighbourhoodTests: XCTestCase {
    /// A 5×4×3 grid; `roi` lists (x, y, z) voxels with their grey level.
    func grid(_ roi: [(SIMD3<Int>, Int32)], padding: Int = 1) -> TextureGrid {
        TextureGrid.sparse(size: SIMD3(5, 4, 3), roi: roi, levelCount: 3, padding: padding)
    }

    func testNeighbourhoodIsEveryOffsetWithANormInDistancesBothSigns() {
        let one = TextureDirections.pyradiomicsNeighbourhood(distances: [1], force2D: false, dimension: 0)
        XCTAssertEqual(Set(one), Set(TextureDirections.neighbourhood(distance: 1, planar: false)))
        XCTAssertEqual(one.count, 26)
        // [2] is the shell of norm 2 alone: 5³ − 3³ offsets, none of norm 1.
        let two = TextureDirections.pyradiomicsNeighbourhood(distances: [2], force2D: false, dimension: 0)
        XCTAssertEqual(two.count, 98)
        XCTAssertFalse(two.contains(SIMD3(0, 0, 1)))
        XCTAssertEqual(TextureDirections.pyradiomicsNeighbourhood(distances: [1, 2], force2D: false, dimension: 0).count, 124)
        // force2D along numpy axis 1 (y): no offset moves in y.
        let planar = TextureDirections.pyradiomicsNeighbourhood(distances: [1], force2D: true, dimension: 1)
        XCTAssertEqual(planar.count, 8)
        XCTAssertTrue(planar.allSatisfy { $0[1] == 0 })
    }

    func testNGTDMAndGLDMOverDistanceTwo() {
        // Voxels 2 apart along x: neighbours at distance 2 only.
        let g = grid([(SIMD3(0, 0, 0), 1), (SIMD3(2, 0, 0), 3), (SIMD3(4, 0, 0), 3)], padding: 2)
        let shell = TextureDirections.pyradiomicsNeighbourhood(distances: [2], force2D: false, dimension: 0).map(PyRadiomicsTexture.xyz)
        let ngtdm = NeighbourhoodGreyToneDifferenceMatrix.volume(g, neighbours: shell, countIsolated: true)
        XCTAssertEqual(ngtdm.n, [1, 0, 2])
        // Level 1: |1 − 3| = 2; the middle 3: |3 − (1 + 3)/2| = 1; the last 3: 0.
        XCTAssertEqual(ngtdm.s, [2, 0, 1])
        let unit = NeighbourhoodGreyToneDifferenceMatrix.volume(g, distance: 1, countIsolated: true)
        XCTAssertEqual(unit.s, [0, 0, 0])
        // GLDM, α 0: the two 3s depend on each other at distance 2.
        let gldm = NeighbouringGreyLevelDependenceMatrix.volume(g, neighbours: shell, coarseness: 0)
        XCTAssertEqual(gldm, LevelMatrix(entries: [(1, 1), (3, 2), (3, 2)], levelCount: 3, voxelCount: 3))
    }

    func testPlanesAcrossAnAxisAreItsSlices() {
        let roi: [(SIMD3<Int>, Int32)] = [(SIMD3(0, 1, 0), 1), (SIMD3(1, 1, 1), 1), (SIMD3(3, 2, 2), 2), (SIMD3(4, 3, 2), 3)]
        let g = grid(roi)
        for (axis, component) in [(1, 1), (2, 0)] {  // numpy axis 1 is y, 2 is x
            let planes = g.planes(across: axis)
            XCTAssertEqual(planes.voxelCount, g.voxelCount)
            let counts = planes.occupiedSlices.map { planes.voxelCount(slice: $0) }
            var perPlane: [Int: Int] = [:]
            for (p, _) in roi { perPlane[p[component], default: 0] += 1 }
            XCTAssertEqual(counts, perPlane.keys.sorted().map { perPlane[$0]! }, "axis \(axis)")
        }
        // (0,1,0) and (1,1,1) touch diagonally in the plane y = 1: one zone there, across y.
        let zones = g.planes(across: 1).occupiedSlices.map { Zones.find(g.planes(across: 1), z: $0) }
        XCTAssertEqual(zones.map { $0.map(\.size).sorted() }, [[2], [1], [1]])
        XCTAssertEqual(g.planes(across: 0).levels, g.levels)
    }
}
