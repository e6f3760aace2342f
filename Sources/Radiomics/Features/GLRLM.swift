/// Grey level run length matrix features (IBSI 1 §3.7, tags `rlm_*`), from run counts r_ij
/// (grey level i, run length j), N_s = Σ r_ij runs, N_v voxels (summed over merged matrices),
/// marginals r_i. and r_.j, and p_ij = r_ij / N_s.
enum GLRLMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (GLRLM+Family.swift).
    static let names = GLRLMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: LevelMatrix) -> [Double] {
        let s = LevelMatrixSums(m), ns = s.total
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
