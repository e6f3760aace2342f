import Foundation

/// Reading a case for the pyradiomics recipe: the shared readers (`MaskIO`: NIfTI, NRRD, DICOM
/// series, RTSTRUCT, SEG, `--label`, `--roi`, `--series`, `--volume`, `--max-voxels`), with
/// pyradiomics' own rules where they differ: a label map's default ROI is the parameter file's
/// `label` (pyradiomics' default 1), not "1, else the only label"; and `geometryTolerance` /
/// `correctMask` decide whether a label map on another grid is an error or re-sampled onto the image.
extension PyRadiomicsExtractor {
    public static func readImageAndMasks(image imagePath: String, mask maskPath: String, selection: ROISelection,
                                         options: ReadOptions, settings s: PyRadiomicsParameters.Settings) throws(RadiomicsError) -> (ImageVolume, [NamedMask]) {
        let format = try FileFormat.detect(maskPath)
        let labelMap = format == .nifti || format == .nrrd
        let selection = labelMap && selection == .automatic ? .label(s.label) : selection
        guard labelMap, s.correctMask || s.geometryTolerance != nil else {
            do throws(RadiomicsError) {
                return try MaskIO.readImageAndMasks(image: imagePath, mask: maskPath, selection: selection, options: options)
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
            labels = try correctMask(labels, onto: image.geometry, label: label, file: maskPath)
        }
        return (image, try MaskIO.selectLabels(labels, selection: selection, file: maskPath, maxLabels: options.limits.maxLabels))
    }

    /// pyradiomics `_correctMask`: checks that the ROI's bounding box lies inside the image's
    /// physical extent (tolerance 1e-3 voxel), then re-samples the label map onto the image grid
    /// with nearest-neighbour interpolation (ITK: round half up, 0 outside the mask grid).
    static func correctMask(_ labels: ImageVolume, onto g: Geometry, label: Float?, file: String) throws(RadiomicsError) -> ImageVolume {
        // The selected label's box (every label's with --label all / --roi all).
        guard let box = labels.map({ v in (label.map { v == $0 } ?? (v != 0)) ? UInt8(1) : 0 }).boundingBox else {
            throw .badInput(file, label.map { "label \(Int($0)) not present in mask" } ?? "the mask is empty")
        }
        let toImage = PhysicalToIndex(g)
        let lo = toImage.continuousIndex(labels.geometry.point(SIMD3<Double>(box.lower) - 0.5))
        let hi = toImage.continuousIndex(labels.geometry.point(SIMD3<Double>(box.upper) + 0.5))
        for a in 0..<3 where Swift.min(lo[a], hi[a]) < -0.5 - 1e-3 || Swift.max(lo[a], hi[a]) > Double(g.size[a]) - 0.5 + 1e-3 {
            throw .badInput(file, "Bounding box of ROI is larger than image space")
        }
        let toMask = PhysicalToIndex(labels.geometry)
        let ms = SIMD3<Double>(labels.geometry.size)
        var out = ImageVolume(geometry: g, repeating: 0)
        for k in 0..<g.size.z {
            for j in 0..<g.size.y {
                for i in 0..<g.size.x {
                    let ci = toMask.continuousIndex(g.point(SIMD3(Double(i), Double(j), Double(k))))
                    guard (0..<3).allSatisfy({ ci[$0] >= -0.5 && ci[$0] < ms[$0] - 0.5 }) else { continue }
                    let n = SIMD3<Int>((ci + 0.5).rounded(.down))
                    out[i, j, k] = labels[n.x, n.y, n.z]
                }
            }
        }
        return out
    }
}
