import Foundation

/// pyradiomics' intensity preprocessing (radiomics/imageoperations.py, pyradiomics-bhklab 3.1.4).
public enum PyRadiomicsPreprocessing {
    /// `normalizeImage`: SimpleITK `Normalize` over the whole image — (x − mean) / σ with σ the
    /// sample standard deviation (n − 1, ITK StatisticsImageFilter) — then outliers clipped to
    /// ±`removeOutliers`, then × `scale`.
    public static func normalize(_ image: ImageVolume, scale: Double, removeOutliers: Double?) -> ImageVolume {
        let n = Double(image.voxels.count)
        var sum = 0.0, sumSq = 0.0
        for v in image.voxels { sum += Double(v); sumSq += Double(v) * Double(v) }
        let mean = sum / n
        let sigma = ((sumSq - sum * sum / n) / (n - 1)).squareRoot()
        return image.map { v in
            var x = (Double(v) - mean) / sigma
            if let o = removeOutliers { x = Swift.min(Swift.max(x, -o), o) }
            return Float(x * scale)
        }
    }

    /// `resegmentMask`: keeps ROI voxels within the thresholds (absolute values; fractions of the
    /// ROI maximum for `relative`; mean + k·σ (population σ) for `sigma`). Fewer than 2 voxels left is an error.
    public static func resegment(image: ImageVolume, mask: MaskVolume, range: [Double],
                                 mode: PyRadiomicsParameters.ResegmentMode, file: String?) throws(RadiomicsError) -> MaskVolume {
        var roi: [Double] = []
        for n in mask.voxels.indices where mask.voxels[n] != 0 { roi.append(Double(image.voxels[n])) }
        let sortedRange = range.sorted()
        let thresholds: [Double]
        switch mode {
        case .absolute: thresholds = sortedRange
        case .relative:
            let mx = roi.max() ?? 0
            thresholds = sortedRange.map { mx * $0 }
        case .sigma:
            let mean = roi.reduce(0, +) / Double(roi.count)
            let sd = (roi.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(roi.count)).squareRoot()
            thresholds = sortedRange.map { mean + sd * $0 }
        }
        var out = mask
        var kept = 0
        for n in mask.voxels.indices where mask.voxels[n] != 0 {
            let v = Double(image.voxels[n])
            var keep = v >= thresholds[0]
            if thresholds.count == 2 { keep = keep && v <= thresholds[1] }
            out.voxels[n] = keep ? 1 : 0
            if keep { kept += 1 }
        }
        if kept <= 1 {
            throw .badInput(file, "Resegmentation excluded too many voxels (retained \(kept) voxel(s))! Cannot extract features")
        }
        return out
    }
}
