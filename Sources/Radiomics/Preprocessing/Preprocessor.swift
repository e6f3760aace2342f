/// The IBSI 1 image-processing chain: interpolation, re-segmentation; records the diagnostics.
public enum Preprocessor {
    public struct Result: Sendable {
        public var context: ROIContext
        public var diagnostics: [Feature]
    }

    public static func prepare(image: ImageVolume, mask: MaskVolume, settings: ExtractionSettings,
                               maskFile: String? = nil) throws(RadiomicsError) -> Result {
        var image = image
        if settings.roundInitialIntensities { image.voxels = image.voxels.map { $0.rounded() } }
        var diagnostics = Diagnostics.image(image, stage: "init")
        diagnostics += Diagnostics.roi(image: image, intensityMask: mask, morphologicalMask: mask, fullSize: image.size, stage: "init")
        var intensityMask = mask
        for n in intensityMask.voxels.indices where intensityMask.voxels[n] != 0 {
            let v = Double(image.voxels[n])
            if let lo = settings.resegmentationLower, v < lo { intensityMask.voxels[n] = 0 }
            if let hi = settings.resegmentationUpper, v > hi { intensityMask.voxels[n] = 0 }
        }
        guard intensityMask.boundingBox != nil else {
            throw .badInput(maskFile, "the ROI is empty after re-segmentation")
        }
        let context = ROIContext(image: image, morphologicalMask: mask, intensityMask: intensityMask, settings: settings)
        return Result(context: context, diagnostics: diagnostics)
    }
}
