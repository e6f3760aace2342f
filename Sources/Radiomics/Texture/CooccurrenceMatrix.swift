/// Grey level co-occurrence matrix (GLCM, IBSI 1 §3.6): symmetric counts of grey level pairs
/// (i, j) of voxels `δ·m` apart for one direction m, both voxels in the intensity mask.
struct CooccurrenceMatrix: Sendable, Equatable {
    var levelCount: Int
    /// Ng × Ng counts, row-major: `counts[(i − 1) · Ng + (j − 1)]`; symmetric. With `levels`,
    /// |levels|² counts over those grey levels only.
    var counts: [Int]
    /// nil: every grey level 1…Ng. Else the grey levels of the rows and columns, ascending (a
    /// compact matrix: a small kernel's pairs touch a few of Ng levels; the others count 0).
    var levels: [Int]? = nil

    var isEmpty: Bool { !counts.contains { $0 != 0 } }

    func count(_ i: Int, _ j: Int) -> Int {
        guard let levels else { return counts[(i - 1) * levelCount + (j - 1)] }
        guard let a = levels.firstIndex(of: i), let b = levels.firstIndex(of: j) else { return 0 }
        return counts[a * levels.count + b]
    }

    /// IBSI merging: cell-wise sums.
    static func merged(_ matrices: [CooccurrenceMatrix], levelCount: Int) -> CooccurrenceMatrix {
        var counts = [Int](repeating: 0, count: levelCount * levelCount)
        for m in matrices { for n in counts.indices { counts[n] &+= m.counts[n] } }
        return CooccurrenceMatrix(levelCount: levelCount, counts: counts)
    }

    /// The 4 in-plane directional matrices of padded slice `z`, in `TextureDirections.twoD` order.
    static func slice(_ grid: TextureGrid, z: Int, distance δ: Int) -> [CooccurrenceMatrix] {
        let offsets = TextureDirections.twoD.map { grid.offset($0 &* δ) }
        return count(grid, zRange: z..<(z + 1), offsets: offsets)
    }

    /// The volumetric matrix of direction `TextureDirections.threeD[d]`.
    static func direction(_ grid: TextureGrid, _ d: Int, distance δ: Int) -> CooccurrenceMatrix {
        count(grid, zRange: grid.slices, offsets: [grid.offset(TextureDirections.threeD[d] &* δ)])[0]
    }

    /// The 13 volumetric directional matrices, in `TextureDirections.threeD` order.
    static func volume(_ grid: TextureGrid, distance δ: Int) -> [CooccurrenceMatrix] {
        parallelMap(TextureDirections.threeD.count) { direction(grid, $0, distance: δ) }
    }

    /// One volumetric matrix per displacement (x, y, z) (Chebyshev norm ≤ `grid.padding`); with
    /// `symmetric` false only the pair (level at v, level at v + d) is counted (pyradiomics
    /// `symmetricalGLCM: false`).
    static func displacements(_ grid: TextureGrid, _ ds: [SIMD3<Int>], symmetric: Bool) -> [CooccurrenceMatrix] {
        parallelMap(ds.count) { count(grid, zRange: grid.slices, offsets: [grid.offset(ds[$0])], symmetric: symmetric)[0] }
    }

    /// One matrix per offset over the voxels of `zRange`; neighbours may lie outside it.
    private static func count(_ grid: TextureGrid, zRange: Range<Int>, offsets: [Int], symmetric: Bool = true) -> [CooccurrenceMatrix] {
        offsets.map { off in
            let counts = grid.levelCount <= tableLevelLimit ? countByTable(grid, zRange: zRange, offset: off, symmetric: symmetric)
                                                            : countByPairs(grid, zRange: zRange, offset: off, symmetric: symmetric)
            return CooccurrenceMatrix(levelCount: grid.levelCount, counts: counts)
        }
    }

    /// Up to this N_g `countByTable` (4 tables of (N_g + 1)² counts, ≤ 105 kB) stays in cache.
    static let tableLevelLimit = 80

    /// Ng × Ng counts of (level at v, level at v + `offset`) over the intensity-mask voxels v of
    /// `zRange`, both ways when `symmetric`: one branch per pair (the reference for `countByTable`).
    static func countByPairs(_ grid: TextureGrid, zRange: Range<Int>, offset off: Int, symmetric: Bool) -> [Int] {
        let ng = grid.levelCount
        var table = [Int](repeating: 0, count: ng * ng)
        grid.levels.withUnsafeBufferPointer { g in
            table.withUnsafeMutableBufferPointer { t in
                grid.forEachRow(zRange) { voxels in
                    for v in voxels {
                        let a = Int(g[v])
                        guard a > 0 else { continue }
                        let b = Int(g[v + off])
                        guard b > 0 else { continue }
                        t[(a - 1) * ng + (b - 1)] += 1
                        if symmetric { t[(b - 1) * ng + (a - 1)] += 1 }
                    }
                }
            }
        }
        return table
    }

    /// The same counts without a branch per voxel: every pair, level 0 (outside the mask)
    /// included, goes into an (N_g + 1)² table, row and column 0 are dropped afterwards, and the
    /// symmetric matrix is the table plus its transpose. Consecutive voxels count into 4
    /// interleaved tables, so that runs of equal pairs do not wait on one counter. Integer
    /// counts: identical to `countByPairs` (3–4× faster on CT grey levels).
    static func countByTable(_ grid: TextureGrid, zRange: Range<Int>, offset off: Int, symmetric: Bool) -> [Int] {
        let ng = grid.levelCount, w = ng + 1, cells = w * w
        var tables = [UInt32](repeating: 0, count: 4 * cells)
        grid.levels.withUnsafeBufferPointer { g in
            tables.withUnsafeMutableBufferPointer { t in
                grid.forEachRow(zRange) { voxels in
                    var v = voxels.lowerBound
                    let end = voxels.upperBound
                    while v + 4 <= end {
                        let c0: Int = Int(g[v]) &* w &+ Int(g[v &+ off])
                        let c1: Int = cells &+ Int(g[v &+ 1]) &* w &+ Int(g[v &+ 1 &+ off])
                        let c2: Int = 2 &* cells &+ Int(g[v &+ 2]) &* w &+ Int(g[v &+ 2 &+ off])
                        let c3: Int = 3 &* cells &+ Int(g[v &+ 3]) &* w &+ Int(g[v &+ 3 &+ off])
                        t[c0] &+= 1
                        t[c1] &+= 1
                        t[c2] &+= 1
                        t[c3] &+= 1
                        v += 4
                    }
                    while v < end {
                        t[Int(g[v]) &* w &+ Int(g[v &+ off])] &+= 1
                        v += 1
                    }
                }
            }
        }
        var counts = [Int](repeating: 0, count: ng * ng)
        for i in 1..<w {
            for j in 1..<w {
                var c = 0
                for k in 0..<4 {
                    c += Int(tables[k * cells + i * w + j])
                    if symmetric { c += Int(tables[k * cells + j * w + i]) }
                }
                counts[(i - 1) * ng + (j - 1)] = c
            }
        }
        return counts
    }
}
