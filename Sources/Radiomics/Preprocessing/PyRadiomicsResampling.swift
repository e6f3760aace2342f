import Foundation

/// pyradiomics' `imageoperations.resampleImage` (pyradiomics-bhklab 3.1.4) with SimpleITK's
/// `ResampleImageFilter` semantics: its cropped output grid around the ROI, B-spline (cubic,
/// with ITK's mirror-boundary prefilter), linear or nearest-neighbour image interpolation,
/// nearest-neighbour mask interpolation, 0 outside the input, and the cast back to the input
/// pixel type (clamp, then truncate toward zero for integer types) that SimpleITK applies
/// because pyradiomics keeps the original pixel type.
public enum PyRadiomicsResampling {
    /// Pixel type of the image file, which decides the cast after interpolation.
    public enum PixelType: Sendable, Equatable {
        case integer(min: Double, max: Double)
        case float32, float64
    }

    /// The output grid pyradiomics chooses, or nil when it only re-samples the mask onto the image
    /// grid (new spacing equal to the original): then it crops with `padDistance` instead.
    /// - Returns: the output geometry and the continuous input index of output voxel (0, 0, 0).
    static func grid(mask: MaskVolume, spacing requested: [Double], padDistance: Int) -> (Geometry, SIMD3<Double>)? {
        let g = mask.geometry
        let maskSpacing = g.spacing
        guard let box = mask.boundingBox else { return nil }
        var sp = SIMD3<Double>(requested[0], requested[1], requested[2])
        for a in 0..<3 {
            if sp[a] == 0 { sp[a] = maskSpacing[a] }
            if box.size[a] == 1 { sp[a] = maskSpacing[a] }          // a flat ROI axis keeps its spacing
        }
        // numpy.allclose(imageSpacing, resampledPixelSpacing): |a − b| ≤ 1e-8 + 1e-5·|b|
        if (0..<3).allSatisfy({ Swift.abs(maskSpacing[$0] - sp[$0]) <= 1e-8 + 1e-5 * Swift.abs(sp[$0]) }) { return nil }
        let ratio = maskSpacing / sp
        let pad = Double(padDistance)
        var lower = SIMD3<Double>(), upper = SIMD3<Double>()
        for a in 0..<3 {
            lower[a] = ((Double(box.lower[a]) - 0.5) * ratio[a] - pad).rounded(.down)
            upper[a] = ((Double(box.lower[a] + box.size[a]) - 0.5) * ratio[a] + pad).rounded(.up)
            let maxUpper = (Double(g.size[a]) * ratio[a]).rounded(.up) - 1
            lower[a] = Swift.max(lower[a], 0)
            upper[a] = Swift.min(upper[a], maxUpper)
        }
        let size = SIMD3<Int>(Int(upper.x - lower.x + 1), Int(upper.y - lower.y + 1), Int(upper.z - lower.z + 1))
        let originIndex = 0.5 * (sp - maskSpacing) / maskSpacing + lower / ratio
        let out = Geometry(size: size, spacing: sp, origin: g.point(originIndex), direction: g.direction)
        return (out, originIndex)
    }

    /// Resamples image and mask as pyradiomics does; nil when pyradiomics would not resample
    /// (then the caller crops to the ROI with `padDistance`, which changes no feature value).
    public static func resample(image: ImageVolume, mask: MaskVolume, spacing: [Double], padDistance: Int,
                                interpolator: PyRadiomicsParameters.Interpolator,
                                pixelType: PixelType) -> (ImageVolume, MaskVolume)? {
        guard let (geo, _) = grid(mask: mask, spacing: spacing, padDistance: padDistance) else { return nil }
        let coefficients = interpolator == .bSpline ? BSpline.coefficients(image) : nil
        let inSize = SIMD3<Double>(image.geometry.size)
        var outImage = ImageVolume(geometry: geo, repeating: 0)
        var outMask = MaskVolume(geometry: geo, repeating: 0)
        // ITK's arithmetic, since nearest-neighbour picks at exact half-voxel positions depend on
        // the last bit: index → physical point → input continuous index at the start of each
        // scanline, then `inputIndex += delta` along x (ResampleImageFilter, linear transforms).
        let toIndex = PhysicalToIndex(image.geometry)
        for k in 0..<geo.size.z {
            for j in 0..<geo.size.y {
                let first = toIndex.continuousIndex(geo.point(SIMD3(0, Double(j), Double(k))))
                let delta = toIndex.continuousIndex(geo.point(SIMD3(1, Double(j), Double(k)))) - first
                var ci = first
                for i in 0..<geo.size.x {
                    defer { ci += delta }
                    // ITK IsInsideBuffer: −½ ≤ index < size − ½ on every axis.
                    guard (0..<3).allSatisfy({ ci[$0] >= -0.5 && ci[$0] < inSize[$0] - 0.5 }) else { continue }
                    let n = outImage.linearIndex(i, j, k)
                    let nearest = SIMD3<Int>((ci + 0.5).rounded(.down))
                    outMask.voxels[n] = mask[nearest.x, nearest.y, nearest.z]
                    let v: Double
                    switch interpolator {
                    case .bSpline: v = BSpline.evaluate(coefficients!, at: ci)
                    case .linear: v = linear(image, at: ci)
                    default: v = Double(image[nearest.x, nearest.y, nearest.z])
                    }
                    outImage.voxels[n] = cast(v, pixelType)
                }
            }
        }
        return (outImage, outMask)
    }

    /// ITK `CastPixelWithBoundsChecking`: clamp to the type's range, then `static_cast`.
    static func cast(_ v: Double, _ t: PixelType) -> Float {
        switch t {
        case .integer(let lo, let hi): return Float(Swift.min(Swift.max(v, lo), hi).rounded(.towardZero))
        case .float32, .float64: return Float(v)
        }
    }

    /// ITK LinearInterpolateImageFunction (neighbours clamped to the image).
    static func linear(_ image: ImageVolume, at ci: SIMD3<Double>) -> Double {
        let s = image.size
        let base = SIMD3<Int>(ci.rounded(.down))
        let f = ci - SIMD3<Double>(base)
        var value = 0.0
        for c in 0..<8 {
            var w = 1.0
            var idx = base
            for a in 0..<3 {
                let up = (c >> a) & 1 == 1
                w *= up ? f[a] : 1 - f[a]
                idx[a] = Swift.min(Swift.max(idx[a] + (up ? 1 : 0), 0), s[a] - 1)
            }
            if w != 0 { value += w * Double(image[idx.x, idx.y, idx.z]) }
        }
        return value
    }

    /// Reads the pixel type from a NIfTI header (other formats: float64, i.e. no truncation).
    public static func pixelType(ofFile path: String) -> PixelType {
        guard let data = try? readFile(path) else { return .float64 }
        let head: Data
        if Gzip.isGzip(data) {
            guard let d = try? Gzip.decompress(data, file: path, limit: 1 << 20, exactly: 544) else { return .float64 }
            head = d
        } else { head = data }
        guard let h = try? NIfTIReader.parseHeader([UInt8](head.prefix(544)), file: path) else { return .float64 }
        let scaled = h.sclSlope.isFinite && h.sclSlope != 0 && !(h.sclSlope == 1 && h.sclInter == 0)
        if scaled { return .float64 }
        switch h.scalarType {
        case .uint8: return .integer(min: 0, max: 255)
        case .int8: return .integer(min: -128, max: 127)
        case .int16: return .integer(min: -32768, max: 32767)
        case .uint16: return .integer(min: 0, max: 65535)
        case .int32: return .integer(min: -2147483648, max: 2147483647)
        case .uint32: return .integer(min: 0, max: 4294967295)
        case .int64: return .integer(min: -9.223372036854775808e18, max: 9.223372036854775807e18)
        case .uint64: return .integer(min: 0, max: 1.8446744073709551615e19)
        case .float32: return .float32
        default: return .float64
        }
    }
}

/// ITK `ImageBase::TransformPhysicalPointToContinuousIndex`: (direction · diag(spacing))⁻¹ (p − origin).
struct PhysicalToIndex {
    var origin: SIMD3<Double>
    var inverse: [Double]
    init(_ g: Geometry) {
        origin = g.origin
        var m = [Double](repeating: 0, count: 9)
        for r in 0..<3 { for c in 0..<3 { m[3 * r + c] = g.direction[3 * r + c] * g.spacing[c] } }
        let det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
        inverse = [
            (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
            (m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
            (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det,
        ]
    }
    func continuousIndex(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let v = p - origin
        return SIMD3((0..<3).map { r in inverse[3 * r] * v.x + inverse[3 * r + 1] * v.y + inverse[3 * r + 2] * v.z })
    }
}

/// ITK's cubic B-spline (BSplineDecompositionImageFilter + BSplineInterpolateImageFunction, order 3).
enum BSpline {
    struct Coefficients {
        var size: SIMD3<Int>
        var c: [Double]
    }

    static let pole = 3.0.squareRoot() - 2

    /// Prefilter along x, then y, then z, with ITK's mirror boundary and tolerance 1e-10.
    static func coefficients(_ image: ImageVolume) -> Coefficients {
        let s = image.size
        var c = image.voxels.map(Double.init)
        let strides = [1, s.x, s.x * s.y]
        for axis in 0..<3 {
            let n = s[axis]
            if n == 1 { continue }
            var line = [Double](repeating: 0, count: n)
            let others = (0..<3).filter { $0 != axis }
            for b in 0..<s[others[1]] {
                for a in 0..<s[others[0]] {
                    let base = a * strides[others[0]] + b * strides[others[1]]
                    for t in 0..<n { line[t] = c[base + t * strides[axis]] }
                    filter(&line)
                    for t in 0..<n { c[base + t * strides[axis]] = line[t] }
                }
            }
        }
        return Coefficients(size: s, c: c)
    }

    /// ITK `DataToCoefficients1D` for the single cubic pole.
    static func filter(_ c: inout [Double]) {
        let z = pole, n = c.count
        let gain = (1 - z) * (1 - 1 / z)
        for k in 0..<n { c[k] *= gain }
        // Initial causal coefficient.
        var zn = z
        let horizon = Int((log(1e-10) / log(Swift.abs(z))).rounded(.up))
        if horizon < n {
            var sum = c[0]
            for k in 1..<horizon { sum += zn * c[k]; zn *= z }
            c[0] = sum
        } else {
            let iz = 1 / z
            var z2n = pow(z, Double(n - 1))
            var sum = c[0] + z2n * c[n - 1]
            z2n *= z2n * iz
            if n > 2 { for k in 1...(n - 2) { sum += (zn + z2n) * c[k]; zn *= z; z2n *= iz } }
            c[0] = sum / (1 - zn * zn)
        }
        for k in 1..<n { c[k] += z * c[k - 1] }
        c[n - 1] = (z / (z * z - 1)) * (z * c[n - 2] + c[n - 1])
        for k in stride(from: n - 2, through: 0, by: -1) { c[k] = z * (c[k + 1] - c[k]) }
    }

    /// ITK `EvaluateAtContinuousIndex` for order 3, summing in ITK's point order (x fastest).
    static func evaluate(_ co: Coefficients, at x: SIMD3<Double>) -> Double {
        var index = [[Int]](repeating: [0, 0, 0, 0], count: 3)
        var weights = [[Double]](repeating: [0, 0, 0, 0], count: 3)
        for a in 0..<3 {
            let first = Int((x[a] - 1).rounded(.down))               // floor(x + ½ − order/2)
            for k in 0..<4 { index[a][k] = first + k }
            let w = x[a] - Double(index[a][1])
            let w3 = (1.0 / 6.0) * w * w * w
            let w0 = (1.0 / 6.0) + 0.5 * w * (w - 1) - w3
            let w2 = w + w0 - 2 * w3
            let w1 = 1 - w0 - w2 - w3
            weights[a] = [w0, w1, w2, w3]
            let n = co.size[a]
            for k in 0..<4 {
                if n == 1 { index[a][k] = 0; continue }
                var i = index[a][k]
                if i < 0 { i = -i }                                   // mirror about the first voxel
                if i > n - 1 { i = 2 * (n - 1) - i }                  // and about the last
                index[a][k] = i
            }
        }
        var value = 0.0
        let sx = co.size.x, sxy = co.size.x * co.size.y
        for p in 0..<64 {
            let i0 = p % 4, i1 = (p / 4) % 4, i2 = p / 16
            let w = weights[0][i0] * weights[1][i1] * weights[2][i2]
            value += w * co.c[index[0][i0] + sx * index[1][i1] + sxy * index[2][i2]]
        }
        return value
    }
}
