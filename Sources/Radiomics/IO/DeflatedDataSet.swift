import CZlib

/// The data set of a Deflated Explicit VR Little Endian file (1.2.840.10008.1.2.1.99): a raw
/// deflate stream after the file meta group. It is inflated here, under a cap, so that the
/// structural walk sees the elements GDCM will read (GDCM was handed a corrupt stream unchecked
/// and allocated 2 GB: a fuzzing finding).
enum DeflatedDataSet {
    /// At most this many decoded bytes per data set: a DICOM image file decodes to its pixel
    /// data plus headers, far below; a deflate bomb stops here.
    static let limit = 1 << 30

    static func inflate(_ source: UnsafeRawBufferPointer, file: String, limit: Int = limit) throws(RadiomicsError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .badInput(file, "cannot start inflating its deflated data set")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(min(source.count, Int(UInt32.max)))
        guard source.count <= Int(UInt32.max) else { throw .badInput(file, "deflated data set over 4 GB") }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { c -> (Int32, Int) in
                stream.next_out = c.baseAddress
                stream.avail_out = uInt(c.count)
                let s = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (s, c.count - Int(stream.avail_out))
            }
            out.append(contentsOf: chunk[0..<produced])
            if out.count > limit {
                throw .badInput(file, "deflated data set decodes to more than \(limit >> 20) MiB")
            }
            switch status {
            case Z_STREAM_END: return out
            case Z_OK: continue
            case Z_BUF_ERROR where stream.avail_in == 0:
                throw .badInput(file, "DICOM file is truncated: its deflated data set ends early")
            default:
                throw .badInput(file, "DICOM file is malformed: its deflated data set is not a valid deflate stream")
            }
        }
    }
}
