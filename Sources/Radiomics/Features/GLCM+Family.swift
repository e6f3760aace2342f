extension ExtractionSettings.Family {
    public static let glcm = Self("glcm")
}

/// Grey level co-occurrence matrix features (IBSI 1 §3.6).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in GLCM.swift.
struct GLCMFamily: FeatureFamily {
    let id = ExtractionSettings.Family.glcm
    let tagPrefix = "cm_"
    let pyradiomicsClass: String? = "glcm"
    let aggregation = Aggregation.directional

    func cost(part: Int) -> Int { 5 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { GLCMFeatures.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("cm_joint_max", "Joint maximum", ibsi: "GYBY", pyradiomics: "MaximumProbability", "max p_ij"),
        .init("cm_joint_avg", "Joint average", ibsi: "60VM", pyradiomics: "JointAverage", "Σ i p_ij"),
        .init("cm_joint_var", "Joint variance", ibsi: "UR99", pyradiomics: "SumSquares", "Σ (i − μ)² p_ij"),
        .init("cm_joint_entr", "Joint entropy", ibsi: "TU9B", pyradiomics: "JointEntropy", "−Σ p_ij log₂ p_ij"),
        .init("cm_diff_avg", "Difference average", ibsi: "TF7R", pyradiomics: "DifferenceAverage", "Σ k p_{x−y}(k)"),
        .init("cm_diff_var", "Difference variance", ibsi: "D3YU", pyradiomics: "DifferenceVariance", "Σ (k − μ_{x−y})² p_{x−y}(k)"),
        .init("cm_diff_entr", "Difference entropy", ibsi: "NTRS", pyradiomics: "DifferenceEntropy", "−Σ p_{x−y}(k) log₂ p_{x−y}(k)"),
        .init("cm_sum_avg", "Sum average", ibsi: "ZGXS", pyradiomics: "SumAverage", "Σ k p_{x+y}(k)"),
        .init("cm_sum_var", "Sum variance", ibsi: "OEEB", pyradiomics: nil, "Σ (k − μ_{x+y})² p_{x+y}(k)"),
        .init("cm_sum_entr", "Sum entropy", ibsi: "P6QZ", pyradiomics: "SumEntropy", "−Σ p_{x+y}(k) log₂ p_{x+y}(k)"),
        .init("cm_energy", "Angular second moment", ibsi: "8ZQL", pyradiomics: "JointEnergy", "Σ p_ij²"),
        .init("cm_contrast", "Contrast", ibsi: "ACUI", pyradiomics: "Contrast", "Σ (i − j)² p_ij"),
        .init("cm_dissimilarity", "Dissimilarity", ibsi: "8S9J", pyradiomics: "Dissimilarity", "Σ |i − j| p_ij"),
        .init("cm_inv_diff", "Inverse difference", ibsi: "IB1Z", pyradiomics: "Id", "Σ p_ij / (1 + |i − j|)"),
        .init("cm_inv_diff_norm", "Normalised inverse difference", ibsi: "NDRX", pyradiomics: "Idn", "Σ p_ij / (1 + |i − j| / N_g)"),
        .init("cm_inv_diff_mom", "Inverse difference moment", ibsi: "WF0Z", pyradiomics: "Idm", "Σ p_ij / (1 + (i − j)²)"),
        .init("cm_inv_diff_mom_norm", "Normalised inverse difference moment", ibsi: "1QCO", pyradiomics: "Idmn", "Σ p_ij / (1 + (i − j)² / N_g²)"),
        .init("cm_inv_var", "Inverse variance", ibsi: "E8JP", pyradiomics: "InverseVariance", "Σ_{i≠j} p_ij / (i − j)²"),
        .init("cm_corr", "Correlation", ibsi: "NI2N", pyradiomics: "Correlation", "Σ (i − μ_x)(j − μ_y) p_ij / (σ_x σ_y)"),
        .init("cm_auto_corr", "Autocorrelation", ibsi: "QWB0", pyradiomics: "Autocorrelation", "Σ i j p_ij"),
        .init("cm_clust_tend", "Cluster tendency", ibsi: "DG8W", pyradiomics: "ClusterTendency", "Σ (i + j − μ_x − μ_y)² p_ij"),
        .init("cm_clust_shade", "Cluster shade", ibsi: "7NFM", pyradiomics: "ClusterShade", "Σ (i + j − μ_x − μ_y)³ p_ij"),
        .init("cm_clust_prom", "Cluster prominence", ibsi: "AE86", pyradiomics: "ClusterProminence", "Σ (i + j − μ_x − μ_y)⁴ p_ij"),
        .init("cm_info_corr1", "Information correlation 1", ibsi: "R8DG", pyradiomics: "Imc1", "(HXY − HXY1) / max(HX, HY)"),
        .init("cm_info_corr2", "Information correlation 2", ibsi: "JN9H", pyradiomics: "Imc2", "√(1 − exp(−2 (HXY2 − HXY)))"),
    ]
}
