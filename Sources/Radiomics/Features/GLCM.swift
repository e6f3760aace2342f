import Foundation

/// Grey level co-occurrence matrix features (IBSI 1 §3.6, tags `cm_*`), from the normalised
/// matrix p_ij = m_ij / Σm, with marginals p_i. = p_.j (the matrix is symmetric), diagonal
/// p_{i−j,k} = Σ_{|i−j|=k} p_ij and cross-diagonal p_{i+j,k} = Σ_{i+j=k} p_ij. Logarithms base 2.
enum GLCMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (GLCM+Family.swift).
    static let names = GLCMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: CooccurrenceMatrix) -> [Double] {
        let ng = m.levelCount
        let total = Double(m.counts.reduce(0, +))
        guard total > 0 else { return [Double](repeating: .nan, count: names.count) }
        var pi = [Double](repeating: 0, count: ng)
        var diag = [Double](repeating: 0, count: ng), cross = [Double](repeating: 0, count: 2 * ng + 1)
        var jointMax = 0.0, mu = 0.0, jointEntropy = 0.0, energy = 0.0, contrast = 0.0, dissimilarity = 0.0
        var invDiff = 0.0, invDiffNorm = 0.0, invDiffMom = 0.0, invDiffMomNorm = 0.0, autoCorr = 0.0
        let g = Double(ng)
        for i in 1...ng {
            for j in 1...ng {
                let n = m.counts[(i - 1) * ng + (j - 1)]
                guard n != 0 else { continue }
                let p = Double(n) / total, d = Double(abs(i - j))
                pi[i - 1] += p
                diag[abs(i - j)] += p
                cross[i + j] += p
                jointMax = max(jointMax, p)                         // max p_ij
                mu += Double(i) * p                                 // μ = Σ i p_ij
                jointEntropy -= p * log2(p)                          // −Σ p_ij log₂ p_ij
                energy += p * p                                      // Σ p_ij²
                contrast += d * d * p                                // Σ (i−j)² p_ij
                dissimilarity += d * p                               // Σ |i−j| p_ij
                invDiff += p / (1 + d)                               // Σ p_ij / (1+|i−j|)
                invDiffNorm += p / (1 + d / g)                       // Σ p_ij / (1+|i−j|/Ng)
                invDiffMom += p / (1 + d * d)                        // Σ p_ij / (1+(i−j)²)
                invDiffMomNorm += p / (1 + d * d / (g * g))          // Σ p_ij / (1+(i−j)²/Ng²)
                autoCorr += Double(i * j) * p                        // Σ i j p_ij
            }
        }
        var jointVar = 0.0, clustTend = 0.0, clustShade = 0.0, clustProm = 0.0, covariance = 0.0, hxy1 = 0.0
        for i in 1...ng {
            for j in 1...ng {
                let n = m.counts[(i - 1) * ng + (j - 1)]
                guard n != 0 else { continue }
                let p = Double(n) / total
                let di = Double(i) - mu, dj = Double(j) - mu, s = di + dj
                jointVar += di * di * p                              // Σ (i−μ)² p_ij
                covariance += di * dj * p
                clustTend += s * s * p                               // Σ (i+j−2μ)² p_ij
                clustShade += s * s * s * p                          // Σ (i+j−2μ)³ p_ij
                clustProm += s * s * s * s * p                       // Σ (i+j−2μ)⁴ p_ij
                hxy1 -= p * log2(pi[i - 1] * pi[j - 1])              // HXY1 = −Σ p_ij log₂(p_i. p_.j)
            }
        }
        var hx = 0.0, hxy2 = 0.0
        for i in 0..<ng where pi[i] > 0 {
            hx -= pi[i] * log2(pi[i])                                // HX = −Σ p_i. log₂ p_i.
            for j in 0..<ng where pi[j] > 0 { hxy2 -= pi[i] * pi[j] * log2(pi[i] * pi[j]) }
        }
        var diffAvg = 0.0, diffEntropy = 0.0, invVar = 0.0
        for k in 0..<ng where diag[k] > 0 {
            diffAvg += Double(k) * diag[k]                           // Σ k p_{i−j,k}
            diffEntropy -= diag[k] * log2(diag[k])                   // −Σ p_{i−j,k} log₂ p_{i−j,k}
            if k > 0 { invVar += diag[k] / Double(k * k) }           // Σ_{k≥1} p_{i−j,k} / k²
        }
        var diffVar = 0.0
        for k in 0..<ng where diag[k] > 0 { diffVar += (Double(k) - diffAvg) * (Double(k) - diffAvg) * diag[k] }  // Σ (k−μ_d)² p_{i−j,k}
        var sumAvg = 0.0, sumEntropy = 0.0
        for k in 2...(2 * ng) where cross[k] > 0 {
            sumAvg += Double(k) * cross[k]                           // Σ k p_{i+j,k}
            sumEntropy -= cross[k] * log2(cross[k])                  // −Σ p_{i+j,k} log₂ p_{i+j,k}
        }
        var sumVar = 0.0
        for k in 2...(2 * ng) where cross[k] > 0 { sumVar += (Double(k) - sumAvg) * (Double(k) - sumAvg) * cross[k] }  // Σ (k−μ_s)² p_{i+j,k}
        // Correlation Σ (i−μ)(j−μ) p_ij / σ²: NaN when every pair has one grey level (σ = 0).
        let corr = jointVar > 0 ? covariance / jointVar : .nan
        // Information correlation 1 (HXY − HXY1)/HX: NaN when HX = 0 (a single grey level).
        let infoCorr1 = hx > 0 ? (jointEntropy - hxy1) / hx : .nan
        let infoCorr2 = sqrt(max(0, 1 - exp(-2 * (hxy2 - jointEntropy))))   // √(1 − e^{−2(HXY2 − HXY)})
        return [jointMax, mu, jointVar, jointEntropy, diffAvg, diffVar, diffEntropy, sumAvg, sumVar, sumEntropy, energy,
                contrast, dissimilarity, invDiff, invDiffNorm, invDiffMom, invDiffMomNorm, invVar, corr, autoCorr,
                clustTend, clustShade, clustProm, infoCorr1, infoCorr2]
    }

    /// Every GLCM feature under each aggregation `settings.textureDimension` asks for.
    static func features(_ roi: ROIContext) -> [Feature] {
        let δ = max(1, roi.settings.glcmDistance)
        let grid = TextureGrid(roi, padding: δ)
        let ng = grid.levelCount
        let family = TextureAggregation.Family<CooccurrenceMatrix>(
            prefix: "cm_", names: names, features: compute,
            merge: { CooccurrenceMatrix.merged($0, levelCount: ng) }, isEmpty: \.isEmpty)
        return TextureAggregation.directional(family, grid: grid, settings: roi.settings,
                                              slice: { CooccurrenceMatrix.slice(grid, z: $0, distance: δ) },
                                              direction: { CooccurrenceMatrix.direction(grid, $0, distance: δ) })
    }
}
