import CGDCM
import Foundation

/// DICOM SEG segments placed on an image grid.
///
/// Each frame belongs to one segment (SegmentIdentificationSequence) and sits at its
/// PlanePositionSequence position; it must lie in one of the image's slices (within 5 % of a
/// voxel), with the image's orientation and pixel spacing, possibly offset in-plane by whole
/// voxels. BINARY frames are used as they are; FRACTIONAL values are divided by
/// MaximumFractionalValue and kept when ≥ 0.5.
public enum DICOMSegReader {
    static let positionTolerance = 0.05   // voxels

    public static func masks(_ path: String, on image: Geometry, selection: ROISelection) throws(RadiomicsError) -> [NamedMask] {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path) }
        try DICOMStructure.require(path)
        var info = cgdcm_seg_info()
        var err = [CChar](repeating: 0, count: 512)
        guard let seg = cgdcm_seg_open(path, &info, &err, err.count) else { throw .badInput(path, cMessage(err)) }
        defer { cgdcm_seg_free(seg) }
        let segments = (0..<cgdcm_seg_segment_count(seg)).map {
            (number: Int(cgdcm_seg_segment_number(seg, $0)), label: String(cString: cgdcm_seg_segment_label(seg, $0)))
        }
        let listing = segments.map { "\($0.number) '\($0.label)'" }.joined(separator: ", ")
        let chosen: [(number: Int, label: String)]
        switch selection {
        case .automatic:
            guard segments.count == 1 else {
                throw .badInput(path, segments.isEmpty ? "SEG holds no segment" : "SEG holds \(segments.count) segments; choose one with --roi NUMBER|LABEL (or --roi all): \(listing)")
            }
            chosen = segments
        case .all:
            guard !segments.isEmpty else { throw .badInput(path, "SEG holds no segment") }
            chosen = segments
        case .label(let n):
            guard let s = segments.first(where: { $0.number == n }) else { throw .badInput(path, "segment \(n) is absent; segments: \(listing)") }
            chosen = [s]
        case .roi(let name):
            if let n = Int(name), let s = segments.first(where: { $0.number == n }) { chosen = [s] }
            else if let s = segments.first(where: { $0.label == name }) { chosen = [s] }
            else { throw .badInput(path, "no segment numbered or labelled '\(name)'; segments: \(listing)") }
        }

        let (rows, columns, frames) = (Int(info.rows), Int(info.columns), Int(info.frames))
        guard rows > 0, columns > 0, frames > 0 else { throw .badInput(path, "SEG has no frame (\(columns)×\(rows)×\(frames))") }
        let (plane, o1) = rows.multipliedReportingOverflow(by: columns)
        let (total, o2) = plane.multipliedReportingOverflow(by: frames)
        guard !o1, !o2, total <= ReadLimits.default.maxVoxels else { throw .badInput(path, "SEG declares an impossibly large pixel array") }
        if info.has_orientation != 0 {
            let o = info.orientation
            let row = SIMD3(o.0, o.1, o.2), col = SIMD3(o.3, o.4, o.5)
            guard abs(row - image.axis(0)).max() < 1e-4, abs(col - image.axis(1)).max() < 1e-4 else {
                throw .badInput(path, "SEG orientation \([o.0, o.1, o.2, o.3, o.4, o.5]) differs from the image's; resampling a SEG is not supported")
            }
        }
        if info.has_pixel_spacing != 0 {
            let s = info.pixel_spacing
            guard Swift.abs(s.1 - image.spacing.x) < 1e-4, Swift.abs(s.0 - image.spacing.y) < 1e-4 else {
                throw .badInput(path, "SEG pixel spacing \(s.0)\\\(s.1) differs from the image's \(shortNumber(image.spacing.y))\\\(shortNumber(image.spacing.x))")
            }
        }
        var pixels = [UInt8](repeating: 0, count: total)
        let status = pixels.withUnsafeMutableBufferPointer { cgdcm_seg_decode(seg, $0.baseAddress, total, &err, err.count) }
        guard status == 0 else { throw .badInput(path, cMessage(err)) }
        let fractional = info.fractional != 0
        let maxValue = info.max_fractional_value > 0 ? info.max_fractional_value : 255

        var out: [NamedMask] = []
        for s in chosen {
            var mask = MaskVolume(geometry: image, repeating: 0)
            var used = 0
            for f in 0..<frames where Int(cgdcm_seg_frame_segment(seg, f)) == s.number || (segments.count == 1 && cgdcm_seg_frame_segment(seg, f) == 0) {
                var p = (0.0, 0.0, 0.0)
                guard withUnsafeMutablePointer(to: &p, { $0.withMemoryRebound(to: Double.self, capacity: 3) { cgdcm_seg_frame_position(seg, f, $0) } }) == 0 else {
                    throw .badInput(path, "frame \(f + 1) has no PlanePositionSequence position")
                }
                let idx = RTStructReader.index(of: SIMD3(p.0, p.1, p.2), in: image)
                let r = SIMD3(idx.x.rounded(), idx.y.rounded(), idx.z.rounded())
                guard abs(idx - r).max() < positionTolerance else {
                    throw .badInput(path, "frame \(f + 1) at \(fmt(SIMD3(p.0, p.1, p.2))) is not on the image grid (voxel index \(fmt(idx)))")
                }
                guard r.z >= 0, r.z < Double(image.size.z), Swift.abs(r.x) < 1e9, Swift.abs(r.y) < 1e9 else {
                    throw .badInput(path, "frame \(f + 1) at \(fmt(SIMD3(p.0, p.1, p.2))) lies outside the image's \(image.size.z) slices")
                }
                let (i0, j0, k) = (Int(r.x), Int(r.y), Int(r.z))
                for y in 0..<rows {
                    let j = j0 + y
                    guard j >= 0, j < image.size.y else { continue }
                    for x in 0..<columns {
                        let i = i0 + x
                        guard i >= 0, i < image.size.x else { continue }
                        let v = pixels[f * plane + y * columns + x]
                        let inside = fractional ? Double(v) / maxValue >= 0.5 : v != 0
                        if inside { mask[i, j, k] = 1 }
                    }
                }
                used += 1
            }
            guard used > 0 else { throw .badInput(path, "segment \(s.number) '\(s.label)' has no frame") }
            guard mask.count > 0 else { throw .badInput(path, "segment \(s.number) '\(s.label)' is empty on the image grid") }
            out.append(NamedMask(name: s.label.isEmpty ? String(s.number) : s.label, label: s.number, mask: mask))
        }
        return out
    }
}
