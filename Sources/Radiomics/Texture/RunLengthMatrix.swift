/// Grey level run length matrix (GLRLM, IBSI 1 §3.7): for one direction m, the number of runs
/// (maximal sequences of voxels with the same grey level along m) per grey level i and length j.
enum RunLengthMatrix {
    /// The 4 in-plane directional matrices of padded slice `z`, in `TextureDirections.twoD` order.
    static func slice(_ grid: TextureGrid, z: Int) -> [LevelMatrix] {
        let n = grid.voxelCount(slice: z)
        return TextureDirections.twoD.map { count(grid, zRange: z..<(z + 1), offset: grid.offset($0), voxelCount: n) }
    }

    /// The volumetric matrix of direction `TextureDirections.threeD[d]`.
    static func direction(_ grid: TextureGrid, _ d: Int) -> LevelMatrix {
        count(grid, zRange: grid.slices, offset: grid.offset(TextureDirections.threeD[d]), voxelCount: grid.voxelCount)
    }

    /// The volumetric matrix of unit displacement `d` = (x, y, z); empty under
    /// `conventions.dropSingleVoxelLineDirections` when no line along `d` holds two ROI voxels.
    static func displacement(_ grid: TextureGrid, _ d: SIMD3<Int>, conventions: Conventions = .ibsi) -> LevelMatrix {
        if conventions.dropSingleVoxelLineDirections && !hasLineOfTwoVoxels(grid, d) { return .empty(levelCount: grid.levelCount) }
        return count(grid, zRange: grid.slices, offset: grid.offset(d), voxelCount: grid.voxelCount)
    }

    /// Whether some line along `d` holds two intensity-mask voxels (not necessarily adjacent):
    /// pyradiomics' cmatrices `multiElement`. Stops at the first such pair, so a solid ROI costs one step.
    static func hasLineOfTwoVoxels(_ grid: TextureGrid, _ d: SIMD3<Int>) -> Bool {
        let size = SIMD3(grid.nx, grid.ny, grid.nz), p = grid.padding
        // The zero padding holds no intensity-mask voxel: the lines start inside it.
        for z in p..<(grid.nz - p) {
            for y in p..<(grid.ny - p) {
                for x in p..<(grid.nx - p) where grid.levels[x + grid.nx * (y + grid.ny * z)] > 0 {
                    var q = SIMD3(x, y, z) &+ d
                    while q.x >= 0, q.y >= 0, q.z >= 0, q.x < size.x, q.y < size.y, q.z < size.z {
                        if grid.levels[q.x + grid.nx * (q.y + grid.ny * q.z)] > 0 { return true }
                        q &+= d
                    }
                }
            }
        }
        return false
    }

    /// The 13 volumetric directional matrices, in `TextureDirections.threeD` order.
    static func volume(_ grid: TextureGrid) -> [LevelMatrix] {
        parallelMap(TextureDirections.threeD.count) { direction(grid, $0) }
    }

    /// Runs start at voxels whose predecessor along the direction has another grey level; the
    /// zero padding ends every run inside the array.
    private static func count(_ grid: TextureGrid, zRange: Range<Int>, offset: Int, voxelCount: Int) -> LevelMatrix {
        let ng = grid.levelCount, p = grid.padding
        let width = Swift.max(grid.nx, grid.ny, grid.nz)
        // The dense counts and the run lengths met on the stack (a map counts per kernel and
        // direction): the matrix keeps the lengths met without scanning the other columns.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: ng * width + width) { scratch in
            scratch.initialize(repeating: 0)
            let t = scratch.baseAddress!, used = t + ng * width
            grid.levels.withUnsafeBufferPointer { g in
                for z in zRange {
                    for y in p..<(grid.ny - p) {
                        let row = grid.nx * (y + grid.ny * z)
                        for v in (row + p)..<(row + grid.nx - p) {
                            let a = g[v]
                            guard a > 0, g[v - offset] != a else { continue }
                            var length = 1, w = v + offset
                            while g[w] == a { length += 1; w += offset }
                            t[(Int(a) - 1) * width + (length - 1)] += 1
                            used[length - 1] = 1
                        }
                    }
                }
            }
            let columns = (0..<width).filter { used[$0] != 0 }
            var counts = [Int](repeating: 0, count: ng * columns.count)
            for i in 0..<ng { for (k, c) in columns.enumerated() { counts[i * columns.count + k] = t[i * width + c] } }
            return LevelMatrix(levelCount: ng, columns: columns.map { $0 + 1 }, counts: counts, voxelCount: voxelCount)
        }
    }
}
