import Foundation

/// MR intensity normalisation, the `preprocess: {normalise: …}` step (after N4, before
/// everything else). The statistics come from a region; the transform applies to the whole image.
///
/// - `zscore`: (x − mean) / σ over the region (σ with n − 1, as SimpleITK's Normalize), values
///   clipped to ±`removeOutliers` when given, then × `scale`.
/// - `percentile`: (x − P_lower) / (P_upper − P_lower) × `scale`, percentiles of the region
///   (linear interpolation between order statistics, numpy's default).
/// - `pyradiomics`: pyradiomics' `normalize` / `normalizeScale` / `removeOutliers` — z-score over
///   the whole image, clip, scale (`PyRadiomicsPreprocessing.normalize`); the region must be `image`.
public struct IntensityNormalisation: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable, CaseIterable { case zscore, percentile, pyradiomics }

    /// Where the statistics are taken.
    public enum Region: Sendable, Equatable, Codable {
        /// The union of the case's ROIs.
        case roi
        /// Every voxel.
        case image
        /// A body mask: Otsu's threshold of the image.
        case otsu
        /// A body mask file on the image grid (any non-zero voxel).
        case file(String)
    }

    public var method: Method
    public var region: Region
    public var scale: Double
    public var removeOutliers: Double?
    public var percentiles: [Double]

    public init(method: Method, region: Region = .roi, scale: Double = 1, removeOutliers: Double? = nil, percentiles: [Double] = [1, 99]) {
        self.method = method
        self.region = region
        self.scale = scale
        self.removeOutliers = removeOutliers
        self.percentiles = percentiles
    }

    public func apply(to image: ImageVolume, rois: [MaskVolume], limits: ReadLimits = .default,
                      file: String? = nil) throws(RadiomicsError) -> ImageVolume {
        if method == .pyradiomics {
            guard region == .image else { throw .usage("normalise method pyradiomics works on the whole image (region: image)") }
            return PyRadiomicsPreprocessing.normalize(image, scale: scale, removeOutliers: removeOutliers)
        }
        let values = try regionValues(image, rois: rois, limits: limits)
        guard values.count >= 2 else { throw .badInput(file, "intensity normalisation: the region holds \(values.count) voxel(s)") }
        switch method {
        case .zscore:
            var sum = 0.0, sumSq = 0.0
            for v in values { sum += v; sumSq += v * v }
            let n = Double(values.count), mean = sum / n
            let sigma = (max(0, sumSq - sum * sum / n) / (n - 1)).squareRoot()
            guard sigma > 0 else { throw .badInput(file, "intensity normalisation: constant intensity in the region (σ = 0)") }
            return image.map { v in
                var x = (Double(v) - mean) / sigma
                if let o = removeOutliers { x = Swift.min(Swift.max(x, -o), o) }
                return Float(x * scale)
            }
        case .percentile:
            let sorted = values.sorted()
            // The statistics kernel's percentile: numpy's linear one, its `_lerp` included.
            let lo = percentile(sorted, percentiles[0]), hi = percentile(sorted, percentiles[1])
            guard hi > lo else { throw .badInput(file, "intensity normalisation: percentiles \(percentiles[0]) and \(percentiles[1]) are equal (\(lo))") }
            return image.map { Float((Double($0) - lo) / (hi - lo) * scale) }
        case .pyradiomics:
            fatalError("handled above")
        }
    }

    private func regionValues(_ image: ImageVolume, rois: [MaskVolume], limits: ReadLimits) throws(RadiomicsError) -> [Double] {
        let mask: MaskVolume
        switch region {
        case .image: return image.voxels.map(Double.init)
        case .roi:
            var union = MaskVolume(geometry: image.geometry, repeating: 0)
            for roi in rois { for i in roi.voxels.indices where roi.voxels[i] != 0 { union.voxels[i] = 1 } }
            mask = union
        case .otsu: mask = N4BiasFieldCorrection.otsuMask(image)
        case .file(let path):
            let labels = try ImageIO.readImage(path, options: ReadOptions(limits: limits))
            if let why = image.geometry.mismatch(with: labels.geometry) {
                throw .badInput(path, "the normalisation mask grid does not match the image: \(why)")
            }
            mask = labels.map { $0 != 0 ? 1 : 0 }
        }
        return mask.voxels.indices.compactMap { mask.voxels[$0] != 0 ? Double(image.voxels[$0]) : nil }
    }
}
