extension ExtractionSettings.Family {
    public static let gldzm = Self("gldzm")
}

/// Grey level distance zone matrix features (IBSI 1 §3.9); zones labelled ahead when the GLSZM runs too (`ZoneTable`).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in GLDZM.swift.
struct GLDZMFamily: FeatureFamily {
    let id = ExtractionSettings.Family.gldzm
    let tagPrefix = "dzm_"
    let aggregation = Aggregation.planar

    func cost(part: Int) -> Int { 5 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { GLDZMFeatures.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("dzm_sde", "Small distance emphasis", ibsi: "0GBI", pyradiomics: nil, "Σ d_ij / j² / N_s"),
        .init("dzm_lde", "Large distance emphasis", ibsi: "MB4I", pyradiomics: nil, "Σ j² d_ij / N_s"),
        .init("dzm_lgze", "Low grey level emphasis", ibsi: "S1RA", pyradiomics: nil, "Σ d_ij / i² / N_s"),
        .init("dzm_hgze", "High grey level emphasis", ibsi: "K26C", pyradiomics: nil, "Σ i² d_ij / N_s"),
        .init("dzm_sdlge", "Small distance low grey level emphasis", ibsi: "RUVG", pyradiomics: nil, "Σ d_ij / (i² j²) / N_s"),
        .init("dzm_sdhge", "Small distance high grey level emphasis", ibsi: "DKNJ", pyradiomics: nil, "Σ i² d_ij / j² / N_s"),
        .init("dzm_ldlge", "Large distance low grey level emphasis", ibsi: "A7WM", pyradiomics: nil, "Σ j² d_ij / i² / N_s"),
        .init("dzm_ldhge", "Large distance high grey level emphasis", ibsi: "KLTH", pyradiomics: nil, "Σ i² j² d_ij / N_s"),
        .init("dzm_glnu", "Grey level non-uniformity", ibsi: "VFT7", pyradiomics: nil, "Σ_i (Σ_j d_ij)² / N_s"),
        .init("dzm_glnu_norm", "Normalised grey level non-uniformity", ibsi: "7HP3", pyradiomics: nil, "Σ_i (Σ_j d_ij)² / N_s²"),
        .init("dzm_zdnu", "Zone distance non-uniformity", ibsi: "V294", pyradiomics: nil, "Σ_j (Σ_i d_ij)² / N_s"),
        .init("dzm_zdnu_norm", "Normalised zone distance non-uniformity", ibsi: "IATH", pyradiomics: nil, "Σ_j (Σ_i d_ij)² / N_s²"),
        .init("dzm_z_perc", "Zone percentage", ibsi: "VIWW", pyradiomics: nil, "N_s / N_v"),
        .init("dzm_gl_var", "Grey level variance", ibsi: "QK93", pyradiomics: nil, "Σ (i − μ)² p_ij, p_ij = d_ij / N_s"),
        .init("dzm_zd_var", "Zone distance variance", ibsi: "7WT1", pyradiomics: nil, "Σ (j − μ)² p_ij"),
        .init("dzm_zd_entr", "Zone distance entropy", ibsi: "GBDU", pyradiomics: nil, "−Σ p_ij log₂ p_ij"),
    ]
}
