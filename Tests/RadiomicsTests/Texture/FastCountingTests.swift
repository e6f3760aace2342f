import XCTest
@testable import Radiomics

/// The fast texture counters against straightforward references, bit for bit, on random ROIs:
/// GLCM's table counter (`countByTable`) against the pair-by-pair one, and the union–find zone
/// labelling against a flood fill written here.
final class FastCountingTests: XCTestCase {
    /// A random grid of `size` with levels 1…`levelCount` in a random ROI: white noise when
    /// `smooth` is false, else slowly varying levels (large zones, long runs).
    static func randomGrid(size: SIMD3<Int>, levelCount: Int, fill: Double, smooth: Bool, seed: UInt64, padding: Int = 1) -> TextureGrid {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var levels = [Int32](repeating: 0, count: size.x * size.y * size.z)
        for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
            guard next() < fill else { continue }
            let u = smooth ? (sin(Double(i) / 3) * cos(Double(j) / 4) + sin(Double(k) / 2) + 2) / 4 : next()
            levels[i + size.x * (j + size.y * k)] = Int32(Swift.min(levelCount, 1 + Int(u * Double(levelCount))))
        } } }
        return TextureGrid(levels: levels, size: size, box: IndexBox(lower: .zero, upper: size &- 1), levelCount: levelCount, padding: padding)
    }

    static let cases: [(size: SIMD3<Int>, levelCount: Int, fill: Double, smooth: Bool)] = [
        (SIMD3(9, 7, 5), 1, 0.7, false), (SIMD3(13, 11, 6), 3, 0.9, false), (SIMD3(17, 12, 9), 17, 0.6, false),
        (SIMD3(21, 19, 8), 80, 1.0, false), (SIMD3(23, 18, 10), 6, 0.95, true), (SIMD3(5, 30, 4), 12, 0.8, true),
    ]

    func testCooccurrenceTableCountsEqualPairCounts() {
        for (n, c) in Self.cases.enumerated() {
            for padding in [1, 2] {
                let grid = Self.randomGrid(size: c.size, levelCount: c.levelCount, fill: c.fill, smooth: c.smooth, seed: UInt64(n + 1), padding: padding)
                for d in TextureDirections.neighbourhood(distance: padding, planar: false) {
                    for symmetric in [true, false] {
                        for zRange in [grid.slices, (grid.slices.lowerBound + 1)..<(grid.slices.lowerBound + 2)] {
                            let table = CooccurrenceMatrix.countByTable(grid, zRange: zRange, offset: grid.offset(d), symmetric: symmetric)
                            let pairs = CooccurrenceMatrix.countByPairs(grid, zRange: zRange, offset: grid.offset(d), symmetric: symmetric)
                            XCTAssertEqual(table, pairs, "case \(n), offset \(d), symmetric \(symmetric), z \(zRange)")
                        }
                    }
                }
            }
        }
    }

    /// Zones by depth-first flood fill from each unlabelled voxel in raster order (the labelling
    /// the union–find replaced): level, size and smallest distance, in the order found.
    static func floodFill(_ grid: TextureGrid, zRange: Range<Int>, planar: Bool, distances: [Int32]) -> [[Int]] {
        let offsets = TextureDirections.neighbourhood(distance: 1, planar: planar).map(grid.offset)
        let lower = zRange.lowerBound * grid.sliceStride, upper = zRange.upperBound * grid.sliceStride
        var seen = [Bool](repeating: false, count: grid.levels.count)
        var zones: [[Int]] = []
        let p = grid.padding
        for z in zRange { for y in p..<(grid.ny - p) { for x in p..<(grid.nx - p) {
            let v = x + grid.nx * (y + grid.ny * z), a = grid.levels[v]
            guard a > 0, !seen[v] else { continue }
            seen[v] = true
            var stack = [v], size = 0, nearest = Int32.max
            while let u = stack.popLast() {
                size += 1
                nearest = Swift.min(nearest, distances[u])
                for off in offsets {
                    let w = u + off
                    if w >= lower, w < upper, grid.levels[w] == a, !seen[w] { seen[w] = true; stack.append(w) }
                }
            }
            zones.append([Int(a), size, Int(nearest)])
        } } }
        return zones
    }

    func testZoneLabellingEqualsFloodFill() {
        for (n, c) in Self.cases.enumerated() {
            let grid = Self.randomGrid(size: c.size, levelCount: c.levelCount, fill: c.fill, smooth: c.smooth, seed: UInt64(100 + n))
            for planar in [false, true] {
                let distances = Zones.distanceMap(grid, planar: planar)
                if planar {
                    for z in grid.slices {
                        let zones = Zones.find(grid, z: z, distances: distances).map { [Int($0.level), $0.size, $0.distance] }
                        XCTAssertEqual(zones, Self.floodFill(grid, zRange: z..<(z + 1), planar: true, distances: distances), "case \(n), slice \(z)")
                    }
                    continue
                }
                let reference = Self.floodFill(grid, zRange: grid.slices, planar: false, distances: distances)
                let one = Zones.find(grid, z: nil, distances: distances, slabs: 1).map { [Int($0.level), $0.size, $0.distance] }
                XCTAssertEqual(one, reference, "case \(n)")
                // Slabs joined across their boundaries: the same zones, in another order.
                for slabs in [2, 3] {
                    let joined = Zones.find(grid, z: nil, distances: distances, slabs: slabs).map { [Int($0.level), $0.size, $0.distance] }
                    XCTAssertEqual(joined.sorted { $0.lexicographicallyPrecedes($1) }, reference.sorted { $0.lexicographicallyPrecedes($1) },
                                   "case \(n), \(slabs) slabs")
                }
            }
        }
    }
}

extension FastCountingTests {
    /// `componentCount26` (the zones of the mask as one grey level) against the flood fill.
    func testComponentCountEqualsFloodFill() {
        for (n, fill) in [0.0, 0.05, 0.3, 0.6, 1.0].enumerated() {
            let size = SIMD3(11 + n, 9, 7)
            let grid = Self.randomGrid(size: size, levelCount: 1, fill: fill, smooth: false, seed: UInt64(200 + n))
            var mask = MaskVolume(geometry: Geometry(size: size), repeating: 0)
            for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x where grid.levels[grid.offset(SIMD3(i + 1, j + 1, k + 1))] > 0 {
                mask[i, j, k] = 1
            } } }
            let reference = Self.floodFill(grid, zRange: grid.slices, planar: false, distances: [Int32](repeating: 0, count: grid.levels.count))
            XCTAssertEqual(mask.componentCount26, reference.count, "fill \(fill)")
        }
    }
}
