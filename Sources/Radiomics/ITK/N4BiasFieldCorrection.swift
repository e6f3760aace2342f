import Foundation

/// N4 bias-field correction (Tustison et al. 2010) through ITK's
/// `N4BiasFieldCorrectionImageFilter`, run the way SimpleITK users run it: the bias field is
/// fitted on the image shrunk by `shrink`, its log is evaluated from the B-spline control-point
/// lattice on the full-resolution grid, and the image is divided by exp(log bias).
public struct N4Settings: Equatable, Sendable, Codable {
    /// Shrink factor of the grid the field is fitted on (every axis).
    public var shrink: Int
    /// Maximum iterations per fitting level; its length is the number of fitting levels.
    public var iterations: [Int]

    public static let standard = N4Settings(shrink: 4, iterations: [50, 50, 30, 20])

    public init(shrink: Int = 4, iterations: [Int] = [50, 50, 30, 20]) {
        self.shrink = shrink
        self.iterations = iterations
    }

    /// Why the settings cannot be used, or nil.
    public var problem: String? {
        if !(1...16).contains(shrink) { return "the N4 shrink factor must be 1…16, not \(shrink)" }
        if !(1...8).contains(iterations.count) { return "N4 needs 1…8 fitting levels (iterations per level), not \(iterations.count)" }
        if let bad = iterations.first(where: { !(1...10_000).contains($0) }) { return "N4 iterations must be 1…10000, not \(bad)" }
        return nil
    }
}

public enum N4BiasFieldCorrection {
    /// The corrected image on the same grid. `mask` (same grid) limits the fit to its voxels;
    /// nil fits on the whole image.
    public static func correct(_ image: ImageVolume, mask: MaskVolume?, settings: N4Settings,
                               file: String? = nil) throws(RadiomicsError) -> ImageVolume {
        if let problem = settings.problem { throw .usage(problem) }
        if let mask, let why = image.geometry.mismatch(with: mask.geometry) {
            throw .badInput(file, "the N4 mask grid does not match the image: \(why)")
        }
        if let mask, mask.count == 0 { throw .badInput(file, "the N4 mask is empty") }
        let g = image.geometry
        let small = [g.size.x, g.size.y, g.size.z].filter { $0 / settings.shrink < 2 }
        guard small.isEmpty else {
            throw .usage("N4 shrink factor \(settings.shrink) leaves fewer than 2 voxels along an axis of the \(g.size.x)×\(g.size.y)×\(g.size.z) image")
        }
        let shim = try ITKShim.shared()
        var out = [Float](repeating: 0, count: image.voxels.count)
        let size: [Int64] = [Int64(g.size.x), Int64(g.size.y), Int64(g.size.z)]
        let spacing = [g.spacing.x, g.spacing.y, g.spacing.z]
        let origin = [g.origin.x, g.origin.y, g.origin.z]
        let iterations = settings.iterations.map(Int32.init)
        let result = ITKShim.message { err, n in
            image.voxels.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    withMaskPointer(mask) { m in
                        shim.n4(src.baseAddress!, m, size, spacing, origin, g.direction, Int32(settings.shrink), iterations,
                                Int32(iterations.count), dst.baseAddress!, nil, err, n)
                    }
                }
            }
        }
        guard result.status == 0 else { throw .badInput(file, "N4 bias-field correction failed (\(result.message))") }
        if let bad = out.firstIndex(where: { !$0.isFinite }) {
            throw .badInput(file, "N4 gave a non-finite value at voxel \(bad) (an image with non-positive values inside the mask?)")
        }
        return ImageVolume(geometry: g, voxels: out)
    }

    private static func withMaskPointer<R>(_ mask: MaskVolume?, _ body: (UnsafePointer<UInt8>?) -> R) -> R {
        guard let mask else { return body(nil) }
        return mask.voxels.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Otsu's mask of an image: the voxels above the threshold that maximises the between-class
    /// variance of a 128-bin histogram over [min, max] (ITK's OtsuThresholdImageFilter default).
    public static func otsuMask(_ image: ImageVolume) -> MaskVolume {
        let bins = 128
        let lo = image.voxels.min() ?? 0, hi = image.voxels.max() ?? 0
        guard hi > lo else { return MaskVolume(geometry: image.geometry, repeating: 1) }
        let width = Double(hi - lo) / Double(bins)
        var histogram = [Double](repeating: 0, count: bins)
        for v in image.voxels { histogram[min(bins - 1, Int(Double(v - lo) / width))] += 1 }
        let total = Double(image.voxels.count)
        let centre = { (b: Int) in Double(lo) + (Double(b) + 0.5) * width }
        let sumAll = (0..<bins).reduce(0.0) { $0 + histogram[$1] * centre($1) }
        var best = -1.0, bestBin = 0, w0 = 0.0, sum0 = 0.0
        for b in 0..<(bins - 1) {
            w0 += histogram[b]
            sum0 += histogram[b] * centre(b)
            let w1 = total - w0
            guard w0 > 0, w1 > 0 else { continue }
            let m0 = sum0 / w0, m1 = (sumAll - sum0) / w1
            let between = w0 * w1 * (m0 - m1) * (m0 - m1)
            if between > best { best = between; bestBin = b }
        }
        let threshold = Double(lo) + Double(bestBin + 1) * width
        return image.map { Double($0) > threshold ? 1 : 0 }
    }
}
