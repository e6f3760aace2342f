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
        // pyradiomics keeps LoG σs by the size of the image it filters: the whole image (given
        // here as a crop), or the pre-cropped one.
        let wholeSize = s.preCrop ? nil : whole?.size ?? normalizedBox.map { _ in image.size }
        let jobs = responseJobs(p.imageTypes, size: wholeSize ?? prepared.image.geometry.size, spacing: geometry.spacing)
        // Map m comes from job jobOf[m]; each job's maps are consecutive, in pyradiomics' order.
        let jobOf = jobs.indices.flatMap { j in Array(repeating: j, count: jobs[j].specs.count) }
        let maps = jobs.flatMap { job in job.specs.map { (prefix: $0.columnPrefix, settings: job.settings) } }
        let firstMap = jobs.indices.map { j in jobOf.firstIndex(of: j) ?? 0 }
        // Per map: its binning, and the grey-level grids its texture classes share.
        let texture = p.featureClasses.filter { !$0.name.hasPrefix("shape") }
        let textureClasses = texture.map(\.name).filter(PyRadiomicsTexture.classes.contains)
        typealias Binned = (bins: PyRadiomicsBinning.Binned, grids: PyRadiomicsTexture.Prepared?)
        let binned = UnsafeMutableBufferPointer<Binned?>.allocate(capacity: maps.count)
        binned.initialize(repeating: nil)
        defer { binned.deinitialize(); binned.deallocate() }
        let filterResults = UnsafeMutableBufferPointer<Result<Void, RadiomicsError>>.allocate(capacity: jobs.count)
        filterResults.initialize(repeating: .success(()))
        defer { filterResults.deinitialize(); filterResults.deallocate() }

        // Every (image type, feature class) pair, shape classes once, as parallel pieces; within
        // a map the costlier classes first.
        let cost = ["glszm", "glrlm", "glcm", "gldm", "ngtdm", "firstorder"]
        let byCost = texture.sorted { (cost.firstIndex(of: $0.name) ?? cost.count) < (cost.firstIndex(of: $1.name) ?? cost.count) }
        var pieces: [(map: Int?, cls: String, list: [String]?)] = p.featureClasses.filter { $0.name.hasPrefix("shape") }.map { (nil, $0.name, $0.features) }
        for m in maps.indices { pieces += byCost.map { (m, $0.name, $0.features) } }
        let pieceResults = UnsafeMutableBufferPointer<Result<[Feature], RadiomicsError>?>.allocate(capacity: pieces.count)
        pieceResults.initialize(repeating: nil)
        defer { pieceResults.deinitialize(); pieceResults.deallocate() }

        // One task graph: the filter jobs first (each bins its maps as they come), then the
        // pieces, each waiting only for the job of its map, so that no core idles between stages.
        TaskGraph.run(count: jobs.count + pieces.count,
                      dependencies: jobs.map { _ in [] } + pieces.map { $0.map.map { [jobOf[$0]] } ?? [] }) { t in
            guard t >= jobs.count else {
                filterResults[t] = Result { () throws(RadiomicsError) in
                    let values = try times.measure("filter") { () throws(RadiomicsError) in
                        switch prepared.image {
                        case .float32(let image):
                            try response(jobs[t], image: image, roi: prepared.intensityMask, pixelType: pixelType, box: featureBox)
                        case .float64(let image):
                            try response(jobs[t], image: image, roi: prepared.intensityMask, pixelType: pixelType, box: featureBox)
                        }
                    }
                    times.measure("discretise") {
                        for (k, map) in values.enumerated() {
                            let m = firstMap[t] + k
                            let bins = PyRadiomicsBinning.Binned(map, mask: roiIntensity, settings: maps[m].settings)
                            let grids = textureClasses.isEmpty ? nil
                                : PyRadiomicsTexture.Prepared(levels: bins.levelVolume(roiIntensity), intensityMask: roiIntensity,
                                                              morphologicalMask: roiMorphology, settings: maps[m].settings,
                                                              classes: textureClasses, binCount: bins.binCount)
                            binned[m] = (bins, grids)
                        }
                    }
                }
                return
            }
            let piece = pieces[t - jobs.count]
            let names = PyRadiomicsFeatureNames.enabled(piece.cls, list: piece.list)
            pieceResults[t - jobs.count] = Result { () throws(RadiomicsError) in
                try times.measure(piece.cls) { () throws(RadiomicsError) in
                    guard let m = piece.map else {
                        return try PyRadiomicsShape.classFeatures(piece.cls, names: names, mask: prepared.shapeMask(s).cropped(to: box), box: box,
                                                                  spacing: geometry.spacing, settings: s, file: maskFile,
                                                                  twoDimensional: prepared.twoDimensional)
                    }
                    // A map whose filter failed: its error is thrown below, before any piece's.
                    guard let map = binned[m] else { return [] }
                    let prefix = maps[m].prefix, ts = maps[m].settings
                    if PyRadiomicsTexture.classes.contains(piece.cls), let grids = map.grids {
                        // Dozens of pieces keep both cores busy: each runs its directions and slabs
                        // inline, without a nested parallel loop (same values: integer counts, and
                        // NGTDM's fixed chunks).
                        let r = try InlineParallelism.run { () throws(RadiomicsError) in
                            try PyRadiomicsTexture.features(piece.cls, prepared: grids, spacing: geometry.spacing, settings: ts, enabled: names)
                        }
                        return names.map { Feature("\(prefix)_\(piece.cls)_\($0)", r[$0]!) }
                    }
                    guard piece.cls == "firstorder" else { throw .usage("featureClass '\(piece.cls)' is not yet implemented in pyradiomics mode") }
                    let r = PyRadiomicsFirstOrder.features(values: map.bins.values, greyLevels: map.bins.levels, voxelVolume: geometry.voxelVolume,
                                                           conventions: ts.conventions, enabled: names)
                    return names.map { Feature("\(prefix)_firstorder_\($0)", r[$0]!) }
                }
            }
        }
        for r in filterResults { try r.get() }
        // Columns (and the first error) in pyradiomics' order: shape classes, then per map its classes as configured.
        var byPiece: [String: Result<[Feature], RadiomicsError>] = [:]
        for (piece, r) in zip(pieces, pieceResults) { byPiece["\(piece.map ?? -1) \(piece.cls)"] = r! }
        var results: [[Feature]] = []
        for c in p.featureClasses where c.name.hasPrefix("shape") { results.append(try byPiece["-1 \(c.name)"]!.get()) }
        for m in maps.indices { for c in texture { results.append(try byPiece["\(m) \(c.name)"]!.get()) } }
        var out = prepared.diagnostics
        for r in results { out += r }
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
        let jobs = responseJobs(types, size: wholeSize ?? image.size, spacing: image.geometry.spacing)
        let computed = Parallel.map(count: jobs.count, dynamic: true) { j -> Result<[[Double]], RadiomicsError> in
            Result { () throws(RadiomicsError) in try response(jobs[j], image: image, roi: roi, pixelType: pixelType, box: box) }
        }
        var out: [(prefix: String, values: [Double], settings: PyRadiomicsParameters.Settings)] = []
        for (job, maps) in zip(jobs, computed) {
            for (spec, values) in zip(job.specs, try maps.get()) { out.append((spec.columnPrefix, values, job.settings)) }
        }
        return out
    }

    /// One filter run of `responseMaps`: one map, or the maps of one set of shared samples (LBP3D)
    /// or separable passes (the wavelet bands of one decomposition).
    struct ResponseJob: Sendable {
        var specs: [FilterSpec]
        var settings: PyRadiomicsParameters.Settings
        var lbp3D: Bool
    }

    /// The filter runs of the enabled image types, in pyradiomics' map order; LoG σs and wavelet
    /// sizes follow the image of `size`.
    static func responseJobs(_ types: [PyRadiomicsParameters.ImageType], size: SIMD3<Int>, spacing: SIMD3<Double>) -> [ResponseJob] {
        var jobs: [ResponseJob] = []
        for type in types {
            let specs = PyRadiomicsParameters.specs(type, size: size, spacing: spacing)
            if type.kind == .lbp3D { jobs.append(ResponseJob(specs: specs, settings: type.settings, lbp3D: true)) }
            else if type.kind == .wavelet, case let groups = sharedFilterGroups(specs), groups.joined().elementsEqual(specs.indices) {
                jobs += groups.map { ResponseJob(specs: $0.map { specs[$0] }, settings: type.settings, lbp3D: false) }
            }
            else { jobs += specs.map { ResponseJob(specs: [$0], settings: type.settings, lbp3D: false) } }
        }
        return jobs
    }

    /// The maps of one job on `box`, in its specs' order.
    static func response<V: BinaryFloatingPoint & Sendable>(_ job: ResponseJob, image: Volume<V>, roi: MaskVolume,
                                                            pixelType: PyRadiomicsResampling.PixelType, box: IndexBox) throws(RadiomicsError) -> [[Double]] {
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
