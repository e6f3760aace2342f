import Foundation

/// Neighbourhood grey tone difference matrix (NGTDM, IBSI 1 §3.10). For each intensity-mask
/// voxel k with grey level i and W_k > 0 neighbours in the mask within Chebyshev distance δ
/// (in-plane in 2D): n_i += 1 and s_i += |i − mean of those neighbours|. With
/// `countIsolated` (`Conventions.countIsolatedVoxels`, pyradiomics) a voxel without such neighbours
/// adds n_i += 1 and s_i += 0.
struct NeighbourhoodGreyToneDifferenceMatrix: Sendable, Equatable {
    var levelCount: Int
    /// s_i for i = 1…Ng (index i − 1).
    var s: [Double]
    /// n_i: voxels with grey level i and a valid neighbourhood.
    var n: [Int]

    var isEmpty: Bool { !n.contains { $0 != 0 } }

    static func merged(_ matrices: [NeighbourhoodGreyToneDifferenceMatrix], levelCount: Int) -> NeighbourhoodGreyToneDifferenceMatrix {
        var out = NeighbourhoodGreyToneDifferenceMatrix(levelCount: levelCount, s: Array(repeating: 0, count: levelCount),
                                                        n: Array(repeating: 0, count: levelCount))
        for m in matrices {
            for i in 0..<levelCount {
                out.s[i] += m.s[i]
                out.n[i] += m.n[i]
            }
        }
        return out
    }

    static func slice(_ grid: TextureGrid, z: Int, distance δ: Int, countIsolated: Bool = false) -> NeighbourhoodGreyToneDifferenceMatrix {
        build(grid, zRange: z..<(z + 1), offsets: TextureDirections.neighbourhood(distance: δ, planar: true).map(grid.offset),
              countIsolated: countIsolated)
    }

    static func volume(_ grid: TextureGrid, distance δ: Int, countIsolated: Bool = false) -> NeighbourhoodGreyToneDifferenceMatrix {
        volume(grid, neighbours: TextureDirections.neighbourhood(distance: δ, planar: false), countIsolated: countIsolated)
    }

    /// The neighbourhood is the (x, y, z) displacements `neighbours` (pyradiomics: every offset whose
    /// Chebyshev norm is one of `distances`, both signs); each stays within `grid.padding`.
    /// Parallel over fixed z chunks, reduced in chunk order (bit-identical for any thread count).
    static func volume(_ grid: TextureGrid, neighbours: [SIMD3<Int>], countIsolated: Bool = false) -> NeighbourhoodGreyToneDifferenceMatrix {
        let offsets = neighbours.map(grid.offset)
        let slices = grid.slices
        let parts = parallelMap(fixedChunks(slices.count).count) { c in
            let r = fixedChunks(slices.count)[c]
            return build(grid, zRange: (slices.lowerBound + r.lowerBound)..<(slices.lowerBound + r.upperBound), offsets: offsets,
                         countIsolated: countIsolated)
        }
        return merged(parts, levelCount: grid.levelCount)
    }

    private static func build(_ grid: TextureGrid, zRange: Range<Int>, offsets: [Int], countIsolated: Bool) -> NeighbourhoodGreyToneDifferenceMatrix {
        let ng = grid.levelCount, p = grid.padding
        var s = [Double](repeating: 0, count: ng), n = [Int](repeating: 0, count: ng)
        grid.levels.withUnsafeBufferPointer { g in
            offsets.withUnsafeBufferPointer { offs in
                for z in zRange {
                    for y in p..<(grid.ny - p) {
                        let row = grid.nx * (y + grid.ny * z)
                        for v in (row + p)..<(row + grid.nx - p) {
                            let a = g[v]
                            guard a > 0 else { continue }
                            var sum: Int = 0, w: Int = 0
                            for off in offs {
                                let b = g[v + off]
                                if b > 0 { sum += Int(b); w += 1 }
                            }
                            guard w > 0 else {
                                if countIsolated { n[Int(a) - 1] += 1 }
                                continue
                            }
                            s[Int(a) - 1] += Swift.abs(Double(a) - Double(sum) / Double(w))
                            n[Int(a) - 1] += 1
                        }
                    }
                }
            }
        }
        return NeighbourhoodGreyToneDifferenceMatrix(levelCount: ng, s: s, n: n)
    }
}
