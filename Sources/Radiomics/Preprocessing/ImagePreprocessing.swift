import Foundation

/// The `preprocess:` section of a config: steps applied to the whole image after reading and
/// before everything else (interpolation, re-segmentation, filters, features).
///
/// - `n4`: N4 bias-field correction (through the ITK shim, loaded only when this step is asked
///   for), fitted inside the ROI(s), an Otsu mask of the image, or a mask file on the image grid.
/// - `normalise`: intensity normalisation (`IntensityNormalisation`), after N4.
///
/// The resolved section is part of the run configuration, so the provenance sidecar records it.
public struct ImagePreprocessing: Sendable, Equatable, Codable {
    public var n4: N4Step?
    public var normalise: IntensityNormalisation?

    public init(n4: N4Step? = nil, normalise: IntensityNormalisation? = nil) {
        self.n4 = n4
        self.normalise = normalise
    }

    /// One N4 run: its parameters and where the bias field is fitted.
    public struct N4Step: Sendable, Equatable, Codable {
        public var settings: N4Settings
        public var mask: N4Mask
        public init(settings: N4Settings = .standard, mask: N4Mask = .roi) {
            self.settings = settings
            self.mask = mask
        }
    }

    /// The voxels the N4 bias field is fitted on.
    public enum N4Mask: Sendable, Equatable, Codable {
        /// The union of the case's ROIs.
        case roi
        /// Otsu's threshold of the image (`N4BiasFieldCorrection.otsuMask`).
        case otsu
        /// A mask file on the image grid (any non-zero voxel).
        case file(String)
    }

    /// `image` with every step applied; `rois` are the case's masks (on the image grid).
    public func apply(to image: ImageVolume, rois: [MaskVolume], imageFile: String?,
                      limits: ReadLimits = .default) throws(RadiomicsError) -> ImageVolume {
        var image = image
        if let n4 {
            let mask: MaskVolume
            var maskFile = imageFile
            switch n4.mask {
            case .roi:
                var union = MaskVolume(geometry: image.geometry, repeating: 0)
                for roi in rois {
                    for i in roi.voxels.indices where roi.voxels[i] != 0 { union.voxels[i] = 1 }
                }
                mask = union
            case .otsu:
                mask = N4BiasFieldCorrection.otsuMask(image)
            case .file(let path):
                let labels = try ImageIO.readImage(path, options: ReadOptions(limits: limits))
                if let why = image.geometry.mismatch(with: labels.geometry) {
                    throw .badInput(path, "the N4 mask grid does not match the image: \(why)")
                }
                mask = labels.map { $0 != 0 ? 1 : 0 }
                maskFile = path
            }
            image = try N4BiasFieldCorrection.correct(image, mask: mask, settings: n4.settings, file: maskFile)
        }
        if let normalise { image = try normalise.apply(to: image, rois: rois, limits: limits, file: imageFile) }
        return image
    }
}
