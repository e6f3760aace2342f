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

    /// Features of one ROI, in the family order of `FamilyRegistry.families`.
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
    /// `shape`: the mask-only morphology computed ahead (`Preprocessor.morphologicalMask`), used
    /// when it describes the processed morphological mask. `whole`: `image` and `mask` are a crop
    /// of the whole image (`CaseCrop`), which this describes.
    public static func extract(image: ImageVolume, mask: MaskVolume, runs: [Run],
                               imageFile: String? = nil, maskFile: String? = nil, times: StageTimes? = nil,
                               shape: MorphologyShape? = nil, minROIVoxels: Int = 1,
                               whole: Preprocessor.WholeImage? = nil) throws(RadiomicsError) -> [Feature] {
        guard let first = runs.first else { return [] }
        if let why = mask.geometry.mismatch(with: image.geometry, names: ("mask", "image")) {
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
            try Preprocessor.prepare(image: image, mask: mask, settings: shared, maskFile: maskFile, keepWholeImage: filtered, whole: whole)
        }
        // A one-voxel ROI left by re-segmentation would still give a full row of numbers.
        try GuardRails.checkROISize(prepared.context.intensityMask, minimum: minROIVoxels,
                                    stage: shared.interpolation == nil ? "re-segmentation" : "interpolation and re-segmentation", file: maskFile)

        // One task graph (`TaskGraph`), handing out work as threads free up (the pieces differ
        // widely in cost: a LoG filter, the morphology of the original image): the context of
        // every run (its filter, its discretisation) first, then every (run, family) pair, each as
        // soon as the context of its run is ready, so that no core waits for the last filter.
        // Each piece depends only on its inputs, so the output does not depend on the thread count.
        // The sub-bands of one pyradiomics wavelet decomposition are one task: their common
        // separable passes are computed once (`croppedWaveletResponses`).
        let groups = sharedFilterGroups(runs.map(\.settings.filter))
        var groupOf = [Int](repeating: 0, count: runs.count)
        for (g, members) in groups.enumerated() { for r in members { groupOf[r] = g } }
        var pieces: [(run: Int, family: any FeatureFamily, part: Int)] = []
        for (r, run) in runs.enumerated() {
            for id in run.settings.families.sorted() {
                let family = FamilyRegistry.family(id)
                for part in 0..<family.parts { pieces.append((r, family, part)) }
            }
        }
        // Longest first: morphology (mesh, hull; Moran's I) and the zone matrices.
        let order = pieces.indices.sorted { a, b in
            let ca = pieces[a].family.cost(part: pieces[a].part), cb = pieces[b].family.cost(part: pieces[b].part)
            return ca != cb ? ca > cb : a < b
        }
        let outcomes = UnsafeMutableBufferPointer<Result<ROIContext, RadiomicsError>?>.allocate(capacity: runs.count)
        outcomes.initialize(repeating: nil)
        defer { outcomes.deinitialize(); outcomes.deallocate() }
        let computed = UnsafeMutableBufferPointer<[Feature]>.allocate(capacity: order.count)
        computed.initialize(repeating: [])
        defer { computed.deinitialize(); computed.deallocate() }
        TaskGraph.run(count: groups.count + order.count,
                      dependencies: groups.map { _ in [] } + order.map { [groupOf[pieces[$0].run]] }) { t in
            guard t >= groups.count else {
                let members = groups[t]
                var shared: [(grid: FilterGrid, box: IndexBox)?] = Array(repeating: nil, count: members.count)
                if members.count > 1, let whole = prepared.wholeImage {
                    let specs = members.compactMap { runs[$0].settings.filter }
                    // On an error each band is filtered alone below, and reports it as before.
                    if let bands = try? times.measure("filter wavelet, \(members.count) bands (shared passes)", {
                        () throws(RadiomicsError) in try croppedWaveletResponses(specs, to: whole, around: prepared.region)
                    }), bands.grids.count == members.count {
                        shared = bands.grids.map { ($0, bands.box) }
                    }
                }
                for (m, r) in members.enumerated() {
                    outcomes[r] = Result { () throws(RadiomicsError) in
                        // Timed inside: "filter <prefix>" for the response map, "discretise" for the context.
                        var context = try Preprocessor.filtered(prepared, settings: runs[r].settings, maskFile: maskFile, times: times,
                                                                computed: shared[m]).context
                        // Both zone families count the same zones: label them once, here.
                        if runs[r].settings.families.contains(.glszm) && runs[r].settings.families.contains(.gldzm) {
                            context.zones = times.measure("zones (glszm, gldzm)") { ZoneTable(context) }
                        }
                        if let shape, shape.describes(prepared.context.morphologicalMask), context.morphologicalMask.geometry == shape.geometry {
                            context.morphologyShape = shape
                        }
                        return context
                    }
                }
                return
            }
            let piece = pieces[order[t - groups.count]]
            // A run whose context failed: its error is thrown below, before any output.
            guard case .success(let context)? = outcomes[piece.run] else { return }
            computed[t - groups.count] = times.measure(piece.family.stageName(part: piece.part)) {
                piece.family.features(part: piece.part, context)
            }
        }
        for outcome in outcomes { _ = try outcome!.get() }     // the first failure in run order
        var byPiece = [[Feature]](repeating: [], count: pieces.count)
        for (slot, p) in order.enumerated() { byPiece[p] = computed[slot] }
        // Each run: diagnostics (when it asks for them), then its families in order, prefixed.
        var out: [Feature] = []
        var p = 0
        for (r, run) in runs.enumerated() {
            var features: [Feature] = run.settings.families.contains(.diagnostics) ? prepared.diagnostics : []
            while p < pieces.count && pieces[p].run == r { features += byPiece[p]; p += 1 }
            out += run.prefix.isEmpty ? features : features.map { Feature(run.prefix + $0.tag, $0.value) }
        }
        return out
    }
}
