import CGDCM
import Foundation

/// DICOM RTSTRUCT ROIs rasterised on an image grid.
///
/// Each CLOSED_PLANAR contour is mapped to continuous voxel indices and assigned to the nearest
/// slice (its mean index along k, rounded); its points must lie within a tenth of a slice
/// spacing of one plane parallel to the slices. On a slice, a voxel belongs to the ROI when its
/// centre is inside an odd number of the ROI's contours there (even–odd rule: a contour drawn
/// inside another is a hole). The centre test is PNPOLY's half-open crossing rule: along a
/// row, voxel i is inside when an odd number of contour edges cross the row at x > i; so a
/// centre exactly on a left/lower edge is inside and one on a right/upper edge is outside,
/// and two contours sharing an edge never both claim its voxels.
public enum RTStructReader {
    struct ROI { var number: Int; var name: String }
    /// Largest spread of one contour's points across slices, in slice spacings.
    static let planarTolerance = 0.1
    struct Contour { var roi: Int; var points: [SIMD3<Double>] }

    /// - Parameter reference: the image's DICOM identity, when it is DICOM: the RTSTRUCT must
    ///   reference its frame of reference and series (when it lists them).
    public static func masks(_ path: String, on image: Geometry, selection: ROISelection,
                             reference: DICOMImageReference? = nil, imageSource: String? = nil) throws(RadiomicsError) -> [NamedMask] {
        let (rois, contours, referenced) = try load(path)
        if let reference {
            let what = imageSource.map { "the image \($0)" } ?? "the image"
            if !referenced.frames.isEmpty, !reference.frameOfReferenceUID.isEmpty, !referenced.frames.contains(reference.frameOfReferenceUID) {
                throw .badInput(path, "RTSTRUCT references frame of reference \(referenced.frames.joined(separator: ", ")) but \(what) is in \(reference.frameOfReferenceUID): drawn on another image?")
            }
            if !referenced.series.isEmpty, !referenced.series.contains(reference.seriesUID) {
                throw .badInput(path, "RTSTRUCT references series \(referenced.series.joined(separator: ", ")) but \(what) is series \(reference.seriesUID): drawn on another image?")
            }
        }
        let names = rois.map { "'\($0.name)'" }.joined(separator: ", ")
        let chosen: [ROI]
        switch selection {
        case .automatic:
            guard !rois.isEmpty else { throw .badInput(path, "RTSTRUCT holds no ROI") }
            guard rois.count == 1 else { throw .badInput(path, "RTSTRUCT holds \(rois.count) ROIs; choose one with --roi NAME (or --roi all): \(names)") }
            chosen = rois
        case .all:
            guard !rois.isEmpty else { throw .badInput(path, "RTSTRUCT holds no ROI") }
            chosen = rois
        case .roi(let name):
            if let exact = rois.first(where: { $0.name == name }) { chosen = [exact] }
            else {
                let folded = rois.filter { $0.name.lowercased() == name.lowercased() }
                guard folded.count == 1 else { throw .badInput(path, "no ROI named '\(name)'; ROIs present: \(names)") }
                chosen = folded
            }
        case .label(let n):
            throw .badInput(path, "is an RTSTRUCT, not a label map: choose the ROI with --roi NAME instead of --label \(n) (ROIs: \(names))")
        }
        var out: [NamedMask] = []
        for roi in chosen {
            let mine = contours.filter { $0.roi == roi.number }
            guard !mine.isEmpty else { throw .badInput(path, "ROI '\(roi.name)' has no closed planar contour") }
            let mask = try rasterise(mine, on: image, file: path, roi: roi.name)
            guard mask.count > 0 else {
                throw .badInput(path, "ROI '\(roi.name)' covers no voxel centre of the image grid (\(mine.count) contours); is it drawn on this image?")
            }
            out.append(NamedMask(name: roi.name, label: nil, mask: mask))
        }
        return out
    }

    /// The UIDs of the images an RTSTRUCT says it was drawn on.
    struct References { var frames: [String]; var series: [String] }

    static func load(_ path: String) throws(RadiomicsError) -> ([ROI], [Contour], References) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path) }
        try DICOMStructure.require(path)
        var err = [CChar](repeating: 0, count: 512)
        guard let rt = cgdcm_rtstruct_open(path, &err, err.count) else { throw .badInput(path, cMessage(err)) }
        defer { cgdcm_rtstruct_free(rt) }
        let rois = (0..<cgdcm_rtstruct_roi_count(rt)).map {
            ROI(number: Int(cgdcm_rtstruct_roi_number(rt, $0)), name: String(cString: cgdcm_rtstruct_roi_name(rt, $0)))
        }
        var contours: [Contour] = []
        for c in 0..<cgdcm_rtstruct_contour_count(rt) {
            let type = String(cString: cgdcm_rtstruct_contour_type(rt, c))
            guard type == "CLOSED_PLANAR" || type.isEmpty else { continue }
            let n = cgdcm_rtstruct_contour_point_count(rt, c)
            guard n >= 3, let p = cgdcm_rtstruct_contour_points(rt, c) else { continue }
            let points = (0..<n).map { SIMD3(p[3 * $0], p[3 * $0 + 1], p[3 * $0 + 2]) }
            guard points.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
                throw .badInput(path, "contour \(c) of ROI \(cgdcm_rtstruct_contour_roi_number(rt, c)) has non-numeric ContourData")
            }
            contours.append(Contour(roi: Int(cgdcm_rtstruct_contour_roi_number(rt, c)), points: points))
        }
        func uids(_ list: UnsafePointer<CChar>) -> [String] {
            var seen: [String] = []
            for u in String(cString: list).split(separator: "\\").map(String.init) where !seen.contains(u) { seen.append(u) }
            return seen
        }
        let references = References(frames: uids(cgdcm_rtstruct_referenced_frames(rt)), series: uids(cgdcm_rtstruct_referenced_series(rt)))
        return (rois, contours, references)
    }

    /// Continuous voxel index of an LPS point (the direction matrix is orthonormal).
    static func index(of p: SIMD3<Double>, in g: Geometry) -> SIMD3<Double> {
        let d = p - g.origin
        return SIMD3((g.axis(0) * d).sum(), (g.axis(1) * d).sum(), (g.axis(2) * d).sum()) / g.spacing
    }

    /// Even–odd fill of `contours` on `image`'s grid.
    /// - Throws: when a contour is not parallel to the image's slices (its points spread over
    ///   more than `planarTolerance` slice spacings), since it then belongs to no one slice.
    static func rasterise(_ contours: [Contour], on image: Geometry, file: String, roi: String) throws(RadiomicsError) -> MaskVolume {
        var mask = MaskVolume(geometry: image, repeating: 0)
        let (nx, ny, nz) = (image.size.x, image.size.y, image.size.z)
        var bySlice: [Int: [[SIMD2<Double>]]] = [:]
        for c in contours {
            let idx = c.points.map { index(of: $0, in: image) }
            let zs = idx.map(\.z)
            let mean = zs.reduce(0, +) / Double(zs.count)
            guard zs.max()! - zs.min()! <= planarTolerance else {
                throw .badInput(file, "a contour of ROI '\(roi)' is not parallel to the image slices (it spans \(shortNumber(zs.max()! - zs.min()!)) slice spacings)")
            }
            // A contour beyond the image (more than half a voxel past the outer voxel centres)
            // would silently lose part of the ROI: an RTSTRUCT for another image or field of view.
            let slack = 0.5 + 1e-6
            guard mean >= -slack, mean <= Double(nz - 1) + slack else {
                throw .badInput(file, "a contour of ROI '\(roi)' lies outside the image (at slice index \(shortNumber(mean)), the image has slices 0…\(nz - 1)); is it drawn on this image?")
            }
            for p in idx where !(p.x >= -slack && p.x <= Double(nx - 1) + slack && p.y >= -slack && p.y <= Double(ny - 1) + slack) {
                throw .badInput(file, "a contour of ROI '\(roi)' extends outside the image (to voxel index \(shortNumber(p.x)), \(shortNumber(p.y)) on a \(nx)×\(ny) slice); is it drawn on this image?")
            }
            let k = Swift.min(Swift.max(Int(mean.rounded()), 0), nz - 1)
            bySlice[k, default: []].append(idx.map { SIMD2($0.x, $0.y) })
        }
        for (k, polygons) in bySlice {
            var xs: [Double] = []
            for j in 0..<ny {
                let y = Double(j)
                xs.removeAll(keepingCapacity: true)
                for poly in polygons {
                    var a = poly[poly.count - 1]
                    for b in poly {
                        if (a.y > y) != (b.y > y) {
                            xs.append(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y))
                        }
                        a = b
                    }
                }
                guard xs.count >= 2 else { continue }
                xs.sort()
                var m = 0
                while m + 1 < xs.count {
                    // Voxel i is inside when x0 ≤ i < x1.
                    let lo = Int(Swift.min(Swift.max(xs[m].rounded(.up), 0), Double(nx)))
                    let hi = Int(Swift.min(Swift.max(xs[m + 1].rounded(.up), 0), Double(nx))) - 1
                    if lo <= hi {
                        let row = nx * (j + ny * k)
                        for i in lo...hi { mask.voxels[row + i] = 1 }
                    }
                    m += 2
                }
            }
        }
        return mask
    }
}
