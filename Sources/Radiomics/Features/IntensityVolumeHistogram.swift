/// Intensity-volume histogram features (IBSI 1 §3.5, P88C).
///
/// The intensity-mask intensities X are mapped to discretised intensities X_{d,gl} on a grid
/// i_k = min G + k·w_d, k = 0…K, covering the total range G:
/// - discrete calibrated (`ivhDiscretisation == .none`): X_{d,gl} = X, w_d = 1, G = the
///   re-segmentation range, its missing bounds taken from min/max X;
/// - continuous calibrated (`.fixedBinSize(w_b, lowerBound)`): X_d = ⌊(X − X_min)/w_b⌋ + 1 with
///   X_min the lower bound (else the re-segmentation lower bound, else min X), bin centres
///   X_{d,gl} = X_min + (X_d − ½)·w_b, G = [X_min + ½w_b, X_max − ½w_b] with X_max the
///   re-segmentation upper bound (else max X), w_d = w_b;
/// - arbitrary units (`.fixedBinNumber(N_g)`): X_{d,gl} = X_d ∈ {1…N_g} over [min X, max X],
///   G = [1, N_g], w_d = 1.
/// With `ivhIgnoresResegmentationRange` the re-segmentation range is not used for G or X_min.
/// ν_k = fraction of voxels with X_{d,gl} ≥ i_k; γ_k = k / K.
enum IntensityVolumeHistogram {
    static func features(_ roi: ROIContext) -> [Feature] {
        let tags = ["ivh_v10", "ivh_v90", "ivh_i10", "ivh_i90", "ivh_diff_v10_v90", "ivh_diff_i10_i90", "ivh_auc"]
        let x = roi.intensities
        guard let lo = x.min(), let hi = x.max() else { return tags.map { Feature($0, .nan) } }
        let s = roi.settings
        let useRange = !s.ivhIgnoresResegmentationRange
        let rangeLower = useRange ? s.resegmentationLower : nil, rangeUpper = useRange ? s.resegmentationUpper : nil
        // steps[v]: voxel v's position k on the grid i_k; gMin, wd, K define the grid.
        var steps: [Int]
        let gMin: Double, wd: Double, kMax: Int
        switch s.ivhDiscretisation {
        case .none:
            gMin = rangeLower ?? lo
            wd = 1
            kMax = Int(((rangeUpper ?? hi) - gMin).rounded())
            steps = x.map { Int(($0 - gMin).rounded()) }
        case .fixedBinSize(let w, let lowerBound):
            guard w > 0, w.isFinite else { return tags.map { Feature($0, .nan) } }
            let xMin = lowerBound ?? rangeLower ?? lo, xMax = rangeUpper ?? hi
            gMin = xMin + 0.5 * w
            wd = w
            // Bin k + 1 has centre X_min + (k + ½)·w = i_k.
            kMax = Swift.max(0, Int(((xMax - 0.5 * w - gMin) / w).rounded()))
            steps = x.map { Int((($0 - xMin) / w).rounded(.down)) }
        case .fixedBinNumber(let ng):
            guard ng > 0 else { return tags.map { Feature($0, .nan) } }
            gMin = 1
            wd = 1
            kMax = ng - 1
            let range = hi - lo
            steps = x.map { range > 0 ? Swift.min(Int((Double(ng) * ($0 - lo) / range).rounded(.down)), ng - 1) : 0 }
        }
        // An empty or inverted range, or a non-positive bin width, defines no histogram.
        guard kMax >= 0, wd > 0, wd.isFinite else { return tags.map { Feature($0, .nan) } }
        // atLeast[k] = number of voxels with step ≥ k, k = 0…K (steps outside G clamp to its ends).
        var counts = [Int](repeating: 0, count: kMax + 2)
        for k in steps { counts[Swift.min(Swift.max(k, 0), kMax + 1)] += 1 }
        var atLeast = [Int](repeating: 0, count: kMax + 2)
        var running = 0
        for k in stride(from: kMax + 1, through: 0, by: -1) {
            running += counts[k]
            atLeast[k] = running
        }
        steps = []
        let n = x.count, nv = Double(n)
        func volume(_ k: Int) -> Double { Double(atLeast[k]) / nv }
        func intensity(_ k: Int) -> Double { gMin + Double(k) * wd }
        // V_x: largest ν with γ ≥ x % (ν does not increase with k, so the first such k).
        func volumeAt(_ percent: Int) -> Double {
            guard kMax > 0 else { return .nan }
            let k = (0...kMax).first { $0 * 100 >= percent * kMax }!
            return volume(k)
        }
        // I_x: smallest i_k holding at most x % of the volume; past G every voxel is below.
        func intensityAt(_ percent: Int) -> Double {
            let k = (0...(kMax + 1)).first { atLeast[$0] * 100 <= percent * n } ?? (kMax + 1)
            return intensity(k)
        }
        var auc = 0.0
        if kMax > 0 {
            for k in 0..<kMax { auc += (volume(k) + volume(k + 1)) / 2 / Double(kMax) }
        }
        let v10 = volumeAt(10), v90 = volumeAt(90), i10 = intensityAt(10), i90 = intensityAt(90)
        return [
            Feature("ivh_v10", v10),                  // max ν with γ ≥ 0.10
            Feature("ivh_v90", v90),                  // max ν with γ ≥ 0.90
            Feature("ivh_i10", i10),                  // min i with ν ≤ 0.10
            Feature("ivh_i90", i90),                  // min i with ν ≤ 0.90
            Feature("ivh_diff_v10_v90", v10 - v90),   // V10 − V90
            Feature("ivh_diff_i10_i90", i10 - i90),   // I10 − I90
            Feature("ivh_auc", auc),                  // ∫ ν dγ, trapezoidal; 0 for a single intensity (not standardised)
        ]
    }
}
