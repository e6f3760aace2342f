import Foundation

/// How the shared feature kernels read an ROI and its matrices. `.ibsi` is IBSI 1; the
/// pyradiomics recipe runs the same kernels with `.pyradiomics(…)`, the conventions of
/// pyradiomics-bhklab 3.1.4. A kernel branches on these fields, never on the recipe.
public struct Conventions: Sendable, Equatable {
    /// GLCM and GLRLM direction weighting (pyradiomics `weightingNorm`): the per-direction matrices
    /// are summed with a weight from the offset's length in mm, and features computed on the sum.
    public enum WeightingNorm: String, Sendable, Equatable, Codable {
        case manhattan, euclidean, infinity
        case noWeighting = "no_weighting"

        /// GLCM weight of an offset of `v` mm per axis: e^{−‖v‖²}.
        func cooccurrenceWeight(_ v: SIMD3<Double>) -> Double {
            switch self {
            case .infinity: return exp(-pow(v.max(), 2))
            case .euclidean: return exp(-(v * v).sum())
            case .manhattan: return exp(-pow(v.sum(), 2))
            case .noWeighting: return 1
            }
        }

        /// GLRLM weight of an offset of `v` mm per axis: ‖v‖.
        func runLengthWeight(_ v: SIMD3<Double>) -> Double {
            switch self {
            case .infinity: return v.max()
            case .euclidean: return (v * v).sum().squareRoot()
            case .manhattan: return v.sum()
            case .noWeighting: return 1
            }
        }
    }

    /// ε inside every logarithm of a probability, −Σ p log₂(p + ε): 0 for IBSI (empty cells are
    /// skipped), numpy.spacing(1) ≈ 2.2·10⁻¹⁶ for pyradiomics.
    public var logEpsilon = 0.0
    /// Grey levels run 1…the highest level present in the ROI (pyradiomics drops empty levels, so
    /// its N_g, which Idmn and Idn divide by, is the highest present level), not 1…the bin count.
    public var presentGreyLevelsOnly = false
    /// Values of degenerate (flat) matrices: pyradiomics gives GLCM correlation 1 (and adds ε to its
    /// denominator), Imc1 0 and Imc2 0 when HXY2 = HXY; IBSI gives NaN and clamps Imc2's radicand at 0.
    public var pyradiomicsFlatValues = false
    /// Per-direction GLCM and GLRLM matrices: nil averages the features of the non-empty directions
    /// (IBSI `3D_avg`, pyradiomics' default); a norm sums the weighted matrices first.
    public var weightingNorm: WeightingNorm?
    /// Kurtosis μ₄/σ⁴ − 3 (IBSI) or μ₄/σ⁴ (pyradiomics).
    public var excessKurtosis = true
    /// c added to every intensity in energy, total energy and RMS (pyradiomics `voxelArrayShift`).
    public var voxelArrayShift = 0.0
    /// GLCM pairs counted both ways (IBSI; pyradiomics `symmetricalGLCM`, its default).
    public var symmetricGLCM = true
    /// GLRLM: a direction along which no line holds two ROI voxels is empty (pyradiomics' cmatrices
    /// drops such angles, e.g. the 9 through-plane ones of an ROI one slice thick) instead of
    /// counting one run of length 1 per voxel.
    public var dropSingleVoxelLineDirections = false
    /// NGTDM: an ROI voxel without ROI neighbours counts in n_i with s_i += 0 (pyradiomics), instead
    /// of being left out (IBSI: only voxels with a valid neighbourhood count).
    public var countIsolatedVoxels = false

    public init() {}

    public static let ibsi = Conventions()

    /// pyradiomics-bhklab 3.1.4 with a parameter file's `voxelArrayShift`, `symmetricalGLCM` and `weightingNorm`.
    public static func pyradiomics(voxelArrayShift: Double = 0, symmetricGLCM: Bool = true,
                                   weightingNorm: WeightingNorm? = nil) -> Conventions {
        var c = Conventions()
        c.logEpsilon = Double.ulpOfOne  // numpy.spacing(1)
        c.presentGreyLevelsOnly = true
        c.pyradiomicsFlatValues = true
        c.weightingNorm = weightingNorm
        c.excessKurtosis = false
        c.voxelArrayShift = voxelArrayShift
        c.symmetricGLCM = symmetricGLCM
        c.dropSingleVoxelLineDirections = true
        c.countIsolatedVoxels = true
        return c
    }
}

extension Conventions {
    /// Weights of (z, y, x) offsets at (x, y, z) `spacing` under `weightingNorm` (GLCM: e^{−‖d‖²},
    /// GLRLM: ‖d‖ in mm); 1 without a norm.
    func directionWeights(_ angles: [SIMD3<Int>], spacing: SIMD3<Double>, runLength: Bool) -> [Double] {
        guard let norm = weightingNorm else { return angles.map { _ in 1 } }
        let zyx = SIMD3<Double>(spacing.z, spacing.y, spacing.x)
        return angles.map { a in
            let v = abs(SIMD3<Double>(a)) * zyx
            return runLength ? norm.runLengthWeight(v) : norm.cooccurrenceWeight(v)
        }
    }
}
