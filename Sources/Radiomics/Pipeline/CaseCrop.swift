/// One case read in the image file's own type (issue 18): a single label-map ROI on a NIfTI
/// image of 8- or 16-bit integers, without interpolation, regions, pyradiomics recipe or image
/// preprocessing. The whole-image checks and diagnostics run on the stored values; only the box
/// the extraction reads (ROI box, the families' margin, every filter's reach) becomes `Float`,
/// and the mask is cropped to the same box while the image is still inflating. The features
/// and diagnostics are those of the whole-image path, bit for bit.
enum CaseCrop {
    struct Read: Sendable {
        var image: ImageVolume
        var masks: [NamedMask]
        var shapes: [MorphologyShape?]?
        /// Set when `image` and `masks` are a crop.
        var whole: Preprocessor.WholeImage?
    }

    /// What the mask thread makes of the selected ROI(s) while the image inflates.
    private struct Early: Sendable {
        var box: IndexBox?
        var masks: [NamedMask]
        var shapes: [MorphologyShape?]
    }

    /// The case read this way, or nil when it does not apply (the caller reads the whole image;
    /// every error is left to that path, so messages and their order stay the same).
    static func read(image: String, mask: String, selection: ROISelection, options: ReadOptions,
                     configuration: RunConfiguration, times: StageTimes?) throws(RadiomicsError) -> Read? {
        guard configuration.preprocess == nil, configuration.petThreshold == nil,
              configuration.regions.map(\.isEmpty) ?? true,
              (try? FileFormat.detect(image)) == .nifti,
              let maskFormat = try? FileFormat.detect(mask), maskFormat == .nifti || maskFormat == .nrrd,
              let layout = try? NIfTIReader.layout(image, volumeIndex: options.volumeIndex, limits: options.limits),
              StoredImage.exactInFloat(layout.header.scalarType, swap: layout.swap, slope: layout.header.sclSlope, inter: layout.header.sclInter)
        else { return nil }
        var selection = selection
        let filters: [FilterSpec], pad: Int
        if let p = configuration.pyradiomics {
            // pyradiomics' whole-image steps (normalise, resample, correctMask, LBP3D's samples)
            // and its own geometry tolerance take the whole-image path.
            let s = p.settings
            guard s.resampledPixelSpacing == nil, !s.normalize, !s.correctMask, s.geometryTolerance == nil,
                  !p.imageTypes.contains(where: { $0.kind == .lbp3D }) else { return nil }
            if selection == .automatic { selection = .label(s.label) }
            filters = p.imageTypes.flatMap { PyRadiomicsParameters.specs($0, size: layout.geometry.size, spacing: layout.geometry.spacing) }
                .filter { $0 != .original }
            pad = s.preCrop ? s.padDistance : 0
        } else {
            guard let runs = try? configuration.imageTypeRuns(), !runs.isEmpty,
                  runs.allSatisfy({ $0.settings.interpolation == nil }) else { return nil }
            filters = runs.compactMap { $0.settings.filter }.filter { $0 != .original }
            pad = 0
        }
        let selected = selection
        // The mask thread, once done and its whole-grid mask freed (78 MB for a 512×512×300 map:
        // not resident at the same time as the image's 157 MB), faults in the pages the inflater
        // is about to write.
        let warmer = PageWarmer()
        let read = { () throws(RadiomicsError) in
            try MaskIO.readImageAndLabelMasks(
            mask: mask, selection: selected, options: options, geometry: \.geometry,
            readImage: { () throws(RadiomicsError) in try NIfTIReader.stored(layout, path: image, warmer: warmer) }, keepMasks: false,
            afterMasks: { warmer.warm() }) { masks -> Early in
            times.measure("morphology (mask only, while reading)") {
                // A mask on another grid is not cropped here: the whole-image path reports the mismatch.
                guard masks.count == 1, masks[0].mask.geometry.mismatch(with: layout.geometry, names: ("mask", "image")) == nil,
                      let box = cropBox(masks[0].mask, grid: layout.geometry, filters: filters, pad: pad) else {
                    return Early(box: nil, masks: masks, shapes: masks.map { configuration.morphologyShape($0.mask, spectrum: masks.count == 1) })
                }
                var cropped = masks[0]
                cropped.mask = masks[0].mask.cropped(to: box)
                return Early(box: box, masks: [cropped], shapes: [configuration.morphologyShape(cropped.mask, spectrum: true)])
            }
        }
        }
        let (stored, _, early): (StoredImage, StoredImage?, Early?)
        do throws(RadiomicsError) {
            (stored, _, early) = try read()
        } catch where configuration.pyradiomics != nil && error.kind == .badInput && error.message.hasPrefix("mask grid does not match") {
            throw .badInput(mask, "Image/Mask geometry mismatch (\(error.message)); enable correctMask to re-sample the mask onto the image grid")
        }
        let summary = stored.summary()
        if !(configuration.guards?.allowBinaryImage ?? false), summary.min >= 0, summary.max <= 1 {
            throw GuardRails.binaryImage(image)
        }
        guard let early else { throw RadiomicsError(.internal, "\(mask): the masks were read but not kept") }
        guard let box = early.box else { return Read(image: stored.floats(), masks: early.masks, shapes: early.shapes, whole: nil) }
        let whole = Preprocessor.WholeImage(size: stored.geometry.size, diagnostics: Diagnostics.image(stored.geometry, summary, stage: "init"),
                                            summary: summary)
        return Read(image: stored.floats(in: box), masks: early.masks, shapes: early.shapes, whole: whole)
    }

    /// The part of the whole grid the extraction of `mask` reads: the ROI's box plus the
    /// families' margin (`Preprocessor.prepare`), grown by each filter's reach as `applyCropped`
    /// grows it, on the image's `grid`; nil for an empty ROI or a filter that reads the whole image.
    static func cropBox(_ mask: MaskVolume, grid: Geometry, filters: [FilterSpec], pad: Int = 0) -> IndexBox? {
        guard let roi = mask.boundingBox else { return nil }
        let size = grid.size, spacing = grid.spacing
        func clamp(_ lower: SIMD3<Int>, _ upper: SIMD3<Int>) -> IndexBox {
            IndexBox(lower: pointwiseMax(lower, .zero), upper: pointwiseMin(upper, size &- 1))
        }
        // The pyradiomics recipe's `preCrop` crops to the ROI box plus `padDistance` first.
        let margin = pointwiseMax(Preprocessor.margin(spacing: spacing), SIMD3(repeating: pad))
        let region = clamp(roi.lower &- margin, roi.upper &+ margin)
        var box = region
        for spec in filters {
            guard let r = spec.supportRadius(spacing: spacing) else { return nil }
            let grown = clamp(region.lower &- r, region.upper &+ r)
            // pyradiomics' wavelet wraps around: a box reaching the border filters the whole image.
            if case .pyradiomicsWavelet = spec, grown.lower != region.lower &- r || grown.upper != region.upper &+ r { return nil }
            box = IndexBox(lower: pointwiseMin(box.lower, grown.lower), upper: pointwiseMax(box.upper, grown.upper))
        }
        return box
    }
}
