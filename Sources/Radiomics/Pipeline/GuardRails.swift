/// Checks on suspicious input that would otherwise give a wrong table with exit 0 (issue 20):
/// an image and mask given the wrong way round, a degenerate ROI, a filter finer than the grid.
/// Errors are `RadiomicsError.badInput` (exit 65); warnings go to stderr and to the `warnings`
/// column, which a table has exactly when its settings can warn (`canWarn`), never by the data.
public struct GuardRails: Sendable, Equatable, Codable {
    /// An ROI with fewer voxels than this after interpolation and re-segmentation is an error
    /// (`--min-roi-voxels`): one voxel has no texture, no spread and no shape.
    public var minROIVoxels: Int = GuardRails.defaultMinROIVoxels
    /// Accept an image that holds only 0 and 1 (`--allow-binary-image`), e.g. a mask measured on itself.
    public var allowBinaryImage: Bool = false

    public static let defaultMinROIVoxels = 2
    public init(minROIVoxels: Int = GuardRails.defaultMinROIVoxels, allowBinaryImage: Bool = false) {
        self.minROIVoxels = minROIVoxels
        self.allowBinaryImage = allowBinaryImage
    }

    /// nil when every guard has its default: the configuration (and its settings hash) stays as
    /// it was before the guards existed.
    public var nonDefault: GuardRails? { self == GuardRails() ? nil : self }

    /// Throws when `image` holds only the values 0 and 1: a mask given as the image.
    public func checkImage(_ image: ImageVolume, file: String) throws(RadiomicsError) {
        guard !allowBinaryImage else { return }
        let binary = image.voxels.withUnsafeBufferPointer { v in !v.contains { $0 != 0 && $0 != 1 } }
        if binary { throw Self.binaryImage(file) }
    }

    static func binaryImage(_ file: String) -> RadiomicsError {
        .badInput(file, "the image holds only 0 and 1, a mask (image and mask swapped? --allow-binary-image to go on)")
    }

    /// Throws when the processed ROI has fewer than `minimum` voxels; `stage` says after what.
    static func checkROISize(_ mask: MaskVolume, minimum: Int, stage: String, file: String?) throws(RadiomicsError) {
        guard minimum > 1 else { return }
        let count = mask.count
        if count < minimum {
            throw .badInput(file, "the ROI has \(count) voxel\(count == 1 ? "" : "s") after \(stage), fewer than --min-roi-voxels \(minimum)")
        }
    }

    /// The σ (mm) of every 3D Laplacian-of-Gaussian the configuration computes.
    static func logSigmas(_ configuration: RunConfiguration) -> [Double] {
        var specs: [FilterSpec] = []
        if let p = configuration.pyradiomics {
            for t in p.imageTypes where t.kind == .log { specs += t.settings.sigma.map { FilterSpec.pyradiomicsLoG(sigma: $0) } }
        } else {
            specs = ((try? configuration.imageTypeRuns()) ?? []).compactMap(\.settings.filter)
        }
        return specs.compactMap { spec in
            switch spec {
            case let .laplacianOfGaussian(s, _, .threeD, _), let .rieszLoG(s, _, _, _), let .pyradiomicsLoG(s): s
            default: nil
            }
        }
    }

    /// Whether `configuration` can warn at all: its tables then have a `warnings` column.
    public static func canWarn(_ configuration: RunConfiguration) -> Bool { !logSigmas(configuration).isEmpty }

    /// The warnings of one case on `image`: a 3D LoG whose σ is below the slice spacing the
    /// filter sees (after interpolation) samples the kernel along z with less than a voxel per σ.
    public static func warnings(_ configuration: RunConfiguration, image: ImageVolume) -> [String] {
        let sigmas = logSigmas(configuration)
        guard let smallest = sigmas.min() else { return [] }
        var slice = image.geometry.spacing.z
        if let p = configuration.pyradiomics, let s = p.settings.resampledPixelSpacing, s.count == 3, s[2] > 0 {
            slice = s[2]
        } else if configuration.pyradiomics == nil, let i = configuration.settings.interpolation, !i.inPlaneOnly {
            slice = i.spacing.z
        }
        guard smallest < slice else { return [] }
        return ["LoG sigma \(pythonFloat(smallest)) mm is below the slice spacing \(pythonFloat(slice)) mm: the 3D kernel is undersampled along z"]
    }
}
