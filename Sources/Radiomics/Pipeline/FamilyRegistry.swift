/// Maps each feature family to the code that computes it from the processed ROI.
enum FamilyRegistry {
    static func features(_ family: ExtractionSettings.Family, _ roi: ROIContext) -> [Feature] {
        switch family {
        case .diagnostics: []
        case .morphology: Morphology.features(roi)
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
