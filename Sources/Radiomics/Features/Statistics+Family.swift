extension ExtractionSettings.Family {
    public static let statistics = Self("statistics")
}

/// Intensity-based statistical features (IBSI 1 §3.3).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in Statistics.swift.
struct StatisticsFamily: FeatureFamily {
    let id = ExtractionSettings.Family.statistics
    let tagPrefix = "stat_"
    let pyradiomicsClass: String? = "firstorder"

    func cost(part: Int) -> Int { 5 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { IntensityStatistics.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("stat_mean", "Mean", ibsi: "Q4LE", pyradiomics: "Mean", "μ = (1/N_v) Σ X_k"),
        .init("stat_var", "Variance", ibsi: "ECT3", pyradiomics: "Variance", "(1/N_v) Σ (X_k − μ)²"),
        .init("stat_skew", "Skewness", ibsi: "KE2A", pyradiomics: "Skewness", "(1/N_v) Σ (X_k − μ)³ / variance^{3/2}"),
        .init("stat_kurt", "(Excess) kurtosis", ibsi: "IPH6", pyradiomics: "Kurtosis", "(1/N_v) Σ (X_k − μ)⁴ / variance² − 3"),
        .init("stat_median", "Median", ibsi: "Y12H", pyradiomics: "Median", "median of X"),
        .init("stat_min", "Minimum", ibsi: "1GSF", pyradiomics: "Minimum", "min X"),
        .init("stat_p10", "10th percentile", ibsi: "QG58", pyradiomics: "10Percentile", "10th percentile of X"),
        .init("stat_p90", "90th percentile", ibsi: "8DWT", pyradiomics: "90Percentile", "90th percentile of X"),
        .init("stat_max", "Maximum", ibsi: "84IY", pyradiomics: "Maximum", "max X"),
        .init("stat_iqr", "Interquartile range", ibsi: "SALO", pyradiomics: "InterquartileRange", "P75 − P25"),
        .init("stat_range", "Range", ibsi: "2OJQ", pyradiomics: "Range", "max X − min X"),
        .init("stat_mad", "Mean absolute deviation", ibsi: "4FUA", pyradiomics: "MeanAbsoluteDeviation", "(1/N_v) Σ |X_k − μ|"),
        .init("stat_rmad", "Robust mean absolute deviation", ibsi: "1128", pyradiomics: "RobustMeanAbsoluteDeviation", "mean absolute deviation from the mean of the voxels within [P10, P90]"),
        .init("stat_medad", "Median absolute deviation", ibsi: "N72L", pyradiomics: nil, "(1/N_v) Σ |X_k − median|"),
        .init("stat_cov", "Coefficient of variation", ibsi: "7TET", pyradiomics: nil, "σ / μ"),
        .init("stat_qcod", "Quartile coefficient of dispersion", ibsi: "9S40", pyradiomics: nil, "(P75 − P25) / (P75 + P25)"),
        .init("stat_energy", "Energy", ibsi: "N8CA", pyradiomics: "Energy", "Σ X_k²"),
        .init("stat_rms", "Root mean square", ibsi: "5ZWQ", pyradiomics: "RootMeanSquared", "√((1/N_v) Σ X_k²)"),
    ]
}
