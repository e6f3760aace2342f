/// A feature family (IBSI 1 §3.x, or pyradiomics' GLDM): everything the pipeline, the catalogue
/// and the table need to know about it, in one conformance per family (`<Family>+Family.swift`,
/// beside the family's formulas). `FamilyRegistry.families` lists them in output order.
///
/// A new feature: its formula in the family's file and one `catalogue` line. A new family: one
/// file with its formulas and conformance, and one line in `FamilyRegistry.families`.
protocol FeatureFamily: Sendable {
    /// What settings, YAML `families:` and `radiomics features --family` call it.
    var id: ExtractionSettings.Family { get }
    /// The IBSI tag prefix of its features (`cm_`).
    var tagPrefix: String { get }
    /// pyradiomics' feature class of its counterparts (`glcm`, `firstorder`); nil for none.
    var pyradiomicsClass: String? { get }
    /// Its features in output order: the tag stems (and, for the matrix families, the order of
    /// the values their `compute` returns).
    var catalogue: [CatalogueEntry] { get }
    /// How its tags are suffixed per texture dimension.
    var aggregation: Aggregation { get }
    /// Independent pieces computed in parallel; the family's features are theirs in part order.
    var parts: Int { get }
    /// The stage name of a part in `StageTimes` (`extract -v`, `bench-data --profile`).
    func stageName(part: Int) -> String
    /// Rough relative cost of a part on a large ROI: the extractor starts the long ones first.
    func cost(part: Int) -> Int
    /// The features of one part, tagged, in catalogue order.
    func features(part: Int, _ roi: ROIContext) -> [Feature]
    /// Every tag the family produces for a texture dimension, in output order.
    func tags(dimension: ExtractionSettings.TextureDimension) -> [String]
}

/// One catalogue line: the IBSI tag stem (the tag without aggregation suffix), the IBSI name,
/// the IBSI 1 identifier (the manual's 4-character code; nil for features IBSI did not
/// standardise), pyradiomics' name of the same quantity (nil for none) and a one-line definition.
struct CatalogueEntry: Sendable {
    var stem, name: String
    var ibsi, pyradiomics: String?
    var definition: String
    init(_ stem: String, _ name: String, ibsi: String?, pyradiomics: String?, _ definition: String) {
        (self.stem, self.name, self.ibsi, self.pyradiomics, self.definition) = (stem, name, ibsi, pyradiomics, definition)
    }
}

/// Aggregation of a family's texture matrices (IBSI 1 §3.6 ff.), as tag suffixes.
enum Aggregation: Sendable {
    /// One value per feature: not a texture family, or one matrix for the ROI (pyradiomics' GLDM).
    case none
    /// Per-direction matrices, averaged over directions or merged before computing (GLCM, GLRLM).
    case directional
    /// One matrix per slice or for the volume (GLSZM, GLDZM, NGTDM, NGLDM).
    case planar

    func suffixes(_ dimension: ExtractionSettings.TextureDimension) -> [String] {
        let (twoD, threeD): ([String], [String])
        switch self {
        case .none: return [""]
        case .directional: (twoD, threeD) = (["_2D_avg", "_2D_comb", "_2_5D_avg", "_2_5D_comb"], ["_3D_avg", "_3D_comb"])
        case .planar: (twoD, threeD) = (["_2D", "_2_5D"], ["_3D"])
        }
        return dimension == .twoD ? twoD : dimension == .threeD ? threeD : twoD + threeD
    }
}

extension FeatureFamily {
    var pyradiomicsClass: String? { nil }
    var aggregation: Aggregation { .none }
    var parts: Int { 1 }
    func stageName(part: Int) -> String { id.rawValue }

    func tags(dimension: ExtractionSettings.TextureDimension) -> [String] {
        let suffixes = aggregation.suffixes(dimension)
        return catalogue.flatMap { f in suffixes.map { f.stem + $0 } }
    }

    /// The feature names without the tag prefix (`joint_max`), in catalogue order: the names the
    /// matrix families tag their `compute` values with.
    var featureNames: [String] { catalogue.map { String($0.stem.dropFirst(tagPrefix.count)) } }

    /// Its catalogue as `FeatureInfo`s (the pyradiomics name as its original-image column).
    var infos: [FeatureInfo] {
        catalogue.map { e in
            FeatureInfo(e.stem, id, e.name, e.definition, ibsiIdentifier: e.ibsi,
                        pyradiomics: e.pyradiomics.flatMap { name in pyradiomicsClass.map { "original_\($0)_\(name)" } })
        }
    }
}

extension ExtractionSettings {
    /// A feature family's id (`glcm`, `local-intensity`). Each family's file declares its own
    /// (`Family.glcm`); `allCases` and the order are `FamilyRegistry.families`'.
    public struct Family: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, Comparable {
        public let rawValue: String

        init(_ rawValue: String) { self.rawValue = rawValue }

        /// nil unless a registered family has this id.
        public init?(rawValue: String) {
            guard FamilyRegistry.position[rawValue] != nil else { return nil }
            self.rawValue = rawValue
        }

        public static var allCases: [Family] { FamilyRegistry.families.map(\.id) }

        public static func < (a: Family, b: Family) -> Bool {
            FamilyRegistry.position[a.rawValue, default: .max] < FamilyRegistry.position[b.rawValue, default: .max]
        }

        public init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            guard let family = Family(rawValue: raw) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown feature family '\(raw)'"))
            }
            self = family
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(rawValue)
        }
    }
}
