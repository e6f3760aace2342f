import Foundation

/// Voxel-wise feature maps: every feature of a configuration computed, for each ROI voxel, on
/// that voxel's kernel – the box of voxels within the kernel radius, clipped to the image, and
/// intersected with the ROI unless the kernel is unmasked. A map lies on the image grid; voxels
/// outside the ROI hold `outside` (NaN; pyradiomics' `initValue` in pyradiomics mode).
///
/// IBSI recipe: a voxel's value is a normal extraction (`RunConfiguration.extract`) on the
/// kernel's ROI – the image cropped to the kernel box, so discretisation, re-segmentation and
/// every family see the kernel alone. pyradiomics recipe: `PyRadiomicsMaps`, pyradiomics'
/// voxel-based extraction (grey levels from the whole ROI). A kernel whose extraction fails (a
/// re-segmentation range that empties it) is NaN at that voxel.
///
/// Voxels are independent pieces over all cores, each written to its own slot: the maps are
/// bit-identical for any thread count.
public struct FeatureMaps: Sendable {
    /// Column names (IBSI tags or pyradiomics keys), one map each.
    public var columns: [String]
    /// Linear indices (on `geometry`) of the ROI's voxels, ascending.
    public var roi: [Int]
    /// Per column, its value at each ROI voxel (in `roi` order): only the ROI is held, a whole
    /// grid is built per map when it is written (a 512×512×300 grid is 315 MB per map).
    public var values: [[Float]]
    /// The value of every voxel outside the ROI.
    public var outside: Float
    public var geometry: Geometry

    /// The maps of `configuration`'s features (its selection applied) over the ROI `mask`.
    /// - Parameters:
    ///   - radius: nil: pyradiomics' `kernelRadius` in pyradiomics mode, else 1 voxel.
    ///   - masked: nil: pyradiomics' `maskedKernel` in pyradiomics mode, else true.
    public static func compute(image: ImageVolume, mask: MaskVolume, configuration: RunConfiguration,
                               radius: KernelRadius? = nil, masked: Bool? = nil,
                               imageFile: String? = nil, maskFile: String? = nil) throws(RadiomicsError) -> FeatureMaps {
        try configuration.checkSupported()
        if let why = mask.geometry.mismatch(with: image.geometry, names: ("mask", "image")) {
            throw .badInput(maskFile, "mask grid does not match the image: \(why)")
        }
        guard mask.boundingBox != nil else { throw .badInput(maskFile, "the ROI is empty (no voxel in the mask)") }
        if let p = configuration.pyradiomics {
            return try PyRadiomicsMaps.compute(image: image, mask: mask, parameters: p, radius: radius, masked: masked,
                                               imageFile: imageFile, maskFile: maskFile)
        }
        try checkMappable(configuration)
        var config = configuration
        let columns = config.featureColumns
        config.settings.families = families(of: columns, in: config.settings.families)
        // A kernel of one voxel is deliberate (radius 0, an isolated ROI voxel): not the
        // minimum-ROI guard rail's business, which is about a whole ROI.
        config.guards = GuardRails(minROIVoxels: 1, allowBinaryImage: config.guards?.allowBinaryImage ?? false)
        let r = (radius ?? .voxels(1)).perAxis(spacing: image.geometry.spacing)
        let isMasked = masked ?? true
        let roi = roiVoxels(mask)
        let index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        // The whole ROI first: NaN intensities are the input's fault, not a kernel's.
        for n in roi where !image.voxels[n].isFinite {
            throw .badInput(imageFile, "the image holds NaN or infinite intensities inside the ROI")
        }
        let values = Parallel.map(count: roi.count, dynamic: true) { v -> [Float] in
            let (kImage, kMask) = kernel(at: roi[v], image: image, mask: mask, radius: r, masked: isMasked)
            var out = [Float](repeating: .nan, count: columns.count)
            // One kernel is a small piece: its extraction runs on this thread alone.
            let extracted = Parallel.$threadCountOverride.withValue(1) {
                InlineParallelism.run { try? config.extract(image: kImage, mask: kMask, imageFile: imageFile, maskFile: maskFile) }
            }
            guard let features = extracted else { return out }
            for f in features { if let c = index[f.tag] { out[c] = Float(f.value) } }
            return out
        }
        return FeatureMaps(columns: columns, roi: roi, rows: values, geometry: image.geometry, outside: .nan)
    }

    /// From per-voxel rows (one value per column each).
    init(columns: [String], roi: [Int], rows: [[Float]], geometry: Geometry, outside: Float) {
        self.columns = columns
        self.roi = roi
        self.geometry = geometry
        self.outside = outside
        values = (0..<columns.count).map { c in rows.map { $0[c] } }
    }

    /// The map of column `c` on the whole grid.
    public func map(_ c: Int) -> [Float] {
        var m = [Float](repeating: outside, count: geometry.voxelCount)
        for (v, n) in roi.enumerated() { m[n] = values[c][v] }
        return m
    }

    /// The map of column `c` as an image volume.
    public func volume(_ c: Int) -> ImageVolume { ImageVolume(geometry: geometry, voxels: map(c)) }

    /// Linear indices of the ROI's voxels, in order.
    public static func roiVoxels(_ mask: MaskVolume) -> [Int] {
        mask.voxels.indices.filter { mask.voxels[$0] != 0 }
    }

    /// The kernel box of voxel `n`: centre ± radius, clipped to the grid.
    public static func kernelBox(at n: Int, size: SIMD3<Int>, radius: SIMD3<Int>) -> IndexBox {
        let centre = SIMD3(n % size.x, (n / size.x) % size.y, n / (size.x * size.y))
        return IndexBox(lower: pointwiseMax(centre &- radius, .zero), upper: pointwiseMin(centre &+ radius, size &- 1))
    }

    /// The image cropped to voxel `n`'s kernel box, and the kernel's ROI on that crop: the ROI's
    /// voxels in the box (masked) or the whole box.
    public static func kernel(at n: Int, image: ImageVolume, mask: MaskVolume, radius: SIMD3<Int>,
                              masked: Bool) -> (ImageVolume, MaskVolume) {
        let box = kernelBox(at: n, size: image.size, radius: radius)
        let kImage = image.cropped(to: box)
        var kMask = mask.cropped(to: box)
        if masked {
            for i in kMask.voxels.indices where kMask.voxels[i] != 0 { kMask.voxels[i] = 1 }
        } else {
            kMask.voxels = [UInt8](repeating: 1, count: kMask.voxels.count)
        }
        return (kImage, kMask)
    }

    /// Settings a kernel cannot honour on the image grid, refused rather than ignored.
    static func checkMappable(_ c: RunConfiguration) throws(RadiomicsError) {
        if c.settings.interpolation != nil {
            throw .usage("map: interpolation is not supported (maps lie on the image grid); remove it from the settings")
        }
        if c.settings.filter != nil || c.filter != nil || c.imageTypes.contains(where: { $0.type != "none" && $0.type != "original" }) {
            throw .usage("map: filters and image types are not yet supported (the original image only)")
        }
        if c.preprocess != nil { throw .usage("map: the preprocess section is not yet supported") }
    }

    /// The families that produce `columns` (diagnostics when a column has no catalogue entry).
    static func families(of columns: [String], in all: Set<ExtractionSettings.Family>) -> Set<ExtractionSettings.Family> {
        var out = Set<ExtractionSettings.Family>()
        for c in columns {
            if let f = FeatureCatalogue.info(forTag: c)?.family { out.insert(f) } else { out.insert(.diagnostics) }
        }
        return out.intersection(all)
    }
}
