/// Neighbourhood grey tone difference matrix features (IBSI 1 §3.10, tags `ngt_*`), from s_i and
/// n_i, N_{v,c} = Σ n_i, p_i = n_i / N_{v,c}, and the N_{g,p} grey levels with p_i > 0 (sums over
/// pairs run over those levels only).
enum NGTDMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (NGTDM+Family.swift).
    static let names = NGTDMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: NeighbourhoodGreyToneDifferenceMatrix) -> [Double] {
        let nvc = Double(m.n.reduce(0, +))
        guard nvc > 0 else { return [Double](repeating: .nan, count: names.count) }
        let levels = (0..<m.levelCount).filter { m.n[$0] > 0 }
        let p = m.n.map { Double($0) / nvc }
        let ngp = Double(levels.count)
        var ps = 0.0, sumS = 0.0
        for i in levels {
            ps += p[i] * m.s[i]
            sumS += m.s[i]
        }
        var contrastPairs = 0.0, busyDenominator = 0.0, complexity = 0.0, strengthPairs = 0.0
        for a in levels {
            for b in levels {
                let d = Double(a - b), ia = Double(a + 1), ib = Double(b + 1)
                contrastPairs += p[a] * p[b] * d * d
                busyDenominator += Swift.abs(ia * p[a] - ib * p[b])
                complexity += Swift.abs(d) * (p[a] * m.s[a] + p[b] * m.s[b]) / (p[a] + p[b])
                strengthPairs += (p[a] + p[b]) * d * d
            }
        }
        return [
            ps > 0 ? 1 / ps : 1e6,                                            // coarseness: 1 / Σ p_i s_i (10⁶ when the sum is 0)
            ngp > 1 ? contrastPairs / (ngp * (ngp - 1)) * sumS / nvc : 0,    // contrast: Σ p_i p_j (i−j)² / (N_gp(N_gp−1)) · Σ s_i / N_vc
            ngp > 1 && busyDenominator > 0 ? ps / busyDenominator : 0,       // busyness: Σ p_i s_i / Σ |i p_i − j p_j|
            complexity / nvc,                                                 // complexity: Σ |i−j| (p_i s_i + p_j s_j)/(p_i + p_j) / N_vc
            sumS > 0 ? strengthPairs / sumS : 0,                              // strength: Σ (p_i + p_j)(i−j)² / Σ s_i
        ]
    }

    /// Every NGTDM feature under each aggregation `settings.textureDimension` asks for.
    static func features(_ roi: ROIContext) -> [Feature] {
        let δ = max(1, roi.settings.ngtdmDistance)
        let grid = TextureGrid(roi, padding: δ)
        let ng = grid.levelCount
        let family = TextureAggregation.Family<NeighbourhoodGreyToneDifferenceMatrix>(
            prefix: "ngt_", names: names, features: compute,
            merge: { NeighbourhoodGreyToneDifferenceMatrix.merged($0, levelCount: ng) }, isEmpty: \.isEmpty)
        return TextureAggregation.planar(family, grid: grid, settings: roi.settings,
                                         slice: { NeighbourhoodGreyToneDifferenceMatrix.slice(grid, z: $0, distance: δ) },
                                         volume: { NeighbourhoodGreyToneDifferenceMatrix.volume(grid, distance: δ) })
    }
}
