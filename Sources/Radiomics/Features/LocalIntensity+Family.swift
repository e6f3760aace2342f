extension ExtractionSettings.Family {
    public static let localIntensity = Self("local-intensity")
}

/// Local intensity features (IBSI 1 §3.2).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in LocalIntensity.swift.
struct LocalIntensityFamily: FeatureFamily {
    let id = ExtractionSettings.Family.localIntensity
    let tagPrefix = "loc_"

    func cost(part: Int) -> Int { 20 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { LocalIntensity.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("loc_peak_loc", "Local intensity peak", ibsi: "VJGA", pyradiomics: nil, "mean intensity in a 1 cm³ sphere centred on the hottest voxel"),
        .init("loc_peak_glob", "Global intensity peak", ibsi: "0F91", pyradiomics: nil, "largest mean intensity in a 1 cm³ sphere centred on any ROI voxel"),
    ]
}
