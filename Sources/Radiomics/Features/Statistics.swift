import Foundation

/// Intensity-based statistical features (IBSI 1 §3.3, UHIW) of the intensities X of the N_v
/// intensity-mask voxels, computed in 3D. Moments use no bias correction.
enum IntensityStatistics {
    static func features(_ roi: ROIContext) -> [Feature] {
        features(of: roi.intensities, prefix: "stat")
    }

    /// The 18 statistics' names in output order, from the family's catalogue lines.
    static let names = StatisticsFamily().featureNames

    /// The 18 statistics of `values`, tagged `<prefix>_<name>`; NaN for an empty set.
    static func features(of values: [Double], prefix: String) -> [Feature] {
        zip(names, compute(values, conventions: .ibsi)).map { Feature(prefix + "_" + $0, $1) }
    }

    /// The 18 statistics of `values` in `names` order (NaN for an empty set), under `c`'s kurtosis
    /// (excess or not) and `voxelArrayShift` c (energy Σ (X + c)², RMS √(Σ (X + c)² / N_v)).
    static func compute(_ values: [Double], conventions c: Conventions) -> [Double] {
        guard !values.isEmpty else { return names.map { _ in .nan } }
        let x = radixSorted(values)
        let n = Double(x.count)
        let shift = c.voxelArrayShift
        var sum = 0.0, squares = 0.0
        for v in x { sum += v; squares += (v + shift) * (v + shift) }
        let mean = sum / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in x {
            let d = v - mean, d2 = d * d
            m2 += d2; m3 += d2 * d; m4 += d2 * d2
        }
        m2 /= n; m3 /= n; m4 /= n
        let median = percentile(x, 50), p10 = percentile(x, 10), p90 = percentile(x, 90)
        let p25 = percentile(x, 25), p75 = percentile(x, 75)
        var absMean = 0.0, absMedian = 0.0
        for v in x { absMean += Swift.abs(v - mean); absMedian += Swift.abs(v - median) }
        absMean /= n
        absMedian /= n
        // Robust MAD: mean absolute deviation from the mean of the voxels within [P10, P90].
        let central = x.filter { $0 >= p10 && $0 <= p90 }
        let centralMean = central.reduce(0.0, +) / Double(central.count)
        let rmad = central.reduce(0.0) { $0 + Swift.abs($1 - centralMean) } / Double(central.count)
        let kurtosis = m4 / (m2 * m2)
        let p = { (_: String, value: Double) in value }
        return [
            p("mean", mean),                                                        // μ = Σ X / N_v
            p("var", m2),                                                           // Σ (X − μ)² / N_v
            p("skew", m2 == 0 ? 0 : m3 / Foundation.pow(m2, 1.5)),                  // m₃ / m₂^{3/2}; 0 if m₂ = 0
            p("kurt", m2 == 0 ? 0 : c.excessKurtosis ? kurtosis - 3 : kurtosis),    // m₄ / m₂² − 3 (pyradiomics: no −3); 0 if m₂ = 0
            p("median", median),                                                    // P50
            p("min", x.first!),                                                     // min X
            p("p10", p10),                                                          // P10 (linear between order statistics)
            p("p90", p90),                                                          // P90
            p("max", x.last!),                                                      // max X
            p("iqr", p75 - p25),                                                    // P75 − P25
            p("range", x.last! - x.first!),                                         // max X − min X
            p("mad", absMean),                                                      // Σ |X − μ| / N_v
            p("rmad", rmad),                                                        // Σ |X₁₀₋₉₀ − μ₁₀₋₉₀| / N₁₀₋₉₀
            p("medad", absMedian),                                                  // Σ |X − median| / N_v
            p("cov", m2.squareRoot() / mean),                                       // σ / μ
            p("qcod", (p75 - p25) / (p75 + p25)),                                   // (P75 − P25) / (P75 + P25)
            p("energy", squares),                                                   // Σ (X + c)²  (voxel volume not applied, IBSI)
            p("rms", (squares / n).squareRoot()),                                   // √(Σ (X + c)² / N_v)
        ]
    }
}

/// The q-th percentile of ascending `sorted`, interpolating linearly between order statistics
/// at rank (N − 1)·q/100: `numpy.percentile`'s default (used by the IBSI reference
/// implementations and by pyradiomics), its `_lerp` included — a + (b − a)·t, evaluated from the
/// upper end when t ≥ ½.
func percentile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = q / 100 * Double(sorted.count - 1)
    let lo = Int(rank.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
    let t = rank - Double(lo)
    let a = sorted[lo], b = sorted[hi]
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
}
