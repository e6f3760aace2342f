/// Grey level run length matrix features (IBSI 1 §3.7, tags `rlm_*`), from run counts r_ij
/// (grey level i, run length j), N_s = Σ r_ij runs, N_v voxels (summed over merged matrices),
/// marginals r_i. and r_.j, and p_ij = r_ij / N_s.
enum GLRLMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (GLRLM+Family.swift).
    static let names = GLRLMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: LevelMatrix) -> [Double] { compute(LevelMatrixSums(m)) }

    /// All features from a matrix's sums (`LevelMatrixSums`), in `names` order.
    static func compute(_ s: LevelMatrixSums) -> [Double] {
        let ns = s.total
        guard ns > 0 else { return [Double](repeating: .nan, count: names.count) }
        return [
            s.invJ2 / ns,                 // sre: Σ r_.j / j² / N_s
            s.j2 / ns,                    // lre: Σ r_.j j² / N_s
            s.invI2 / ns,                 // lgre: Σ r_i. / i² / N_s
            s.i2 / ns,                    // hgre: Σ r_i. i² / N_s
            s.invI2invJ2 / ns,            // srlge: Σ r_ij / (i² j²) / N_s
            s.i2invJ2 / ns,               // srhge: Σ r_ij i² / j² / N_s
            s.j2invI2 / ns,               // lrlge: Σ r_ij j² / i² / N_s
            s.i2j2 / ns,                  // lrhge: Σ r_ij i² j² / N_s
            s.rowSquares / ns,            // glnu: Σ_i r_i.² / N_s
            s.rowSquares / (ns * ns),     // glnu_norm: Σ_i r_i.² / N_s²
            s.columnSquares / ns,         // rlnu: Σ_j r_.j² / N_s
            s.columnSquares / (ns * ns),  // rlnu_norm: Σ_j r_.j² / N_s²
            ns / s.voxelCount,            // r_perc: N_s / N_v
            s.levelVariance,              // gl_var: Σ (i − μ_i)² p_ij
            s.jVariance,                  // rl_var: Σ (j − μ_j)² p_ij
            s.entropy,                    // rl_entr: −Σ p_ij log₂ p_ij
        ]
    }

    /// Features of per-direction matrices under `c`'s direction handling (pyradiomics): with a
    /// `weightingNorm`, of their sum weighted by `weights` (N_v = Σ j · weighted count, as
    /// pyradiomics' N_p); without, the mean over the non-empty directions (IBSI `3D_avg`).
    static func compute(directions: [LevelMatrix], weights: [Double], conventions c: Conventions) -> [Double] {
        guard c.weightingNorm != nil else {
            let vectors = directions.filter { $0.total > 0 }.map { compute(LevelMatrixSums($0, logEpsilon: c.logEpsilon)) }
            return TextureAggregation.average(vectors, names.count)
        }
        let ng = directions.first?.levelCount ?? 1
        let columns = LevelMatrix.merged(directions, levelCount: ng).columns
        let index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        var counts = [Double](repeating: 0, count: ng * columns.count)
        for (d, m) in directions.enumerated() {
            for i in 0..<ng {
                for (c, j) in m.columns.enumerated() { counts[i * columns.count + index[j]!] += Double(m.counts[i * m.columns.count + c]) * weights[d] }
            }
        }
        var voxels = 0.0
        for i in 0..<ng { for (c, j) in columns.enumerated() { voxels += counts[i * columns.count + c] * Double(j) } }
        return compute(LevelMatrixSums(counts: counts, levelCount: ng, columns: columns, voxelCount: voxels, logEpsilon: c.logEpsilon))
    }

    /// Every GLRLM feature under each aggregation `settings.textureDimension` asks for.
    static func features(_ roi: ROIContext) -> [Feature] {
        let grid = TextureGrid(roi, padding: 1)
        let ng = grid.levelCount
        let family = TextureAggregation.Family<LevelMatrix>(
            prefix: "rlm_", names: names, features: compute,
            merge: { LevelMatrix.merged($0, levelCount: ng) }, isEmpty: { $0.total == 0 })
        return TextureAggregation.directional(family, grid: grid, settings: roi.settings,
                                              slice: { RunLengthMatrix.slice(grid, z: $0) },
                                              direction: { RunLengthMatrix.direction(grid, $0) })
    }
}
