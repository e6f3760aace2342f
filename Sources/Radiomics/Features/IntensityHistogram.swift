import Foundation

/// Intensity histogram features (IBSI 1 §3.4, ZVCW) of the discretised intensities X_d of the
/// intensity mask (`roi.discretised`), with H = {n_i} over i = 1…N_g and p_i = n_i / N_v.
enum IntensityHistogram {
    /// Entropy −Σ p_i log₂(p_i + ε) and uniformity Σ p_i² of histogram `counts` (p_i = n_i / `total`,
    /// empty bins skipped; ε = `logEpsilon`, `Conventions.logEpsilon`).
    static func entropyAndUniformity(_ counts: [Double], total nv: Double, logEpsilon eps: Double = 0) -> (Double, Double) {
        var entropy = 0.0, uniformity = 0.0
        for c in counts where c > 0 {
            let p = c / nv
            entropy -= p * Foundation.log2(p + eps)
            uniformity += p * p
        }
        return (entropy, uniformity)
    }

    static func features(_ roi: ROIContext) -> [Feature] {
        let mask = roi.intensityMask.voxels, levels = roi.discretised.levels.voxels
        var values: [Double] = []
        values.reserveCapacity(mask.count / 4)
        var lowest = Int32.max, highest = Int32.min
        for n in mask.indices where mask[n] != 0 {
            let g = levels[n]
            values.append(Double(g))
            lowest = Swift.min(lowest, g)
            highest = Swift.max(highest, g)
        }
        var out = IntensityStatistics.features(of: values, prefix: "ih").filter { $0.tag != "ih_energy" && $0.tag != "ih_rms" }
        guard !values.isEmpty else {
            return out + ["mode", "entropy", "uniformity", "max_grad", "max_grad_g", "min_grad", "min_grad_g"].map { Feature("ih_" + $0, .nan) }
        }
        // Non-sparse histogram over 1…N_g (widened if levels fall outside, e.g. undiscretised data).
        let first = Int(Swift.min(1, lowest)), last = Int(Swift.max(Int32(roi.discretised.levelCount), highest))
        var counts = [Double](repeating: 0, count: last - first + 1)
        for v in values { counts[Int(v) - first] += 1 }
        let nv = Double(values.count)
        let mean = values.reduce(0, +) / nv
        // Mode: the most frequent level; ties go to the level closest to the mean, then the lower one.
        var mode = first, best = -1.0
        for (k, c) in counts.enumerated() {
            let level = k + first
            if c > best || (c == best && Swift.abs(Double(level) - mean) < Swift.abs(Double(mode) - mean)) {
                best = c
                mode = level
            }
        }
        let (entropy, uniformity) = entropyAndUniformity(counts, total: nv)
        // H'_i: one-sided differences at the ends, central differences inside.
        let m = counts.count
        let gradient: [Double] = (0..<m).map { i in
            if m == 1 { return 0 }
            if i == 0 { return counts[1] - counts[0] }
            if i == m - 1 { return counts[m - 1] - counts[m - 2] }
            return (counts[i + 1] - counts[i - 1]) / 2
        }
        var maxIndex = 0, minIndex = 0
        for i in 1..<m {
            if gradient[i] > gradient[maxIndex] { maxIndex = i }
            if gradient[i] < gradient[minIndex] { minIndex = i }
        }
        let insertAt = out.firstIndex { $0.tag == "ih_iqr" } ?? out.count
        out.insert(Feature("ih_mode", Double(mode)), at: insertAt)       // argmax_i n_i (closest to mean on ties)
        out += [
            Feature("ih_entropy", entropy),                                 // −Σ p_i log₂ p_i
            Feature("ih_uniformity", uniformity),                           // Σ p_i²
            Feature("ih_max_grad", gradient[maxIndex]),                     // max H'
            Feature("ih_max_grad_g", Double(maxIndex + first)),             // argmax_i H'_i
            Feature("ih_min_grad", gradient[minIndex]),                     // min H'
            Feature("ih_min_grad_g", Double(minIndex + first)),             // argmin_i H'_i
        ]
        return out
    }
}
