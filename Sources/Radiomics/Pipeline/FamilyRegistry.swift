/// Every feature family, in output order (the column order of a table, of `radiomics features`
/// and of YAML `families:`). A new family is one line here.
enum FamilyRegistry {
    static let families: [any FeatureFamily] = [
        DiagnosticsFamily(),
        MorphologyFamily(),
        LocalIntensityFamily(),
        StatisticsFamily(),
        IntensityHistogramFamily(),
        IntensityVolumeHistogramFamily(),
        GLCMFamily(),
        GLRLMFamily(),
        GLSZMFamily(),
        GLDZMFamily(),
        NGTDMFamily(),
        NGLDMFamily(),
        GLDMFamily(),
    ]

    /// A family's index in `families`, by id.
    static let position: [String: Int] = Dictionary(uniqueKeysWithValues: families.enumerated().map { ($1.id.rawValue, $0) })

    /// The family with this id (every `Family` value is a registered one).
    static func family(_ id: ExtractionSettings.Family) -> any FeatureFamily {
        families[position[id.rawValue]!]
    }

    /// Every feature of a family, its parts in order.
    static func features(_ id: ExtractionSettings.Family, _ roi: ROIContext) -> [Feature] {
        let family = family(id)
        return (0..<family.parts).flatMap { family.features(part: $0, roi) }
    }
}
