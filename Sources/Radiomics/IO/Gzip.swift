import CZlib
import Foundation

/// gzip (and zlib) decoding with a hard cap on the decoded size, so that a small file cannot
/// make us allocate what its header merely claims.
public enum Gzip {
    /// True when `data` starts with the gzip magic bytes.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// Inflates a whole gzip/zlib stream (concatenated gzip members included).
    /// - Parameters:
    ///   - limit: the largest decoded size accepted; more is an error, not a larger allocation.
    ///   - exactly: when given, decoding stops after this many bytes (the result has exactly
    ///     this size, or is shorter when the stream ends first).
    public static func decompress(_ data: Data, file: String, limit: Int, exactly: Int? = nil) throws(RadiomicsError) -> Data {
        var out = Data()
        let result: Int32 = data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> Int32 in
            var stream = z_stream()
            // 15 + 32: automatic gzip/zlib header detection.
            guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return Z_MEM_ERROR }
            defer { inflateEnd(&stream) }
            stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(src.count)
            let chunk = 1 << 20
            var buffer = [UInt8](repeating: 0, count: chunk)
            // Reserve no more than the stream can decode to (deflate expands at most 1032:1),
            // whatever size a header claims.
            if let exactly { out.reserveCapacity(Swift.min(exactly, limit, src.count.multipliedReportingOverflow(by: 1032).partialValue)) }
            while true {
                let produced: Int
                let status: Int32 = buffer.withUnsafeMutableBufferPointer { b in
                    stream.next_out = b.baseAddress
                    stream.avail_out = uInt(chunk)
                    let s = inflate(&stream, Z_NO_FLUSH)
                    return s
                }
                produced = chunk - Int(stream.avail_out)
                // With `exactly`, what lies beyond it (the other volumes of a 4D file, or a
                // bomb's tail) is never kept, and never counts against the limit.
                let kept = exactly.map { Swift.min(produced, Swift.max(0, $0 - out.count)) } ?? produced
                if kept > 0 {
                    if out.count + kept > limit { return Z_BUF_ERROR + 1000 }
                    out.append(contentsOf: buffer[0..<kept])
                }
                if let exactly, out.count >= exactly { return Z_STREAM_END }
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow.
                    if stream.avail_in > 0 {
                        guard inflateReset(&stream) == Z_OK else { return Z_DATA_ERROR }
                        continue
                    }
                    return Z_STREAM_END
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible: input exhausted before the end of the stream.
                    return stream.avail_in == 0 ? Z_BUF_ERROR : Z_DATA_ERROR
                default:
                    return status
                }
            }
        }
        switch result {
        case Z_STREAM_END: return out
        case Z_BUF_ERROR: throw .badInput(file, "truncated gzip stream (decoded \(out.count) bytes before the data ran out)")
        case Z_BUF_ERROR + 1000: throw .badInput(file, "gzip stream decodes to more than \(limit) bytes (the size limit)")
        case Z_MEM_ERROR: throw .badInput(file, "out of memory while decoding gzip")
        default: throw .badInput(file, "corrupt gzip stream (zlib error \(result))")
        }
    }

    /// Compresses `data` as one gzip member (level 6).
    public static func compress(_ data: Data, file: String) throws(RadiomicsError) -> Data {
        var out = Data()
        let ok: Bool = data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> Bool in
            var stream = z_stream()
            guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
            defer { deflateEnd(&stream) }
            stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(src.count)
            let chunk = 1 << 20
            var buffer = [UInt8](repeating: 0, count: chunk)
            var status: Int32 = Z_OK
            repeat {
                buffer.withUnsafeMutableBufferPointer { b in
                    stream.next_out = b.baseAddress
                    stream.avail_out = uInt(chunk)
                    status = deflate(&stream, Z_FINISH)
                }
                out.append(contentsOf: buffer[0..<(chunk - Int(stream.avail_out))])
            } while status == Z_OK
            return status == Z_STREAM_END
        }
        guard ok else { throw RadiomicsError(.output, file: file, "gzip compression failed") }
        return out
    }
}
