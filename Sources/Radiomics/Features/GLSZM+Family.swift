extension ExtractionSettings.Family {
    public static let glszm = Self("glszm")
}

/// Grey level size zone matrix features (IBSI 1 §3.8); zones labelled ahead when the GLDZM runs too (`ZoneTable`).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in GLSZM.swift.
struct GLSZMFamily: FeatureFamily {
    let id = ExtractionSettings.Family.glszm
    let tagPrefix = "szm_"
    let pyradiomicsClass: String? = "glszm"
    let aggregation = Aggregation.planar

    func cost(part: Int) -> Int { 5 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { GLSZMFeatures.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("szm_sze", "Small zone emphasis", ibsi: "5QRC", pyradiomics: "SmallAreaEmphasis", "Σ s_ij / j² / N_s"),
        .init("szm_lze", "Large zone emphasis", ibsi: "48P8", pyradiomics: "LargeAreaEmphasis", "Σ j² s_ij / N_s"),
        .init("szm_lgze", "Low grey level emphasis", ibsi: "XMSY", pyradiomics: "LowGrayLevelZoneEmphasis", "Σ s_ij / i² / N_s"),
        .init("szm_hgze", "High grey level emphasis", ibsi: "5GN9", pyradiomics: "HighGrayLevelZoneEmphasis", "Σ i² s_ij / N_s"),
        .init("szm_szlge", "Small zone low grey level emphasis", ibsi: "5RAI", pyradiomics: "SmallAreaLowGrayLevelEmphasis", "Σ s_ij / (i² j²) / N_s"),
        .init("szm_szhge", "Small zone high grey level emphasis", ibsi: "HW1V", pyradiomics: "SmallAreaHighGrayLevelEmphasis", "Σ i² s_ij / j² / N_s"),
        .init("szm_lzlge", "Large zone low grey level emphasis", ibsi: "YH51", pyradiomics: "LargeAreaLowGrayLevelEmphasis", "Σ j² s_ij / i² / N_s"),
        .init("szm_lzhge", "Large zone high grey level emphasis", ibsi: "J17V", pyradiomics: "LargeAreaHighGrayLevelEmphasis", "Σ i² j² s_ij / N_s"),
        .init("szm_glnu", "Grey level non-uniformity", ibsi: "JNSA", pyradiomics: "GrayLevelNonUniformity", "Σ_i (Σ_j s_ij)² / N_s"),
        .init("szm_glnu_norm", "Normalised grey level non-uniformity", ibsi: "Y1RO", pyradiomics: "GrayLevelNonUniformityNormalized", "Σ_i (Σ_j s_ij)² / N_s²"),
        .init("szm_zsnu", "Zone size non-uniformity", ibsi: "4JP3", pyradiomics: "SizeZoneNonUniformity", "Σ_j (Σ_i s_ij)² / N_s"),
        .init("szm_zsnu_norm", "Normalised zone size non-uniformity", ibsi: "VB3A", pyradiomics: "SizeZoneNonUniformityNormalized", "Σ_j (Σ_i s_ij)² / N_s²"),
        .init("szm_z_perc", "Zone percentage", ibsi: "P30P", pyradiomics: "ZonePercentage", "N_s / N_v"),
        .init("szm_gl_var", "Grey level variance", ibsi: "BYLV", pyradiomics: "GrayLevelVariance", "Σ (i − μ)² p_ij, p_ij = s_ij / N_s"),
        .init("szm_zs_var", "Zone size variance", ibsi: "3NSA", pyradiomics: "ZoneVariance", "Σ (j − μ)² p_ij"),
        .init("szm_zs_entr", "Zone size entropy", ibsi: "GU8N", pyradiomics: "ZoneEntropy", "−Σ p_ij log₂ p_ij"),
    ]
}
