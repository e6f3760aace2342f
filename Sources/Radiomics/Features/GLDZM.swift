/// Grey level distance zone matrix features (IBSI 1 §3.9, tags `dzm_*`), from zone counts d_ij
/// (grey level i, distance j to the ROI edge), N_s = Σ d_ij zones, N_v intensity-mask voxels
/// (summed over merged matrices), marginals d_i. and d_.j, and p_ij = d_ij / N_s.
enum GLDZMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (GLDZM+Family.swift).
    static let names = GLDZMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: LevelMatrix) -> [Double] {
        let s = LevelMatrixSums(m), ns = s.total
        guard ns > 0 else { return [Double](repeating: .nan, count: names.count) }
        return [
            s.invJ2 / ns,                 // sde: Σ d_.j / j² / N_s
            s.j2 / ns,                    // lde: Σ d_.j j² / N_s
            s.invI2 / ns,                 // lgze: Σ d_i. / i² / N_s
            s.i2 / ns,                    // hgze: Σ d_i. i² / N_s
            s.invI2invJ2 / ns,            // sdlge: Σ d_ij / (i² j²) / N_s
            s.i2invJ2 / ns,               // sdhge: Σ d_ij i² / j² / N_s
            s.j2invI2 / ns,               // ldlge: Σ d_ij j² / i² / N_s
            s.i2j2 / ns,                  // ldhge: Σ d_ij i² j² / N_s
            s.rowSquares / ns,            // glnu: Σ_i d_i.² / N_s
            s.rowSquares / (ns * ns),     // glnu_norm: Σ_i d_i.² / N_s²
            s.columnSquares / ns,         // zdnu: Σ_j d_.j² / N_s
            s.columnSquares / (ns * ns),  // zdnu_norm: Σ_j d_.j² / N_s²
            ns / s.voxelCount,            // z_perc: N_s / N_v
            s.levelVariance,              // gl_var: Σ (i − μ_i)² p_ij
            s.jVariance,                  // zd_var: Σ (j − μ_j)² p_ij
            s.entropy,                    // zd_entr: −Σ p_ij log₂ p_ij
        ]
    }

    /// Every GLDZM feature under each aggregation `settings.textureDimension` asks for.
    static func features(_ roi: ROIContext) -> [Feature] {
        let grid = TextureGrid(roi, padding: 1)
        let ng = grid.levelCount
        let family = TextureAggregation.Family<LevelMatrix>(
            prefix: "dzm_", names: names, features: compute,
            merge: { LevelMatrix.merged($0, levelCount: ng) }, isEmpty: { $0.total == 0 })
        let table = roi.zones
        let planarDistances = TextureAggregation.wants2D(roi.settings) && table == nil ? Zones.distanceMap(grid, planar: true) : []
        return TextureAggregation.planar(family, grid: grid, settings: roi.settings,
                                         slice: { DistanceZoneMatrix.slice(grid, z: $0, planarDistances: planarDistances, table: table) },
                                         volume: { DistanceZoneMatrix.volume(grid, table: table) })
    }
}
