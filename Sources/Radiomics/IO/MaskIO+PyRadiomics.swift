import Foundation

/// The read and geometry-check stage as the pyradiomics recipe chooses it: the shared readers
/// (NIfTI, NRRD, DICOM series, RTSTRUCT, SEG, `--label`, `--roi`, `--series`, `--volume`,
/// `--max-voxels`), with pyradiomics' own rules where they differ: a label map's default ROI is the parameter file's
/// `label` (pyradiomics' default 1), not "1, else the only label"; and `geometryTolerance` /
/// `correctMask` decide whether a label map on another grid is an error or re-sampled onto the image.
extension MaskIO {
    public static func readImageAndMasks(image imagePath: String, mask maskPath: String, selection: ROISelection,
                                         options: ReadOptions, pyradiomics s: PyRadiomicsParameters.Settings) throws(RadiomicsError) -> (ImageVolume, [NamedMask]) {
        let format = try FileFormat.detect(maskPath)
        let labelMap = format == .nifti || format == .nrrd
        let selection = labelMap && selection == .automatic ? .label(s.label) : selection
        guard labelMap, s.correctMask || s.geometryTolerance != nil else {
            do throws(RadiomicsError) {
                return try readImageAndMasks(image: imagePath, mask: maskPath, selection: selection, options: options)
            } catch where labelMap && error.kind == .badInput && error.message.hasPrefix("mask grid does not match") {
                throw .badInput(maskPath, "Image/Mask geometry mismatch (\(error.message)); enable correctMask to re-sample the mask onto the image grid")
            }
        }
        let image = try ImageIO.readImage(imagePath, options: options)
        var maskOptions = options
        maskOptions.series = nil
        maskOptions.volumeIndex = nil  // --volume picks the image's volume; the label map is 3D
        var labels = try ImageIO.readImage(maskPath, options: maskOptions)
        if let why = labels.geometry.mismatch(with: image.geometry, lengthTolerance: s.geometryTolerance ?? 1e-4,
                                              directionTolerance: s.geometryTolerance ?? 1e-6, names: ("mask", "image")) {
            guard s.correctMask else {
                throw .badInput(maskPath, "Image/Mask geometry mismatch (\(why)); enable correctMask to re-sample the mask onto the image grid")
            }
            let label: Float? = if case .label(let n) = selection { Float(n) } else { nil }
            labels = try PyRadiomicsPreprocessing.correctMask(labels, onto: image.geometry, label: label, file: maskPath)
        }
        return (image, try selectLabels(labels, selection: selection, file: maskPath, maxLabels: options.limits.maxLabels))
    }
}
