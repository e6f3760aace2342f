/// Grey levels of the intensity mask after discretisation (IBSI 1 §2.7).
public struct DiscretisedImage: Sendable {
    /// Grey level 1…`levelCount` for intensity-mask voxels, 0 outside the intensity mask.
    public var levels: Volume<Int32>
    /// Ng: the number of grey levels (the matrices' size); the highest level in the ROI.
    public var levelCount: Int
}

extension ExtractionSettings.Discretisation {
    /// Discretises the intensity-mask voxels of `roi`.
    ///
    /// - fixed bin number Ng: `floor(Ng · (x − min) / (max − min)) + 1`, with `x = max` → Ng
    ///   (a constant ROI gives level 1);
    /// - fixed bin size w: `floor((x − x_lower) / w) + 1`, `x_lower` the bound given, else the ROI minimum;
    /// - none: the intensity itself, rounded to an integer (it must be ≥ 1).
    public func apply(image: ImageVolume, intensityMask: MaskVolume) -> DiscretisedImage {
        var lo = Double.infinity, hi = -Double.infinity
        let mask = intensityMask.voxels, values = image.voxels
        for n in mask.indices where mask[n] != 0 {
            let v = Double(values[n])
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        var levels = [Int32](repeating: 0, count: mask.count)
        var maxLevel: Int32 = 0
        switch self {
        case .fixedBinNumber(let ng):
            let range = hi - lo
            for n in mask.indices where mask[n] != 0 {
                let level: Int32
                if range > 0 {
                    level = Swift.min(Int32((Double(ng) * (Double(values[n]) - lo) / range).rounded(.down)) + 1, Int32(ng))
                } else {
                    level = 1
                }
                levels[n] = level
            }
            maxLevel = Int32(ng)
        case .fixedBinSize(let w, let lowerBound):
            let base = lowerBound ?? lo
            for n in mask.indices where mask[n] != 0 {
                let level = Int32(((Double(values[n]) - base) / w).rounded(.down)) + 1
                levels[n] = level
                maxLevel = Swift.max(maxLevel, level)
            }
        case .none:
            for n in mask.indices where mask[n] != 0 {
                let level = Int32(Double(values[n]).rounded())
                levels[n] = level
                maxLevel = Swift.max(maxLevel, level)
            }
        }
        return DiscretisedImage(levels: Volume(geometry: image.geometry, voxels: levels), levelCount: Int(maxLevel))
    }
}


extension ROIContext {
    /// The discretisation stage (IBSI 1 §2.7): the context of a processed image and its masks,
    /// the intensity mask discretised with `settings.discretisation`.
    public static func discretise(image: ImageVolume, morphologicalMask: MaskVolume, intensityMask: MaskVolume,
                                  settings: ExtractionSettings) -> ROIContext {
        ROIContext(image: image, morphologicalMask: morphologicalMask, intensityMask: intensityMask, settings: settings,
                   discretised: settings.discretisation.apply(image: image, intensityMask: intensityMask))
    }
}
