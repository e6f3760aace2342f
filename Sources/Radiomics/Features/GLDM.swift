/// Grey level dependence matrix features as pyradiomics defines them (tags `gldm_<pyradiomics
/// name>`). Not an IBSI 1 family: no IBSI reference values exist for it. From counts P_ij
/// (grey level i, dependence j), N_z = Σ P_ij (= N_v), p_ij = P_ij / N_z.
///
/// 3D (26 neighbours) unless `textureDimension` is `.twoD`, which follows pyradiomics'
/// `force2D`: 8 in-plane neighbours, one matrix merged over all slices. No aggregation suffix.
enum GLDMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (GLDM+Family.swift).
    static let names = GLDMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: LevelMatrix) -> [Double] { compute(LevelMatrixSums(m)) }

    /// All features from a matrix's sums (`LevelMatrixSums`), in `names` order.
    static func compute(_ s: LevelMatrixSums) -> [Double] {
        let nz = s.total
        guard nz > 0 else { return [Double](repeating: .nan, count: names.count) }
        return [
            s.invJ2 / nz,                 // SmallDependenceEmphasis: Σ P_ij / j² / N_z
            s.j2 / nz,                    // LargeDependenceEmphasis: Σ P_ij j² / N_z
            s.rowSquares / nz,            // GrayLevelNonUniformity: Σ_i (Σ_j P_ij)² / N_z
            s.columnSquares / nz,         // DependenceNonUniformity: Σ_j (Σ_i P_ij)² / N_z
            s.columnSquares / (nz * nz),  // DependenceNonUniformityNormalized: Σ_j (Σ_i P_ij)² / N_z²
            s.levelVariance,              // GrayLevelVariance: Σ p_ij (i − μ_i)²
            s.jVariance,                  // DependenceVariance: Σ p_ij (j − μ_j)²
            s.entropy,                    // DependenceEntropy: −Σ p_ij log₂ p_ij
            s.invI2 / nz,                 // LowGrayLevelEmphasis: Σ P_ij / i² / N_z
            s.i2 / nz,                    // HighGrayLevelEmphasis: Σ P_ij i² / N_z
            s.invI2invJ2 / nz,            // SmallDependenceLowGrayLevelEmphasis: Σ P_ij / (i² j²) / N_z
            s.i2invJ2 / nz,               // SmallDependenceHighGrayLevelEmphasis: Σ P_ij i² / j² / N_z
            s.j2invI2 / nz,               // LargeDependenceLowGrayLevelEmphasis: Σ P_ij j² / i² / N_z
            s.i2j2 / nz,                  // LargeDependenceHighGrayLevelEmphasis: Σ P_ij i² j² / N_z
        ]
    }

    static func features(_ roi: ROIContext) -> [Feature] {
        let grid = TextureGrid(roi, padding: 1)
        let matrix = GreyLevelDependenceMatrix.build(grid, alpha: max(0, roi.settings.gldmAlpha),
                                                     planar: roi.settings.textureDimension == .twoD)
        return zip(names, compute(matrix)).map { Feature("gldm_" + $0, $1) }
    }
}
