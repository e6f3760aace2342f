/// Grey level size zone matrix features (IBSI 1 §3.8, tags `szm_*`), from zone counts s_ij
/// (grey level i, zone size j), N_s = Σ s_ij zones, N_v voxels (summed over merged matrices),
/// marginals s_i. and s_.j, and p_ij = s_ij / N_s.
enum GLSZMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (GLSZM+Family.swift).
    static let names = GLSZMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: LevelMatrix) -> [Double] { compute(LevelMatrixSums(m)) }

    /// All features from a matrix's sums (`LevelMatrixSums`), in `names` order.
    static func compute(_ s: LevelMatrixSums) -> [Double] {
        let ns = s.total
        guard ns > 0 else { return [Double](repeating: .nan, count: names.count) }
        return [
            s.invJ2 / ns,                 // sze: Σ s_.j / j² / N_s
            s.j2 / ns,                    // lze: Σ s_.j j² / N_s
            s.invI2 / ns,                 // lgze: Σ s_i. / i² / N_s
            s.i2 / ns,                    // hgze: Σ s_i. i² / N_s
            s.invI2invJ2 / ns,            // szlge: Σ s_ij / (i² j²) / N_s
            s.i2invJ2 / ns,               // szhge: Σ s_ij i² / j² / N_s
            s.j2invI2 / ns,               // lzlge: Σ s_ij j² / i² / N_s
            s.i2j2 / ns,                  // lzhge: Σ s_ij i² j² / N_s
            s.rowSquares / ns,            // glnu: Σ_i s_i.² / N_s
            s.rowSquares / (ns * ns),     // glnu_norm: Σ_i s_i.² / N_s²
            s.columnSquares / ns,         // zsnu: Σ_j s_.j² / N_s
            s.columnSquares / (ns * ns),  // zsnu_norm: Σ_j s_.j² / N_s²
            ns / s.voxelCount,            // z_perc: N_s / N_v
            s.levelVariance,              // gl_var: Σ (i − μ_i)² p_ij
            s.jVariance,                  // zs_var: Σ (j − μ_j)² p_ij
            s.entropy,                    // zs_entr: −Σ p_ij log₂ p_ij
        ]
    }

    /// Every GLSZM feature under each aggregation `settings.textureDimension` asks for.
    static func features(_ roi: ROIContext) -> [Feature] {
        let grid = TextureGrid(roi, padding: 1)
        let ng = grid.levelCount
        let family = TextureAggregation.Family<LevelMatrix>(
            prefix: "szm_", names: names, features: compute,
            merge: { LevelMatrix.merged($0, levelCount: ng) }, isEmpty: { $0.total == 0 })
        let table = roi.zones
        return TextureAggregation.planar(family, grid: grid, settings: roi.settings,
                                         slice: { SizeZoneMatrix.slice(grid, z: $0, table: table) },
                                         volume: { SizeZoneMatrix.volume(grid, table: table) })
    }
}
