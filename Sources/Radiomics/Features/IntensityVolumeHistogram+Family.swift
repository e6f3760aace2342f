extension ExtractionSettings.Family {
    public static let intensityVolumeHistogram = Self("intensity-volume-histogram")
}

/// Intensity-volume histogram features (IBSI 1 §3.5).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in IntensityVolumeHistogram.swift.
struct IntensityVolumeHistogramFamily: FeatureFamily {
    let id = ExtractionSettings.Family.intensityVolumeHistogram
    let tagPrefix = "ivh_"

    func cost(part: Int) -> Int { 1 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { IntensityVolumeHistogram.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("ivh_v10", "Volume fraction at 10% intensity", ibsi: "BC2M", pyradiomics: nil, "volume fraction with intensity ≥ 10% of the intensity range"),
        .init("ivh_v90", "Volume fraction at 90% intensity", ibsi: "BC2M", pyradiomics: nil, "volume fraction with intensity ≥ 90% of the intensity range"),
        .init("ivh_i10", "Intensity at 10% volume", ibsi: "GBPN", pyradiomics: nil, "lowest intensity of the 10% highest-intensity volume"),
        .init("ivh_i90", "Intensity at 90% volume", ibsi: "GBPN", pyradiomics: nil, "lowest intensity of the 90% highest-intensity volume"),
        .init("ivh_diff_v10_v90", "Volume fraction difference between 10% and 90% intensity", ibsi: "DDTU", pyradiomics: nil, "V10 − V90"),
        .init("ivh_diff_i10_i90", "Intensity difference between 10% and 90% volume", ibsi: "CNV2", pyradiomics: nil, "I10 − I90"),
        .init("ivh_auc", "Area under the IVH curve", ibsi: "9CMM", pyradiomics: nil, "area under the intensity-volume histogram curve"),
    ]
}
