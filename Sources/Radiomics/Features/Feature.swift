/// One computed feature: its IBSI tag (e.g. `stat_mean`, `cm_joint_max_3D_avg`) and value.
/// A value that cannot be computed for this ROI is NaN, never a made-up number.
public struct Feature: Sendable, Equatable {
    public var tag: String
    public var value: Double
    public init(_ tag: String, _ value: Double) {
        self.tag = tag
        self.value = value
    }
}

/// The region of interest after image processing, as every feature family sees it.
///
/// All volumes share one grid (the interpolated image, cropped around the ROI with a margin).
public struct ROIContext: Sendable {
    /// Intensities after interpolation (and rounding), before re-segmentation.
    public var image: ImageVolume
    /// Mask for morphological features (after interpolation, before re-segmentation).
    public var morphologicalMask: MaskVolume
    /// Mask for intensity and texture features (after re-segmentation).
    public var intensityMask: MaskVolume
    public var settings: ExtractionSettings
    /// The intensity mask discretised with `settings.discretisation` (the discretisation stage,
    /// `ROIContext.discretise`), computed once and shared by the intensity histogram and every texture family.
    public var discretised: DiscretisedImage
    /// The mask-only morphology of `morphologicalMask` when it was computed ahead (while the
    /// image was read); nil: computed with the other morphological features.
    public var morphologyShape: MorphologyShape? = nil
    /// The zones shared by the GLSZM and GLDZM, labelled once by the extractor; nil: each
    /// family labels them itself.
    var zones: ZoneTable? = nil

    /// A context from its parts; `ROIContext.discretise` computes `discretised` from the others.
    public init(image: ImageVolume, morphologicalMask: MaskVolume, intensityMask: MaskVolume, settings: ExtractionSettings,
                discretised: DiscretisedImage) {
        self.image = image
        self.morphologicalMask = morphologicalMask
        self.intensityMask = intensityMask
        self.settings = settings
        self.discretised = discretised
    }

    /// Intensities of the intensity-mask voxels, in voxel order.
    public var intensities: [Double] {
        var out: [Double] = []
        out.reserveCapacity(intensityMask.voxels.count / 4)
        for n in intensityMask.voxels.indices where intensityMask.voxels[n] != 0 { out.append(Double(image.voxels[n])) }
        return out
    }
}
