/// The grey-level window of a QC picture.
///
/// Rule (no modality tag survives NIfTI/NRRD, so the intensities decide): an image whose
/// minimum is ≤ −500 is CT (air and scanner padding are far below −500 HU; MR and PET
/// intensities are never that negative) and gets the lung-to-bone window [−1000, 400] HU;
/// any other image gets its 1st to 99th percentile.
public struct QCWindow: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    /// How the window was chosen: "CT", "P1-P99" or "given".
    public var rule: String

    public init(lower: Double, upper: Double, rule: String) {
        self.lower = lower
        self.upper = upper
        self.rule = rule
    }

    public static let ct = QCWindow(lower: -1000, upper: 400, rule: "CT")

    public static func automatic(for image: ImageVolume) -> QCWindow {
        // A strided sample of ≤ 2²⁰ finite voxels gives the percentiles of a 512×512×300 CT in
        // milliseconds, within a fraction of a grey level.
        let stride = max(1, image.voxels.count >> 20)
        var sample: [Float] = []
        sample.reserveCapacity(image.voxels.count / stride + 1)
        for n in Swift.stride(from: 0, to: image.voxels.count, by: stride) where image.voxels[n].isFinite {
            sample.append(image.voxels[n])
        }
        // The minimum over every voxel: a thin band of padding must not be missed by the sample.
        var minimum = Float.infinity
        for v in image.voxels where v < minimum && v.isFinite { minimum = v }
        if minimum <= -500 { return .ct }
        guard !sample.isEmpty else { return QCWindow(lower: 0, upper: 1, rule: "P1-P99") }
        sample.sort()
        let lo = Double(sample[Int(0.01 * Double(sample.count - 1))]), hi = Double(sample[Int(0.99 * Double(sample.count - 1))])
        return QCWindow(lower: lo, upper: hi > lo ? hi : lo + 1, rule: "P1-P99")
    }

    /// The grey level (0…255) of an intensity.
    @inline(__always) func grey(_ v: Float) -> UInt8 {
        guard v.isFinite else { return 0 }
        let t = (Double(v) - lower) / (upper - lower)
        return UInt8(max(0, min(255, (t * 255).rounded())))
    }

    /// `LO:HI`, as `--window` takes it.
    public static func parse(_ text: String) -> QCWindow? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite, hi > lo else { return nil }
        return QCWindow(lower: lo, upper: hi, rule: "given")
    }
}
