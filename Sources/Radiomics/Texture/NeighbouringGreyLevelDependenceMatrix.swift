/// Neighbouring grey level dependence matrix (NGLDM, IBSI 1 §3.11): intensity-mask voxels
/// counted by grey level i and dependence j = 1 + the number of mask neighbours within
/// Chebyshev distance δ (in-plane in 2D) whose grey level differs from i by at most α.
enum NeighbouringGreyLevelDependenceMatrix {
    static func slice(_ grid: TextureGrid, z: Int, distance δ: Int, coarseness α: Int) -> LevelMatrix {
        let offsets = TextureDirections.neighbourhood(distance: δ, planar: true).map(grid.offset)
        return LevelMatrix(dense: count(grid, zRange: z..<(z + 1), offsets: offsets, coarseness: α), levelCount: grid.levelCount,
                           width: offsets.count + 1, voxelCount: grid.voxelCount(slice: z))
    }

    static func volume(_ grid: TextureGrid, distance δ: Int, coarseness α: Int) -> LevelMatrix {
        volume(grid, neighbours: TextureDirections.neighbourhood(distance: δ, planar: false), coarseness: α)
    }

    /// The neighbourhood is the (x, y, z) displacements `neighbours` (pyradiomics' GLDM: every offset
    /// whose Chebyshev norm is one of `distances`, both signs); each stays within `grid.padding`.
    /// Parallel over fixed z chunks; integer counts, so the sum is exact in any order.
    static func volume(_ grid: TextureGrid, neighbours: [SIMD3<Int>], coarseness α: Int) -> LevelMatrix {
        let offsets = neighbours.map(grid.offset)
        let slices = grid.slices
        // Integer counts: a map's kernel (one piece of a parallel loop) counts in one chunk.
        let chunks = fixedChunks(slices.count, chunks: InlineParallelism.isActive ? 1 : 8)
        let parts = parallelMap(chunks.count) { c in
            count(grid, zRange: (slices.lowerBound + chunks[c].lowerBound)..<(slices.lowerBound + chunks[c].upperBound),
                  offsets: offsets, coarseness: α)
        }
        var dense = [Int](repeating: 0, count: grid.levelCount * (offsets.count + 1))
        for part in parts { for k in dense.indices { dense[k] += part[k] } }
        return LevelMatrix(dense: dense, levelCount: grid.levelCount, width: offsets.count + 1, voxelCount: grid.voxelCount)
    }

    /// Dense Ng × (|offsets| + 1) counts; column c holds dependence j = c + 1.
    private static func count(_ grid: TextureGrid, zRange: Range<Int>, offsets: [Int], coarseness α: Int) -> [Int] {
        let width = offsets.count + 1, p = grid.padding
        var dense = [Int](repeating: 0, count: grid.levelCount * width)
        // |b − a| ≤ α as one unsigned compare, b > 0 as another: no branch per neighbour (the
        // outcome is data-dependent and mispredicts often).
        let tolerance = Int32(α), span = UInt32(2 * α)
        grid.levels.withUnsafeBufferPointer { g in
            offsets.withUnsafeBufferPointer { offs in
                dense.withUnsafeMutableBufferPointer { t in
                    for z in zRange {
                        for y in p..<(grid.ny - p) {
                            let row = grid.nx * (y + grid.ny * z)
                            for v in (row + p)..<(row + grid.nx - p) {
                                let a = g[v]
                                guard a > 0 else { continue }
                                var j = 1
                                for off in offs {
                                    let b = g[v + off]
                                    let near = UInt32(bitPattern: b &- a &+ tolerance) <= span
                                    j &+= (b > 0 ? 1 : 0) & (near ? 1 : 0)
                                }
                                t[(Int(a) - 1) * width + (j - 1)] += 1
                            }
                        }
                    }
                }
            }
        }
        return dense
    }
}
