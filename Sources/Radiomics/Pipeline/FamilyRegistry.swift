/// Maps each feature family to the code that computes it from the processed ROI.
enum FamilyRegistry {
    static func features(_ family: ExtractionSettings.Family, _ roi: ROIContext) -> [Feature] {
        switch family {
        case .diagnostics: []
        case .morphology: Morphology.features(roi)
        default: []
        }
    }
}
