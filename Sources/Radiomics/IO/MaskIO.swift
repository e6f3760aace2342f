import Foundation

/// Which region(s) of a mask file to use.
public enum ROISelection: Sendable, Equatable {
    /// Label 1 if present, else the only non-zero label, else an error listing the labels;
    /// for RTSTRUCT/SEG the only ROI/segment, else an error listing them.
    case automatic
    /// One label value of a label map.
    case label(Int)
    /// Every non-zero label of a label map, or every ROI/segment of an RTSTRUCT/SEG.
    case all
    /// An RTSTRUCT ROI name, or a DICOM SEG segment number or label.
    case roi(String)
}

/// One region of interest on the image grid.
public struct NamedMask: Sendable {
    /// The label value, ROI name or segment label, as the user would name it.
    public var name: String
    /// The label value (label maps), or the segment number (SEG); nil for RTSTRUCT.
    public var label: Int?
    public var mask: MaskVolume
}

public enum MaskIO {
    /// Reads the mask file and returns the selected region(s), each on `image`'s grid.
    ///
    /// Label maps must already be on the image's grid (checked here); RTSTRUCT contours and
    /// SEG frames are placed on it. With `imageSource` (the image's path) a DICOM image's
    /// series and frame of reference must be those an RTSTRUCT references.
    public static func readMasks(_ path: String, image: Geometry, selection: ROISelection,
                                 options: ReadOptions = ReadOptions(), imageSource: String? = nil) throws(RadiomicsError) -> [NamedMask] {
        let format = try FileFormat.detect(path)
        if format == .dicomFile, let kind = try DICOMObjectKind.of(path), kind != .image {
            switch kind {
            case .rtstruct:
                var reference: DICOMImageReference?
                if let source = imageSource, [.dicomSeries, .dicomFile].contains(try FileFormat.detect(source)) {
                    reference = try DICOMSeriesReader.reference(of: source, series: options.series)
                }
                return try RTStructReader.masks(path, on: image, selection: selection, reference: reference, imageSource: imageSource)
            case .segmentation: return try DICOMSegReader.masks(path, on: image, selection: selection)
            case .image: break
            }
        }
        var labelOptions = options
        labelOptions.series = nil
        let labels = try ImageIO.readImage(path, options: labelOptions)
        if let why = image.mismatch(with: labels.geometry) {
            throw .badInput(path, "mask grid does not match the image: \(why)")
        }
        return try selectLabels(labels, selection: selection, file: path)
    }

    /// Splits a label map into binary masks according to `selection`.
    public static func selectLabels(_ labels: ImageVolume, selection: ROISelection, file: String) throws(RadiomicsError) -> [NamedMask] {
        var present = Set<Int>()
        var nonInteger = false
        for v in labels.voxels where v != 0 {
            guard v.isFinite else { throw .badInput(file, "mask holds NaN or infinite values") }
            if v != v.rounded() { nonInteger = true; continue }
            // A label beyond 32 bits is no label (and Int(v) would trap beyond 64).
            guard Swift.abs(v) <= Float(Int32.max) else { throw .badInput(file, "mask holds the value \(v), too large for a label") }
            present.insert(Int(v))
        }
        if nonInteger { throw .badInput(file, "mask holds non-integer values; expected a label map") }
        let sorted = present.sorted()
        let listing = sorted.isEmpty ? "the mask is empty" : "labels present: " + sorted.map(String.init).joined(separator: ", ")
        func mask(_ label: Int) -> NamedMask {
            let f = Float(label)
            return NamedMask(name: String(label), label: label, mask: labels.map { $0 == f ? 1 : 0 })
        }
        switch selection {
        case .automatic:
            if present.contains(1) { return [mask(1)] }
            if sorted.count == 1 { return [mask(sorted[0])] }
            throw .badInput(file, sorted.isEmpty ? "the mask is empty (no non-zero voxel)" : "several labels and none chosen: use --label N or --label all (\(listing))")
        case .label(let n):
            guard present.contains(n) else { throw .badInput(file, "label \(n) is absent (\(listing))") }
            return [mask(n)]
        case .all:
            guard !sorted.isEmpty else { throw .badInput(file, "the mask is empty (no non-zero voxel)") }
            return sorted.map(mask)
        case .roi(let name):
            if let n = Int(name), present.contains(n) { return [mask(n)] }
            throw .badInput(file, "is a label map, not an RTSTRUCT/SEG: use --label (\(listing))")
        }
    }
}
