import Foundation

/// The pyradiomics recipe (pyradiomics-bhklab 3.1.4 `RadiomicsFeatureExtractor.execute`) on an
/// image and one ROI already read by the shared readers: its mask checks, bounding-box crop,
/// re-segmentation and normalisation, then the enabled image types and feature classes, with
/// pyradiomics' column names (`original_firstorder_Mean`, `diagnostics_…`).
///
/// Implemented: image types Original, LoG, Wavelet, Square, SquareRoot, Logarithm, Exponential,
/// Gradient, LBP2D, LBP3D; resampling (every SimpleITK image interpolator); every feature class (firstorder, shape, shape2D,
/// glcm, glrlm, glszm, ngtdm, gldm); numeric diagnostics. Anything else the parameters ask for
/// (LBP2D other than 'uniform' on axial slices, `force2Ddimension` ≠ 0 for glszm/ngtdm/gldm, `distances` ≠ [1] for
/// ngtdm/gldm) is a `RadiomicsError.usage` naming it, never a silent omission.
public enum PyRadiomicsExtractor {
    /// One case from files: the image and the parameter file's `label` of the mask.
    public static func extract(imagePath: String, maskPath: String,
                               parameters p: PyRadiomicsParameters) throws(RadiomicsError) -> [Feature] {
        try p.check()
        let (image, masks) = try readImageAndMasks(image: imagePath, mask: maskPath, selection: .label(p.settings.label),
                                                   options: ReadOptions(), settings: p.settings)
        return try extract(image: image, mask: masks[0].mask, imageFile: imagePath, maskFile: maskPath, parameters: p)
    }

    /// One ROI of an image on its grid. Every image type is filtered on the ROI's box plus the
    /// filter's reach only (`applyCropped`; `cropFirst: false` filters the whole image, as
    /// pyradiomics does, for comparison), image types and then (image type, feature class) pairs
    /// run in parallel; the output does not depend on the thread count.
    public static func extract(image original: ImageVolume, mask roiMask: MaskVolume, imageFile: String?, maskFile: String?,
                               parameters p: PyRadiomicsParameters, times: StageTimes? = nil,
                               cropFirst: Bool = true, minROIVoxels: Int = 1) throws(RadiomicsError) -> [Feature] {
        let s = p.settings
        var image = original
        var mask = roiMask
        guard let maskBox = mask.boundingBox else { throw .badInput(maskFile, "the ROI is empty") }
        var out: [Feature] = []
        if s.additionalInfo {
            out += intensityDiagnostics("Image-original", image.voxels)
            let roi = mask.cropped(to: maskBox)
            out.append(Feature("diagnostics_Mask-original_VoxelNum", Double(roi.count)))
            out.append(Feature("diagnostics_Mask-original_VolumeNum", Double(roi.componentCount26)))
        }
        if s.normalize { image = PyRadiomicsPreprocessing.normalize(image, scale: s.normalizeScale, removeOutliers: s.removeOutliers) }
        // The file's pixel type (read from its header) matters to resampling and LBP3D only;
        // SimpleITK's Normalize gives a real image.
        let filePixelType = { s.normalize ? .float64 : imageFile.map(PyRadiomicsResampling.pixelType(ofFile:)) ?? .float64 }
        // A 2D file (NIfTI or NRRD of dimension 2) is pyradiomics' Nd = 2: shape2D without force2D, no 3D shape.
        let twoDimensional = imageFile.map(PyRadiomicsResampling.isTwoDimensional(file:)) ?? false
        if let spacing = s.resampledPixelSpacing {
            if let (img, m) = PyRadiomicsResampling.resample(image: image, mask: mask, spacing: spacing, padDistance: s.padDistance,
                                                             interpolator: s.interpolator, pixelType: filePixelType(),
                                                             maskGeometry: maskFile.flatMap(PyRadiomicsResampling.fileGeometry)) {
                image = img
                mask = m
            } else {
                (image, mask) = PyRadiomicsPreprocessing.cropWithPad(image, mask, pad: s.padDistance)
            }
            guard mask.voxels.contains(1) else { throw .badInput(maskFile, "the ROI vanished after resampling") }
            if s.additionalInfo {
                out += intensityDiagnostics("Image-interpolated", image.voxels)
                out.append(Feature("diagnostics_Mask-interpolated_VoxelNum", Double(mask.count)))
                out.append(Feature("diagnostics_Mask-interpolated_VolumeNum", Double(mask.componentCount26)))
                var roi: [Float] = []
                for n in mask.voxels.indices where mask.voxels[n] != 0 { roi.append(image.voxels[n]) }
                out += intensityDiagnostics("Mask-interpolated", roi)
            }
        } else {
            if s.correctMask && s.additionalInfo, let maskFile, let g = PyRadiomicsResampling.fileGeometry(maskFile),
               g.mismatch(with: image.geometry, lengthTolerance: s.geometryTolerance ?? 1e-4, directionTolerance: s.geometryTolerance ?? 1e-6,
                          names: ("mask", "image")) != nil {
                // The label map was re-sampled onto the image grid while read (`correctMask`).
                out += maskDiagnostics("corrected", image: image, mask: mask, box: maskBox)
            }
            if s.preCrop { (image, mask) = PyRadiomicsPreprocessing.cropWithPad(image, mask, pad: s.padDistance) }
        }
        var box = try PyRadiomicsPreprocessing.checkMask(mask, settings: s, file: maskFile)
        var intensityMask = mask
        if let range = s.resegmentRange {
            intensityMask = try PyRadiomicsPreprocessing.resegment(image: image, mask: mask, range: range, mode: s.resegmentMode, file: maskFile)
            box = try PyRadiomicsPreprocessing.checkMask(intensityMask, settings: s, file: maskFile)
            if s.additionalInfo { out += maskDiagnostics("resegmented", image: image, mask: intensityMask, box: box) }
        }
        try GuardRails.checkROISize(intensityMask, minimum: minROIVoxels, stage: "resampling and re-segmentation", file: maskFile)
        let shapeMask = s.resegmentShape ? intensityMask : mask
        // Features read the voxels of both masks only: everything below works on their box.
        let featureBox = cropFirst ? mask.boundingBox! : IndexBox(lower: .zero, upper: image.size &- 1)
        let roiIntensity = intensityMask.cropped(to: featureBox), roiMorphology = mask.cropped(to: featureBox)
        // The numpy dtype pyradiomics' LBP3D samples take: the file's, or float64 after normalisation.
        let pixelType: PyRadiomicsResampling.PixelType = s.normalize || !p.imageTypes.contains { $0.kind == .lbp3D } ? .float64 : filePixelType()
        let maps = try times.measure("filter") { () throws(RadiomicsError) in
            try responseMaps(p.imageTypes, image: image, roi: intensityMask, pixelType: pixelType, box: featureBox)
        }

        // Every (image type, feature class) pair, shape classes once, as parallel pieces.
        let texture = p.featureClasses.filter { !$0.name.hasPrefix("shape") }
        var pieces: [(map: Int?, cls: String, list: [String]?)] = p.featureClasses.filter { $0.name.hasPrefix("shape") }.map { (nil, $0.name, $0.features) }
        for m in maps.indices { pieces += texture.map { (m, $0.name, $0.features) } }
        let binned = Parallel.map(count: maps.count, dynamic: true) { m in
            PyRadiomicsBinning.Binned(maps[m].values, mask: roiIntensity, settings: maps[m].settings)
        }
        let results = Parallel.map(count: pieces.count, dynamic: true) { i -> Result<[Feature], RadiomicsError> in
            let piece = pieces[i]
            let names = PyRadiomicsFeatureNames.enabled(piece.cls, list: piece.list)
            return Result { () throws(RadiomicsError) in
                try times.measure(piece.cls) { () throws(RadiomicsError) in
                    guard let m = piece.map else {
                        return try shapeFeatures(piece.cls, names: names, mask: shapeMask.cropped(to: box), box: box,
                                                 spacing: image.geometry.spacing, settings: s, file: maskFile,
                                                 twoDimensional: twoDimensional)
                    }
                    let prefix = maps[m].prefix, ts = maps[m].settings, bins = binned[m]
                    if PyRadiomicsTexture.classes.contains(piece.cls) {
                        let r = try PyRadiomicsTexture.features(piece.cls, levels: bins.levelVolume(roiIntensity), intensityMask: roiIntensity,
                                                                morphologicalMask: roiMorphology, spacing: image.geometry.spacing,
                                                                settings: ts, enabled: names, binCount: bins.binCount)
                        return names.map { Feature("\(prefix)_\(piece.cls)_\($0)", r[$0]!) }
                    }
                    guard piece.cls == "firstorder" else { throw .usage("featureClass '\(piece.cls)' is not yet implemented in pyradiomics mode") }
                    let r = PyRadiomicsFirstOrder.features(values: bins.values, greyLevels: bins.levels, voxelVolume: image.geometry.voxelVolume,
                                                           conventions: ts.conventions, enabled: names)
                    return names.map { Feature("\(prefix)_firstorder_\($0)", r[$0]!) }
                }
            }
        }
        for r in results { out += try r.get() }
        return out
    }

    /// Mean, minimum and maximum, summed in Double (`diagnostics_<what>_Mean` …).
    static func intensityDiagnostics(_ what: String, _ voxels: [Float]) -> [Feature] {
        var sum = 0.0, lo = Float.infinity, hi = -Float.infinity
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
    static func maskDiagnostics(_ what: String, image: ImageVolume, mask: MaskVolume, box: IndexBox) -> [Feature] {
        let roi = mask.cropped(to: box)
        var values: [Float] = []
        for n in mask.voxels.indices where mask.voxels[n] != 0 { values.append(image.voxels[n]) }
        return [Feature("diagnostics_Mask-\(what)_VoxelNum", Double(roi.count)),
                Feature("diagnostics_Mask-\(what)_VolumeNum", Double(roi.componentCount26))]
            + intensityDiagnostics("Mask-\(what)", values)
    }

    /// A shape class on the (cropped) shape mask. shape2D follows pyradiomics' `computeShape`
    /// exactly: without force2D it is skipped (a warning there); with force2D it is skipped when
    /// the bounding box's size in (x, y, z) order indexed by force2Ddimension (a numpy axis:
    /// 0 = z, 1 = y, 2 = x) is 1, and otherwise, when the ROI is thicker than one voxel along
    /// force2Ddimension, an error (pyradiomics raises ValueError).
    static func shapeFeatures(_ cls: String, names: [String], mask m: MaskVolume, box: IndexBox, spacing: SIMD3<Double>,
                              settings s: PyRadiomicsParameters.Settings, file: String?,
                              twoDimensional: Bool = false) throws(RadiomicsError) -> [Feature] {
        if twoDimensional {
            guard cls == "shape2D" else { return [] }
            let values = PyRadiomicsShape2D.features(mask: m, spacing: spacing, dimension: 0, enabled: names)
            return names.map { Feature("original_shape2D_\($0)", values[$0]!) }
        }
        if cls == "shape" {
            let values = PyRadiomicsShape.features(mask: m, spacing: spacing, enabled: names)
            return names.map { Feature("original_shape_\($0)", values[$0]!) }
        }
        let d = s.force2Ddimension
        guard s.force2D, box.size[d] > 1 else { return [] }
        let thickness = [box.size.z, box.size.y, box.size.x][d]
        guard thickness == 1 else {
            throw .badInput(file, "featureClass shape2D needs a ROI one voxel thick along force2Ddimension \(d), this one is \(thickness) voxels thick (pyradiomics raises here too)")
        }
        let values = PyRadiomicsShape2D.features(mask: m, spacing: spacing, dimension: d, enabled: names)
        return names.map { Feature("original_shape2D_\($0)", values[$0]!) }
    }

    /// The derived images of every enabled image type, in pyradiomics' order, each with its
    /// column prefix and settings, as values on `box` (default: the whole image) in its linear
    /// order. Each filter reads the box plus its reach (`applyCropped`), which inside the box gives
    /// what pyradiomics gets from the whole (resampled or pre-cropped) image: exactly, or for LoG
    /// to float32 rounding. LBP3D is computed at the `roi` voxels only, its samples stored as
    /// `pixelType`. Image types are filtered in parallel.
    static func responseMaps(_ types: [PyRadiomicsParameters.ImageType], image: ImageVolume, roi: MaskVolume,
                             pixelType: PyRadiomicsResampling.PixelType,
                             box: IndexBox? = nil) throws(RadiomicsError) -> [(prefix: String, values: [Double], settings: PyRadiomicsParameters.Settings)] {
        let box = box ?? IndexBox(lower: .zero, upper: image.size &- 1)
        // One job per map, except LBP3D: its maps come from one set of samples; and the wavelet
        // bands of one decomposition, which share their separable passes.
        var jobs: [(specs: [FilterSpec], settings: PyRadiomicsParameters.Settings, lbp3D: Bool)] = []
        for type in types {
            let specs = PyRadiomicsParameters.specs(type, size: image.size, spacing: image.geometry.spacing)
            if type.kind == .lbp3D { jobs.append((specs, type.settings, true)) }
            else if type.kind == .wavelet, case let groups = sharedFilterGroups(specs), groups.joined().elementsEqual(specs.indices) {
                jobs += groups.map { ($0.map { specs[$0] }, type.settings, false) }
            }
            else { jobs += specs.map { ([$0], type.settings, false) } }
        }
        let computed = Parallel.map(count: jobs.count, dynamic: true) { j -> Result<[[Double]], RadiomicsError> in
            Result { () throws(RadiomicsError) in
                let job = jobs[j]
                if job.lbp3D {
                    let ts = job.settings
                    let maps = LBP3DFilter.apply(FilterGrid(image), roi: roi.voxels.map { $0 != 0 }, levels: ts.lbp3DLevels,
                                                 radius: ts.lbp3DIcosphereRadius, subdivisions: ts.lbp3DIcosphereSubdivision, pixelType: pixelType)
                    return maps.map { FourierFilters.crop(FilterGrid(size: image.size, spacing: .one, data: $0), margin: box.lower, size: box.size).data }
                }
                if job.specs.count > 1 {
                    let (maps, grown) = try croppedWaveletResponses(job.specs, to: image, around: box)
                    return maps.map { FourierFilters.crop($0, margin: box.lower &- grown.lower, size: box.size).data }
                }
                let spec = job.specs[0]
                if spec == .original { return [image.cropped(to: box).voxels.map(Double.init)] }
                let (map, grown) = try croppedResponse(spec, to: image, around: box)
                return [FourierFilters.crop(map, margin: box.lower &- grown.lower, size: box.size).data]
            }
        }
        var out: [(prefix: String, values: [Double], settings: PyRadiomicsParameters.Settings)] = []
        for (job, maps) in zip(jobs, computed) {
            for (spec, values) in zip(job.specs, try maps.get()) { out.append((spec.columnPrefix, values, job.settings)) }
        }
        return out
    }
}
