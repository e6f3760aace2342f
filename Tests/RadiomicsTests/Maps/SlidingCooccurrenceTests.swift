@testable import Radiomics
import XCTest

final class SlidingCooccurrenceTests: XCTestCase {
    /// Sliding a box along rows (steps of 1 to 3 voxels, clipped at the edges, zeros inside)
    /// gives the counts and histogram of a fresh count of each box, for distances 1 and 2.
    func testSlidingEqualsRecount() {
        let size = SIMD3(11, 6, 5)
        var levels: [Int32] = []
        for n in 0..<(size.x * size.y * size.z) {
            let level: Int = n % 7 == 3 ? 0 : 1 + (n * 37 + n / 5) % 6
            levels.append(Int32(level))
        }
        let ds = TextureDirections.pyradiomics(distances: [1, 2], force2D: false, dimension: 0).map(PyRadiomicsTexture.xyz)
        var checked = 0
        for (y, z) in [(0, 0), (2, 3), (5, 4)] {
            var sliding = SlidingCooccurrence(levels: levels, size: size, levelCount: 6, displacements: ds, symmetric: y == 2)
            var x = 0, step = 1
            while x < size.x {
                let radius = SIMD3(2, 1, 2)
                let box = FeatureMaps.kernelBox(at: x + size.x * (y + size.y * z), size: size, radius: radius)
                sliding.move(to: box)
                var fresh = SlidingCooccurrence(levels: levels, size: size, levelCount: 6, displacements: ds, symmetric: y == 2)
                fresh.move(to: box)
                XCTAssertEqual(sliding.counts, fresh.counts, "x \(x) y \(y) z \(z)")
                XCTAssertEqual(sliding.histogram, fresh.histogram)
                XCTAssertGreaterThan(fresh.counts.reduce(0, +), 0)
                x += step
                step = step % 3 + 1
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 15)
        // A fresh count is pyradiomics' pair rule: (level at v, level at v + d), both in the box.
        var one = SlidingCooccurrence(levels: [1, 2, 2, 0, 1, 1, 2, 0], size: SIMD3(2, 2, 2), levelCount: 2, displacements: [SIMD3(1, 0, 0)])
        one.move(to: IndexBox(lower: .zero, upper: SIMD3(1, 1, 1)))
        XCTAssertEqual(one.counts, [1, 1, 0, 0])   // (1,2) at y 0 z 0, (1,1) at y 0 z 1
        XCTAssertEqual(one.histogram, [3, 3])
        // Symmetric: n(a, b) + n(b, a), the diagonal twice.
        var both = SlidingCooccurrence(levels: [1, 2, 2, 0, 1, 1, 2, 0], size: SIMD3(2, 2, 2), levelCount: 2,
                                       displacements: [SIMD3(1, 0, 0)], symmetric: true)
        both.move(to: IndexBox(lower: .zero, upper: SIMD3(1, 1, 1)))
        XCTAssertEqual(both.counts, [2, 1, 1, 0])
        XCTAssertEqual(both.matrices().first?.counts, [2, 1, 1, 0])
    }
}
