extension ExtractionSettings.Family {
    public static let intensityHistogram = Self("intensity-histogram")
}

/// Intensity histogram features (IBSI 1 §3.4).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in IntensityHistogram.swift.
struct IntensityHistogramFamily: FeatureFamily {
    let id = ExtractionSettings.Family.intensityHistogram
    let tagPrefix = "ih_"
    let pyradiomicsClass: String? = "firstorder"

    func cost(part: Int) -> Int { 5 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { IntensityHistogram.features(roi) }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("ih_mean", "Mean", ibsi: "X6K6", pyradiomics: nil, "mean grey level"),
        .init("ih_var", "Variance", ibsi: "CH89", pyradiomics: nil, "variance of the grey levels"),
        .init("ih_skew", "Skewness", ibsi: "88K1", pyradiomics: nil, "skewness of the grey levels"),
        .init("ih_kurt", "(Excess) kurtosis", ibsi: "C3I7", pyradiomics: nil, "excess kurtosis of the grey levels"),
        .init("ih_median", "Median", ibsi: "WIFQ", pyradiomics: nil, "median grey level"),
        .init("ih_min", "Minimum", ibsi: "1PR8", pyradiomics: nil, "minimum grey level"),
        .init("ih_p10", "10th percentile", ibsi: "GPMT", pyradiomics: nil, "10th percentile of the grey levels"),
        .init("ih_p90", "90th percentile", ibsi: "OZ0C", pyradiomics: nil, "90th percentile of the grey levels"),
        .init("ih_max", "Maximum", ibsi: "3NCY", pyradiomics: nil, "maximum grey level"),
        .init("ih_mode", "Mode", ibsi: "AMMC", pyradiomics: nil, "most frequent grey level (ties: the one closest to the mean)"),
        .init("ih_iqr", "Interquartile range", ibsi: "WR0O", pyradiomics: nil, "P75 − P25 of the grey levels"),
        .init("ih_range", "Range", ibsi: "5Z3W", pyradiomics: nil, "max − min grey level"),
        .init("ih_mad", "Mean absolute deviation", ibsi: "D2ZX", pyradiomics: nil, "mean absolute deviation of the grey levels"),
        .init("ih_rmad", "Robust mean absolute deviation", ibsi: "WRZB", pyradiomics: nil, "robust mean absolute deviation of the grey levels within [P10, P90]"),
        .init("ih_medad", "Median absolute deviation", ibsi: "4RNL", pyradiomics: nil, "median absolute deviation of the grey levels"),
        .init("ih_cov", "Coefficient of variation", ibsi: "CWYJ", pyradiomics: nil, "σ / μ of the grey levels"),
        .init("ih_qcod", "Quartile coefficient of dispersion", ibsi: "SLWD", pyradiomics: nil, "(P75 − P25) / (P75 + P25) of the grey levels"),
        .init("ih_entropy", "Entropy", ibsi: "TLU2", pyradiomics: "Entropy", "−Σ p_i log₂ p_i"),
        .init("ih_uniformity", "Uniformity", ibsi: "BJ5W", pyradiomics: "Uniformity", "Σ p_i²"),
        .init("ih_max_grad", "Maximum histogram gradient", ibsi: "12CE", pyradiomics: nil, "maximum of the histogram gradient dH/di"),
        .init("ih_max_grad_g", "Maximum histogram gradient intensity", ibsi: "8E6O", pyradiomics: nil, "grey level of the maximum histogram gradient"),
        .init("ih_min_grad", "Minimum histogram gradient", ibsi: "VQB3", pyradiomics: nil, "minimum of the histogram gradient dH/di"),
        .init("ih_min_grad_g", "Minimum histogram gradient intensity", ibsi: "RHQZ", pyradiomics: nil, "grey level of the minimum histogram gradient"),
    ]
}
