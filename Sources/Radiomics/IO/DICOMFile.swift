import CGDCM
import Foundation

/// What a DICOM file holds, by SOP class (or modality when the class is unusual).
public enum DICOMObjectKind: Sendable {
    case image, rtstruct, segmentation

    static let rtstructClass = "1.2.840.10008.5.1.4.1.1.481.3"
    static let segmentationClass = "1.2.840.10008.5.1.4.1.1.66.4"

    /// The kind of `path`, or nil when it is not a DICOM file.
    public static func of(_ path: String) throws(RadiomicsError) -> DICOMObjectKind? {
        guard let h = try DICOMHeader.read(path) else { return nil }
        return h.kind
    }
}

/// The header attributes of one DICOM file that geometry and decoding need.
struct DICOMHeader: Sendable {
    var path: String
    var sopClass: String
    var seriesUID: String
    var frameOfReferenceUID: String
    var seriesDescription: String
    var modality: String
    var transferSyntax: String
    var photometric: String
    var position: SIMD3<Double>?
    /// Row cosine (direction of increasing column index), then column cosine.
    var orientation: (row: SIMD3<Double>, column: SIMD3<Double>)?
    /// (x, y): spacing between columns, then between rows.
    var pixelSpacing: SIMD2<Double>?
    var sliceThickness: Double
    var rescaleSlope: Double
    var rescaleIntercept: Double
    var rows: Int
    var columns: Int
    var frames: Int
    var bitsAllocated: Int
    var bitsStored: Int
    var pixelRepresentation: Int
    var samplesPerPixel: Int
    var instanceNumber: Int
    var hasPixelData: Bool

    var kind: DICOMObjectKind {
        if sopClass == DICOMObjectKind.rtstructClass || modality == "RTSTRUCT" { return .rtstruct }
        if sopClass == DICOMObjectKind.segmentationClass || modality == "SEG" { return .segmentation }
        return .image
    }

    /// Reads the header of `path`; nil when the file is not DICOM.
    static func read(_ path: String) throws(RadiomicsError) -> DICOMHeader? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .missing(path) }
        if isDir.boolValue { return nil }
        if try DICOMStructure.check(path) == .notDICOM { return nil }
        var h = cgdcm_header()
        var err = [CChar](repeating: 0, count: 512)
        let status = cgdcm_read_header(path, &h, &err, err.count)
        if status == 1 { return nil }
        if status != 0 { throw .badInput(path, cMessage(err)) }
        let p = h.position, o = h.orientation, s = h.pixel_spacing
        return DICOMHeader(
            path: path,
            sopClass: cText(h.sop_class_uid), seriesUID: cText(h.series_uid),
            frameOfReferenceUID: cText(h.frame_of_reference_uid),
            seriesDescription: cText(h.series_description), modality: cText(h.modality),
            transferSyntax: cText(h.transfer_syntax), photometric: cText(h.photometric),
            position: h.has_position != 0 ? SIMD3(p.0, p.1, p.2) : nil,
            orientation: h.has_orientation != 0 ? (SIMD3(o.0, o.1, o.2), SIMD3(o.3, o.4, o.5)) : nil,
            pixelSpacing: h.has_pixel_spacing != 0 ? SIMD2(s.1, s.0) : nil,
            sliceThickness: h.slice_thickness,
            rescaleSlope: h.rescale_slope, rescaleIntercept: h.rescale_intercept,
            rows: Int(h.rows), columns: Int(h.columns), frames: Int(h.frames),
            bitsAllocated: Int(h.bits_allocated), bitsStored: Int(h.bits_stored),
            pixelRepresentation: Int(h.pixel_representation), samplesPerPixel: Int(h.samples_per_pixel),
            instanceNumber: Int(h.instance_number), hasPixelData: h.has_pixel_data != 0)
    }
}

/// The C string held in a fixed-size C char array imported as a tuple.
func cText<T>(_ tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}

enum DICOMPixels {
    /// Decodes the single frame of `header.path` (any transfer syntax GDCM supports) into stored
    /// values converted to `Float`, rescale slope/intercept applied, written at `out[offset...]`.
    static func decode(_ header: DICOMHeader, into out: UnsafeMutableBufferPointer<Float>, offset: Int) throws(RadiomicsError) {
        let path = header.path
        var info = cgdcm_pixel_info()
        var err = [CChar](repeating: 0, count: 512)
        guard let image = cgdcm_image_open(path, &info, &err, err.count) else { throw .badInput(path, cMessage(err)) }
        defer { cgdcm_image_free(image) }
        let count = header.rows * header.columns
        guard Int(info.rows) == header.rows, Int(info.columns) == header.columns, info.frames == 1 else {
            throw .badInput(path, "decoded image is \(info.columns)×\(info.rows)×\(info.frames), the header says \(header.columns)×\(header.rows)×1")
        }
        guard info.samples_per_pixel == 1 else {
            throw .badInput(path, "has \(info.samples_per_pixel) samples per pixel; only greyscale images are supported")
        }
        let bytes = Int(info.bits_allocated) / 8
        guard [1, 2, 4].contains(bytes), Int(info.bits_allocated) % 8 == 0 else {
            throw .badInput(path, "\(info.bits_allocated)-bit pixels are not supported")
        }
        guard info.buffer_length == count * bytes else {
            throw .badInput(path, "pixel data decodes to \(info.buffer_length) bytes, \(count * bytes) expected for \(header.columns)×\(header.rows) \(info.bits_allocated)-bit pixels")
        }
        var raw = [UInt8](repeating: 0, count: count * bytes)
        let status = raw.withUnsafeMutableBytes { cgdcm_image_decode(image, $0.baseAddress, $0.count, &err, err.count) }
        guard status == 0 else { throw .badInput(path, cMessage(err)) }
        let signed = info.pixel_representation == 1
        // Signed values stored in fewer bits than allocated are sign-extended from the high bit.
        let shift = max(0, Int(info.bits_allocated) - Int(info.bits_stored))
        let slope = header.rescaleSlope.isFinite && header.rescaleSlope != 0 ? header.rescaleSlope : 1
        let inter = header.rescaleIntercept.isFinite ? header.rescaleIntercept : 0
        let identity = slope == 1 && inter == 0
        raw.withUnsafeBytes { b in
            for n in 0..<count {
                let v: Double
                switch (bytes, signed) {
                case (1, false): v = Double(b[n])
                case (1, true): v = Double((Int8(bitPattern: b[n]) << shift) >> shift)
                case (2, false): v = Double(b.loadUnaligned(fromByteOffset: 2 * n, as: UInt16.self).littleEndian)
                case (2, true): v = Double((Int16(bitPattern: b.loadUnaligned(fromByteOffset: 2 * n, as: UInt16.self).littleEndian) << shift) >> shift)
                case (_, false): v = Double(b.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self).littleEndian)
                case (_, true): v = Double((Int32(bitPattern: b.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self).littleEndian) << shift) >> shift)
                }
                out[offset + n] = identity ? Float(v) : Float(v * slope + inter)
            }
        }
    }
}

/// The NUL-terminated message a C shim wrote into `buffer`, as UTF-8 (invalid bytes replaced).
func cMessage(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
