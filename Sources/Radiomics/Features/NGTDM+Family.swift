extension ExtractionSettings.Family {
    public static let ngtdm = Self("ngtdm")
}

/// Neighbourhood grey tone difference matrix features (IBSI 1 §3.10).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in NGTDM.swift.
struct NGTDMFamily: FeatureFamily {
    let id = ExtractionSettings.Family.ngtdm
    let tagPrefix = "ngt_"
    let pyradiomicsClass: String? = "ngtdm"
    let aggregation = Aggregation.planar

    func cost(part: Int) -> Int { 5 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { NGTDMFeatures.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("ngt_coarseness", "Coarseness", ibsi: "QCDE", pyradiomics: "Coarseness", "1 / Σ p_i s_i"),
        .init("ngt_contrast", "Contrast", ibsi: "65HE", pyradiomics: "Contrast", "(Σ_i Σ_j p_i p_j (i − j)² / (N_g(N_g − 1))) · (Σ s_i / N_v)"),
        .init("ngt_busyness", "Busyness", ibsi: "NQ30", pyradiomics: "Busyness", "Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|"),
        .init("ngt_complexity", "Complexity", ibsi: "HDEZ", pyradiomics: "Complexity", "Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (N_v (p_i + p_j))"),
        .init("ngt_strength", "Strength", ibsi: "1X9X", pyradiomics: "Strength", "Σ_i Σ_j (p_i + p_j)(i − j)² / Σ s_i"),
    ]
}
