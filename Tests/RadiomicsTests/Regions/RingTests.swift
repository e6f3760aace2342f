import XCTest
@testable import Radiomics

/// Rings against the brute-force signed distance on whole anisotropic grids (no box), counts of
/// simple rings, and components.
final class RingTests: XCTestCase {
    /// Signed distance of every voxel: + to the nearest ROI voxel outside, − to the nearest
    /// non-ROI voxel inside, by brute force over the whole grid.
    static func signedDistance(_ mask: MaskVolume) -> [Double] {
        let inside = mask.voxels.map { $0 != 0 }
        let out = DistanceTransformTests.bruteForce(sites: inside, size: mask.size, spacing: mask.geometry.spacing)
        let rim = DistanceTransformTests.bruteForce(sites: inside.map { !$0 }, size: mask.size, spacing: mask.geometry.spacing)
        return inside.indices.map { inside[$0] ? -rim[$0].squareRoot() : out[$0].squareRoot() }
    }

    func randomMask(_ rng: inout SplitMix) -> MaskVolume {
        let size = SIMD3(rng.int(4...16), rng.int(4...14), rng.int(3...9))
        let g = Geometry(size: size, spacing: SIMD3(rng.double(0.4...2), rng.double(0.4...2), rng.double(1...5)))
        var m = MaskVolume(geometry: g, repeating: 0)
        // A few blobs, some touching the border.
        for _ in 0..<rng.int(1...3) {
            let c = SIMD3(rng.int(0...(size.x - 1)), rng.int(0...(size.y - 1)), rng.int(0...(size.z - 1)))
            let r = SIMD3(rng.int(0...3), rng.int(0...3), rng.int(0...1))
            for k in Swift.max(0, c.z - r.z)...Swift.min(size.z - 1, c.z + r.z) {
                for j in Swift.max(0, c.y - r.y)...Swift.min(size.y - 1, c.y + r.y) {
                    for i in Swift.max(0, c.x - r.x)...Swift.min(size.x - 1, c.x + r.x) where rng.next() < 0.8 { m[i, j, k] = 1 }
                }
            }
        }
        return m
    }

    func testRingsEqualBruteForceSignedDistance() {
        var rng = SplitMix(seed: 2026)
        var checked = 0
        for trial in 0..<30 {
            let mask = randomMask(&rng)
            guard mask.count > 0 else { continue }
            let d = Self.signedDistance(mask)
            for (a, b) in [(0.0, 5.0), (-3.0, 0.0), (1.5, 4.0), (-2.0, 2.5), (-100.0, 100.0), (0.0, 0.5)] {
                let ring = RegionBuilder.ring(of: mask, RingBounds(lower: a, upper: b))
                for n in d.indices {
                    let expected: UInt8 = d[n] > a && d[n] <= b ? 1 : 0
                    XCTAssertEqual(ring.voxels[n], expected, "trial \(trial) ring \(a):\(b) voxel \(n) d \(d[n])")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testRingCountsOnAUnitGrid() {
        var m = MaskVolume(geometry: Geometry(size: SIMD3(9, 9, 9)), repeating: 0)
        m[4, 4, 4] = 1
        func count(_ a: Double, _ b: Double) -> Int { RegionBuilder.ring(of: m, RingBounds(lower: a, upper: b)).count }
        XCTAssertEqual(count(0, 1), 6)
        XCTAssertEqual(count(0, 2.0.squareRoot()), 18)
        XCTAssertEqual(count(0, 3.0.squareRoot()), 26)
        XCTAssertEqual(count(1, 2), 12 + 8 + 6)   // d = √2, √3, 2
        XCTAssertEqual(count(-1.01, 0), 1)  // the voxel itself: d = −1 (its 6 neighbours are outside)
        XCTAssertEqual(count(-1, 0), 0)     // (A, B] leaves out d = A
        XCTAssertEqual(count(-1000, 1000), 729)
        // 0.5 × 1 × 3 mm: within 1 mm, x ±1, ±2 and y ±1 (the in-plane diagonals are √1.25 away).
        m.geometry.spacing = SIMD3(0.5, 1, 3)
        XCTAssertEqual(count(0, 1), 6)
        XCTAssertEqual(count(0, 3), 48)   // #{(x, y, z) ≠ 0 : x²/4 + y² + 9z² ≤ 9, |x|, |y|, |z| ≤ 4}
    }

    func testRingIsNotClippedByTheROIBox() {
        // A 1-voxel ROI at the grid's corner, 2 mm spacing: the 0:10 ring reaches 5 voxels along each axis.
        var m = MaskVolume(geometry: Geometry(size: SIMD3(12, 12, 12), spacing: SIMD3(2, 2, 2)), repeating: 0)
        m[0, 0, 0] = 1
        let ring = RegionBuilder.ring(of: m, RingBounds(lower: 0, upper: 10))
        XCTAssertEqual(ring[5, 0, 0], 1)
        XCTAssertEqual(ring[6, 0, 0], 0)
        XCTAssertEqual(ring[3, 4, 0], 1)   // 2·5 = 10 mm
        XCTAssertEqual(ring[0, 0, 0], 0)
    }

    func testComponentsBySizeThenFirstVoxel() {
        var m = MaskVolume(geometry: Geometry(size: SIMD3(10, 6, 4)), repeating: 0)
        m[0, 0, 0] = 1                                     // A: 1 voxel, first in index order
        m[9, 5, 3] = 1; m[8, 4, 2] = 1                     // B: 2 voxels, diagonal (26-connected)
        for i in 3...5 { m[i, 2, 1] = 1 }                  // C: 3 voxels
        m[0, 5, 0] = 1                                     // D: 1 voxel, after A
        let parts = Components.split(m)
        XCTAssertEqual(parts.map(\.count), [3, 2, 1, 1])
        XCTAssertEqual(parts[2][0, 0, 0], 1)
        XCTAssertEqual(parts[3][0, 5, 0], 1)
        XCTAssertEqual(Components.split(m, minimumVoxels: 2).map(\.count), [3, 2])
        XCTAssertEqual(Components.split(m, minimumVoxels: 4).count, 0)
        XCTAssertEqual(Components.label(m).sizes, [1, 1, 3, 2])   // A, D, C, B in index order
        // Away from the grid's origin (the labelling works on the ROI's box): the same voxels back.
        m[0, 0, 0] = 0; m[0, 5, 0] = 0
        let shifted = Components.split(m)
        XCTAssertEqual(shifted.count, 2)
        XCTAssertEqual(RegionBuilder.combine(shifted[0], shifted[1]) { $0 | $1 }.voxels, m.voxels)
        XCTAssertEqual(shifted[1][9, 5, 3], 1)
        XCTAssertEqual(shifted[1][8, 4, 2], 1)
    }
}
