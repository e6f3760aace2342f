/// Neighbouring grey level dependence matrix features (IBSI 1 §3.11, tags `ngl_*`), from counts
/// s_ij (grey level i, dependence j), N_s = Σ s_ij, N_v voxels (summed over merged matrices),
/// marginals s_i. and s_.j, and p_ij = s_ij / N_s.
enum NGLDMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (NGLDM+Family.swift).
    static let names = NGLDMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: LevelMatrix) -> [Double] {
        let s = LevelMatrixSums(m), ns = s.total
        guard ns > 0 else { return [Double](repeating: .nan, count: names.count) }
        return [
            s.invJ2 / ns,                 // lde: Σ s_.j / j² / N_s
            s.j2 / ns,                    // hde: Σ s_.j j² / N_s
            s.invI2 / ns,                 // lgce: Σ s_i. / i² / N_s
            s.i2 / ns,                    // hgce: Σ s_i. i² / N_s
            s.invI2invJ2 / ns,            // ldlge: Σ s_ij / (i² j²) / N_s
            s.i2invJ2 / ns,               // ldhge: Σ s_ij i² / j² / N_s
            s.j2invI2 / ns,               // hdlge: Σ s_ij j² / i² / N_s
            s.i2j2 / ns,                  // hdhge: Σ s_ij i² j² / N_s
            s.rowSquares / ns,            // glnu: Σ_i s_i.² / N_s
            s.rowSquares / (ns * ns),     // glnu_norm: Σ_i s_i.² / N_s²
            s.columnSquares / ns,         // dcnu: Σ_j s_.j² / N_s
            s.columnSquares / (ns * ns),  // dcnu_norm: Σ_j s_.j² / N_s²
            ns / s.voxelCount,            // dc_perc: N_s / N_v
            s.levelVariance,              // gl_var: Σ (i − μ_i)² p_ij
            s.jVariance,                  // dc_var: Σ (j − μ_j)² p_ij
            s.entropy,                    // dc_entr: −Σ p_ij log₂ p_ij
            s.energy,                     // dc_energy: Σ p_ij²
        ]
    }

    /// Every NGLDM feature under each aggregation `settings.textureDimension` asks for.
    static func features(_ roi: ROIContext) -> [Feature] {
        let δ = max(1, roi.settings.ngldmDistance), α = max(0, roi.settings.ngldmCoarseness)
        let grid = TextureGrid(roi, padding: δ)
        let ng = grid.levelCount
        let family = TextureAggregation.Family<LevelMatrix>(
            prefix: "ngl_", names: names, features: compute,
            merge: { LevelMatrix.merged($0, levelCount: ng) }, isEmpty: { $0.total == 0 })
        return TextureAggregation.planar(family, grid: grid, settings: roi.settings,
                                         slice: { NeighbouringGreyLevelDependenceMatrix.slice(grid, z: $0, distance: δ, coarseness: α) },
                                         volume: { NeighbouringGreyLevelDependenceMatrix.volume(grid, distance: δ, coarseness: α) })
    }
}
