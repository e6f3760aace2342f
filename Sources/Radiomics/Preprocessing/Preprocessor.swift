import Foundation

/// The IBSI 1 image-processing chain: rounding of the initial image, interpolation of image and
/// mask, rounding of interpolated intensities, partial-volume thresholding of the mask,
/// re-segmentation (range, outliers); records the diagnostics of every stage.
///
/// The feature families see the processed image cropped to the ROI's bounding box plus a margin
/// (`margin(spacing:)`), enough for the 1 cm³ local-intensity sphere around every ROI voxel.
public enum Preprocessor {
    public struct Result: Sendable {
        public var context: ROIContext
        public var diagnostics: [Feature]
        /// The whole processed (interpolated) image, kept when `prepare` was asked to keep it for
        /// filters; `filtered(_:settings:)` filters it around `region`.
        var wholeImage: ImageVolume?
        /// Where the context's grid lies in `wholeImage`'s grid.
        var region: IndexBox
    }

    /// What `prepare` needs of the whole image when it is given a crop of it (`CaseCrop`): the
    /// whole grid's size and its initial-image diagnostics. Only without interpolation (which
    /// resamples the whole grid).
    public struct WholeImage: Sendable {
        public var size: SIMD3<Int>
        public var diagnostics: [Feature]
        /// (Σ x, min x, max x) over every voxel of the whole image: pyradiomics' `Image-original` diagnostics.
        public var summary: (sum: Double, min: Double, max: Double)? = nil
    }

    /// Radius of a 1 cm³ sphere in mm: (3/(4π))^(1/3) cm.
    static let peakSphereRadius = 10 * Foundation.cbrt(3 / (4 * Double.pi))

    /// Voxels kept around the ROI on each side: the local-intensity sphere's reach plus one.
    static func margin(spacing: SIMD3<Double>) -> SIMD3<Int> {
        SIMD3((0..<3).map { Int((peakSphereRadius / spacing[$0]).rounded(.up)) + 1 })
    }

    /// The morphological mask `prepare` makes of `mask` when it does not interpolate (nil
    /// otherwise, or for an empty mask): `mask` cropped as `prepare` crops it.
    public static func morphologicalMask(_ mask: MaskVolume, settings: ExtractionSettings) -> MaskVolume? {
        guard settings.interpolation == nil, let box = mask.boundingBox else { return nil }
        return mask.cropped(to: expand(box, by: margin(spacing: mask.geometry.spacing), within: mask.size))
    }

    /// The whole image as `prepare` processes it before any masking: initial intensities rounded
    /// when `settings` asks, then interpolated onto the whole new grid (and rounded) when it
    /// interpolates. `radiomics filter` filters this for a preset that resamples (IBSI 2 phase 2 "B").
    public static func processedImage(_ image: ImageVolume, settings: ExtractionSettings) -> ImageVolume {
        var image = image
        if settings.roundInitialIntensities, !allIntegral(image.voxels) {
            image.voxels = image.voxels.map { $0.rounded() }
        }
        guard let interpolation = settings.interpolation else { return image }
        let grid = InterpolationGrid(source: image.geometry, spacing: interpolation.spacing, inPlaneOnly: interpolation.inPlaneOnly)
        return interpolated(image, grid: grid, region: IndexBox(lower: .zero, upper: grid.target.size &- 1), interpolation: interpolation)
    }

    /// The image interpolated onto `region` of `grid`, rounded when `interpolation` asks.
    private static func interpolated(_ image: ImageVolume, grid: InterpolationGrid, region: IndexBox,
                                     interpolation: ExtractionSettings.Interpolation) -> ImageVolume {
        let round = interpolation.roundIntensities
        let samples = GridResampling.resample(image, grid: grid, region: region, interpolator: interpolation.imageInterpolator)
        return ImageVolume(geometry: samples.geometry, voxels: samples.voxels.map { round ? Float($0.rounded()) : Float($0) })
    }

    /// Processes the image and mask for `settings` (interpolation, re-segmentation) and
    /// discretises the result; it does not filter: `filtered(_:settings:)` makes the context of an
    /// image type (its response map, discretised) from the result, which must then keep the whole
    /// processed image (`keepWholeImage`).
    /// - Throws: `.internal` for settings with a filter (the caller strips it and filters with `filtered`).
    public static func prepare(image: ImageVolume, mask: MaskVolume, settings: ExtractionSettings,
                               maskFile: String? = nil, keepWholeImage: Bool = false, whole: WholeImage? = nil) throws(RadiomicsError) -> Result {
        if whole != nil, settings.interpolation != nil {
            throw RadiomicsError(.internal, "Preprocessor.prepare interpolates the whole image: it cannot be given a crop")
        }
        var image = image
        // Integer data (DICOM, integer NIfTI) is left as it is: no copy of a large image.
        if settings.roundInitialIntensities, !allIntegral(image.voxels) {
            image.voxels = image.voxels.map { $0.rounded() }
        }
        let wantDiagnostics = settings.families.contains(.diagnostics)
        var diagnostics: [Feature] = []
        let initialImage = wantDiagnostics ? whole?.diagnostics ?? Diagnostics.image(image, stage: "init") : []
        if wantDiagnostics {
            diagnostics += initialImage
            diagnostics += Diagnostics.roi(image: image, intensityMask: mask, morphologicalMask: mask, fullSize: whole?.size ?? image.size, stage: "init")
        }
        guard let sourceBox = mask.boundingBox else { throw .badInput(maskFile, "the ROI is empty (no voxel in the mask)") }
        if let filter = settings.filter, filter != .original {
            throw RadiomicsError(.internal, "Preprocessor.prepare does not filter (\(filter.columnPrefix)): strip the filter and use filtered(_:settings:)")
        }
        // A filter reads beyond the ROI's margin: it gets the whole processed image (IBSI 2:
        // filter the whole image, then mask), and crops it to what its kernel reaches.
        let needWhole = keepWholeImage
        var wholeImage: ImageVolume? = nil
        var region: IndexBox
        var processed: ImageVolume
        var morphologicalMask: MaskVolume
        let fullSize: SIMD3<Int>
        if let interpolation = settings.interpolation {
            let grid = InterpolationGrid(source: image.geometry, spacing: interpolation.spacing, inPlaneOnly: interpolation.inPlaneOnly)
            fullSize = grid.target.size
            // The mask: interpolated as a float only where it can be non-zero, then thresholded.
            // Support of the mask kernel beyond a sample's floor; a spline's (ringing) response
            // cannot reach the 0.5 threshold farther out.
            let maskReach: Int
            switch interpolation.maskInterpolator {
            case .nearest: maskReach = 1
            case .linear: maskReach = 2
            case .cubicSpline, .bspline: maskReach = 3
            }
            let maskRegion = grid.footprint(of: sourceBox, reach: maskReach)
            let fractions = GridResampling.resample(mask, grid: grid, region: maskRegion, interpolator: interpolation.maskInterpolator)
            let threshold = interpolation.partialVolumeThreshold
            // On IBSI grids many samples fall exactly halfway between two slices (fraction 0.5);
            // spacing read as 2.9999999999998 (DICOM positions) instead of 3 must not flip them.
            let cut = threshold - 1e-9
            let interpolatedMask = MaskVolume(geometry: fractions.geometry, voxels: fractions.voxels.map { $0 >= cut ? 1 : 0 })
            guard let roiBox = interpolatedMask.boundingBox else {
                throw .badInput(maskFile, "the ROI is empty after interpolation (no voxel reaches the partial-volume threshold \(threshold))")
            }
            region = expand(shift(roiBox, by: maskRegion.lower), by: margin(spacing: grid.target.spacing), within: fullSize)
            // The image: the whole grid only when its diagnostics or a filter need it.
            let imageRegion = wantDiagnostics || needWhole ? IndexBox(lower: .zero, upper: fullSize &- 1) : region
            var interpolated = Self.interpolated(image, grid: grid, region: imageRegion, interpolation: interpolation)
            if wantDiagnostics { diagnostics += Diagnostics.image(interpolated, stage: "interp") }
            if needWhole { wholeImage = interpolated }
            if wantDiagnostics || needWhole { interpolated = interpolated.cropped(to: region) }
            processed = interpolated
            morphologicalMask = MaskVolume(geometry: processed.geometry, repeating: 0)
            // Place the thresholded mask (on maskRegion) into the cropped region.
            let offset = maskRegion.lower &- region.lower
            for k in roiBox.lower.z...roiBox.upper.z {
                for j in roiBox.lower.y...roiBox.upper.y {
                    for i in roiBox.lower.x...roiBox.upper.x where interpolatedMask[i, j, k] != 0 {
                        morphologicalMask[i + offset.x, j + offset.y, k + offset.z] = 1
                    }
                }
            }
        } else {
            fullSize = whole?.size ?? image.size
            // No interpolation: the interpolated image is the initial one.
            if wantDiagnostics {
                diagnostics += initialImage.map { Feature($0.tag.replacingOccurrences(of: "_init_img", with: "_interp_img"), $0.value) }
            }
            region = expand(sourceBox, by: margin(spacing: image.geometry.spacing), within: image.size)
            if needWhole { wholeImage = image }
            processed = image.cropped(to: region)
            morphologicalMask = mask.cropped(to: region)
        }
        if wantDiagnostics {
            diagnostics += Diagnostics.roi(image: processed, intensityMask: morphologicalMask, morphologicalMask: morphologicalMask,
                                           fullSize: fullSize, stage: "interp")
        }

        let range = Resegmentation.range(image: processed, morphologicalMask: morphologicalMask, settings: settings)
        let intensityMask = Resegmentation.intensityMask(image: processed, morphologicalMask: morphologicalMask, range: range)
        if wantDiagnostics {
            diagnostics += Diagnostics.roi(image: processed, intensityMask: intensityMask, morphologicalMask: morphologicalMask,
                                           fullSize: fullSize, stage: "reseg")
        }
        guard intensityMask.boundingBox != nil else {
            throw .badInput(maskFile, "the ROI is empty after re-segmentation")
        }
        // IBSI: fixed-bin-size bins start at the re-segmentation range's lower bound when there is one.
        let resolved = resolvedSettings(settings)
        let context = ROIContext.discretise(image: processed, morphologicalMask: morphologicalMask, intensityMask: intensityMask, settings: resolved)
        return Result(context: context, diagnostics: diagnostics, wholeImage: wholeImage, region: region)
    }

    /// The context of `prepared` with its image replaced by the response map of `filter` (default:
    /// `settings.filter`) over the whole processed image, cropped to the context's grid; masks,
    /// re-segmentation and diagnostics stay those of `prepared`. `prepared` must keep its whole image.
    /// With `times`, the filter is timed as "filter <column prefix>" and the context's
    /// discretisation as "discretise".
    /// `computed`: the filter's `croppedResponse` around the context's region, made beforehand
    /// (`croppedWaveletResponses`); then only its crop, check and discretisation are done here.
    public static func filtered(_ prepared: Result, settings: ExtractionSettings, filter: FilterSpec? = nil,
                                maskFile: String? = nil, times: StageTimes? = nil) throws(RadiomicsError) -> Result {
        try filtered(prepared, settings: settings, filter: filter, maskFile: maskFile, times: times, computed: nil)
    }

    static func filtered(_ prepared: Result, settings: ExtractionSettings, filter: FilterSpec? = nil,
                         maskFile: String? = nil, times: StageTimes? = nil,
                         computed: (grid: FilterGrid, box: IndexBox)?) throws(RadiomicsError) -> Result {
        guard let spec = filter ?? settings.filter, spec != .original else {
            if resolvedSettings(settings) == prepared.context.settings { return prepared }
            var out = prepared
            out.context = times.measure("discretise") {
                ROIContext.discretise(image: prepared.context.image, morphologicalMask: prepared.context.morphologicalMask,
                           intensityMask: prepared.context.intensityMask, settings: resolvedSettings(settings))
            }
            return out
        }
        guard let wholeImage = prepared.wholeImage else {
            throw RadiomicsError(.internal, "filtering needs the whole processed image (prepare with keepWholeImage)")
        }
        let region = prepared.region
        let intensityMask = prepared.context.intensityMask
        let response = try times.measure(computed == nil ? "filter \(spec.columnPrefix)" : "crop \(spec.columnPrefix)") { () throws(RadiomicsError) -> ImageVolume in
            let (map, box): (ImageVolume, IndexBox)
            if let computed { (map, box) = (computed.grid.volume(geometry: wholeImage.croppedGeometry(computed.box)), computed.box) }
            else { (map, box) = try applyCropped(spec, to: wholeImage, around: region) }
            let response = map.cropped(to: IndexBox(lower: region.lower &- box.lower, upper: region.upper &- box.lower))
            for n in response.voxels.indices where intensityMask.voxels[n] != 0 && !response.voxels[n].isFinite {
                throw .badInput(maskFile, "the filter response is NaN or infinite inside the ROI")
            }
            return response
        }
        var out = prepared
        out.context = times.measure("discretise") {
            ROIContext.discretise(image: response, morphologicalMask: prepared.context.morphologicalMask,
                       intensityMask: intensityMask, settings: resolvedSettings(settings))
        }
        return out
    }

    /// IBSI: fixed-bin-size bins start at the re-segmentation range's lower bound when there is one.
    private static func resolvedSettings(_ settings: ExtractionSettings) -> ExtractionSettings {
        var resolved = settings
        if settings.binOrigin == .resegmentationRange, case .fixedBinSize(let w, nil) = settings.discretisation, let lower = settings.resegmentationLower {
            resolved.discretisation = .fixedBinSize(w, lowerBound: lower)
        }
        return resolved
    }

    private static func shift(_ box: IndexBox, by offset: SIMD3<Int>) -> IndexBox {
        IndexBox(lower: box.lower &+ offset, upper: box.upper &+ offset)
    }

    private static func expand(_ box: IndexBox, by margin: SIMD3<Int>, within size: SIMD3<Int>) -> IndexBox {
        IndexBox(lower: pointwiseMax(box.lower &- margin, .zero), upper: pointwiseMin(box.upper &+ margin, size &- 1))
    }
}

/// Interpolation of a volume onto (part of) an `InterpolationGrid`.
enum GridResampling {
    /// Samples of `volume` at the new-grid voxels `region` (inclusive), as a volume whose
    /// geometry is the new grid cropped to `region`.
    static func resample<T: ResamplableVoxel>(_ volume: Volume<T>, grid: InterpolationGrid, region: IndexBox,
                                              interpolator: ExtractionSettings.Interpolator) -> Volume<Double> {
        let kernels = (0..<3).map {
            AxisKernel.make(interpolator, grid: grid, axis: $0, outLower: region.lower[$0], outUpper: region.upper[$0])
        }
        let samples = SeparableResampler.resample(volume, kernels: kernels)
        var g = grid.target
        g.origin = grid.target.point(SIMD3<Double>(region.lower))
        g.size = region.size
        return Volume(geometry: g, voxels: samples)
    }
}

/// Whether every voxel is an integer (`isIntegral`), 8 voxels at a time: the common case, an
/// integer CT of 10⁸ voxels, is read once at memory speed.
func allIntegral(_ voxels: [Float]) -> Bool {
    voxels.withUnsafeBufferPointer { v in
        let magic = SIMD8<Float>(repeating: 12_582_912), small = SIMD8<Float>(repeating: 4_194_304)
        var t = 0
        while t + 8 <= v.count {
            let x = SIMD8<Float>(v[t], v[t + 1], v[t + 2], v[t + 3], v[t + 4], v[t + 5], v[t + 6], v[t + 7])
            // Small lanes must survive the rounding trick; others go the scalar way (rare).
            let inRange = (x .< small) .& (x .> -small)
            if !all(inRange .& ((x + magic) - magic .== x)) {
                for u in t..<(t + 8) where !isIntegral(v[u]) { return false }
            }
            t += 8
        }
        for u in t..<v.count where !isIntegral(v[u]) { return false }
        return true
    }
}

/// Whether `x` is an integer, without a libm call in the common case: below 2²² in magnitude,
/// adding and removing 1.5·2²³ rounds to an integer (round-to-nearest), so x is integral iff that
/// leaves it unchanged; from 2²³ up every Float is an integer. NaN is not integral.
@inline(__always) func isIntegral(_ x: Float) -> Bool {
    let a = Swift.abs(x)
    if a < 4_194_304 { return (x + 12_582_912) - 12_582_912 == x }
    return a >= 8_388_608 || x == x.rounded()
}
