import Foundation

/// A structural walk of a DICOM file, run before GDCM sees it.
///
/// Debian's GDCM is built with assertions enabled: a truncated or inconsistent file can abort
/// the whole process inside GDCM instead of failing. Every element length (sequences, items and
/// encapsulated fragments included) is therefore checked against the bytes present first.
enum DICOMStructure {
    enum Verdict { case dicom, notDICOM }

    static let maxDepth = 64

    /// `.notDICOM` for a file that is not DICOM at all; throws for a DICOM file that is
    /// truncated or malformed.
    static func check(_ path: String) throws(RadiomicsError) -> Verdict {
        let data = try readFile(path)
        let result = data.withUnsafeBytes { raw in
            Result { () throws(RadiomicsError) -> Verdict in try walk(raw, path: path) }
        }
        return try result.get()
    }

    static func walk(_ raw: UnsafeRawBufferPointer, path: String) throws(RadiomicsError) -> Verdict {
            let part10 = raw.count >= 132 && raw[128] == 0x44 && raw[129] == 0x49 && raw[130] == 0x43 && raw[131] == 0x4D
            var w = Walker(bytes: raw, file: path)
            if !part10 {
                // An old file without preamble: accept it only when it parses as implicit VR
                // little endian from its first byte, starting with a plausible group.
                guard raw.count >= 8, [0x0002, 0x0008].contains(w.u16(0, big: false)) else { return .notDICOM }
                do { try w.dataset(explicit: raw[4] >= 0x41 && raw[4] <= 0x5A && raw[5] >= 0x41 && raw[5] <= 0x5A, big: false, end: nil, delimited: false, depth: 0) }
                catch { return .notDICOM }
                return .dicom
            }
            w.pos = 132
            let syntax = try w.meta()
            // Without a transfer syntax GDCM guesses one, and may read the data set in another
            // byte order than this walk did (a fuzzed meta group made it read big endian and
            // allocate the byte-swapped lengths). The element is required (type 1) anyway.
            guard !syntax.isEmpty else {
                throw .badInput(path, "DICOM file is truncated or malformed: no transfer syntax (0002,0010) in a file meta group starting at byte 132")
            }
            switch syntax {
            case "1.2.840.10008.1.2": try w.dataset(explicit: false, big: false, end: nil, delimited: false, depth: 0)
            case "1.2.840.10008.1.2.2": try w.dataset(explicit: true, big: true, end: nil, delimited: false, depth: 0)
            case "1.2.840.10008.1.2.1.99":
                // Deflated: the walk checks the inflated data set, as explicit little endian.
                let inflated = try DeflatedDataSet.inflate(UnsafeRawBufferPointer(rebasing: raw[w.pos...]), file: path)
                let result = inflated.withUnsafeBytes { d in
                    Result { () throws(RadiomicsError) in
                        var inner = Walker(bytes: d, file: path)
                        try inner.dataset(explicit: true, big: false, end: nil, delimited: false, depth: 0)
                    }
                }
                try result.get()
            default:
                w.rle = syntax == "1.2.840.10008.1.2.5"
                w.jpeg2000 = syntax.hasPrefix("1.2.840.10008.1.2.4.9")
                try w.dataset(explicit: true, big: false, end: nil, delimited: false, depth: 0)
            }
            return .dicom
    }

    /// Throws unless `path` is a well-formed DICOM file.
    static func require(_ path: String) throws(RadiomicsError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path) }
        if try check(path) == .notDICOM { throw .badInput(path, "is not a DICOM file") }
    }

    struct Walker {
        let bytes: UnsafeRawBufferPointer
        let file: String
        var pos = 0
        /// RLE Lossless: each frame fragment's RLE header is checked too (GDCM 3.0.21's RLE
        /// decoder reads out of bounds when a segment offset points past its fragment).
        var rle = false
        /// JPEG 2000: each frame is checked by `JPEG2000Structure` (GDCM 3.0.21 walks its
        /// markers without bounds checks).
        var jpeg2000 = false
        /// Number of Frames (0028,0008) of the top-level data set: GDCM decodes a single frame
        /// from all fragments joined, and each fragment alone when there are several frames.
        var frames = 1
        /// Samples per pixel, rows, columns and bits allocated of the top-level data set, which
        /// each JPEG 2000 frame must match: GDCM copies the decoded frame by the codestream's
        /// size and precision into a buffer sized by these.
        var pixelModule: [Int: Int] = [:]

        init(bytes: UnsafeRawBufferPointer, file: String) {
            self.bytes = bytes
            self.file = file
        }

        func u16(_ o: Int, big: Bool) -> Int {
            big ? Int(bytes[o]) << 8 | Int(bytes[o + 1]) : Int(bytes[o]) | Int(bytes[o + 1]) << 8
        }
        func u32(_ o: Int, big: Bool) -> Int {
            big ? Int(u16(o, big: true)) << 16 | u16(o + 2, big: true) : u16(o, big: false) | u16(o + 2, big: false) << 16
        }

        func truncated(_ what: String) -> RadiomicsError {
            .badInput(file, "DICOM file is truncated or malformed: \(what) (file size \(bytes.count) bytes)")
        }

        static let longVRs: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]
        static let knownVRs: Set<String> = [
            "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
            "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
        ]
        static let undefined = 0xFFFF_FFFF

        /// The file meta group (always explicit VR little endian); returns the transfer syntax.
        mutating func meta() throws(RadiomicsError) -> String {
            var syntax = ""
            var previous = -1
            while pos + 8 <= bytes.count, u16(pos, big: false) == 0x0002 {
                let element = u16(pos + 2, big: false)
                // Elements ascend (PS3.5 7.1). A repeated or out-of-order meta group (a second
                // group length and transfer syntax after the first) made GDCM read the data
                // set in another syntax than this walk, and allocate a length read from text
                // (808 MB for "1000").
                guard element > previous else {
                    throw truncated("file meta element (0002,\(hex(element))) at byte \(pos) follows (0002,\(hex(previous))): elements out of order or repeated")
                }
                previous = element
                let isSequence = bytes[pos + 4] == 0x53 && bytes[pos + 5] == 0x51
                let (length, start) = try header(explicit: true, big: false)
                guard length != Self.undefined, !isSequence, start + length <= bytes.count else {
                    throw truncated("file meta element (0002,\(hex(element))) at byte \(pos) overruns the file")
                }
                if element == 0x0010 {
                    syntax = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
                        .trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
                }
                pos = start + length
            }
            return syntax
        }

        /// Reads an element header at `pos`; returns (value length, value start).
        mutating func header(explicit: Bool, big: Bool) throws(RadiomicsError) -> (Int, Int) {
            guard pos + 8 <= bytes.count else { throw truncated("element header at byte \(pos) is cut") }
            if explicit {
                let c0 = bytes[pos + 4], c1 = bytes[pos + 5]
                guard c0 >= 0x41, c0 <= 0x5A, c1 >= 0x41, c1 <= 0x5A else {
                    throw truncated("element (\(hex(u16(pos, big: big))),\(hex(u16(pos + 2, big: big)))) at byte \(pos) has no valid VR")
                }
                let vr = String(decoding: [c0, c1], as: UTF8.self)
                // GDCM asserts on a VR it does not know (and on a meta element it cannot hold).
                guard Self.knownVRs.contains(vr) else {
                    throw truncated("element (\(hex(u16(pos, big: big))),\(hex(u16(pos + 2, big: big)))) at byte \(pos) has the unknown VR '\(vr)'")
                }
                if Self.longVRs.contains(vr) {
                    guard pos + 12 <= bytes.count else { throw truncated("element header at byte \(pos) is cut") }
                    return (u32(pos + 8, big: big), pos + 12)
                }
                return (u16(pos + 6, big: big), pos + 8)
            }
            return (u32(pos + 4, big: big), pos + 8)
        }

        /// Walks data elements until `end` (a defined-length item), an item delimiter
        /// (`delimited`), or the end of the file.
        mutating func dataset(explicit: Bool, big: Bool, end: Int?, delimited: Bool, depth: Int) throws(RadiomicsError) {
            guard depth < maxDepth else { throw truncated("sequences nested deeper than \(maxDepth)") }
            let limit = end ?? bytes.count
            while true {
                if pos == limit {
                    if delimited { throw truncated("item without its delimiter") }
                    return
                }
                guard pos + 8 <= limit else { throw truncated("element header at byte \(pos) is cut") }
                let group = u16(pos, big: big), element = u16(pos + 2, big: big)
                if group == 0xFFFE {
                    if element == 0xE00D && delimited {
                        try delimiterLength(at: pos, big: big)
                        pos += 8
                        return
                    }
                    throw truncated("unexpected delimiter (FFFE,\(hex(element))) at byte \(pos)")
                }
                let isUN = explicit && bytes[pos + 4] == 0x55 && bytes[pos + 5] == 0x4E
                let at = pos
                let (length, start) = try header(explicit: explicit, big: big)
                pos = start
                if length == Self.undefined {
                    if group == 0x7FE0 && element == 0x0010 {
                        try fragments(big: big, limit: limit)
                    } else {
                        // A sequence; an undefined-length UN holds implicit VR little endian.
                        try sequence(explicit: isUN ? false : explicit, big: isUN ? false : big, limit: limit, depth: depth + 1)
                    }
                } else {
                    guard length <= limit - start else {
                        throw truncated("element (\(hex(group)),\(hex(element))) at byte \(at) declares \(length) bytes, \(limit - start) remain")
                    }
                    if depth == 0 && group == 0x0028 && element == 0x0008 {
                        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
                        frames = Int(text.trimmingCharacters(in: CharacterSet(charactersIn: " \0"))) ?? 1
                    }
                    if depth == 0 && group == 0x0028 && [0x0002, 0x0010, 0x0011, 0x0100].contains(element) && length == 2 {
                        pixelModule[element] = u16(start, big: big)
                    }
                    // A defined-length sequence is walked too: GDCM parses its items, and an
                    // element it misreads there (e.g. an invalid VR it retries as implicit VR)
                    // can declare hundreds of MB that GDCM allocates before reading. Implicit
                    // VR has no VR to tell: a value starting with an item tag is a sequence.
                    let isSequence = explicit
                        ? bytes[at + 4] == 0x53 && bytes[at + 5] == 0x51
                        : length >= 8 && u16(start, big: big) == 0xFFFE && u16(start + 2, big: big) == 0xE000
                    if isSequence && length > 0 {
                        try sequence(explicit: explicit, big: big, limit: start + length, depth: depth + 1, defined: true)
                    }
                    pos = start + length
                }
            }
        }

        /// The items of a sequence: up to its delimiter, or up to `limit` when its length is
        /// `defined`.
        mutating func sequence(explicit: Bool, big: Bool, limit: Int, depth: Int, defined: Bool = false) throws(RadiomicsError) {
            while true {
                if defined && pos == limit { return }
                guard pos + 8 <= limit else { throw truncated("sequence at byte \(pos) has no end") }
                let group = u16(pos, big: big), element = u16(pos + 2, big: big)
                let length = u32(pos + 4, big: big)
                guard group == 0xFFFE else { throw truncated("sequence item expected at byte \(pos)") }
                pos += 8
                if element == 0xE0DD { try delimiterLength(at: pos - 8, big: big); return }
                guard element == 0xE000 else { throw truncated("sequence item expected at byte \(pos - 8)") }
                if length == Self.undefined {
                    try dataset(explicit: explicit, big: big, end: nil, delimited: true, depth: depth)
                } else {
                    guard length <= limit - pos else { throw truncated("sequence item at byte \(pos - 8) declares \(length) bytes, \(limit - pos) remain") }
                    try dataset(explicit: explicit, big: big, end: pos + length, delimited: false, depth: depth)
                }
            }
        }

        /// Item and sequence delimiters have length 0. GDCM reads (and first allocates) the
        /// value a delimiter declares: 0xFFFFFFF6 after the last pixel data fragment made it
        /// allocate 4 GiB.
        func delimiterLength(at o: Int, big: Bool) throws(RadiomicsError) {
            let length = u32(o + 4, big: big)
            guard length == 0 else { throw truncated("delimiter (FFFE,\(hex(u16(o + 2, big: big)))) at byte \(o) declares \(length) bytes, not 0") }
        }

        /// The 64-byte RLE header: 1…15 segments, the first at byte 64, offsets increasing
        /// and inside the fragment.
        func rleHeader(at start: Int, length: Int) throws(RadiomicsError) {
            guard length >= 64 else { throw truncated("RLE fragment at byte \(start) is shorter than its 64-byte header") }
            let count = u32(start, big: false)
            guard (1...15).contains(count) else { throw truncated("RLE fragment at byte \(start) declares \(count) segments (1…15)") }
            var previous = 63
            for n in 0..<count {
                let offset = u32(start + 4 + 4 * n, big: false)
                guard offset > previous, offset < length, n > 0 || offset == 64 else {
                    throw truncated("RLE segment \(n + 1) of the fragment at byte \(start) starts at \(offset), outside its \(length) bytes")
                }
                previous = offset
            }
        }

        mutating func fragments(big: Bool, limit: Int) throws(RadiomicsError) {
            var fragment = 0
            var frameFragments: [Range<Int>] = []
            while true {
                guard pos + 8 <= limit else { throw truncated("encapsulated pixel data at byte \(pos) has no end") }
                let group = u16(pos, big: big), element = u16(pos + 2, big: big)
                let length = u32(pos + 4, big: big)
                pos += 8
                guard group == 0xFFFE else { throw truncated("pixel data fragment expected at byte \(pos - 8)") }
                if element == 0xE0DD {
                    try delimiterLength(at: pos - 8, big: big)
                    if jpeg2000 { try jpeg2000Frames(frameFragments) }
                    return
                }
                guard element == 0xE000, length != Self.undefined, length <= limit - pos else {
                    throw truncated("pixel data fragment at byte \(pos - 8) declares \(length) bytes, \(limit - pos) remain")
                }
                if rle && fragment > 0 { try rleHeader(at: pos, length: length) }
                if fragment > 0 { frameFragments.append(pos..<(pos + length)) }
                fragment += 1
                pos += length
            }
        }

        /// The JPEG 2000 buffers GDCM walks: the first fragment (read for the header), then
        /// every fragment of a multi-frame image, or all fragments joined for a single frame.
        func jpeg2000Frames(_ fragments: [Range<Int>]) throws(RadiomicsError) {
            for (n, range) in fragments.enumerated() where n == 0 || frames > 1 {
                let frame = UnsafeRawBufferPointer(rebasing: bytes[range])
                if let problem = JPEG2000Structure.problem(frame) {
                    throw truncated("\(problem) (pixel data fragment \(n + 1))")
                }
                guard let size = JPEG2000Structure.size(frame) else {
                    throw truncated("JPEG 2000 pixel data fragment \(n + 1) has no SIZ segment after its start of codestream")
                }
                let expected = (columns: pixelModule[0x0011] ?? 0, rows: pixelModule[0x0010] ?? 0,
                                samples: pixelModule[0x0002] ?? 1, bits: pixelModule[0x0100] ?? 0)
                let sampleBits = size.precision <= 8 ? 8 : size.precision <= 16 ? 16 : 32
                guard size.columns == expected.columns, size.rows == expected.rows, size.components == expected.samples,
                      sampleBits <= expected.bits else {
                    throw truncated("JPEG 2000 pixel data fragment \(n + 1) holds \(size.columns) × \(size.rows) pixels of \(size.components) sample(s) of \(size.precision) bits; the header says \(expected.columns) × \(expected.rows), \(expected.samples) sample(s), \(expected.bits) bits allocated")
                }
            }
            if frames <= 1 && fragments.count > 1 {
                let joined = fragments.flatMap { bytes[$0] }
                if let problem = joined.withUnsafeBytes({ JPEG2000Structure.problem($0) }) {
                    throw truncated("\(problem) (pixel data fragments joined)")
                }
            }
        }
    }
}

private func hex(_ v: Int) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: Swift.max(0, 4 - s.count)) + s
}
