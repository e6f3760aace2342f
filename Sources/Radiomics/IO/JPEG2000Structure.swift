/// A replay, with bounds checks, of the marker walk GDCM 3.0.21 makes over a JPEG 2000 frame
/// before OpenJPEG decodes it (`parsej2k_imp` and `parsejp2_imp` in gdcmJPEG2000Codec.cxx,
/// which look for the reversible transform).
///
/// GDCM's walk trusts every length: a marker segment longer than the bytes left makes its
/// unsigned remaining count wrap, and a JP2 box length moves its cursor without any check, so
/// a damaged frame makes it read far outside the fragment (SEGV, found by FuzzDICOMSeries).
/// The replay follows GDCM's control flow step by step, including its wrapping arithmetic,
/// and reports the first read that would leave the frame's bytes. A frame it passes is one
/// GDCM walks safely; OpenJPEG then validates the codestream itself.
enum JPEG2000Structure {
    /// The 12-byte signature box that makes GDCM walk JP2 boxes instead of codestream markers.
    static let jp2Signature: [UInt8] = [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]

    /// nil when GDCM's walk over `frame` stays inside it; otherwise the problem.
    static func problem(_ frame: UnsafeRawBufferPointer) -> String? {
        // GDCM compares the first 12 bytes with the JP2 signature whatever the length.
        guard frame.count >= jp2Signature.count else {
            return "JPEG 2000 frame of \(frame.count) bytes is shorter than a codestream header"
        }
        if frame.prefix(jp2Signature.count).elementsEqual(jp2Signature) {
            return boxesProblem(frame)
        }
        return codestreamProblem(frame, from: 0, declared: UInt64(frame.count))
    }

    /// `parsej2k_imp` over `declared` bytes from `start` (a JP2 `jp2c` box may declare more
    /// than the frame holds): markers 0xFF30–0xFF3F, SOC, EPH and EOC have no length; SOD ends
    /// the walk; the COD segment's MCT byte and transform byte are read (offsets 8 and 13 from
    /// the marker) and end the walk unless they are 0 or 1 (the transform: 1).
    static func codestreamProblem(_ bytes: UnsafeRawBufferPointer, from start: Int, declared: UInt64) -> String? {
        var remaining = declared
        var pos = start
        func outside(_ end: Int, _ what: String) -> String? {
            end <= bytes.count ? nil : "JPEG 2000 \(what) at byte \(pos) runs past the frame's \(bytes.count) bytes"
        }
        func u16(_ o: Int) -> Int { Int(bytes[o]) << 8 | Int(bytes[o + 1]) }
        while remaining > 1 {
            if let p = outside(pos + 2, "marker") { return p }
            let marker = u16(pos)
            remaining &-= 2
            switch marker {
            case 0xFF93:
                return nil
            case 0xFF4F, 0xFF92, 0xFFD9, 0xFF30...0xFF3F:
                pos += 2
            default:
                guard remaining > 1 else { return nil }
                if let p = outside(pos + 4, "marker segment length") { return p }
                let length = u16(pos + 2)
                guard length > 1 else { return nil }
                if marker == 0xFF52 {
                    if let p = outside(pos + 9, "COD segment") { return p }
                    guard bytes[pos + 8] <= 1 else { return nil }
                    if let p = outside(pos + 14, "COD segment") { return p }
                    guard bytes[pos + 13] == 1 else { return nil }
                }
                pos += 2 + length
                remaining &-= UInt64(length)
            }
        }
        return nil
    }

    /// `parsejp2_imp`: boxes of a 4-byte length (1: an 8-byte length follows) and a 4-byte
    /// type, up to the `jp2c` box, whose content is walked as a codestream. GDCM counts only
    /// the header bytes it reads against the frame size and moves its cursor by
    /// length − 8, so a box length can move it anywhere, backwards included.
    static func boxesProblem(_ bytes: UnsafeRawBufferPointer) -> String? {
        let count = UInt64(bytes.count)
        func outside(_ at: UInt64, _ n: UInt64, _ what: String) -> String? {
            at <= count && n <= count - at ? nil : "JPEG 2000 \(what) runs past the frame's \(count) bytes"
        }
        func u32(_ o: UInt64) -> UInt64 { (0..<4).reduce(0) { $0 << 8 | UInt64(bytes[Int(o) + $1]) } }
        func u64(_ o: UInt64) -> UInt64 { u32(o) << 32 | u32(o + 4) }
        var remaining = count
        guard remaining > 3 else { return nil }
        var length = u32(0)
        var pos: UInt64 = 4
        remaining -= 4
        while remaining > 3 {
            if let p = outside(pos, 4, "box type") { return p }
            let type = u32(pos)
            pos += 4
            remaining -= 4
            if length == 1 {
                // GDCM asserts here (an abort the shim would catch); refuse it before.
                guard remaining > 7 else { return "JPEG 2000 box with an extended length is cut" }
                if let p = outside(pos, 8, "box length") { return p }
                length = u64(pos) &- 8
                pos += 8
                remaining -= 8
            }
            if type == 0x6A70_3263 {   // "jp2c"
                let declared = length == 0 ? count - pos + 8 : length
                guard declared > 7 else { return "JPEG 2000 codestream box declares \(declared) bytes" }
                return codestreamProblem(bytes, from: Int(pos), declared: declared - 8)
            }
            guard remaining > 3 else { return nil }
            pos = pos &+ length &- 8
            remaining -= 4
            if let p = outside(pos, 4, "box length") { return p }
            length = u32(pos)
            pos += 4
        }
        return nil
    }

    /// The image size, component count and largest sample precision the codestream's SIZ
    /// segment declares; nil when the frame has no well-formed SIZ where the standard puts it
    /// (right after SOC, in the `jp2c` box of a JP2 file).
    struct Size: Equatable {
        var columns: Int, rows: Int, components: Int, precision: Int
    }

    static func size(_ frame: UnsafeRawBufferPointer) -> Size? {
        func u16(_ o: Int) -> Int { Int(frame[o]) << 8 | Int(frame[o + 1]) }
        func u32(_ o: Int) -> Int { u16(o) << 16 | u16(o + 2) }
        var start = 0
        if frame.prefix(jp2Signature.count).elementsEqual(jp2Signature) {
            var pos = 0
            while true {
                guard pos + 8 <= frame.count else { return nil }
                var length = u32(pos), header = 8
                if length == 1 {
                    guard pos + 16 <= frame.count, u32(pos + 8) == 0 else { return nil }
                    length = u32(pos + 12)
                    header = 16
                } else if length == 0 {
                    length = frame.count - pos
                }
                if u32(pos + 4) == 0x6A70_3263 { start = pos + header; break }
                guard length >= header, length <= frame.count - pos else { return nil }
                pos += length
            }
        }
        // SOC, SIZ marker, Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, 4 tile fields, Csiz.
        guard start + 42 <= frame.count, u16(start) == 0xFF4F, u16(start + 2) == 0xFF51 else { return nil }
        let components = u16(start + 40)
        guard components > 0, start + 4 + u16(start + 4) <= frame.count, u16(start + 4) == 38 + 3 * components else { return nil }
        let columns = u32(start + 8) - u32(start + 16), rows = u32(start + 12) - u32(start + 20)
        let precision = (0..<components).map { Int(frame[start + 42 + 3 * $0] & 0x7F) + 1 }.max() ?? 0
        return Size(columns: columns, rows: rows, components: components, precision: precision)
    }
}
