extension ExtractionSettings.Family {
    public static let ngldm = Self("ngldm")
}

/// Neighbouring grey level dependence matrix features (IBSI 1 §3.11).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in NGLDM.swift.
struct NGLDMFamily: FeatureFamily {
    let id = ExtractionSettings.Family.ngldm
    let tagPrefix = "ngl_"
    let aggregation = Aggregation.planar

    func cost(part: Int) -> Int { 10 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { NGLDMFeatures.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("ngl_lde", "Low dependence emphasis", ibsi: "SODN", pyradiomics: nil, "Σ s_ij / j² / N_s"),
        .init("ngl_hde", "High dependence emphasis", ibsi: "IMOQ", pyradiomics: nil, "Σ j² s_ij / N_s"),
        .init("ngl_lgce", "Low grey level count emphasis", ibsi: "TL9H", pyradiomics: nil, "Σ s_ij / i² / N_s"),
        .init("ngl_hgce", "High grey level count emphasis", ibsi: "OAE7", pyradiomics: nil, "Σ i² s_ij / N_s"),
        .init("ngl_ldlge", "Low dependence low grey level emphasis", ibsi: "EQ3F", pyradiomics: nil, "Σ s_ij / (i² j²) / N_s"),
        .init("ngl_ldhge", "Low dependence high grey level emphasis", ibsi: "JA6D", pyradiomics: nil, "Σ i² s_ij / j² / N_s"),
        .init("ngl_hdlge", "High dependence low grey level emphasis", ibsi: "NBZI", pyradiomics: nil, "Σ j² s_ij / i² / N_s"),
        .init("ngl_hdhge", "High dependence high grey level emphasis", ibsi: "9QMG", pyradiomics: nil, "Σ i² j² s_ij / N_s"),
        .init("ngl_glnu", "Grey level non-uniformity", ibsi: "FP8K", pyradiomics: nil, "Σ_i (Σ_j s_ij)² / N_s"),
        .init("ngl_glnu_norm", "Normalised grey level non-uniformity", ibsi: "5SPA", pyradiomics: nil, "Σ_i (Σ_j s_ij)² / N_s²"),
        .init("ngl_dcnu", "Dependence count non-uniformity", ibsi: "Z87G", pyradiomics: nil, "Σ_j (Σ_i s_ij)² / N_s"),
        .init("ngl_dcnu_norm", "Normalised dependence count non-uniformity", ibsi: "OKJI", pyradiomics: nil, "Σ_j (Σ_i s_ij)² / N_s²"),
        .init("ngl_dc_perc", "Dependence count percentage", ibsi: "6XV8", pyradiomics: nil, "N_s / N_v (1 by definition of the count)"),
        .init("ngl_gl_var", "Grey level variance", ibsi: "1PFV", pyradiomics: nil, "Σ (i − μ)² p_ij, p_ij = s_ij / N_s"),
        .init("ngl_dc_var", "Dependence count variance", ibsi: "DNX2", pyradiomics: nil, "Σ (j − μ)² p_ij"),
        .init("ngl_dc_entr", "Dependence count entropy", ibsi: "FCBV", pyradiomics: nil, "−Σ p_ij log₂ p_ij"),
        .init("ngl_dc_energy", "Dependence count energy", ibsi: "CAS9", pyradiomics: nil, "Σ p_ij²"),
    ]
}
