import Foundation

/// pyradiomics' `firstorder` class (radiomics/firstorder.py, pyradiomics-bhklab 3.1.4).
///
/// Differences from IBSI that pyradiomics documents: energy, total energy and RMS add
/// `voxelArrayShift` c to every intensity; kurtosis is μ₄/σ⁴ (not minus 3); entropy and
/// uniformity use the pyradiomics bin-width histogram; a flat ROI gives skewness = kurtosis = 0.
public enum PyRadiomicsFirstOrder {
    /// - Parameters:
    ///   - values: intensities of the ROI voxels (X), in voxel order.
    ///   - greyLevels: their discretised grey levels.
    ///   - voxelVolume: mm³ of one voxel (total energy).
    ///   - enabled: pyradiomics feature names to return.
    public static func features(values x: [Double], greyLevels: [Int], voxelVolume: Double,
                                voxelArrayShift c: Double, enabled: [String]) -> [String: Double] {
        let n = Double(x.count)
        guard !x.isEmpty else { return Dictionary(uniqueKeysWithValues: enabled.map { ($0, Double.nan) }) }
        let sorted = radixSorted(x)
        let mean = x.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0, mad = 0.0, energy = 0.0
        for v in x {
            let d = v - mean
            m2 += d * d; m3 += d * d * d; m4 += d * d * d * d
            mad += Swift.abs(d)
            energy += (v + c) * (v + c)
        }
        m2 /= n; m3 /= n; m4 /= n; mad /= n
        // p(i): normalised histogram of the grey levels present.
        var counts: [Int: Int] = [:]
        for g in greyLevels { counts[g, default: 0] += 1 }
        let p = counts.keys.sorted().map { Double(counts[$0]!) / n }
        let eps = Double.ulpOfOne  // numpy.spacing(1)
        let p10 = percentile(sorted, 10), p90 = percentile(sorted, 90)
        var robust: [Double] = []
        for v in x where v >= p10 && v <= p90 { robust.append(v) }
        let rMean = robust.reduce(0, +) / Double(robust.count)
        let rMAD = robust.reduce(0) { $0 + Swift.abs($1 - rMean) } / Double(robust.count)
        let flat = m2 == 0

        var out: [String: Double] = [:]
        for name in enabled {
            let value: Double
            switch name {
            case "Energy": value = energy                                           // Σ (X + c)²
            case "TotalEnergy": value = energy * voxelVolume                        // V_voxel Σ (X + c)²
            case "Entropy": value = -p.reduce(0) { $0 + $1 * log2($1 + eps) }       // −Σ p log₂(p + ε)
            case "Minimum": value = sorted[0]
            case "10Percentile": value = p10
            case "90Percentile": value = p90
            case "Maximum": value = sorted[sorted.count - 1]
            case "Mean": value = mean                                               // ΣX / Np
            case "Median": value = percentile(sorted, 50)
            case "InterquartileRange": value = percentile(sorted, 75) - percentile(sorted, 25)
            case "Range": value = sorted[sorted.count - 1] - sorted[0]
            case "MeanAbsoluteDeviation": value = mad                               // Σ|X − X̄| / Np
            case "RobustMeanAbsoluteDeviation": value = rMAD                        // MAD of P10 ≤ X ≤ P90
            case "RootMeanSquared": value = (energy / n).squareRoot()               // √(Σ(X + c)² / Np)
            case "StandardDeviation": value = m2.squareRoot()                       // population σ
            case "Skewness": value = flat ? 0 : m3 / pow(m2, 1.5)                   // μ₃ / σ³
            case "Kurtosis": value = flat ? 0 : m4 / (m2 * m2)                      // μ₄ / σ⁴ (no −3)
            case "Variance": value = m2                                             // μ₂
            case "Uniformity": value = p.reduce(0) { $0 + $1 * $1 }                 // Σ p²
            default: value = .nan
            }
            out[name] = value
        }
        return out
    }
}
