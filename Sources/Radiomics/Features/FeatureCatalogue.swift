/// One feature of the catalogue: its IBSI tag stem (the tag without aggregation suffix), family,
/// IBSI name, one-line definition, IBSI identifier and pyradiomics column, from its family's
/// catalogue line (`<Family>+Family.swift`).
public struct FeatureInfo: Sendable, Equatable {
    public var stem: String
    public var family: ExtractionSettings.Family
    public var name: String
    public var definition: String
    /// The IBSI 1 identifier (the manual's 4-character code); nil for features IBSI did not
    /// standardise (pyradiomics' GLDM).
    public var ibsiIdentifier: String?
    /// The pyradiomics column (`original_<class>_<Feature>`, for the original image) that
    /// measures the same quantity. pyradiomics' definitions differ in places (kurtosis not
    /// excess, its bin edges, GLCM averaged with weightingNorm, mesh shape features), so values
    /// agree only in pyradiomics mode; nil for features without a counterpart.
    public var pyradiomics: String?
    public init(_ stem: String, _ family: ExtractionSettings.Family, _ name: String, _ definition: String,
                ibsiIdentifier: String? = nil, pyradiomics: String? = nil) {
        self.stem = stem
        self.family = family
        self.name = name
        self.definition = definition
        self.ibsiIdentifier = ibsiIdentifier
        self.pyradiomics = pyradiomics
    }
}

/// Every feature the tool knows, and the exact column set a given `ExtractionSettings` produces.
///
/// The batch writer needs the wide column set before the first case has run (the header is
/// written first and every row has every column), so the column set is derived from the
/// settings here, not from the first result.
public enum FeatureCatalogue {
    /// Every feature, family by family in registry order, each in its catalogue order.
    public static let features: [FeatureInfo] = FamilyRegistry.families.flatMap(\.infos)

    /// Aggregation suffixes of a family's tags for a texture dimension (IBSI 1 §3.6 ff.).
    /// Non-texture families have a single empty suffix.
    public static func aggregationSuffixes(_ family: ExtractionSettings.Family,
                                           dimension: ExtractionSettings.TextureDimension) -> [String] {
        FamilyRegistry.family(family).aggregation.suffixes(dimension)
    }

    /// The IBSI diagnostic tags (`Diagnostics-*` rows of the reference tables), stage by stage.
    public static var diagnosticTags: [String] { DiagnosticsFamily.tags }

    /// The features of one family, in catalogue order.
    public static func features(of family: ExtractionSettings.Family) -> [FeatureInfo] {
        features.filter { $0.family == family }
    }

    /// Every tag `settings` produces, in output order: families in registry order, then
    /// catalogue order, each stem followed by its aggregation suffixes.
    public static func tags(for settings: ExtractionSettings) -> [String] {
        settings.families.sorted().flatMap { FamilyRegistry.family($0).tags(dimension: settings.textureDimension) }
    }

    /// The catalogue entry of a full tag (with or without aggregation suffix), if any.
    public static func info(forTag tag: String) -> FeatureInfo? {
        let stem = stem(of: tag)
        return features.first { $0.stem == stem }
    }

    /// A tag without its aggregation suffix (`cm_joint_max_3D_avg` → `cm_joint_max`).
    public static func stem(of tag: String) -> String {
        for suffix in ["_2D_avg", "_2D_comb", "_2_5D_avg", "_2_5D_comb", "_3D_avg", "_3D_comb", "_2_5D", "_2D", "_3D"]
        where tag.hasSuffix(suffix) {
            return String(tag.dropLast(suffix.count))
        }
        return tag
    }
}
