/// Maps each feature family to the code that computes it from the processed ROI.
enum FamilyRegistry {
    static func features(_ family: ExtractionSettings.Family, _ roi: ROIContext) -> [Feature] {
        (0..<parts(family)).flatMap { features(family, part: $0, roi) }
    }

    /// Independent parts of a family, computed as separate parallel pieces (their features
    /// concatenated in part order give the family's): the morphology's mesh-based features and
    /// its Moran's I / Geary's C, each as long as the other families of a large ROI together.
    static func parts(_ family: ExtractionSettings.Family) -> Int {
        family == .morphology ? 2 : 1
    }

    /// The stage name of a part in `StageTimes` (`extract -v`, `bench-data --profile`).
    static func stageName(_ family: ExtractionSettings.Family, part: Int) -> String {
        family == .morphology && part == 1 ? "morphology (Moran, Geary)" : family.rawValue
    }

    static func features(_ family: ExtractionSettings.Family, part: Int, _ roi: ROIContext) -> [Feature] {
        switch family {
        case .diagnostics: []
        case .morphology: part == 0 ? Morphology.shapeFeatures(roi, shape: roi.morphologyShape) : Morphology.autocorrelationFeatures(roi)
        case .glcm: GLCMFeatures.features(roi)
        case .glrlm: GLRLMFeatures.features(roi)
        case .glszm: GLSZMFeatures.features(roi)
        case .gldzm: GLDZMFeatures.features(roi)
        case .ngtdm: NGTDMFeatures.features(roi)
        case .ngldm: NGLDMFeatures.features(roi)
        case .gldm: GLDMFeatures.features(roi)
        case .localIntensity: LocalIntensity.features(roi)
        case .statistics: IntensityStatistics.features(roi)
        case .intensityHistogram: IntensityHistogram.features(roi)
        case .intensityVolumeHistogram: IntensityVolumeHistogram.features(roi)
        }
    }
}
