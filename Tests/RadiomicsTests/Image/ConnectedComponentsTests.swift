import XCTest
@testable import Radiomics

/// `componentCount26` against a plain union-find over every pair of 26-neighbours.
final class ConnectedComponentsTests: XCTestCase {
    private func reference(_ m: MaskVolume) -> Int {
        let s = m.size
        var parent = Array(0..<m.voxels.count)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for k in 0..<s.z { for j in 0..<s.y { for i in 0..<s.x where m[i, j, k] != 0 {
            for dz in -1...1 { for dy in -1...1 { for dx in -1...1 {
                let (a, b, c) = (i + dx, j + dy, k + dz)
                guard a >= 0, b >= 0, c >= 0, a < s.x, b < s.y, c < s.z, m[a, b, c] != 0 else { continue }
                let (r1, r2) = (find(m.linearIndex(i, j, k)), find(m.linearIndex(a, b, c)))
                if r1 != r2 { parent[r1] = r2 }
            } } }
        } } }
        return Set(m.voxels.indices.filter { m.voxels[$0] != 0 }.map(find)).count
    }

    func testCountEqualsUnionFindOnRandomMasks() {
        var state: UInt64 = 5
        for (size, density) in [(SIMD3(1, 1, 1), 100), (SIMD3(7, 1, 1), 50), (SIMD3(9, 8, 7), 20), (SIMD3(13, 11, 6), 35), (SIMD3(20, 3, 9), 10)] {
            let g = Geometry(size: size, spacing: SIMD3(1, 1, 1))
            let m = MaskVolume(geometry: g, voxels: (0..<g.voxelCount).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return (state >> 33) % 100 < UInt64(density) ? UInt8(1 + (state >> 40) % 3) : 0
            })
            XCTAssertEqual(m.componentCount26, reference(m), "\(size) at \(density)%")
        }
        // Two voxels touching only at a corner are one component; a gap of one voxel makes two.
        var m = MaskVolume(geometry: Geometry(size: SIMD3(4, 4, 4), spacing: SIMD3(1, 1, 1)), repeating: 0)
        m[0, 0, 0] = 1; m[1, 1, 1] = 1
        XCTAssertEqual(m.componentCount26, 1)
        m[3, 3, 3] = 1
        XCTAssertEqual(m.componentCount26, 2)
        XCTAssertEqual(MaskVolume(geometry: m.geometry, repeating: 0).componentCount26, 0)
    }
}
