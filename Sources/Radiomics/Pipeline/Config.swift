/// Everything one run needs besides the input files: the numeric settings, which features to
/// keep, the image filter and the default ROI selection. Presets, YAML configs (`ConfigFile`) and
/// command-line options resolve to one of these; the provenance sidecar records it.
public struct RunConfiguration: Sendable, Equatable, Codable {
    /// The preset the settings started from.
    public var preset: String
    public var settings: ExtractionSettings
    public var selection: FeatureSelection
    /// The `filter:` section of a config; nil for the original image. Resolved into `settings.filter`.
    public var filter: FilterConfig?
    /// The `image_types:` list: features are extracted on each, columns prefixed by image type
    /// (none for the original). Empty: one run on `settings` as they are.
    public var imageTypes: [FilterConfig] = []
    /// Default ROI selection (`label:` / `roi:` keys); command-line and manifest values win.
    public var label: String?
    public var roi: String?
    /// The pyradiomics recipe: a pyradiomics parameter file, run with pyradiomics' definitions and
    /// columns in place of `settings` (whose `binOrigin` is then `roiMinimum`); nil for the IBSI recipe.
    public var pyradiomics: PyRadiomicsParameters?
    /// The `preprocess:` section (N4, …), applied to the image before everything else; nil: none.
    public var preprocess: ImagePreprocessing?
    /// `--suv …`: SUV conversion of a PET DICOM series (nil: the default rule, see `SUVOptions`).
    public var suv: SUVOptions?
    /// `--pet-threshold`: PET metrics (`PETMetrics`) at this threshold; nil: none.
    public var petThreshold: PETThreshold?
    /// `--min-roi-voxels`, `--allow-binary-image` (`GuardRails`); nil: every default.
    public var guards: GuardRails?
    /// Sub-regions (`regions:` section, `--ring`, `--components`); nil: the selected ROIs as read.
    public var regions: RegionPlan?

    public init(preset: String, settings: ExtractionSettings, selection: FeatureSelection = FeatureSelection(),
                filter: FilterConfig? = nil, label: String? = nil, roi: String? = nil) {
        self.preset = preset
        self.settings = settings
        self.selection = selection
        self.filter = filter
        self.label = label
        self.roi = roi
    }

    /// A preset by name, with no further change.
    public static func preset(_ name: String) throws(RadiomicsError) -> RunConfiguration {
        guard let p = Presets.named(name) else {
            throw .usage("unknown preset '\(name)' (known: \(Presets.all.map(\.name).joined(separator: ", ")))")
        }
        return RunConfiguration(preset: p.name, settings: p.settings)
    }

    /// The feature columns this configuration produces, in output order.
    public var featureColumns: [String] {
        let pet = petThreshold == nil ? [] : PETMetrics.tags
        if let pyradiomics { return pyradiomics.columns + pet }
        let runs = (try? imageTypeRuns()) ?? [("", settings)]
        return runs.flatMap { run in FeatureCatalogue.tags(for: run.settings).filter(selection.admits).map { run.prefix + $0 } } + pet
    }

    /// Throws for settings that cannot be honoured, rather than ignoring them.
    public func checkSupported() throws(RadiomicsError) {
        if let pyradiomics { return try pyradiomics.check() }
        let runs = try imageTypeRuns()
        // A pattern that matches nothing is almost always a typo (`cm_contrst*`): a table of
        // `image,mask,roi` alone, or a feature silently kept, would follow.
        let tags = runs.flatMap { FeatureCatalogue.tags(for: $0.settings) }
        for (key, patterns) in [("include", selection.include), ("exclude", selection.exclude)] {
            if let p = patterns.first(where: { p in !tags.contains { FeatureSelection.matches(p, $0) } }) {
                throw .usage("features.\(key): '\(p)' matches no feature of these settings (see 'radiomics features')")
            }
        }
    }
}

/// Keeps a subset of the tags: `include` (all when empty) minus `exclude`. Patterns match a full
/// tag (`cm_joint_max_3D_avg`) or its stem (`cm_joint_max`); `*` matches any run of characters.
public struct FeatureSelection: Sendable, Equatable, Codable {
    public var include: [String]
    public var exclude: [String]
    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Whether pattern `p` picks `tag`: the full tag or its stem.
    static func matches(_ p: String, _ tag: String) -> Bool { glob(p, tag) || glob(p, FeatureCatalogue.stem(of: tag)) }

    public func admits(_ tag: String) -> Bool {
        func hit(_ p: String) -> Bool { Self.matches(p, tag) }
        if !include.isEmpty, !include.contains(where: hit) { return false }
        return !exclude.contains(where: hit)
    }

    /// `*`-only glob, iterative (no backtracking blow-up: O(pattern × text)).
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] != UInt8(ascii: "*"), p[pi] == t[ti] { pi += 1; ti += 1 }
            else if pi < p.count, p[pi] == UInt8(ascii: "*") { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

/// The `filter:` section of a config file, validated key by key. It maps one to one onto the
/// filter specification of the image-filter module (IBSI 2); see the README's config schema.
public struct FilterConfig: Sendable, Equatable, Codable {
    /// none, mean, log, laws, gabor, wavelet, simoncelli.
    public var type: String
    /// constant, nearest, periodic, mirror (IBSI 2 boundary conditions).
    public var boundary: String?
    /// Filter support in voxels (mean, laws).
    public var support: Int?
    /// Gaussian / Gabor σ in mm.
    public var sigma: Double?
    /// LoG truncation, in σ.
    public var cutoff: Double?
    /// Laws kernel, e.g. `L5E5E5`.
    public var kernel: String?
    /// Laws energy-map distance δ in voxels.
    public var energyDistance: Int?
    /// Gabor wavelength λ (mm), spatial aspect ratio γ and orientation step (degrees).
    public var lambda: Double?
    public var gamma: Double?
    public var thetaStep: Double?
    /// Wavelet name (e.g. `db3`, `coif1`), decomposition level and response (e.g. `LLH`).
    public var wavelet: String?
    public var level: Int?
    public var response: String?
    /// Rotation invariance and the pooling of rotated responses (max, average).
    public var rotationInvariant: Bool?
    public var pooling: String?
    /// Filter each slice on its own (2D filters).
    public var inPlane: Bool?

    public init(type: String) { self.type = type }

    public static let types = ["none", "original", "mean", "log", "laws", "gabor", "wavelet", "simoncelli",
                               "pyradiomics-log", "pyradiomics-wavelet", "square", "squareroot", "logarithm", "exponential",
                               "gradient", "lbp2d", "lbp3d"]
    public static let boundaries = ["constant", "nearest", "periodic", "mirror"]
    public static let poolings = ["max", "average"]
}
