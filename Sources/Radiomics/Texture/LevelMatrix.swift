import Foundation

/// A grey level × count matrix: the shape shared by the GLRLM (run length), GLSZM (zone size),
/// GLDZM (zone distance), NGLDM and GLDM (dependence count).
///
/// Rows are grey levels i = 1…`levelCount`; only the columns whose j value occurs are stored
/// (`columns`, ascending), so a 10⁵-voxel zone costs one column, not 10⁵.
struct LevelMatrix: Sendable, Equatable {
    var levelCount: Int
    /// The j value (run length, zone size, distance, dependence) of each stored column, ascending.
    var columns: [Int]
    /// Counts, row-major: `counts[(i − 1) · columns.count + c]`.
    var counts: [Int]
    /// N_v: intensity-mask voxels behind this matrix (summed when matrices are merged).
    var voxelCount: Int

    static func empty(levelCount: Int) -> LevelMatrix {
        LevelMatrix(levelCount: levelCount, columns: [], counts: [], voxelCount: 0)
    }

    /// Keeps the non-empty columns of a dense `levelCount × width` histogram whose column c holds j = c + 1.
    init(dense: [Int], levelCount: Int, width: Int, voxelCount: Int) {
        var used: [Int] = []
        for c in 0..<width {
            var any = false
            for i in 0..<levelCount where dense[i * width + c] != 0 { any = true; break }
            if any { used.append(c) }
        }
        self.init(dense: dense, levelCount: levelCount, width: width, used: used, voxelCount: voxelCount)
    }

    /// As `init(dense:…)`, the non-empty columns `used` (0-based, ascending) known already.
    init(dense: [Int], levelCount: Int, width: Int, used: [Int], voxelCount: Int) {
        var counts = [Int](repeating: 0, count: levelCount * used.count)
        dense.withUnsafeBufferPointer { dense in
            counts.withUnsafeMutableBufferPointer { counts in
                for i in 0..<levelCount {
                    for (k, c) in used.enumerated() { counts[i * used.count + k] = dense[i * width + c] }
                }
            }
        }
        self.init(levelCount: levelCount, columns: used.map { $0 + 1 }, counts: counts, voxelCount: voxelCount)
    }

    /// Builds the matrix from (grey level, j) occurrences, e.g. one per zone.
    /// j values must lie in 1…N_v (zone sizes and distances do), so a flat index replaces a dictionary.
    init(entries: [(level: Int32, j: Int)], levelCount: Int, voxelCount: Int) {
        let maxJ = entries.reduce(0) { Swift.max($0, $1.j) }
        var index = [Int32](repeating: -1, count: maxJ + 1)
        for e in entries { index[e.j] = 0 }
        var columns: [Int] = []
        for j in index.indices where index[j] == 0 {
            index[j] = Int32(columns.count)
            columns.append(j)
        }
        var counts = [Int](repeating: 0, count: levelCount * columns.count)
        for e in entries { counts[(Int(e.level) - 1) * columns.count + Int(index[e.j])] += 1 }
        self.init(levelCount: levelCount, columns: columns, counts: counts, voxelCount: voxelCount)
    }

    init(levelCount: Int, columns: [Int], counts: [Int], voxelCount: Int) {
        self.levelCount = levelCount
        self.columns = columns
        self.counts = counts
        self.voxelCount = voxelCount
    }

    /// N_s: the sum of all counts.
    var total: Int { counts.reduce(0, +) }

    /// Count of grey level `i` (1-based) with j value `j`; 0 for absent cells.
    func count(level i: Int, j: Int) -> Int {
        guard let c = columns.firstIndex(of: j) else { return 0 }
        return counts[(i - 1) * columns.count + c]
    }

    /// The non-zero cells as (i, j, count), i then j ascending.
    var cells: [(i: Int, j: Int, n: Int)] {
        var out: [(Int, Int, Int)] = []
        for i in 1...Swift.max(levelCount, 1) where i <= levelCount {
            for (c, j) in columns.enumerated() where counts[(i - 1) * columns.count + c] != 0 {
                out.append((i, j, counts[(i - 1) * columns.count + c]))
            }
        }
        return out
    }

    /// IBSI merging: counts summed cell by cell, N_v summed.
    static func merged(_ matrices: [LevelMatrix], levelCount: Int) -> LevelMatrix {
        let maxJ = matrices.reduce(0) { Swift.max($0, $1.columns.last ?? 0) }
        var index = [Int](repeating: -1, count: maxJ + 1)
        for m in matrices { for j in m.columns { index[j] = 0 } }
        var columns: [Int] = []
        for j in index.indices where index[j] == 0 {
            index[j] = columns.count
            columns.append(j)
        }
        var counts = [Int](repeating: 0, count: levelCount * columns.count)
        var voxels = 0
        for m in matrices {
            voxels += m.voxelCount
            let map = m.columns.map { index[$0] }
            for i in 0..<m.levelCount {
                for (c, k) in map.enumerated() { counts[i * columns.count + k] += m.counts[i * m.columns.count + c] }
            }
        }
        return LevelMatrix(levelCount: levelCount, columns: columns, counts: counts, voxelCount: voxels)
    }
}

/// Sums shared by the 16 GLRLM/GLSZM/GLDZM features and the NGLDM/GLDM features, computed
/// once per matrix in one pass over its cells (p_ij = m_ij / N_s).
struct LevelMatrixSums {
    /// N_s and N_v.
    var total = 0.0, voxelCount = 0.0
    /// Σ m_ij/j², Σ m_ij·j², Σ m_ij/i², Σ m_ij·i².
    var invJ2 = 0.0, j2 = 0.0, invI2 = 0.0, i2 = 0.0
    /// Σ m_ij/(i²j²), Σ m_ij·i²/j², Σ m_ij·j²/i², Σ m_ij·i²j².
    var invI2invJ2 = 0.0, i2invJ2 = 0.0, j2invI2 = 0.0, i2j2 = 0.0
    /// Σ_i m_i.², Σ_j m_.j².
    var rowSquares = 0.0, columnSquares = 0.0
    /// Σ (i − μ_i)² p_ij, Σ (j − μ_j)² p_ij.
    var levelVariance = 0.0, jVariance = 0.0
    /// −Σ p_ij log₂ p_ij and Σ p_ij².
    var entropy = 0.0, energy = 0.0

    /// −Σ p log₂(p + ε) with ε = `logEpsilon` (`Conventions.logEpsilon`).
    init(_ m: LevelMatrix, logEpsilon: Double = 0) {
        self.init()
        m.counts.withUnsafeBufferPointer { counts in
            m.columns.withUnsafeBufferPointer { columns in
                accumulate(counts, levelCount: m.levelCount, columns: columns, voxelCount: Double(m.voxelCount), logEpsilon: logEpsilon)
            }
        }
    }

    /// From real-valued counts, row-major levelCount × columns.count (e.g. pyradiomics' distance-weighted
    /// sum of the directions), with N_v = `voxelCount`.
    init(counts: [Double], levelCount: Int, columns: [Int], voxelCount: Double, logEpsilon eps: Double) {
        self.init()
        counts.withUnsafeBufferPointer { counts in
            columns.withUnsafeBufferPointer { columns in
                accumulate(counts, levelCount: levelCount, columns: columns, voxelCount: voxelCount, logEpsilon: eps)
            }
        }
    }

    private init() {}

    /// The sums of integer or real counts, each converted to Double as it is read (a map computes
    /// this per kernel and direction: no copy of the matrix, the marginals on the stack).
    private mutating func accumulate<C: LevelCount>(_ counts: UnsafeBufferPointer<C>, levelCount: Int, columns: UnsafeBufferPointer<Int>,
                                                    voxelCount: Double, logEpsilon eps: Double) {
        let w = columns.count
        var ns = 0.0
        for x in counts { ns += x.double }
        total = ns
        self.voxelCount = voxelCount
        guard ns > 0 else { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: levelCount + w) { sums in
            sums.initialize(repeating: 0)
            let rowSums = sums.baseAddress!, columnSums = rowSums + levelCount
            var meanI = 0.0, meanJ = 0.0
            for i in 0..<levelCount {
                let gi = Double(i + 1), gi2 = gi * gi
                for c in 0..<w {
                    let x = counts[i * w + c].double
                    guard x != 0 else { continue }
                    let j = Double(columns[c]), jj = j * j
                    rowSums[i] += x
                    columnSums[c] += x
                    invJ2 += x / jj
                    j2 += x * jj
                    invI2 += x / gi2
                    i2 += x * gi2
                    invI2invJ2 += x / (gi2 * jj)
                    i2invJ2 += x * gi2 / jj
                    j2invI2 += x * jj / gi2
                    i2j2 += x * gi2 * jj
                    let p = x / ns
                    meanI += gi * p
                    meanJ += j * p
                    entropy -= p * log2(p + eps)
                    energy += p * p
                }
            }
            for i in 0..<levelCount where rowSums[i] != 0 {
                let p = rowSums[i] / ns, d = Double(i + 1) - meanI
                rowSquares += rowSums[i] * rowSums[i]
                levelVariance += d * d * p
            }
            for c in 0..<w where columnSums[c] != 0 {
                let p = columnSums[c] / ns, d = Double(columns[c]) - meanJ
                columnSquares += columnSums[c] * columnSums[c]
                jVariance += d * d * p
            }
        }
    }
}

/// A matrix cell's count: integer (counted) or real (pyradiomics' weighted direction sums).
protocol LevelCount { var double: Double { get } }
extension Int: LevelCount { @inline(__always) var double: Double { Double(self) } }
extension Double: LevelCount { @inline(__always) var double: Double { self } }
