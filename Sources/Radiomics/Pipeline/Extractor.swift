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

        // Two parallel phases, each handing out work as threads free up (the pieces differ
        // widely in cost: a LoG filter, the morphology of the original image): the contexts of
        // every run (its filter, its discretisation), then every (run, family) pair. Each piece
        // depends only on its inputs, so the output does not depend on the thread count.
        // The sub-bands of one pyradiomics wavelet decomposition are one piece: their common
        // separable passes are computed once (`croppedWaveletResponses`).
        let groups = sharedFilterGroups(runs.map(\.settings.filter))
        let grouped = Parallel.map(count: groups.count, dynamic: true) { g -> [Result<ROIContext, RadiomicsError>] in
            let members = groups[g]
            var computed: [(grid: FilterGrid, box: IndexBox)?] = Array(repeating: nil, count: members.count)
            if members.count > 1, let whole = prepared.wholeImage {
                let specs = members.compactMap { runs[$0].settings.filter }
                // On an error each band is filtered alone below, and reports it as before.
                if let shared = try? times.measure("filter wavelet, \(members.count) bands (shared passes)", {
                    () throws(RadiomicsError) in try croppedWaveletResponses(specs, to: whole, around: prepared.region)
                }), shared.grids.count == members.count {
                    computed = shared.grids.map { ($0, shared.box) }
                }
            }
            return members.indices.map { m -> Result<ROIContext, RadiomicsError> in
                do throws(RadiomicsError) {
                    let run = runs[members[m]]
                    // Timed inside: "filter <prefix>" for the response map, "discretise" for the context.
                    var context = try Preprocessor.filtered(prepared, settings: run.settings, maskFile: maskFile, times: times,
                                                            computed: computed[m]).context
                    // Both zone families count the same zones: label them once, here.
                    if run.settings.families.contains(.glszm) && run.settings.families.contains(.gldzm) {
                        context.zones = times.measure("zones (glszm, gldzm)") { ZoneTable(context) }
                    }
                    return .success(context)
                } catch {
                    return .failure(error)
                }
            }
        }
        var outcomes = [Result<ROIContext, RadiomicsError>?](repeating: nil, count: runs.count)
        for (g, members) in groups.enumerated() { for (m, r) in members.enumerated() { outcomes[r] = grouped[g][m] } }
        var contexts: [ROIContext] = []
        for outcome in outcomes { contexts.append(try outcome!.get()) }     // the first failure in run order
        if let shape, shape.describes(prepared.context.morphologicalMask) {
            for r in contexts.indices where contexts[r].morphologicalMask.geometry == shape.geometry { contexts[r].morphologyShape = shape }
        }
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
        let computed = Parallel.map(count: order.count, dynamic: true) { slot -> [Feature] in
            let piece = pieces[order[slot]]
            return times.measure(piece.family.stageName(part: piece.part)) {
                piece.family.features(part: piece.part, contexts[piece.run])
            }
        }
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
