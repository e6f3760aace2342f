extension ExtractionSettings.Family {
    public static let gldm = Self("gldm")
}

/// pyradiomics' grey level dependence matrix features (no IBSI identifiers, one aggregation).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in GLDM.swift.
struct GLDMFamily: FeatureFamily {
    let id = ExtractionSettings.Family.gldm
    let tagPrefix = "gldm_"
    let pyradiomicsClass: String? = "gldm"

    func cost(part: Int) -> Int { 10 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { GLDMFeatures.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("gldm_SmallDependenceEmphasis", "Small dependence emphasis", ibsi: nil, pyradiomics: "SmallDependenceEmphasis", "Σ p(i,j) / j² / N_z"),
        .init("gldm_LargeDependenceEmphasis", "Large dependence emphasis", ibsi: nil, pyradiomics: "LargeDependenceEmphasis", "Σ j² p(i,j) / N_z"),
        .init("gldm_GrayLevelNonUniformity", "Grey level non-uniformity", ibsi: nil, pyradiomics: "GrayLevelNonUniformity", "Σ_i (Σ_j p(i,j))² / N_z"),
        .init("gldm_DependenceNonUniformity", "Dependence non-uniformity", ibsi: nil, pyradiomics: "DependenceNonUniformity", "Σ_j (Σ_i p(i,j))² / N_z"),
        .init("gldm_DependenceNonUniformityNormalized", "Normalised dependence non-uniformity", ibsi: nil, pyradiomics: "DependenceNonUniformityNormalized", "Σ_j (Σ_i p(i,j))² / N_z²"),
        .init("gldm_GrayLevelVariance", "Grey level variance", ibsi: nil, pyradiomics: "GrayLevelVariance", "Σ (i − μ)² p(i,j) / N_z"),
        .init("gldm_DependenceVariance", "Dependence variance", ibsi: nil, pyradiomics: "DependenceVariance", "Σ (j − μ)² p(i,j) / N_z"),
        .init("gldm_DependenceEntropy", "Dependence entropy", ibsi: nil, pyradiomics: "DependenceEntropy", "−Σ (p(i,j)/N_z) log₂ (p(i,j)/N_z)"),
        .init("gldm_LowGrayLevelEmphasis", "Low grey level emphasis", ibsi: nil, pyradiomics: "LowGrayLevelEmphasis", "Σ p(i,j) / i² / N_z"),
        .init("gldm_HighGrayLevelEmphasis", "High grey level emphasis", ibsi: nil, pyradiomics: "HighGrayLevelEmphasis", "Σ i² p(i,j) / N_z"),
        .init("gldm_SmallDependenceLowGrayLevelEmphasis", "Small dependence low grey level emphasis", ibsi: nil, pyradiomics: "SmallDependenceLowGrayLevelEmphasis", "Σ p(i,j) / (i² j²) / N_z"),
        .init("gldm_SmallDependenceHighGrayLevelEmphasis", "Small dependence high grey level emphasis", ibsi: nil, pyradiomics: "SmallDependenceHighGrayLevelEmphasis", "Σ i² p(i,j) / j² / N_z"),
        .init("gldm_LargeDependenceLowGrayLevelEmphasis", "Large dependence low grey level emphasis", ibsi: nil, pyradiomics: "LargeDependenceLowGrayLevelEmphasis", "Σ j² p(i,j) / i² / N_z"),
        .init("gldm_LargeDependenceHighGrayLevelEmphasis", "Large dependence high grey level emphasis", ibsi: nil, pyradiomics: "LargeDependenceHighGrayLevelEmphasis", "Σ i² j² p(i,j) / N_z"),
    ]
}
