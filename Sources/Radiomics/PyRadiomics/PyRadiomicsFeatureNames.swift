/// Feature names of every pyradiomics-bhklab 3.1.4 feature class, in pyradiomics' output order
/// (alphabetical, as `inspect.getmembers` lists them), and which are deprecated (disabled unless
/// named in the parameter file).
public enum PyRadiomicsFeatureNames {
    /// class → [(feature, deprecated)]
    public static let all: [String: [(name: String, deprecated: Bool)]] = [
        "firstorder": [("10Percentile", false), ("90Percentile", false), ("Energy", false), ("Entropy", false), ("InterquartileRange", false), ("Kurtosis", false), ("Maximum", false), ("Mean", false), ("MeanAbsoluteDeviation", false), ("Median", false), ("Minimum", false), ("Range", false), ("RobustMeanAbsoluteDeviation", false), ("RootMeanSquared", false), ("Skewness", false), ("StandardDeviation", true), ("TotalEnergy", false), ("Uniformity", false), ("Variance", false)],
        "shape": [("Compactness1", true), ("Compactness2", true), ("Elongation", false), ("Flatness", false), ("LeastAxisLength", false), ("MajorAxisLength", false), ("Maximum2DDiameterColumn", false), ("Maximum2DDiameterRow", false), ("Maximum2DDiameterSlice", false), ("Maximum3DDiameter", false), ("MeshVolume", false), ("MinorAxisLength", false), ("SphericalDisproportion", true), ("Sphericity", false), ("SurfaceArea", false), ("SurfaceVolumeRatio", false), ("VoxelVolume", false)],
        "shape2D": [("Elongation", false), ("MajorAxisLength", false), ("MaximumDiameter", false), ("MeshSurface", false), ("MinorAxisLength", false), ("Perimeter", false), ("PerimeterSurfaceRatio", false), ("PixelSurface", false), ("SphericalDisproportion", true), ("Sphericity", false)],
        "glcm": [("Autocorrelation", false), ("ClusterProminence", false), ("ClusterShade", false), ("ClusterTendency", false), ("Contrast", false), ("Correlation", false), ("DifferenceAverage", false), ("DifferenceEntropy", false), ("DifferenceVariance", false), ("Dissimilarity", true), ("Homogeneity1", true), ("Homogeneity2", true), ("Id", false), ("Idm", false), ("Idmn", false), ("Idn", false), ("Imc1", false), ("Imc2", false), ("InverseVariance", false), ("JointAverage", false), ("JointEnergy", false), ("JointEntropy", false), ("MCC", false), ("MaximumProbability", false), ("SumAverage", false), ("SumEntropy", false), ("SumSquares", false), ("SumVariance", true)],
        "glrlm": [("GrayLevelNonUniformity", false), ("GrayLevelNonUniformityNormalized", false), ("GrayLevelVariance", false), ("HighGrayLevelRunEmphasis", false), ("LongRunEmphasis", false), ("LongRunHighGrayLevelEmphasis", false), ("LongRunLowGrayLevelEmphasis", false), ("LowGrayLevelRunEmphasis", false), ("RunEntropy", false), ("RunLengthNonUniformity", false), ("RunLengthNonUniformityNormalized", false), ("RunPercentage", false), ("RunVariance", false), ("ShortRunEmphasis", false), ("ShortRunHighGrayLevelEmphasis", false), ("ShortRunLowGrayLevelEmphasis", false)],
        "glszm": [("GrayLevelNonUniformity", false), ("GrayLevelNonUniformityNormalized", false), ("GrayLevelVariance", false), ("HighGrayLevelZoneEmphasis", false), ("LargeAreaEmphasis", false), ("LargeAreaHighGrayLevelEmphasis", false), ("LargeAreaLowGrayLevelEmphasis", false), ("LowGrayLevelZoneEmphasis", false), ("SizeZoneNonUniformity", false), ("SizeZoneNonUniformityNormalized", false), ("SmallAreaEmphasis", false), ("SmallAreaHighGrayLevelEmphasis", false), ("SmallAreaLowGrayLevelEmphasis", false), ("ZoneEntropy", false), ("ZonePercentage", false), ("ZoneVariance", false)],
        "ngtdm": [("Busyness", false), ("Coarseness", false), ("Complexity", false), ("Contrast", false), ("Strength", false)],
        "gldm": [("DependenceEntropy", false), ("DependenceNonUniformity", false), ("DependenceNonUniformityNormalized", false), ("DependencePercentage", true), ("DependenceVariance", false), ("GrayLevelNonUniformity", false), ("GrayLevelNonUniformityNormalized", true), ("GrayLevelVariance", false), ("HighGrayLevelEmphasis", false), ("LargeDependenceEmphasis", false), ("LargeDependenceHighGrayLevelEmphasis", false), ("LargeDependenceLowGrayLevelEmphasis", false), ("LowGrayLevelEmphasis", false), ("SmallDependenceEmphasis", false), ("SmallDependenceHighGrayLevelEmphasis", false), ("SmallDependenceLowGrayLevelEmphasis", false)],
    ]

    public static func isKnown(_ feature: String, inClass cls: String) -> Bool {
        all[cls]?.contains { $0.name == feature } ?? false
    }

    /// The features computed for a class: the explicit list, or every non-deprecated feature.
    public static func enabled(_ cls: String, list: [String]?) -> [String] {
        if let list { return list }
        // pyradiomics lists them as `inspect.getmembers` sorts the methods: by "get<Name>FeatureValue"
        // (so MeanAbsoluteDeviation comes before Mean).
        return (all[cls] ?? []).filter { !$0.deprecated }.map(\.name)
            .sorted { Array("get\($0)FeatureValue".utf8).lexicographicallyPrecedes(Array("get\($1)FeatureValue".utf8)) }
    }
}
