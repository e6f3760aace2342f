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
        let (grid, masks) = try readLabelMasks(path, options: options, selection: selection)
        if let why = grid.mismatch(with: image, names: ("mask", "image")) {
            throw .badInput(path, "mask grid does not match the image: \(why)")
        }
        return try masks.get()
    }

    /// Reads an image and the selected ROI(s) of its mask. A label-map mask (NIfTI, NRRD) does not
    /// need the image's grid to be read, so both files are read at the same time (the `.nii.gz`
    /// inflation of a large CT is the longest step of a run); RTSTRUCT and SEG masks are read
    /// after the image, onto its grid. Errors are those of a sequential read: the image's first.
    public static func readImageAndMasks(image imagePath: String, mask path: String, selection: ROISelection,
                                         options: ReadOptions = ReadOptions()) throws(RadiomicsError) -> (ImageVolume, [NamedMask]) {
        let (image, masks, _) = try readImageAndMasks(image: imagePath, mask: path, selection: selection, options: options) { _ in () }
        return (image, masks)
    }

    /// As above; `whileImageReads` runs on the masks of a label map as soon as they are
    /// selected, while the image may still be read (its result is nil for RTSTRUCT and SEG
    /// masks, which are read after the image).
    public static func readImageAndMasks<Early: Sendable>(image imagePath: String, mask path: String, selection: ROISelection,
                                                          options: ReadOptions = ReadOptions(),
                                                          whileImageReads: @escaping @Sendable ([NamedMask]) -> Early)
        throws(RadiomicsError) -> (ImageVolume, [NamedMask], Early?) {
        let maskFormat = try FileFormat.detect(path)
        guard maskFormat == .nifti || maskFormat == .nrrd else {
            let image = try ImageIO.readImage(imagePath, options: options)
            return (image, try readMasks(path, image: image.geometry, selection: selection, options: options, imageSource: imagePath), nil)
        }
        return try readImageAndLabelMasks(mask: path, selection: selection, options: options, geometry: \.geometry,
                                          readImage: { () throws(RadiomicsError) in try ImageIO.readImage(imagePath, options: options) },
                                          whileImageReads: whileImageReads)
    }

    /// The image (as `readImage` gives it) and a label-map mask's ROI(s), read at the same time.
    /// `afterMasks` runs on the mask's thread once its work is done and, without `keepMasks`,
    /// the whole-grid masks are freed (while the image may still be read).
    static func readImageAndLabelMasks<Image: Sendable, Early: Sendable>(
        mask path: String, selection: ROISelection, options: ReadOptions, geometry: (Image) -> Geometry,
        readImage: @escaping @Sendable () throws(RadiomicsError) -> Image, keepMasks: Bool = true,
        afterMasks: (@Sendable () -> Void)? = nil,
        whileImageReads: @escaping @Sendable ([NamedMask]) -> Early) throws(RadiomicsError) -> (Image, [NamedMask], Early?) {
        let reads = Parallel.map(count: 2) { which -> Result<ParallelRead<Image, Early>, RadiomicsError> in
            if which == 0 {
                do throws(RadiomicsError) { return .success(.image(try readImage())) } catch { return .failure(error) }
            }
            defer { afterMasks?() }
            return { () -> Result<ParallelRead<Image, Early>, RadiomicsError> in
                do throws(RadiomicsError) {
                    let (grid, masks) = try readLabelMasks(path, options: options, selection: selection)
                    let early = (try? masks.get()).map(whileImageReads)
                    // Without `keepMasks` the masks are freed here (`early` holds what is needed of them).
                    return .success(.labels(grid, keepMasks || early == nil ? masks : .success([]), early))
                } catch {
                    return .failure(error)
                }
            }()
        }
        guard case .image(let image) = try reads[0].get(), case .labels(let grid, let masks, let early) = try reads[1].get() else {
            throw RadiomicsError(.internal, "\(path): reads out of order")
        }
        if let why = grid.mismatch(with: geometry(image), names: ("mask", "image")) {
            throw .badInput(path, "mask grid does not match the image: \(why)")
        }
        return (image, try masks.get(), early)
    }

    private enum ParallelRead<Image: Sendable, Early: Sendable>: Sendable {
        case image(Image)
        case labels(Geometry, Result<[NamedMask], RadiomicsError>, Early?)
    }

    /// The grid of a label map and the masks `selection` picks (or why it cannot).
    /// `--volume` picks a volume of the image; a 3D label map is read as it is, and only a 4D
    /// one takes the same volume index.
    private static func readLabelMasks(_ path: String, options: ReadOptions,
                                       selection: ROISelection) throws(RadiomicsError) -> (Geometry, Result<[NamedMask], RadiomicsError>) {
        guard options.volumeIndex != nil else { return try readLabelMasks(path, labelOptions: options, selection: selection) }
        var single = options
        single.volumeIndex = nil
        do { return try readLabelMasks(path, labelOptions: single, selection: selection) } catch {
            return try readLabelMasks(path, labelOptions: options, selection: selection)
        }
    }

    private static func readLabelMasks(_ path: String, labelOptions options: ReadOptions,
                                       selection: ROISelection) throws(RadiomicsError) -> (Geometry, Result<[NamedMask], RadiomicsError>) {
        var labelOptions = options
        labelOptions.series = nil
        if try FileFormat.detect(path) == .nifti {
            switch try NIfTIReader.readLabelMap(path, volumeIndex: labelOptions.volumeIndex, limits: labelOptions.limits) {
            case .bytes(let labels):
                return (labels.geometry, Result { () throws(RadiomicsError) in try selectLabels(labels, selection: selection, file: path, maxLabels: options.limits.maxLabels) })
            case .floats(let labels):
                return (labels.geometry, Result { () throws(RadiomicsError) in try selectLabels(labels, selection: selection, file: path, maxLabels: options.limits.maxLabels) })
            }
        }
        let labels = try ImageIO.readImage(path, options: labelOptions)
        return (labels.geometry, Result { () throws(RadiomicsError) in try selectLabels(labels, selection: selection, file: path, maxLabels: options.limits.maxLabels) })
    }

    /// Splits a label map into binary masks according to `selection`.
    /// A map with non-integer values or more distinct labels than max(255, `maxLabels`) is
    /// refused as a likely swap of image and mask (an image given as the mask).
    public static func selectLabels(_ labels: ImageVolume, selection: ROISelection, file: String,
                                    maxLabels: Int = ReadLimits.defaultMaxLabels) throws(RadiomicsError) -> [NamedMask] {
        var present = Set<Int>()
        var nonInteger = false
        var last: Float = 0     // runs of one label: one set insertion per run
        try labels.voxels.withUnsafeBufferPointer { (v) throws(RadiomicsError) in
            var start = 0
            while start < v.count {
                // Most of a large mask is background: skip blocks of 16 zeros with one compare.
                if start + 16 <= v.count {
                    let block = UnsafeRawPointer(v.baseAddress! + start).loadUnaligned(as: SIMD16<Float>.self)
                    if all(block .== 0) { start += 16; continue }
                }
                let end = Swift.min(start + 16, v.count)
                for t in start..<end {
                    let x = v[t]
                    guard x != 0, x != last else { continue }
                    guard x.isFinite else { throw .badInput(file, "mask holds NaN or infinite values") }
                    if x != x.rounded() { nonInteger = true; continue }
                    // A label beyond 32 bits is no label (and Int(x) would trap beyond 64).
                    guard Swift.abs(x) <= Float(Int32.max) else { throw .badInput(file, "mask holds the value \(x), too large for a label") }
                    present.insert(Int(x))
                    last = x
                }
                start = end
            }
        }
        if nonInteger { throw .badInput(file, "mask holds non-integer values; expected a label map (image and mask swapped?)") }
        if present.count > Swift.max(255, maxLabels) {
            throw .badInput(file, "mask holds \(present.count) distinct values, more than a label map (image and mask swapped? --max-labels N accepts up to N labels)")
        }
        return try chosenLabels(present, selection: selection, file: file, maxLabels: maxLabels).map { label in
            let f = Float(label)
            let voxels = labels.voxels.withUnsafeBufferPointer { v in
                [UInt8](unsafeUninitializedCapacity: v.count) { out, initialized in
                    for t in 0..<v.count { out[t] = v[t] == f ? 1 : 0 }
                    initialized = v.count
                }
            }
            return NamedMask(name: String(label), label: label, mask: MaskVolume(geometry: labels.geometry, voxels: voxels))
        }
    }

    /// The same over a label map of bytes (`NIfTIReader.readBytes`). A map whose only label is
    /// 1 is its own mask: no copy.
    static func selectLabels(_ labels: Volume<UInt8>, selection: ROISelection, file: String,
                             maxLabels: Int = ReadLimits.defaultMaxLabels) throws(RadiomicsError) -> [NamedMask] {
        var seen = [Bool](repeating: false, count: 256)
        labels.voxels.withUnsafeBytes { v in
            seen.withUnsafeMutableBufferPointer { seen in
                // Most of a large mask is background: skip blocks of 64 zero bytes with one compare.
                var start = 0
                while start < v.count {
                    if start + 64 <= v.count {
                        var any: UInt64 = 0
                        for w in 0..<8 { any |= v.loadUnaligned(fromByteOffset: start + 8 * w, as: UInt64.self) }
                        if any == 0 { start += 64; continue }
                    }
                    let end = Swift.min(start + 64, v.count)
                    for t in start..<end { seen[Int(v[t])] = true }
                    start = end
                }
            }
        }
        let present = Set((1..<256).filter { seen[$0] })
        return try chosenLabels(present, selection: selection, file: file, maxLabels: maxLabels).map { label in
            if label == 1 && present == [1] { return NamedMask(name: "1", label: 1, mask: labels) }
            let b = UInt8(label)
            return NamedMask(name: String(label), label: label, mask: MaskVolume(geometry: labels.geometry, voxels: labels.voxels.map { $0 == b ? 1 : 0 }))
        }
    }

    /// The labels `selection` picks among those `present` in a label map.
    private static func chosenLabels(_ present: Set<Int>, selection: ROISelection, file: String, maxLabels: Int) throws(RadiomicsError) -> [Int] {
        let sorted = present.sorted()
        let listing = sorted.isEmpty ? "the mask is empty" : "labels present: " + sorted.map(String.init).joined(separator: ", ")
        switch selection {
        case .automatic:
            if present.contains(1) { return [1] }
            if sorted.count == 1 { return sorted }
            throw .badInput(file, sorted.isEmpty ? "the mask is empty (no non-zero voxel)" : "several labels and none chosen: use --label N or --label all (\(listing))")
        case .label(let n):
            guard present.contains(n) else { throw .badInput(file, "label \(n) is absent (\(listing))") }
            return [n]
        case .all:
            guard !sorted.isEmpty else { throw .badInput(file, "the mask is empty (no non-zero voxel)") }
            // Thousands of "labels" are an image given as the mask: one row each would run for hours.
            guard sorted.count <= maxLabels else {
                throw .badInput(file, "--label all: \(sorted.count) labels, more than --max-labels \(maxLabels) (image and mask swapped?)")
            }
            return sorted
        case .roi(let name):
            if let n = Int(name), present.contains(n) { return [n] }
            throw .badInput(file, "is a label map, not an RTSTRUCT/SEG: use --label (\(listing))")
        }
    }
}
