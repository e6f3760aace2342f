import Foundation

/// A DICOM image series (a folder, or one image file) into an LPS `ImageVolume`.
///
/// Slices are grouped by SeriesInstanceUID and sorted by ImagePositionPatient projected on the
/// slice normal (row cosine × column cosine); file names and InstanceNumber are ignored. The
/// origin is the first slice's position, the direction's columns are the row cosine, the column
/// cosine and the normal, the slice spacing is (last − first position along the normal)/(n − 1)
/// as ITK computes it. Slices must share orientation, size, pixel spacing and pixel type, be
/// evenly spaced along the normal (no gaps, no duplicates) and stacked along it (no gantry tilt).
public enum DICOMSeriesReader {
    /// Largest relative deviation of one slice gap from the mean gap.
    static let spacingTolerance = 1e-2

    public static func read(directory: String, series: String?, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        let files = try listFiles(directory)
        // Headers are read on all cores. Files that are not DICOM are skipped; a damaged DICOM
        // file stops the read (the first in path order), since skipping it would silently drop a slice.
        let headers = HeaderSlots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { n in
            headers.set(n, Result { () throws(RadiomicsError) in try DICOMHeader.read(files[n]) })
        }
        var images: [DICOMHeader] = []
        for slot in headers.all {
            guard let h = try slot.get(), h.kind == .image, h.hasPixelData, h.rows > 0, h.columns > 0 else { continue }
            images.append(h)
        }
        guard !images.isEmpty else {
            throw .badInput(directory, "holds no DICOM image (\(files.count) files looked at)")
        }
        var bySeries: [String: [DICOMHeader]] = [:]
        for h in images { bySeries[h.seriesUID, default: []].append(h) }
        let chosen: [DICOMHeader]
        if let series {
            guard let s = bySeries[series] else {
                throw .badInput(directory, "series \(series) is not in the folder; series present: \(listing(bySeries))")
            }
            chosen = s
        } else {
            guard bySeries.count == 1, let only = bySeries.values.first else {
                throw .badInput(directory, "holds \(bySeries.count) DICOM series; choose one with --series UID: \(listing(bySeries))")
            }
            chosen = only
        }
        return try stack(chosen, source: directory, limits: limits)
    }

    /// One DICOM image file read as a volume of one slice.
    public static func read(file: String, series: String?, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        guard let h = try DICOMHeader.read(file) else { throw .badInput(file, "is not a DICOM file") }
        guard h.kind == .image, h.hasPixelData else {
            throw .badInput(file, "is a DICOM \(h.kind == .rtstruct ? "RTSTRUCT" : h.kind == .segmentation ? "SEG" : "object without pixel data"), not an image")
        }
        if let series, series != h.seriesUID {
            throw .badInput(file, "belongs to series \(h.seriesUID), not \(series)")
        }
        return try stack([h], source: file, limits: limits)
    }

    /// The series and frame of reference of the DICOM image at `path` (a folder: its series
    /// `series`, or its first image), or nil when `path` is not a DICOM image.
    public static func reference(of path: String, series: String?) throws(RadiomicsError) -> DICOMImageReference? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .missing(path) }
        for file in isDir.boolValue ? try listFiles(path) : [path] {
            guard let h = try DICOMHeader.read(file), h.kind == .image, series == nil || h.seriesUID == series else { continue }
            return DICOMImageReference(seriesUID: h.seriesUID, frameOfReferenceUID: h.frameOfReferenceUID)
        }
        return nil
    }

    /// Regular, non-hidden files below `directory` (recursively), sorted by path.
    static func listFiles(_ directory: String) throws(RadiomicsError) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else { throw .missing(directory) }
        guard isDir.boolValue else { throw .badInput(directory, "is not a folder") }
        // Paths stay relative to `directory` as the user wrote it, so messages name files that way.
        // The walker does not enter a folder given as a symbolic link (common for study folders
        // linked into a project): walk its target, and name files under the path as given.
        let target = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: target) else { throw .missing(directory, "cannot be listed") }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        var out: [String] = []
        while let item = walker.nextObject() as? String {
            if item.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            let path = base + item
            // Devices and pipes are skipped: reading them would never end.
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue, isRegularFile(path) { out.append(path) }
        }
        return out.sorted()
    }

    static func listing(_ bySeries: [String: [DICOMHeader]]) -> String {
        bySeries.keys.sorted().map { uid in
            let s = bySeries[uid]!
            let d = s[0].seriesDescription
            return "\(uid) (\(d.isEmpty ? "" : "'\(d)', ")\(s[0].modality.isEmpty ? "" : s[0].modality + ", ")\(s.count) slice\(s.count == 1 ? "" : "s"))"
        }.joined(separator: "; ")
    }

    /// Sorts, checks and decodes the slices of one series.
    static func stack(_ slices: [DICOMHeader], source: String, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        let first = slices[0]
        for h in slices where h.frames > 1 {
            throw .badInput(h.path, "multi-frame DICOM images (\(h.frames) frames) are not supported; use a series of single-frame files")
        }
        guard let ps = first.pixelSpacing, let orientation = first.orientation, first.position != nil || slices.count == 1 else {
            throw .badInput(first.path, "lacks PixelSpacing, ImageOrientationPatient or ImagePositionPatient")
        }
        let rowCos = orientation.row / (orientation.row * orientation.row).sum().squareRoot()
        let colCos = orientation.column / (orientation.column * orientation.column).sum().squareRoot()
        guard Swift.abs((rowCos * colCos).sum()) < 1e-3, rowCos.x.isFinite, colCos.x.isFinite else {
            throw .badInput(first.path, "ImageOrientationPatient is not two orthogonal unit vectors")
        }
        let normal = cross(rowCos, colCos)
        for h in slices.dropFirst() {
            guard h.rows == first.rows, h.columns == first.columns else {
                throw .badInput(h.path, "slice is \(h.columns)×\(h.rows) but \(first.path) is \(first.columns)×\(first.rows) in the same series")
            }
            guard h.bitsAllocated == first.bitsAllocated, h.pixelRepresentation == first.pixelRepresentation,
                  h.samplesPerPixel == first.samplesPerPixel else {
                throw .badInput(h.path, "pixel type (\(h.bitsAllocated) bits, \(h.pixelRepresentation == 1 ? "signed" : "unsigned")) differs from \(first.path) in the same series")
            }
            guard let o = h.orientation, abs(o.row - orientation.row).max() < 1e-4, abs(o.column - orientation.column).max() < 1e-4 else {
                throw .badInput(h.path, "ImageOrientationPatient differs from \(first.path) in the same series (mixed orientations)")
            }
            guard let s = h.pixelSpacing, Swift.abs(s.x - ps.x) < 1e-4, Swift.abs(s.y - ps.y) < 1e-4 else {
                throw .badInput(h.path, "PixelSpacing differs from \(first.path) in the same series")
            }
            guard h.position != nil else { throw .badInput(h.path, "lacks ImagePositionPatient") }
        }
        guard ps.x > 0, ps.y > 0, ps.x.isFinite, ps.y.isFinite else {
            throw .badInput(first.path, "PixelSpacing \(ps.y)\\\(ps.x) is not positive")
        }
        let position = { (h: DICOMHeader) -> SIMD3<Double> in h.position ?? .zero }
        let sorted = slices.sorted { (position($0) * normal).sum() < (position($1) * normal).sum() }
        var zSpacing = 1.0
        if sorted.count > 1 {
            let along = sorted.map { (position($0) * normal).sum() }
            for n in 1..<sorted.count {
                if along[n] - along[n - 1] < 1e-3 {
                    throw .badInput(source, "two slices at the same position \(fmt(position(sorted[n]))): \(sorted[n - 1].path) and \(sorted[n].path)")
                }
            }
            zSpacing = (along[along.count - 1] - along[0]) / Double(sorted.count - 1)
            for n in 1..<sorted.count {
                let gap = along[n] - along[n - 1]
                if Swift.abs(gap - zSpacing) > spacingTolerance * zSpacing + 1e-3 {
                    throw .badInput(source, "non-uniform slice spacing: gap of \(shortNumber(gap)) mm before \(sorted[n].path), mean \(shortNumber(zSpacing)) mm (missing or extra slices?)")
                }
                let step = position(sorted[n]) - position(sorted[n - 1])
                let lateral = step - normal * (step * normal).sum()
                if (lateral * lateral).sum().squareRoot() > 1e-2 * gap + 1e-3 {
                    throw .badInput(source, "slices are not stacked along their normal (gantry tilt or sheared series) at \(sorted[n].path); resample it first")
                }
            }
        }
        // One slice: spacing 1 along the normal, as ITK/SimpleITK give (SliceThickness is not a spacing).
        let size = SIMD3(first.columns, first.rows, sorted.count)
        let (plane, o1) = first.columns.multipliedReportingOverflow(by: first.rows)
        let (total, o2) = plane.multipliedReportingOverflow(by: sorted.count)
        guard !o1, !o2, total <= limits.maxVoxels else {
            throw .badInput(source, "\(size.x)×\(size.y)×\(size.z) voxels exceed the limit of \(limits.maxVoxels) (--max-voxels)")
        }
        let direction = [rowCos.x, colCos.x, normal.x, rowCos.y, colCos.y, normal.y, rowCos.z, colCos.z, normal.z]
        let geometry = Geometry(size: size, spacing: SIMD3(ps.x, ps.y, zSpacing),
                                origin: position(sorted[0]), direction: direction)
        do { try geometry.validate() } catch { if case .invalid(let why) = error { throw .badInput(source, why) } }
        var voxels = [Float](repeating: 0, count: total)
        // Slices decode independently (one GDCM reader each) into disjoint parts of the
        // buffer; the first failure in slice order is reported, whatever the thread timing.
        let failures = SliceFailures(count: sorted.count)
        voxels.withUnsafeMutableBufferPointer { out in
            let target = SharedBuffer(base: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: sorted.count) { k in
                do throws(RadiomicsError) { try DICOMPixels.decode(sorted[k], into: UnsafeMutableBufferPointer(start: target.base, count: total), offset: k * plane) }
                catch { failures.set(k, error) }
            }
        }
        if let failure = failures.first { throw failure }
        return ImageVolume(geometry: geometry, voxels: voxels)
    }
}

/// What identifies a DICOM image for the objects drawn on it (RTSTRUCT references).
public struct DICOMImageReference: Sendable, Equatable {
    public var seriesUID: String
    public var frameOfReferenceUID: String
    public init(seriesUID: String, frameOfReferenceUID: String) {
        self.seriesUID = seriesUID
        self.frameOfReferenceUID = frameOfReferenceUID
    }
}

func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}


/// Per-slice decoding errors, each slot written by one thread only.
private final class SliceFailures: @unchecked Sendable {
    private var errors: [RadiomicsError?]
    private let lock = NSLock()
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ e: RadiomicsError) { lock.withLock { errors[k] = e } }
    var first: RadiomicsError? { lock.withLock { errors.lazy.compactMap { $0 }.first } }
}

/// Per-file header results, each slot written by one thread only.
private final class HeaderSlots: @unchecked Sendable {
    private var slots: [Result<DICOMHeader?, RadiomicsError>]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: .success(nil), count: count) }
    func set(_ n: Int, _ r: Result<DICOMHeader?, RadiomicsError>) { lock.withLock { slots[n] = r } }
    var all: [Result<DICOMHeader?, RadiomicsError>] { lock.withLock { slots } }
}
