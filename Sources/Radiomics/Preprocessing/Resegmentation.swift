/// Re-segmentation of the intensity mask (IBSI 1 §2.5): range (USB3) and intensity outliers (7ACA).
///
/// When both are set, the intensity mask keeps the voxels inside the intersection of the two
/// ranges (IF9H); the outlier range μ ± n·σ is computed on the ROI before any re-segmentation
/// (the morphological mask), with the population standard deviation.
enum Resegmentation {
    /// The closed intensity range kept in the intensity mask; ±∞ where unbounded; nil when the
    /// ranges do not intersect (nothing is kept).
    static func range(image: ImageVolume, morphologicalMask: MaskVolume, settings: ExtractionSettings) -> ClosedRange<Double>? {
        var lower = settings.resegmentationLower ?? -.infinity
        var upper = settings.resegmentationUpper ?? .infinity
        if let n = settings.outlierSigma {
            var sum = 0.0, count = 0
            let m = morphologicalMask.voxels, v = image.voxels
            for i in m.indices where m[i] != 0 {
                sum += Double(v[i])
                count += 1
            }
            if count > 0 {
                let mean = sum / Double(count)
                var squares = 0.0
                for i in m.indices where m[i] != 0 {
                    let d = Double(v[i]) - mean
                    squares += d * d
                }
                let sd = (squares / Double(count)).squareRoot()
                lower = Swift.max(lower, mean - n * sd)
                upper = Swift.min(upper, mean + n * sd)
            }
        }
        return lower <= upper ? lower...upper : nil
    }

    /// The morphological mask restricted to voxels whose intensity lies in `range`.
    static func intensityMask(image: ImageVolume, morphologicalMask: MaskVolume, range: ClosedRange<Double>?) -> MaskVolume {
        var out = morphologicalMask
        let v = image.voxels
        for i in out.voxels.indices where out.voxels[i] != 0 && !(range?.contains(Double(v[i])) ?? false) {
            out.voxels[i] = 0
        }
        return out
    }
}
