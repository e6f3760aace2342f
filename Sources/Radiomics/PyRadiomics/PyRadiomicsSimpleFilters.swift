import Foundation

/// pyradiomics' pointwise image types and Gradient (radiomics/imageoperations.py, pyradiomics-bhklab
/// 3.1.4), applied to the whole (resampled) image in Double, as pyradiomics does in float64.
/// LoG, Wavelet and LBP belong with the shared filter code and are not here.
public enum PyRadiomicsSimpleFilters {
    /// The pyradiomics image-type name used as the column prefix (`square_firstorder_Mean`).
    public static func prefix(_ kind: PyRadiomicsParameters.ImageType.Kind) -> String? {
        switch kind {
        case .original: "original"
        case .square: "square"
        case .squareRoot: "squareroot"
        case .logarithm: "logarithm"
        case .exponential: "exponential"
        case .gradient: "gradient"
        case .log, .wavelet, .lbp2D, .lbp3D: nil
        }
    }

    /// The filtered image, x fastest; nil for image types not implemented here.
    public static func apply(_ kind: PyRadiomicsParameters.ImageType.Kind, image: ImageVolume,
                             useSpacing: Bool) -> [Double]? {
        let x = image.voxels.map(Double.init)
        let maxAbs = x.reduce(0) { Swift.max($0, Swift.abs($1)) }
        switch kind {
        case .original: return x
        case .square:
            let c = 1 / maxAbs.squareRoot()                                  // (x / √max|x|)²
            return x.map { ($0 * c) * ($0 * c) }
        case .squareRoot:                                                    // sign(x) √(|x| max|x|)
            return x.map { $0 > 0 ? ($0 * maxAbs).squareRoot() : ($0 < 0 ? -(-$0 * maxAbs).squareRoot() : $0) }
        case .logarithm:                                                     // sign(x) log(|x| + 1), rescaled to max|x|
            let l = x.map { $0 > 0 ? Foundation.log($0 + 1) : ($0 < 0 ? -Foundation.log(-($0 - 1)) : $0) }
            let lmax = l.reduce(0) { Swift.max($0, Swift.abs($1)) }
            return l.map { $0 * (maxAbs / lmax) }
        case .exponential:                                                   // exp(x · log(max|x|) / max|x|)
            let c = Foundation.log(maxAbs) / maxAbs
            return x.map { exp(c * $0) }
        case .gradient: return gradientMagnitude(image, useSpacing: useSpacing)
        case .log, .wavelet, .lbp2D, .lbp3D: return nil
        }
    }

    /// SimpleITK GradientMagnitude: central differences (±½ / spacing), zero-flux Neumann
    /// boundary (edge voxels repeated), √Σ g², stored as float32 like SimpleITK's output.
    static func gradientMagnitude(_ image: ImageVolume, useSpacing: Bool) -> [Double] {
        let s = image.size
        var out = [Double](repeating: 0, count: image.voxels.count)
        let sp = useSpacing ? image.geometry.spacing : .one
        for k in 0..<s.z {
            for j in 0..<s.y {
                for i in 0..<s.x {
                    var sum = 0.0
                    let p = SIMD3(i, j, k)
                    for a in 0..<3 {
                        var lo = p, hi = p
                        lo[a] = Swift.max(p[a] - 1, 0)
                        hi[a] = Swift.min(p[a] + 1, s[a] - 1)
                        let c = 0.5 / sp[a]
                        let g = -c * Double(image[lo.x, lo.y, lo.z]) + c * Double(image[hi.x, hi.y, hi.z])
                        sum += g * g
                    }
                    out[image.linearIndex(i, j, k)] = Double(Float(sum.squareRoot()))
                }
            }
        }
        return out
    }
}
