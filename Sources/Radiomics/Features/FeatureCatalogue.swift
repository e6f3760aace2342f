/// One feature of the catalogue: its IBSI tag stem (the tag without aggregation suffix), family,
/// IBSI name and a one-line definition.
public struct FeatureInfo: Sendable, Equatable {
    public var stem: String
    public var family: ExtractionSettings.Family
    public var name: String
    public var definition: String
    public init(_ stem: String, _ family: ExtractionSettings.Family, _ name: String, _ definition: String) {
        self.stem = stem
        self.family = family
        self.name = name
        self.definition = definition
    }
}

/// Every feature the tool knows, and the exact column set a given `ExtractionSettings` produces.
///
/// The batch writer needs the wide column set before the first case has run (the header is
/// written first and every row has every column), so the column set is derived from the
/// settings here, not from the first result.
public enum FeatureCatalogue {
    /// Aggregation suffixes of a family's tags for a texture dimension (IBSI 1 §3.6 ff.).
    /// Non-texture families have a single empty suffix.
    public static func aggregationSuffixes(_ family: ExtractionSettings.Family,
                                           dimension: ExtractionSettings.TextureDimension) -> [String] {
        switch family {
        case .glcm, .glrlm:
            // Per-direction matrices: averaged over directions or merged before computing.
            let twoD = ["_2D_avg", "_2D_comb", "_2_5D_avg", "_2_5D_comb"], threeD = ["_3D_avg", "_3D_comb"]
            return dimension == .twoD ? twoD : dimension == .threeD ? threeD : twoD + threeD
        case .gldm:
            // pyradiomics' GLDM: one matrix for the ROI (3D, or slices merged in 2D), no suffix.
            return [""]
        case .glszm, .gldzm, .ngtdm, .ngldm:
            let twoD = ["_2D", "_2_5D"], threeD = ["_3D"]
            return dimension == .twoD ? twoD : dimension == .threeD ? threeD : twoD + threeD
        default:
            return [""]
        }
    }

    /// The IBSI diagnostic tags (`Diagnostics-*` rows of the reference tables), stage by stage.
    public static let diagnosticTags: [String] = {
        let img = ["img_dim_x", "img_dim_y", "img_dim_z", "vox_dim_x", "vox_dim_y", "vox_dim_z", "mean_int", "min_int", "max_int"]
        let roi = ["int_mask_dim_x", "int_mask_dim_y", "int_mask_dim_z", "int_mask_bb_dim_x", "int_mask_bb_dim_y", "int_mask_bb_dim_z",
                   "morph_mask_bb_dim_x", "morph_mask_bb_dim_y", "morph_mask_bb_dim_z", "int_mask_vox_count", "morph_mask_vox_count",
                   "int_mask_mean_int", "int_mask_min_int", "int_mask_max_int"]
        return ["init", "interp"].flatMap { s in img.map { "\($0)_\(s)_img" } }
            + ["init", "interp", "reseg"].flatMap { s in roi.map { "\($0)_\(s)_roi" } }
    }()

    /// The features of one family, in catalogue order.
    public static func features(of family: ExtractionSettings.Family) -> [FeatureInfo] {
        features.filter { $0.family == family }
    }

    /// Every tag `settings` produces, in output order: families in `Family` order, then
    /// catalogue order, each stem followed by its aggregation suffixes.
    public static func tags(for settings: ExtractionSettings) -> [String] {
        var out: [String] = []
        for family in settings.families.sorted() {
            if family == .diagnostics { out += diagnosticTags; continue }
            let suffixes = aggregationSuffixes(family, dimension: settings.textureDimension)
            for f in features(of: family) { for s in suffixes { out.append(f.stem + s) } }
        }
        return out
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
