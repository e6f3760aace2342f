extension FeatureCatalogue {
    /// The pyradiomics column (`original_<class>_<Feature>`, for the original image) that
    /// measures the same quantity as a catalogue feature, by tag stem. pyradiomics' definitions
    /// differ in places (kurtosis not excess, its bin edges, GLCM averaged with weightingNorm,
    /// mesh shape features), so values agree only in pyradiomics mode; features without a
    /// counterpart are absent.
    public static let pyradiomicsColumns: [String: String] = {
        var map: [String: String] = [:]
        let pairs: [(String, [(String, String)])] = [
            ("firstorder", [("stat_p10", "10Percentile"), ("stat_p90", "90Percentile"), ("stat_energy", "Energy"), ("ih_entropy", "Entropy"),
                            ("stat_iqr", "InterquartileRange"), ("stat_kurt", "Kurtosis"), ("stat_max", "Maximum"), ("stat_mean", "Mean"),
                            ("stat_mad", "MeanAbsoluteDeviation"), ("stat_median", "Median"), ("stat_min", "Minimum"), ("stat_range", "Range"),
                            ("stat_rmad", "RobustMeanAbsoluteDeviation"), ("stat_rms", "RootMeanSquared"), ("stat_skew", "Skewness"),
                            ("ih_uniformity", "Uniformity"), ("stat_var", "Variance")]),
            ("shape", [("morph_comp_1", "Compactness1"), ("morph_comp_2", "Compactness2"), ("morph_pca_elongation", "Elongation"),
                       ("morph_pca_flatness", "Flatness"), ("morph_pca_least_axis", "LeastAxisLength"), ("morph_pca_maj_axis", "MajorAxisLength"),
                       ("morph_diam", "Maximum3DDiameter"), ("morph_volume", "MeshVolume"), ("morph_pca_min_axis", "MinorAxisLength"),
                       ("morph_sph_dispr", "SphericalDisproportion"), ("morph_sphericity", "Sphericity"), ("morph_area_mesh", "SurfaceArea"),
                       ("morph_av", "SurfaceVolumeRatio"), ("morph_vol_approx", "VoxelVolume")]),
            ("glcm", [("cm_auto_corr", "Autocorrelation"), ("cm_clust_prom", "ClusterProminence"), ("cm_clust_shade", "ClusterShade"),
                      ("cm_clust_tend", "ClusterTendency"), ("cm_contrast", "Contrast"), ("cm_corr", "Correlation"),
                      ("cm_diff_avg", "DifferenceAverage"), ("cm_diff_entr", "DifferenceEntropy"), ("cm_diff_var", "DifferenceVariance"),
                      ("cm_dissimilarity", "Dissimilarity"), ("cm_inv_diff", "Id"), ("cm_inv_diff_mom", "Idm"), ("cm_inv_diff_mom_norm", "Idmn"),
                      ("cm_inv_diff_norm", "Idn"), ("cm_info_corr1", "Imc1"), ("cm_info_corr2", "Imc2"), ("cm_inv_var", "InverseVariance"),
                      ("cm_joint_avg", "JointAverage"), ("cm_energy", "JointEnergy"), ("cm_joint_entr", "JointEntropy"),
                      ("cm_joint_max", "MaximumProbability"), ("cm_sum_avg", "SumAverage"), ("cm_sum_entr", "SumEntropy"),
                      ("cm_joint_var", "SumSquares")]),
            ("glrlm", [("rlm_glnu", "GrayLevelNonUniformity"), ("rlm_glnu_norm", "GrayLevelNonUniformityNormalized"),
                       ("rlm_gl_var", "GrayLevelVariance"), ("rlm_hgre", "HighGrayLevelRunEmphasis"), ("rlm_lre", "LongRunEmphasis"),
                       ("rlm_lrhge", "LongRunHighGrayLevelEmphasis"), ("rlm_lrlge", "LongRunLowGrayLevelEmphasis"),
                       ("rlm_lgre", "LowGrayLevelRunEmphasis"), ("rlm_rl_entr", "RunEntropy"), ("rlm_rlnu", "RunLengthNonUniformity"),
                       ("rlm_rlnu_norm", "RunLengthNonUniformityNormalized"), ("rlm_r_perc", "RunPercentage"), ("rlm_rl_var", "RunVariance"),
                       ("rlm_sre", "ShortRunEmphasis"), ("rlm_srhge", "ShortRunHighGrayLevelEmphasis"), ("rlm_srlge", "ShortRunLowGrayLevelEmphasis")]),
            ("glszm", [("szm_glnu", "GrayLevelNonUniformity"), ("szm_glnu_norm", "GrayLevelNonUniformityNormalized"),
                       ("szm_gl_var", "GrayLevelVariance"), ("szm_hgze", "HighGrayLevelZoneEmphasis"), ("szm_lze", "LargeAreaEmphasis"),
                       ("szm_lzhge", "LargeAreaHighGrayLevelEmphasis"), ("szm_lzlge", "LargeAreaLowGrayLevelEmphasis"),
                       ("szm_lgze", "LowGrayLevelZoneEmphasis"), ("szm_zsnu", "SizeZoneNonUniformity"),
                       ("szm_zsnu_norm", "SizeZoneNonUniformityNormalized"), ("szm_sze", "SmallAreaEmphasis"),
                       ("szm_szhge", "SmallAreaHighGrayLevelEmphasis"), ("szm_szlge", "SmallAreaLowGrayLevelEmphasis"),
                       ("szm_zs_entr", "ZoneEntropy"), ("szm_z_perc", "ZonePercentage"), ("szm_zs_var", "ZoneVariance")]),
            ("ngtdm", [("ngt_busyness", "Busyness"), ("ngt_coarseness", "Coarseness"), ("ngt_complexity", "Complexity"),
                       ("ngt_contrast", "Contrast"), ("ngt_strength", "Strength")]),
        ]
        for (cls, list) in pairs { for (stem, name) in list { map[stem] = "original_\(cls)_\(name)" } }
        // Our GLDM is pyradiomics' own (`gldm_<pyradiomics name>`).
        for (name, _) in PyRadiomicsFeatureNames.all["gldm"] ?? [] { map["gldm_" + name] = "original_gldm_" + name }
        return map
    }()
}
