import Foundation

/// pyradiomics' `imageoperations.resampleImage` (pyradiomics-bhklab 3.1.4) with SimpleITK's
/// `ResampleImageFilter` semantics: its cropped output grid around the ROI, B-spline (cubic,
/// with ITK's mirror-boundary prefilter), linear, nearest-neighbour, Gaussian or windowed-sinc
/// image interpolation,
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
        let out = Geometry(size: size, spacing: sp, origin: itkContinuousPoint(g, originIndex), direction: g.direction)
        return (out, originIndex)
    }

    /// Resamples image and mask as pyradiomics does; nil when pyradiomics would not resample
    /// (then the caller crops to the ROI with `padDistance`, which changes no feature value).
    /// `maskGeometry`: the label map's own geometry when it differs from the image's within the
    /// geometry tolerance (a DICOM series with a NIfTI mask): SimpleITK resamples the mask, and
    /// computes the grid, in it, and the last bits decide nearest-neighbour ties.
    public static func resample<V: BinaryFloatingPoint>(image: Volume<V>, mask roi: MaskVolume, spacing: [Double], padDistance: Int,
                                                     interpolator: PyRadiomicsParameters.Interpolator,
                                                     pixelType: PixelType, maskGeometry: Geometry? = nil) -> (Volume<V>, MaskVolume)? {
        var mask = roi
        if let maskGeometry, maskGeometry.size == roi.size { mask = MaskVolume(geometry: maskGeometry, voxels: roi.voxels) }
        guard let (geo, _) = grid(mask: mask, spacing: spacing, padDistance: padDistance) else { return nil }
        let coefficients = interpolator == .bSpline ? BSpline.coefficients(image) : nil
        let inSize = SIMD3<Double>(image.geometry.size)
        var outImage = Volume<V>(geometry: geo, repeating: 0)
        var outMask = MaskVolume(geometry: geo, repeating: 0)
        // ITK's arithmetic, since nearest-neighbour picks at exact half-voxel positions depend on
        // the last bit: ResampleImageFilter's scanlines (PhysicalToIndex.Scanline).
        let toIndex = PhysicalToIndex(image.geometry), toMaskIndex = PhysicalToIndex(mask.geometry)
        let sameGrid = mask.geometry == image.geometry
        for k in 0..<geo.size.z {
            for j in 0..<geo.size.y {
                let line = toIndex.scanline(of: geo, j, k)
                let maskLine = sameGrid ? line : toMaskIndex.scanline(of: geo, j, k)
                for i in 0..<geo.size.x {
                    let ci = line.continuousIndex(i)
                    // ITK IsInsideBuffer: −½ ≤ index < size − ½ on every axis.
                    guard (0..<3).allSatisfy({ ci[$0] >= -0.5 && ci[$0] < inSize[$0] - 0.5 }) else { continue }
                    let n = outImage.linearIndex(i, j, k)
                    let nearest = SIMD3<Int>((ci + 0.5).rounded(.down))
                    if sameGrid {
                        outMask.voxels[n] = mask[nearest.x, nearest.y, nearest.z]
                    } else {
                        let cm = maskLine.continuousIndex(i)
                        if (0..<3).allSatisfy({ cm[$0] >= -0.5 && cm[$0] < Double(mask.size[$0]) - 0.5 }) {
                            let m = SIMD3<Int>((cm + 0.5).rounded(.down))
                            outMask.voxels[n] = mask[m.x, m.y, m.z]
                        }
                    }
                    let v: Double
                    switch interpolator {
                    case .bSpline: v = BSpline.evaluate(coefficients!, at: ci)
                    case .linear: v = linear(image, at: ci)
                    case .gaussian: v = gaussian(image, at: ci)
                    case .lanczosWindowedSinc, .hammingWindowedSinc, .cosineWindowedSinc, .welchWindowedSinc, .blackmanWindowedSinc:
                        v = windowedSinc(image, at: ci, window: interpolator)
                    default: v = Double(image[nearest.x, nearest.y, nearest.z])
                    }
                    outImage.voxels[n] = cast(v, pixelType)
                }
            }
        }
        return (outImage, outMask)
    }

    /// ITK `CastPixelWithBoundsChecking`: clamp to the type's range, then `static_cast`; stored
    /// as `V` (float64 output in `Double` voxels, the others exact in `Float`).
    static func cast<V: BinaryFloatingPoint>(_ v: Double, _ t: PixelType) -> V {
        switch t {
        case .integer(let lo, let hi): return V(Swift.min(Swift.max(v, lo), hi).rounded(.towardZero))
        case .float32: return V(Float(v))
        case .float64: return V(v)
        }
    }

    /// ITK `ImageBase::TransformIndexToPhysicalPoint` (integer index) in its arithmetic: origin +
    /// (direction · diag(spacing)) · index, added to the origin over the index's axes in order.
    /// The last bit decides nearest-neighbour ties and the truncation to an integer pixel type.
    static func itkPoint(_ g: Geometry, _ index: SIMD3<Double>) -> SIMD3<Double> {
        let m = PhysicalToIndex.indexToPhysical(g)
        var p = g.origin
        for r in 0..<3 {
            for c in 0..<3 { p[r] += m[3 * r + c] * index[c] }
        }
        return p
    }

    /// ITK `TransformContinuousIndexToPhysicalPoint` (pyradiomics' output origin): the row sums
    /// from 0 first, then + origin, which differs from `itkPoint` in the last bit when a row has
    /// several non-zero terms (rotated directions).
    static func itkContinuousPoint(_ g: Geometry, _ index: SIMD3<Double>) -> SIMD3<Double> {
        let m = PhysicalToIndex.indexToPhysical(g)
        var p = SIMD3<Double>()
        for r in 0..<3 {
            var sum = 0.0
            for c in 0..<3 { sum += m[3 * r + c] * index[c] }
            p[r] = sum + g.origin[r]
        }
        return p
    }

    /// ITK `GaussianInterpolateImageFunction` as SimpleITK's `sitkGaussian` creates it (σ 0.8
    /// voxel, α 4; measured against SimpleITK 2.5): per axis the differences of
    /// vnl_erf((x − c)/(√2·σ)) over the voxels' edges within α·σ of c, their product as weight,
    /// the weighted mean.
    static func gaussian<V: BinaryFloatingPoint>(_ image: Volume<V>, at ci: SIMD3<Double>) -> Double {
        let s = image.size, spacing = image.geometry.spacing
        var begin = SIMD3<Int>(), weights: [[Double]] = [[], [], []]
        for d in 0..<3 {
            let sigma = 0.8 * spacing[d]
            let scale = 1 / (2.0.squareRoot() * sigma / spacing[d]), cutoff = sigma * 4 / spacing[d]
            begin[d] = Swift.max(0, Int((ci[d] + 0.5 - cutoff).rounded(.down)))
            let end = Swift.min(s[d], Int((ci[d] + 0.5 + cutoff).rounded(.up)))
            var t = (-0.5 - ci[d] + Double(begin[d])) * scale
            var last = vnlErf(t)
            for _ in begin[d]..<Swift.max(end, begin[d]) {
                t += scale
                let now = vnlErf(t)
                weights[d].append(now - last)
                last = now
            }
        }
        var sumValue = 0.0, sumWeight = 0.0
        for (k, wz) in weights[2].enumerated() {
            for (j, wy) in weights[1].enumerated() {
                for (i, wx) in weights[0].enumerated() {
                    let w = wx * wy * wz
                    sumValue += Double(image[begin.x + i, begin.y + j, begin.z + k]) * w
                    sumWeight += w
                }
            }
        }
        return sumValue / sumWeight
    }

    /// ITK `WindowedSincInterpolateImageFunction` with radius 5 as SimpleITK creates it (measured
    /// against SimpleITK 2.5): per axis the weights window(x)·sinc(x) at the 10 voxels from −4 to +5
    /// around ⌊c⌋ (a delta when c is on a voxel), voxels clamped to the image (zero-flux Neumann),
    /// summed in ITK's neighbourhood order, x fastest.
    static func windowedSinc<V: BinaryFloatingPoint>(_ image: Volume<V>, at ci: SIMD3<Double>, window: PyRadiomicsParameters.Interpolator) -> Double {
        let r = 5, m = Double(r), s = image.size
        func w(_ a: Double) -> Double {
            switch window {
            case .lanczosWindowedSinc: if a == 0 { return 1 }; let z = Double.pi / m * a; return sin(z) / z
            case .hammingWindowedSinc: return 0.54 + 0.46 * cos(Double.pi / m * a)
            case .cosineWindowedSinc: return cos(Double.pi / (2 * m) * a)
            case .welchWindowedSinc: return 1 - (a / m) * (a / m)
            default: return 0.42 + 0.5 * cos(Double.pi / m * a) + 0.08 * cos(2 * Double.pi / m * a)
            }
        }
        let base = SIMD3<Int>(ci.rounded(.down))
        var weights = [[Double]](repeating: [Double](repeating: 0, count: 2 * r), count: 3)
        for d in 0..<3 {
            let distance = ci[d] - Double(base[d])
            var x = distance + m
            for i in 0..<(2 * r) {
                x -= 1
                if distance == 0 {
                    weights[d][i] = i == r - 1 ? 1 : 0
                } else {
                    let px = Double.pi * x
                    weights[d][i] = w(x) * (x == 0 ? 1 : sin(px) / px)
                }
            }
        }
        var value = 0.0
        for k in 0..<(2 * r) {
            let z = Swift.min(Swift.max(base.z + k + 1 - r, 0), s.z - 1)
            for j in 0..<(2 * r) {
                let y = Swift.min(Swift.max(base.y + j + 1 - r, 0), s.y - 1)
                for i in 0..<(2 * r) {
                    let xi = Swift.min(Swift.max(base.x + i + 1 - r, 0), s.x - 1)
                    value += Double(image[xi, y, z]) * weights[0][i] * weights[1][j] * weights[2][k]
                }
            }
        }
        return value
    }

    /// vnl_erf: the regularised incomplete gamma P(½, x²) by Numerical Recipes' series or
    /// continued fraction, to a relative 3·10⁻⁷ (not libm's erf: the interpolated values follow it).
    static func vnlErf(_ x: Double) -> Double {
        let a = 0.5, xx = x * x, eps = 3e-7, tiny = 1e-30
        let front = { exp(-xx + a * log(xx) - 0.5723649429247001) }  // log Γ(½) = log √π
        var p = 0.0
        if xx <= 0 {
            p = 0
        } else if xx < a + 1 {
            var ap = a, del = 1 / a, sum = del
            for _ in 0..<100 {
                ap += 1; del *= xx / ap; sum += del
                if Swift.abs(del) < Swift.abs(sum) * eps { break }
            }
            p = sum * front()
        } else {
            var b = xx + 1 - a, c = 1 / tiny, d = 1 / b, h = d
            for i in 1...100 {
                let an = -Double(i) * (Double(i) - a)
                b += 2
                d = an * d + b
                if Swift.abs(d) < tiny { d = tiny }
                c = b + an / c
                if Swift.abs(c) < tiny { c = tiny }
                d = 1 / d
                let del = d * c
                h *= del
                if Swift.abs(del - 1) < eps { break }
            }
            p = 1 - front() * h
        }
        return x < 0 ? -p : p
    }

    /// ITK `LinearInterpolateImageFunction::EvaluateOptimized` (3D): successive lerps a + (b − a)·t
    /// along x, then y, then z; an axis whose distance is ≤ 0 is skipped and a neighbour beyond
    /// the last index is the lower one, exactly as ITK's branches give.
    static func linear<V: BinaryFloatingPoint>(_ image: Volume<V>, at ci: SIMD3<Double>) -> Double {
        let s = image.size
        var base = SIMD3<Int>(), t = SIMD3<Double>()
        for a in 0..<3 {
            base[a] = Swift.max(Int(ci[a].rounded(.down)), 0)
            t[a] = ci[a] - Double(base[a])
        }
        func v(_ dx: Int, _ dy: Int, _ dz: Int) -> Double {
            Double(image[Swift.min(base.x + dx, s.x - 1), Swift.min(base.y + dy, s.y - 1), Swift.min(base.z + dz, s.z - 1)])
        }
        func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double { t <= 0 ? a : a + (b - a) * t }
        func plane(_ dz: Int) -> Double {
            let x0 = lerp(v(0, 0, dz), v(1, 0, dz), t.x)
            guard t.y > 0 else { return x0 }
            return lerp(x0, lerp(v(0, 1, dz), v(1, 1, dz), t.x), t.y)
        }
        let z0 = plane(0)
        return t.z > 0 ? lerp(z0, plane(1), t.z) : z0
    }

    /// The pixel type SimpleITK reads the image as: from a NIfTI or NRRD header, or a DICOM
    /// series' first image (GDCM's rescaled type); other formats float64 (no truncation).
    public static func pixelType(ofFile path: String) -> PixelType {
        switch try? FileFormat.detect(path) {
        case .nrrd: return nrrdPixelType(path)
        case .dicomSeries, .dicomFile: return dicomPixelType(path)
        default: break
        }
        guard let h = niftiHeader(path) else { return .float64 }
        let scaled = h.sclSlope.isFinite && h.sclSlope != 0 && !(h.sclSlope == 1 && h.sclInter == 0)
        if scaled { return .float64 }
        return pixelType(h.scalarType)
    }

    /// The geometry SimpleITK reads for a NIfTI or NRRD label map (nil for other masks).
    static func fileGeometry(_ path: String) -> Geometry? {
        switch try? FileFormat.detect(path) {
        case .nifti: return niftiHeader(path).flatMap { try? NIfTIReader.geometry(of: $0, file: path) }
        case .nrrd: return (try? NRRDReader.read(path, volumeIndex: nil, limits: .default))?.geometry
        default: return nil
        }
    }

    static func niftiHeader(_ path: String) -> NIfTIReader.Header? {
        // The first 64 KB hold the header, inflated or not (the whole file only if they do not).
        guard let prefix = FileHandle(forReadingAtPath: path).flatMap({ h in defer { try? h.close() }; return try? h.read(upToCount: 1 << 16) })
        else { return nil }
        func header(_ data: Data) -> Data? { Gzip.isGzip(data) ? try? Gzip.decompress(data, file: path, limit: 1 << 20, exactly: 544) : data }
        guard let head = header(prefix).flatMap({ $0.count >= 348 ? $0 : nil }) ?? (try? readFile(path)).flatMap(header) else { return nil }
        return try? NIfTIReader.parseHeader([UInt8](head.prefix(544)), file: path)
    }

    static func pixelType(_ t: ScalarType) -> PixelType {
        switch t {
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

extension PyRadiomicsResampling {
    /// Whether SimpleITK reads the file as a 2D image: a NIfTI header's dim[0] or a NRRD's
    /// `dimension` of 2.
    public static func isTwoDimensional(file path: String) -> Bool {
        switch try? FileFormat.detect(path) {
        case .nifti:
            return niftiHeader(path)?.dims[0] == 2
        case .nrrd:
            guard let handle = FileHandle(forReadingAtPath: path) else { return false }
            defer { try? handle.close() }
            let text = String(decoding: (try? handle.read(upToCount: 1 << 16)) ?? Data(), as: UTF8.self)
            return text.split(separator: "\n").prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .contains { $0.replacingOccurrences(of: " ", with: "").lowercased() == "dimension:2" }
        default: return false
        }
    }

    /// The `type:` field of a NRRD header (ITK keeps the stored type).
    static func nrrdPixelType(_ path: String) -> PixelType {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .float64 }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 1 << 16)) ?? Data(), as: UTF8.self)
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
            guard let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].first != "=",
                  line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "type" else { continue }
            let name = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            return (try? NRRDReader.scalarType(name, file: path)).map(pixelType) ?? .float64
        }
        return .float64
    }

    /// GDCM's pixel type for a DICOM image (ITK GDCMImageIO): the stored type without rescale;
    /// with an integer slope and intercept the smallest integer type holding the rescaled range
    /// of the stored bits (`gdcm::Rescaler::ComputeInterceptSlopePixelType`); float64 otherwise.
    static func dicomPixelType(_ path: String) -> PixelType {
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        let files = isDir.boolValue ? ((try? DICOMSeriesReader.listFiles(path)) ?? []) : [path]
        for file in files {
            guard let h = try? DICOMHeader.read(file), h.kind == .image, h.hasPixelData else { continue }
            guard h.samplesPerPixel == 1, [8, 16, 32].contains(h.bitsAllocated) else { return .float64 }
            let signed = h.pixelRepresentation == 1
            let slope = h.rescaleSlope.isFinite && h.rescaleSlope != 0 ? h.rescaleSlope : 1
            let inter = h.rescaleIntercept.isFinite ? h.rescaleIntercept : 0
            if slope == 1 && inter == 0 {
                let bits = Double(h.bitsAllocated)
                return signed ? .integer(min: -pow(2, bits - 1), max: pow(2, bits - 1) - 1) : .integer(min: 0, max: pow(2, bits) - 1)
            }
            guard slope == slope.rounded(), inter == inter.rounded() else { return .float64 }
            let bits = Double(Swift.max(1, Swift.min(h.bitsStored, h.bitsAllocated)))
            let storedMin = signed ? -pow(2, bits - 1) : 0, storedMax = signed ? pow(2, bits - 1) - 1 : pow(2, bits) - 1
            let lo = Swift.min(slope * storedMin, slope * storedMax) + inter, hi = Swift.max(slope * storedMin, slope * storedMax) + inter
            if lo >= 0 {
                for b in [8.0, 16, 32] where hi <= pow(2, b) - 1 { return .integer(min: 0, max: pow(2, b) - 1) }
            } else {
                for b in [8.0, 16, 32] where lo >= -pow(2, b - 1) && hi <= pow(2, b - 1) - 1 { return .integer(min: -pow(2, b - 1), max: pow(2, b - 1) - 1) }
            }
            return .float64
        }
        return .float64
    }
}

/// ITK `ImageBase::TransformPhysicalPointToContinuousIndex`: m_PhysicalPointToIndex · (p − origin),
/// where m_PhysicalPointToIndex = (direction · diag(spacing)).GetInverse() is VNL's SVD inverse
/// (VNLMatrixInverse), to the last bit on any direction, rotated or not.
struct PhysicalToIndex {
    var origin: SIMD3<Double>
    var inverse: [Double]
    init(_ g: Geometry) {
        origin = g.origin
        inverse = VNLMatrixInverse.inverse(Self.indexToPhysical(g), rows: 3, columns: 3)
    }

    /// ITK `m_IndexToPhysicalPoint = m_Direction * scale` (vnl_matrix_fixed product with the
    /// diagonal spacing matrix, summed over k in order, zeros included), row-major.
    static func indexToPhysical(_ g: Geometry) -> [Double] {
        var m = [Double](repeating: 0, count: 9)
        for i in 0..<3 {
            for j in 0..<3 {
                var accum = g.direction[3 * i] * (j == 0 ? g.spacing[0] : 0)
                for k in 1..<3 { accum += g.direction[3 * i + k] * (j == k ? g.spacing[k] : 0) }
                m[3 * i + j] = accum
            }
        }
        return m
    }

    /// ITK `ResampleImageFilter::LinearThreadedGenerateData` (ITK 5.2–5.4): per output row (j, k)
    /// the input continuous indices of output voxels (0, j, k) and (size.x, j, k), and voxel i at
    /// start + (i / size.x) · (end − start), not an accumulated per-voxel step.
    struct Scanline {
        var start: SIMD3<Double>, vector: SIMD3<Double>, size: Double
        func continuousIndex(_ i: Int) -> SIMD3<Double> {
            let alpha = Double(i) / size
            var ci = start
            for a in 0..<3 { ci[a] += alpha * vector[a] }
            return ci
        }
    }

    /// The scanline of output row (j, k) of grid `out` in this (input) grid's indices.
    func scanline(of out: Geometry, _ j: Int, _ k: Int) -> Scanline {
        let start = continuousIndex(PyRadiomicsResampling.itkPoint(out, SIMD3(0, Double(j), Double(k))))
        let end = continuousIndex(PyRadiomicsResampling.itkPoint(out, SIMD3(Double(out.size.x), Double(j), Double(k))))
        return Scanline(start: start, vector: end - start, size: Double(out.size.x))
    }

    /// itk::Matrix × Vector: each row summed from 0 in column order.
    func continuousIndex(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let v = p - origin
        var out = SIMD3<Double>()
        for r in 0..<3 {
            var sum = 0.0
            for c in 0..<3 { sum += inverse[3 * r + c] * v[c] }
            out[r] = sum
        }
        return out
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
    static func coefficients<V: BinaryFloatingPoint>(_ image: Volume<V>) -> Coefficients {
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
