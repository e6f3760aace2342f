import Foundation

/// The pyradiomics recipe on the shared stages: read (`MaskIO`, with the parameter file's
/// geometry rules) → preprocessing as pyradiomics does it (`PyRadiomicsPreparation`) → image
/// types (`responseMaps`) → discretise (`PyRadiomicsBinning`) → the feature classes, run as the
/// IBSI kernels with pyradiomics' `Conventions` (`PyRadiomicsTexture`, `PyRadiomicsFirstOrder`,
/// `PyRadiomicsShape`) → the shared table writers. Columns: pyradiomics' names
/// (`original_firstorder_Mean`, `diagnostics_…`, `PyRadiomicsParameters.columns`).
///
/// Implemented: image types Original, LoG, Wavelet, Square, SquareRoot, Logarithm, Exponential,
/// Gradient, LBP2D, LBP3D; resampling (every SimpleITK image interpolator); every feature class (firstorder, shape, shape2D,
/// glcm, glrlm, glszm, ngtdm, gldm); numeric diagnostics. Anything else the parameters ask for
/// (LBP2D other than 'uniform' on axial slices, `force2Ddimension` ≠ 0 for glszm/ngtdm/gldm, `distances` ≠ [1] for
/// ngtdm/gldm) is a `RadiomicsError.usage` naming it, never a silent omission.
extension Extractor {
    /// One case from files: the image and the parameter file's `label` of the mask.
    public static func extract(imagePath: String, maskPath: String,
                               pyradiomics p: PyRadiomicsParameters) throws(RadiomicsError) -> [Feature] {
        try p.check()
        let (image, masks) = try MaskIO.readImageAndMasks(image: imagePath, mask: maskPath, selection: .label(p.settings.label),
                                                          options: ReadOptions(), pyradiomics: p.settings)
        return try extract(image: image, mask: masks[0].mask, imageFile: imagePath, maskFile: maskPath, pyradiomics: p)
    }

    /// One ROI of an image on its grid. Every image type is filtered on the ROI's box plus the
    /// filter's reach only (`applyCropped`; `cropFirst: false` filters the whole image, as
    /// pyradiomics does, for comparison), image types and then (image type, feature class) pairs
    /// run in parallel; the output does not depend on the thread count.
    public static func extract(image: ImageVolume, mask: MaskVolume, imageFile: String?, maskFile: String?,
                               pyradiomics p: PyRadiomicsParameters, times: StageTimes? = nil,
                               cropFirst: Bool = true, minROIVoxels: Int = 1,
                               whole: Preprocessor.WholeImage? = nil) throws(RadiomicsError) -> [Feature] {
        let s = p.settings
        let normalizedBox = cropFirst ? Self.normalizedBox(p, image: image, mask: mask, whole: whole) : nil
        let prepared = try times.measure("preprocess") { () throws(RadiomicsError) in
            // A float64 file is float64 in pyradiomics from the start (`PyRadiomicsVoxel`).
            if let float64 = PyRadiomicsImage.float64(file: imageFile, matching: image) {
                return try PyRadiomicsPreparation(image: float64, mask: mask, imageFile: imageFile, maskFile: maskFile, settings: s,
                                                  minROIVoxels: minROIVoxels, whole: whole)
            }
            return try PyRadiomicsPreparation(image: image, mask: mask, imageFile: imageFile, maskFile: maskFile, settings: s,
                                              minROIVoxels: minROIVoxels, whole: whole, normalizedBox: normalizedBox)
        }
        let geometry = prepared.image.geometry, box = prepared.box
        // Features read the voxels of both masks only: everything below works on their box.
        let featureBox = cropFirst ? prepared.morphologicalMask.boundingBox! : IndexBox(lower: .zero, upper: geometry.size &- 1)
        let roiIntensity = prepared.intensityMask.cropped(to: featureBox), roiMorphology = prepared.morphologicalMask.cropped(to: featureBox)
        // The numpy dtype pyradiomics' LBP3D samples take: the file's, or float64 after normalisation.
        let pixelType: PyRadiomicsResampling.PixelType = p.imageTypes.contains { $0.kind == .lbp3D } ? prepared.pixelType : .float64
        let maps = try times.measure("filter") { () throws(RadiomicsError) in
            // pyradiomics keeps LoG σs by the size of the image it filters: the whole image
            // (given here as a crop), or the pre-cropped one.
            let wholeSize = s.preCrop ? nil : whole?.size ?? normalizedBox.map { _ in image.size }
            switch prepared.image {
            case .float32(let image):
                return try responseMaps(p.imageTypes, image: image, roi: prepared.intensityMask, pixelType: pixelType, box: featureBox,
                                        wholeSize: wholeSize)
            case .float64(let image):
                return try responseMaps(p.imageTypes, image: image, roi: prepared.intensityMask, pixelType: pixelType, box: featureBox,
                                        wholeSize: wholeSize)
            }
        }

        // Every (image type, feature class) pair, shape classes once, as parallel pieces.
        let texture = p.featureClasses.filter { !$0.name.hasPrefix("shape") }
        var pieces: [(map: Int?, cls: String, list: [String]?)] = p.featureClasses.filter { $0.name.hasPrefix("shape") }.map { (nil, $0.name, $0.features) }
        for m in maps.indices { pieces += texture.map { (m, $0.name, $0.features) } }
        // Per map: the binning, and the grey-level grids its texture classes share.
        let textureClasses = texture.map(\.name).filter(PyRadiomicsTexture.classes.contains)
        let binned = times.measure("discretise") {
            Parallel.map(count: maps.count, dynamic: true) { m in
                let bins = PyRadiomicsBinning.Binned(maps[m].values, mask: roiIntensity, settings: maps[m].settings)
                let grids = textureClasses.isEmpty ? nil
                    : PyRadiomicsTexture.Prepared(levels: bins.levelVolume(roiIntensity), intensityMask: roiIntensity, morphologicalMask: roiMorphology,
                                                  settings: maps[m].settings, classes: textureClasses, binCount: bins.binCount)
                return (bins: bins, grids: grids)
            }
        }
        let results = Parallel.map(count: pieces.count, dynamic: true) { i -> Result<[Feature], RadiomicsError> in
            let piece = pieces[i]
            let names = PyRadiomicsFeatureNames.enabled(piece.cls, list: piece.list)
            return Result { () throws(RadiomicsError) in
                try times.measure(piece.cls) { () throws(RadiomicsError) in
                    guard let m = piece.map else {
                        return try PyRadiomicsShape.classFeatures(piece.cls, names: names, mask: prepared.shapeMask(s).cropped(to: box), box: box,
                                                                  spacing: geometry.spacing, settings: s, file: maskFile,
                                                                  twoDimensional: prepared.twoDimensional)
                    }
                    let prefix = maps[m].prefix, ts = maps[m].settings, bins = binned[m].bins
                    if PyRadiomicsTexture.classes.contains(piece.cls), let grids = binned[m].grids {
                        let r = try PyRadiomicsTexture.features(piece.cls, prepared: grids, spacing: geometry.spacing, settings: ts, enabled: names)
                        return names.map { Feature("\(prefix)_\(piece.cls)_\($0)", r[$0]!) }
                    }
                    guard piece.cls == "firstorder" else { throw .usage("featureClass '\(piece.cls)' is not yet implemented in pyradiomics mode") }
                    let r = PyRadiomicsFirstOrder.features(values: bins.values, greyLevels: bins.levels, voxelVolume: geometry.voxelVolume,
                                                           conventions: ts.conventions, enabled: names)
                    return names.map { Feature("\(prefix)_firstorder_\($0)", r[$0]!) }
                }
            }
        }
        var out = prepared.diagnostics
        for r in results { out += try r.get() }
        return out
    }

    /// With `normalize` and no resampling, the box the extraction reads (`CaseCrop.cropBox`: the
    /// ROI's box, `preCrop`'s pad and every filter's reach), so that only it becomes float64; nil
    /// when a filter reads the whole image, or a step compares grids (correctMask,
    /// geometryTolerance) or samples the whole image (LBP3D).
    static func normalizedBox(_ p: PyRadiomicsParameters, image: ImageVolume, mask: MaskVolume, whole: Preprocessor.WholeImage?) -> IndexBox? {
        let s = p.settings
        guard s.normalize, s.resampledPixelSpacing == nil, !s.correctMask, s.geometryTolerance == nil, whole == nil,
              !p.imageTypes.contains(where: { $0.kind == .lbp3D }) else { return nil }
        let filters = p.imageTypes.flatMap { PyRadiomicsParameters.specs($0, size: image.size, spacing: image.geometry.spacing) }
            .filter { $0 != .original }
        return CaseCrop.cropBox(mask, grid: image.geometry, filters: filters, pad: s.preCrop ? s.padDistance : 0)
    }

    /// The derived images of every enabled image type, in pyradiomics' order, each with its
    /// column prefix and settings, as values on `box` (default: the whole image) in its linear
    /// order. Each filter reads the box plus its reach (`applyCropped`), which inside the box gives
    /// what pyradiomics gets from the whole (resampled or pre-cropped) image: exactly, or for LoG
    /// to float32 rounding. LBP3D is computed at the `roi` voxels only, its samples stored as
    /// `pixelType`. Image types are filtered in parallel.
    static func responseMaps<V: BinaryFloatingPoint & Sendable>(_ types: [PyRadiomicsParameters.ImageType], image: Volume<V>, roi: MaskVolume,
                             pixelType: PyRadiomicsResampling.PixelType,
                             box: IndexBox? = nil, wholeSize: SIMD3<Int>? = nil) throws(RadiomicsError) -> [(prefix: String, values: [Double], settings: PyRadiomicsParameters.Settings)] {
        let box = box ?? IndexBox(lower: .zero, upper: image.size &- 1)
        // One job per map, except LBP3D: its maps come from one set of samples; and the wavelet
        // bands of one decomposition, which share their separable passes.
        var jobs: [(specs: [FilterSpec], settings: PyRadiomicsParameters.Settings, lbp3D: Bool)] = []
        for type in types {
            let specs = PyRadiomicsParameters.specs(type, size: wholeSize ?? image.size, spacing: image.geometry.spacing)
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
                if spec == .original { return [image.cropped(to: box).voxels.map { Double($0) }] }
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
