extension ExtractionSettings.Family {
    public static let glrlm = Self("glrlm")
}

/// Grey level run length matrix features (IBSI 1 §3.7).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in GLRLM.swift.
struct GLRLMFamily: FeatureFamily {
    let id = ExtractionSettings.Family.glrlm
    let tagPrefix = "rlm_"
    let pyradiomicsClass: String? = "glrlm"
    let aggregation = Aggregation.directional

    func cost(part: Int) -> Int { 10 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { GLRLMFeatures.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("rlm_sre", "Short runs emphasis", ibsi: "22OV", pyradiomics: "ShortRunEmphasis", "Σ r_ij / j² / N_s"),
        .init("rlm_lre", "Long runs emphasis", ibsi: "W4KF", pyradiomics: "LongRunEmphasis", "Σ j² r_ij / N_s"),
        .init("rlm_lgre", "Low grey level run emphasis", ibsi: "V3SW", pyradiomics: "LowGrayLevelRunEmphasis", "Σ r_ij / i² / N_s"),
        .init("rlm_hgre", "High grey level run emphasis", ibsi: "G3QZ", pyradiomics: "HighGrayLevelRunEmphasis", "Σ i² r_ij / N_s"),
        .init("rlm_srlge", "Short run low grey level emphasis", ibsi: "HTZT", pyradiomics: "ShortRunLowGrayLevelEmphasis", "Σ r_ij / (i² j²) / N_s"),
        .init("rlm_srhge", "Short run high grey level emphasis", ibsi: "GD3A", pyradiomics: "ShortRunHighGrayLevelEmphasis", "Σ i² r_ij / j² / N_s"),
        .init("rlm_lrlge", "Long run low grey level emphasis", ibsi: "IVPO", pyradiomics: "LongRunLowGrayLevelEmphasis", "Σ j² r_ij / i² / N_s"),
        .init("rlm_lrhge", "Long run high grey level emphasis", ibsi: "3KUM", pyradiomics: "LongRunHighGrayLevelEmphasis", "Σ i² j² r_ij / N_s"),
        .init("rlm_glnu", "Grey level non-uniformity", ibsi: "R5YN", pyradiomics: "GrayLevelNonUniformity", "Σ_i (Σ_j r_ij)² / N_s"),
        .init("rlm_glnu_norm", "Normalised grey level non-uniformity", ibsi: "OVBL", pyradiomics: "GrayLevelNonUniformityNormalized", "Σ_i (Σ_j r_ij)² / N_s²"),
        .init("rlm_rlnu", "Run length non-uniformity", ibsi: "W92Y", pyradiomics: "RunLengthNonUniformity", "Σ_j (Σ_i r_ij)² / N_s"),
        .init("rlm_rlnu_norm", "Normalised run length non-uniformity", ibsi: "IC23", pyradiomics: "RunLengthNonUniformityNormalized", "Σ_j (Σ_i r_ij)² / N_s²"),
        .init("rlm_r_perc", "Run percentage", ibsi: "9ZK5", pyradiomics: "RunPercentage", "N_s / N_v"),
        .init("rlm_gl_var", "Grey level variance", ibsi: "8CE5", pyradiomics: "GrayLevelVariance", "Σ (i − μ)² p_ij, p_ij = r_ij / N_s"),
        .init("rlm_rl_var", "Run length variance", ibsi: "SXLW", pyradiomics: "RunVariance", "Σ (j − μ)² p_ij"),
        .init("rlm_rl_entr", "Run entropy", ibsi: "HJ9O", pyradiomics: "RunEntropy", "−Σ p_ij log₂ p_ij"),
    ]
}
