import Foundation

/// Any filter and its parameters: the IBSI 2 convolutional filters and the pyradiomics image
/// types. Lengths (σ, λ) are in mm and converted to voxels with the image spacing.
/// Codable as `{"case": {label: value, …}}`, e.g. `{"mean": {"support": 15, "dimension": "3D", "padding": "zero"}}`.
public enum FilterSpec: Sendable, Equatable, Codable {
    /// The unfiltered image (pyradiomics `Original`).
    case original
    /// Mean over a `support`-voxel cube (3D) or square (2D, axial).
    case mean(support: Int, dimension: FilterDimension, padding: BoundaryMode)
    /// Laplacian of Gaussian, σ in mm, kernel cut off at ⌊truncate·σ/spacing + 0.5⌋ voxels (IBSI: truncate 4).
    case laplacianOfGaussian(sigma: Double, truncate: Double, dimension: FilterDimension, padding: BoundaryMode)
    /// Laws kernel such as "E5L5S5" (3D) or "L5S5" (2D); optional rotation pooling and energy map distance δ.
    case laws(kernel: String, dimension: FilterDimension, padding: BoundaryMode, pooling: Pooling?, energyDistance: Int?)
    /// Gabor modulus, σ and λ in mm, angle θ in radians; with `thetaStep`, the average over
    /// θ, θ+Δ, … below θ+2π. `.twoD`: axial plane; `.threeD`: mean of the 3 orthogonal planes.
    case gabor(sigma: Double, lambda: Double, gamma: Double, theta: Double, thetaStep: Double?,
               dimension: FilterDimension, padding: BoundaryMode)
    /// Undecimated separable wavelet sub-band ("LHL" in 3D, "LH" in 2D axial) at `level` ≥ 1;
    /// `invariant` averages over the right-angle rotations (24 in 3D, 4 in 2D).
    case wavelet(family: WaveletFamily, band: String, level: Int, invariant: Bool, padding: BoundaryMode)
    /// Simoncelli non-separable wavelet at `level` ≥ 1 (FFT; periodic, or padded for other modes).
    case simoncelli(level: Int, dimension: FilterDimension, padding: BoundaryMode)
    /// Riesz transform of order (l_i, l_j, l_k) of the LoG response (LoG with `padding`).
    case rieszLoG(sigma: Double, truncate: Double, order: [Int], padding: BoundaryMode)
    /// Riesz transform of order (l_i, l_j, l_k) combined with the Simoncelli wavelet at `level`.
    case rieszSimoncelli(level: Int, order: [Int], padding: BoundaryMode)

    // pyradiomics image types (radiomics/imageoperations.py).
    /// pyradiomics `LoG`: scale-normalised 3D Laplacian of Gaussian in physical units (σ² ∇²G∗f).
    case pyradiomicsLoG(sigma: Double)
    /// pyradiomics `Wavelet`: one sub-band of `pywt.swtn` (level 1 applied `startLevel` times to the
    /// approximation first, then `level` more times; `level` counts from 1), periodic, odd axes wrap-padded.
    case pyradiomicsWavelet(family: WaveletFamily, band: String, startLevel: Int, level: Int)
    /// (x/√max|x|)².
    case square
    /// sign(x)·√(|x|·max|x|).
    case squareRoot
    /// sign(x)·log(|x|+1), rescaled to max|x|.
    case logarithm
    /// exp(x·log(max|x|)/max|x|).
    case exponential
    /// Gradient magnitude by central differences (SimpleITK `GradientMagnitudeImageFilter`), nearest padding.
    case gradient(useSpacing: Bool)
    /// Local binary pattern per axial slice (scikit-image "uniform"), radius in voxels (pyradiomics
    /// `lbp2DRadius`, default 1) and `samples` neighbours (`lbp2DSamples`, default 8).
    case lbp2D(radius: Double, samples: Int)
    /// pyradiomics `LBP3D` map of spherical-harmonics degree `level` − 1 (`lbp-3D-m<level>`),
    /// sampled on an icosphere of `radius` voxels with `subdivisions` (pyradiomics defaults 1, 1).
    case lbp3D(level: Int, radius: Double, subdivisions: Int)
    /// pyradiomics `LBP3D` kurtosis map (`lbp-3D-k`) of the icosphere samples.
    case lbp3DKurtosis(radius: Double, subdivisions: Int)
}

extension FilterSpec {
    /// pyradiomics-style column prefix of features computed on this response map, e.g.
    /// `log-sigma-1-0-mm-3D`, `wavelet-LLH`, `square`, `mean-15-3D`, `laws-E5L5S5-max-energy-7-3D`.
    /// Numbers are printed as Python's `str(float)` with "." → "-".
    public var columnPrefix: String {
        func num(_ x: Double) -> String { pythonFloat(x).replacingOccurrences(of: ".", with: "-") }
        switch self {
        case .original: return "original"
        case let .mean(m, d, _): return "mean-\(m)-\(d.rawValue)"
        case let .laplacianOfGaussian(s, _, d, _): return "log-ibsi-sigma-\(num(s))-mm-\(d.rawValue)"
        case let .laws(k, d, _, p, e):
            return "laws-\(k.uppercased())" + (p.map { "-\($0.rawValue)" } ?? "") + (e.map { "-energy-\($0)" } ?? "") + "-\(d.rawValue)"
        case let .gabor(s, l, g, t, step, d, _):
            let angle = step.map { "thetastep-\(num($0))" } ?? "theta-\(num(t))"
            return "gabor-sigma-\(num(s))-mm-lambda-\(num(l))-mm-gamma-\(num(g))-\(angle)-\(d.rawValue)"
        case let .wavelet(f, b, l, inv, _):
            return "wavelet-\(f.rawValue)-\(b.uppercased())-level-\(l)" + (inv ? "-invariant" : "") + "-\(b.count)D"
        case let .simoncelli(l, d, _): return "simoncelli-level-\(l)-\(d.rawValue)"
        case let .rieszLoG(s, _, o, _): return "riesz-log-sigma-\(num(s))-mm-order-\(o.map(String.init).joined(separator: "-"))-3D"
        case let .rieszSimoncelli(l, o, _): return "riesz-simoncelli-level-\(l)-order-\(o.map(String.init).joined(separator: "-"))-3D"
        case let .pyradiomicsLoG(s): return "log-sigma-\(num(s))-mm-3D"
        case let .pyradiomicsWavelet(_, b, _, l):
            // force2D bands spell the untransformed axis "-" (LH-): pyradiomics names them LH.
            return (l == 1 ? "wavelet" : "wavelet\(l)") + "-\(b.uppercased().filter { $0 != "-" })"
        case .square: return "square"
        case .squareRoot: return "squareroot"
        case .logarithm: return "logarithm"
        case .exponential: return "exponential"
        case .gradient: return "gradient"
        case .lbp2D: return "lbp-2D"
        case let .lbp3D(level, _, _): return "lbp-3D-m\(level)"
        case .lbp3DKurtosis: return "lbp-3D-k"
        }
    }
}

/// Python's `str(float)` for ordinary values: "1.0", "0.5", "1.25".
func pythonFloat(_ x: Double) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) + ".0" }
    return "\(x)"
}
