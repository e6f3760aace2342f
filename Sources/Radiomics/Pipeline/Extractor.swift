/// Runs the IBSI pipeline on one image and one ROI: geometry check → processing → features.
public enum Extractor {
    /// One extraction over a processed ROI: the column prefix of its features (empty for the
    /// original image) and its settings. Runs of one call differ only in `filter` and `families`.
    public struct Run: Sendable {
        public var prefix: String
        public var settings: ExtractionSettings
        public init(prefix: String = "", settings: ExtractionSettings) {
            self.prefix = prefix
            self.settings = settings
        }
    }

    /// Features of one ROI, in the stable family order of `ExtractionSettings.Family`.
    /// - Throws: `RadiomicsError` for a grid mismatch, an empty ROI or non-finite intensities in it.
    public static func extract(image: ImageVolume, mask: MaskVolume, settings: ExtractionSettings,
                               imageFile: String? = nil, maskFile: String? = nil) throws(RadiomicsError) -> [Feature] {
        try extract(image: image, mask: mask, runs: [Run(settings: settings)], imageFile: imageFile, maskFile: maskFile)
    }

    /// Features of one ROI for several image types: the image is checked, interpolated and
    /// re-segmented once; each run then filters the processed image (if it has a filter) and
    /// computes its families. Runs go in parallel; the output is the runs' features in run order,
    /// tags prefixed, identical for any thread count.
    /// With `times`, the seconds of each stage (check, preprocess, filter, each family) are added to it.
    public static func extract(image: ImageVolume, mask: MaskVolume, runs: [Run],
                               imageFile: String? = nil, maskFile: String? = nil, times: StageTimes? = nil) throws(RadiomicsError) -> [Feature] {
        guard let first = runs.first else { return [] }
        if let why = image.geometry.mismatch(with: mask.geometry) {
            throw .badInput(maskFile, "mask grid does not match the image: \(why)")
        }
        try times.measure("check") { () throws(RadiomicsError) in
            guard let box = mask.boundingBox else { throw .badInput(maskFile, "the ROI is empty (no voxel in the mask)") }
            for k in box.lower.z...box.upper.z {
                for j in box.lower.y...box.upper.y {
                    let row = mask.linearIndex(0, j, k)
                    for n in (row + box.lower.x)...(row + box.upper.x) where mask.voxels[n] != 0 && !image.voxels[n].isFinite {
                        throw .badInput(imageFile, "the image holds NaN or infinite intensities inside the ROI")
                    }
                }
            }
        }
        // Processing shared by every run: no filter, diagnostics if any run reports them.
        var shared = first.settings
        shared.filter = nil
        shared.families = runs.reduce(into: Set()) { $0.formUnion($1.settings.families) }
        let filtered = runs.contains { $0.settings.filter.map { $0 != .original } ?? false }
        let prepared = try times.measure("preprocess") { () throws(RadiomicsError) in
            try Preprocessor.prepare(image: image, mask: mask, settings: shared, maskFile: maskFile, keepWholeImage: filtered)
        }

        // Runs differ widely in cost (the original image carries morphology): hand them out dynamically.
        let outcomes = Parallel.map(count: runs.count, dynamic: true) { r -> Result<[Feature], RadiomicsError> in
            let run = runs[r]
            do throws(RadiomicsError) {
                let context = try times.measure(run.prefix.isEmpty ? "discretise" : "filter + discretise") { () throws(RadiomicsError) in
                    try Preprocessor.filtered(prepared, settings: run.settings, maskFile: maskFile).context
                }
                var features: [Feature] = []
                if run.settings.families.contains(.diagnostics) { features += prepared.diagnostics }
                for family in run.settings.families.sorted() where family != .diagnostics {
                    features += times.measure(family.rawValue) { FamilyRegistry.features(family, context) }
                }
                return .success(run.prefix.isEmpty ? features : features.map { Feature(run.prefix + $0.tag, $0.value) })
            } catch {
                return .failure(error)
            }
        }
        var out: [Feature] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let features): out += features
            case .failure(let error): throw error
            }
        }
        return out
    }
}
