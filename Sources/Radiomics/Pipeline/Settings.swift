/// Everything that decides the numbers: image processing, discretisation, texture parameters,
/// families and image types. Presets, YAML configs and pyradiomics parameter files all resolve
/// to one of these; the provenance sidecar records it.
public struct ExtractionSettings: Sendable, Equatable, Codable {
    public enum Interpolator: String, Sendable, Codable, CaseIterable {
        case nearest, linear, cubicSpline = "tricubic-spline", bspline
    }

    /// Resampling onto a new grid (IBSI 1 §2.4): the grid is centred on the original one,
    /// with size ceil(extent / new spacing).
    public struct Interpolation: Sendable, Equatable, Codable {
        /// New spacing in mm; with `inPlaneOnly`, z is ignored and kept.
        public var spacing: SIMD3<Double>
        /// 2D interpolation: only x and y are resampled.
        public var inPlaneOnly: Bool = false
        public var imageInterpolator: Interpolator = .linear
        public var maskInterpolator: Interpolator = .linear
        /// Round interpolated intensities to the nearest integer (CT in HU).
        public var roundIntensities: Bool = false
        /// Mask voxels with interpolated value ≥ this are kept.
        public var partialVolumeThreshold: Double = 0.5
        public init(spacing: SIMD3<Double>, inPlaneOnly: Bool = false, imageInterpolator: Interpolator = .linear,
                    maskInterpolator: Interpolator = .linear, roundIntensities: Bool = false, partialVolumeThreshold: Double = 0.5) {
            self.spacing = spacing
            self.inPlaneOnly = inPlaneOnly
            self.imageInterpolator = imageInterpolator
            self.maskInterpolator = maskInterpolator
            self.roundIntensities = roundIntensities
            self.partialVolumeThreshold = partialVolumeThreshold
        }
    }

    /// Intensity discretisation (IBSI 1 §2.7).
    public enum Discretisation: Sendable, Equatable, Codable {
        /// No discretisation: grey levels are the (integer) intensities themselves.
        case none
        /// Fixed bin number Ng over [min, max] of the intensity mask.
        case fixedBinNumber(Int)
        /// Fixed bin size w; bins start at `lowerBound` (the re-segmentation range's lower
        /// bound when there is one), else at the intensity mask's minimum.
        case fixedBinSize(Double, lowerBound: Double?)
    }

    /// Where fixed-bin-size bins start when `discretisation` gives no lower bound (YAML
    /// `discretisation.bin_origin`; the old top-level `flavour` key).
    public enum BinOrigin: String, Sendable, Codable, CaseIterable {
        /// The re-segmentation range's lower bound when there is one, else the intensity mask's minimum (IBSI).
        case resegmentationRange = "resegmentation_range"
        /// The intensity mask's minimum, whatever the range (the pyradiomics recipe).
        case roiMinimum = "roi_minimum"
    }

    /// Aggregation of texture matrices (IBSI 1 §3.6 ff.).
    public enum TextureDimension: String, Sendable, Codable, CaseIterable {
        /// 2D and 2.5D aggregations (`_2D_avg`, `_2D_comb`, `_2_5D_avg`, `_2_5D_comb`, `_2D`, `_2_5D`).
        case twoD = "2D"
        /// 3D aggregations (`_3D_avg`, `_3D_comb`, `_3D`).
        case threeD = "3D"
        /// Every aggregation (the digital phantom).
        case all
    }

    public var interpolation: Interpolation? = nil
    /// Re-segmentation range [lower, upper] of the intensity mask; either bound may be absent.
    public var resegmentationLower: Double? = nil
    public var resegmentationUpper: Double? = nil
    /// Remove intensity-mask voxels outside mean ± n·SD, mean and (population) SD of the whole ROI
    /// after interpolation; with a range as well, the intersection of both ranges is kept.
    public var outlierSigma: Double? = nil
    /// Discretisation for texture families and the intensity histogram.
    public var discretisation: Discretisation = .fixedBinSize(25, lowerBound: nil)
    public var binOrigin: BinOrigin = .resegmentationRange
    /// Discretisation for the intensity-volume histogram; `.none` is the discrete case.
    public var ivhDiscretisation: Discretisation = .none
    /// When true, the IVH range comes from the intensity mask, not the re-segmentation range (arbitrary units).
    public var ivhIgnoresResegmentationRange: Bool = false
    public var textureDimension: TextureDimension = .threeD
    /// GLCM Chebyshev distance δ.
    public var glcmDistance: Int = 1
    /// NGTDM neighbourhood distance δ.
    public var ngtdmDistance: Int = 1
    /// NGLDM neighbourhood distance δ and coarseness α.
    public var ngldmDistance: Int = 1
    public var ngldmCoarseness: Int = 0
    /// GLDM (pyradiomics) dependence tolerance α.
    public var gldmAlpha: Int = 0
    public var families: Set<Family> = Set(Family.allCases)
    /// Round intensities to the nearest integer right after reading (IBSI's advice for the NIfTI CT phantom).
    public var roundInitialIntensities: Bool = false
    /// Convolutional filter / image type whose response map the features are computed on: the
    /// response map computed on the processed image before masking (nil: the image itself).
    public var filter: FilterSpec? = nil

    public init() {}
}
