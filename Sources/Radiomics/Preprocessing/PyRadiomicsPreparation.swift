import Foundation

/// The preprocessing stage as the pyradiomics recipe chooses it (pyradiomics-bhklab 3.1.4
/// `RadiomicsFeatureExtractor.execute` up to `computeFeatures`): normalise, resample (or crop
/// with `padDistance`), `checkMask`, re-segment, and the numeric `diagnostics_…` of each step.
/// The IBSI recipe's counterpart is `Preprocessor.prepare`.
public struct PyRadiomicsPreparation: Sendable {
    /// The image after normalisation and resampling or cropping, in pyradiomics' precision
    /// (float64 from normalisation on: `PyRadiomicsVoxel`).
    public var image: PyRadiomicsImage
    /// The ROI after resampling: shape reads it (or the re-segmented one, `resegmentShape`).
    public var morphologicalMask: MaskVolume
    /// The ROI after re-segmentation: intensity and texture classes read it.
    public var intensityMask: MaskVolume
    /// The checked ROI's box (`checkMask`, after re-segmentation when there is one).
    public var box: IndexBox
    /// The numeric diagnostics, in pyradiomics' order (empty without `additionalInfo`).
    public var diagnostics: [Feature]
    /// The file's pixel type (SimpleITK's, read from its header when asked), or float64 after
    /// normalisation: resampling and LBP3D depend on it.
    public var pixelType: PyRadiomicsResampling.PixelType { Self.pixelType(imageFile: imageFile, normalized: normalized) }
    let imageFile: String?, normalized: Bool
    /// A 2D file (NIfTI or NRRD of dimension 2): pyradiomics' Nd = 2.
    public var twoDimensional: Bool

    /// The shape classes' mask: the morphological one, or the re-segmented one with `resegmentShape`.
    public func shapeMask(_ s: PyRadiomicsParameters.Settings) -> MaskVolume { s.resegmentShape ? intensityMask : morphologicalMask }

    static func pixelType(imageFile: String?, normalized: Bool) -> PyRadiomicsResampling.PixelType {
        normalized ? .float64 : imageFile.map(PyRadiomicsResampling.pixelType(ofFile:)) ?? .float64
    }

    public init<In: PyRadiomicsVoxel>(image original: Volume<In>, mask roiMask: MaskVolume, imageFile: String?, maskFile: String?,
                settings s: PyRadiomicsParameters.Settings, minROIVoxels: Int = 1,
                whole: Preprocessor.WholeImage? = nil, normalizedBox: IndexBox? = nil) throws(RadiomicsError) {
        guard let maskBox = roiMask.boundingBox else { throw .badInput(maskFile, "the ROI is empty") }
        var out: [Feature] = []
        if s.additionalInfo {
            // Given a crop, the whole image's Σ, min and max (exact: integer voxels summed in Double).
            if let (sum, lo, hi) = whole?.summary, let size = whole?.size {
                out += [Feature("diagnostics_Image-original_Mean", sum / Double(size.x * size.y * size.z)),
                        Feature("diagnostics_Image-original_Minimum", lo), Feature("diagnostics_Image-original_Maximum", hi)]
            } else {
                out += Self.intensityDiagnostics("Image-original", original.voxels)
            }
            let roi = roiMask.cropped(to: maskBox)
            out.append(Feature("diagnostics_Mask-original_VoxelNum", Double(roi.count)))
            out.append(Feature("diagnostics_Mask-original_VolumeNum", Double(roi.componentCount26)))
        }
        if s.normalize {
            // `normalizedBox` (no resampling): the part of the image the extraction reads, the
            // only one made float64 (`Extractor.normalizedBox`); the statistics are the whole image's.
            let normalized = PyRadiomicsPreprocessing.normalize(original, scale: s.normalizeScale, removeOutliers: s.removeOutliers,
                                                                in: normalizedBox, as: Double.self)
            let mask = normalizedBox.map { roiMask.cropped(to: $0) } ?? roiMask
            try self.init(normalized, mask: mask, maskBox: mask.boundingBox ?? maskBox, diagnostics: out, imageFile: imageFile, maskFile: maskFile,
                          settings: s, minROIVoxels: minROIVoxels)
        } else {
            try self.init(original, mask: roiMask, maskBox: maskBox, diagnostics: out, imageFile: imageFile, maskFile: maskFile,
                          settings: s, minROIVoxels: minROIVoxels)
        }
    }

    /// The steps after normalisation, in the image's precision.
    private init<V: PyRadiomicsVoxel>(_ prepared: Volume<V>, mask roiMask: MaskVolume, maskBox: IndexBox, diagnostics: [Feature],
                                      imageFile: String?, maskFile: String?, settings s: PyRadiomicsParameters.Settings,
                                      minROIVoxels: Int) throws(RadiomicsError) {
        var image = prepared
        var mask = roiMask
        var out = diagnostics
        if let spacing = s.resampledPixelSpacing {
            if let (img, m) = PyRadiomicsResampling.resample(image: image, mask: mask, spacing: spacing, padDistance: s.padDistance,
                                                             interpolator: s.interpolator, pixelType: Self.pixelType(imageFile: imageFile, normalized: s.normalize),
                                                             maskGeometry: maskFile.flatMap(PyRadiomicsResampling.fileGeometry)) {
                image = img
                mask = m
            } else {
                (image, mask) = PyRadiomicsPreprocessing.cropWithPad(image, mask, pad: s.padDistance)
            }
            guard mask.voxels.contains(1) else { throw .badInput(maskFile, "the ROI vanished after resampling") }
            if s.additionalInfo {
                out += Self.intensityDiagnostics("Image-interpolated", image.voxels)
                out.append(Feature("diagnostics_Mask-interpolated_VoxelNum", Double(mask.count)))
                out.append(Feature("diagnostics_Mask-interpolated_VolumeNum", Double(mask.componentCount26)))
                var roi: [V] = []
                for n in mask.voxels.indices where mask.voxels[n] != 0 { roi.append(image.voxels[n]) }
                out += Self.intensityDiagnostics("Mask-interpolated", roi)
            }
        } else {
            if s.correctMask && s.additionalInfo, let maskFile, let g = PyRadiomicsResampling.fileGeometry(maskFile),
               g.mismatch(with: image.geometry, lengthTolerance: s.geometryTolerance ?? 1e-4, directionTolerance: s.geometryTolerance ?? 1e-6,
                          names: ("mask", "image")) != nil {
                // The label map was re-sampled onto the image grid while read (`correctMask`).
                out += Self.maskDiagnostics("corrected", image: image, mask: mask, box: maskBox)
            }
            if s.preCrop { (image, mask) = PyRadiomicsPreprocessing.cropWithPad(image, mask, pad: s.padDistance) }
        }
        var box = try PyRadiomicsPreprocessing.checkMask(mask, settings: s, file: maskFile)
        var intensityMask = mask
        if let range = s.resegmentRange {
            intensityMask = try PyRadiomicsPreprocessing.resegment(image: image, mask: mask, range: range, mode: s.resegmentMode, file: maskFile)
            box = try PyRadiomicsPreprocessing.checkMask(intensityMask, settings: s, file: maskFile)
            if s.additionalInfo { out += Self.maskDiagnostics("resegmented", image: image, mask: intensityMask, box: box) }
        }
        try GuardRails.checkROISize(intensityMask, minimum: minROIVoxels, stage: "resampling and re-segmentation", file: maskFile)
        self.image = V.image(image)
        morphologicalMask = mask
        self.intensityMask = intensityMask
        self.box = box
        self.diagnostics = out
        self.imageFile = imageFile
        normalized = s.normalize
        twoDimensional = imageFile.map(PyRadiomicsResampling.isTwoDimensional(file:)) ?? false
    }

    /// Mean, minimum and maximum, summed in Double (`diagnostics_<what>_Mean` …).
    static func intensityDiagnostics<V: BinaryFloatingPoint>(_ what: String, _ voxels: [V]) -> [Feature] {
        var sum = 0.0, lo = V.infinity, hi = -V.infinity
        for v in voxels {
            sum += Double(v)
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        return [Feature("diagnostics_\(what)_Mean", sum / Double(voxels.count)),
                Feature("diagnostics_\(what)_Minimum", Double(lo)), Feature("diagnostics_\(what)_Maximum", Double(hi))]
    }

    /// `diagnostics_Mask-<what>_…` of pyradiomics' `addMaskElements`: voxel and 26-connected
    /// volume counts, and the image's mean, minimum and maximum in the mask.
    static func maskDiagnostics<V: BinaryFloatingPoint>(_ what: String, image: Volume<V>, mask: MaskVolume, box: IndexBox) -> [Feature] {
        let roi = mask.cropped(to: box)
        var values: [V] = []
        for n in mask.voxels.indices where mask.voxels[n] != 0 { values.append(image.voxels[n]) }
        return [Feature("diagnostics_Mask-\(what)_VoxelNum", Double(roi.count)),
                Feature("diagnostics_Mask-\(what)_VolumeNum", Double(roi.componentCount26))]
            + intensityDiagnostics("Mask-\(what)", values)
    }
}
