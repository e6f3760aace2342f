import CDeflate
import CZlib
import Foundation

/// gzip (and zlib) decoding with a hard cap on the decoded size, so that a small file cannot
/// make us allocate what its header merely claims.
///
/// Large bodies are inflated straight into the caller's final buffer (`inflate(_:skipping:into:)`):
/// libdeflate when the whole stream is exactly the wanted size (it decodes whole buffers about
/// twice as fast as zlib, see the bench report), zlib streaming otherwise.
public enum Gzip {
    /// Which inflater `inflate` uses. `.automatic` picks libdeflate when it applies.
    public enum Backend: String, Sendable, CaseIterable {
        case automatic, zlib, libdeflate
    }

    /// True when `data` starts with the gzip magic bytes.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// Inflates a whole gzip/zlib stream (concatenated gzip members included).
    /// - Parameters:
    ///   - limit: the largest decoded size accepted; more is an error, not a larger allocation.
    ///   - exactly: when given, the decoded size must be at least this; decoding stops there.
    public static func decompress(_ data: Data, file: String, limit: Int, exactly: Int? = nil) throws(RadiomicsError) -> Data {
        // Grows geometrically up to `limit` (or straight to `exactly`), inflating into the tail.
        // Never allocate more than the stream can decode to (deflate expands at most 1032:1),
        // whatever size a header claims.
        let bound = data.count.multipliedReportingOverflow(by: 1032).partialValue + 1 << 16
        var out = [UInt8](repeating: 0, count: Swift.min(limit, bound, exactly ?? Swift.max(1 << 16, data.count * 4)))
        var produced = 0
        var status: Int32 = Z_OK
        data.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            var stream = z_stream()
            // 15 + 32: automatic gzip/zlib header detection.
            guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { status = Z_MEM_ERROR; return }
            defer { inflateEnd(&stream) }
            stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(Swift.min(src.count, Int(UInt32.max)))
            var inputLeft = src.count - Int(stream.avail_in)
            while true {
                if produced == out.count {
                    if let exactly, produced >= exactly { status = Z_STREAM_END; return }
                    if out.count >= limit { status = overLimit; return }
                    out.append(contentsOf: repeatElement(0, count: Swift.min(limit, exactly ?? Int.max, out.count * 2) - out.count))
                }
                let capacity = out.count
                status = out.withUnsafeMutableBytes { o in
                    inflateStep(&stream, into: o.baseAddress! + produced, count: capacity - produced, produced: &produced, inputLeft: &inputLeft)
                }
                if status != Z_OK { return }
            }
        }
        if status == Z_STREAM_END { return Data(out[0..<produced]) }
        throw error(status, file: file, produced: produced, limit: limit)
    }

    /// Inflates the decoded bytes `skipping ..< skipping + out.count` of the gzip/zlib stream
    /// `source` straight into `out`: the first `skipping` decoded bytes are discarded, and
    /// decoding stops once `out` is full (what follows, e.g. later volumes, is not decoded).
    ///
    /// `out.count` is the caller's validated size, so no allocation here depends on the file.
    /// - Throws: `.badInput(file, …)` when the stream is corrupt or ends before `out` is full.
    public static func inflate(_ source: UnsafeRawBufferPointer, skipping: Int = 0, into out: UnsafeMutableRawBufferPointer,
                               file: String, backend: Backend = .automatic) throws(RadiomicsError) {
        if backend != .zlib, skipping == 0, libdeflateFits(source, count: out.count) || backend == .libdeflate,
           inflateWithLibdeflate(source, into: out) {
            return
        }
        // zlib: also the path that names the precise problem when libdeflate refused the stream.
        var produced = 0
        var status: Int32 = Z_OK
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw error(Z_MEM_ERROR, file: file, produced: 0, limit: out.count)
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(Swift.min(source.count, Int(UInt32.max)))
        var inputLeft = source.count - Int(stream.avail_in)
        if skipping > 0 {
            let scratchSize = 1 << 16
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchSize, alignment: 16)
            defer { scratch.deallocate() }
            var skipped = 0
            while skipped < skipping, status == Z_OK {
                var got = 0
                status = inflateStep(&stream, into: scratch, count: Swift.min(scratchSize, skipping - skipped), produced: &got, inputLeft: &inputLeft)
                skipped += got
            }
            if skipped == skipping, status == Z_STREAM_END { status = Z_OK }
            if status != Z_OK { throw error(status, file: file, produced: skipped, limit: skipping + out.count) }
        }
        while produced < out.count, status == Z_OK {
            status = inflateStep(&stream, into: out.baseAddress! + produced, count: out.count - produced, produced: &produced, inputLeft: &inputLeft)
        }
        if produced == out.count, status == Z_OK || status == Z_STREAM_END { return }
        throw error(status == Z_STREAM_END ? Z_BUF_ERROR : status, file: file, produced: skipping + produced, limit: skipping + out.count)
    }

    /// Compresses `data` as one gzip member (zlib `level`, 1 fastest … 9 smallest).
    public static func compress(_ data: Data, file: String, level: Int32 = 6) throws(RadiomicsError) -> Data {
        var out = Data()
        let ok: Bool = data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> Bool in
            var stream = z_stream()
            guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
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

    // MARK: - Internals

    /// Status for "the stream decodes to more than the limit" (not a zlib code).
    private static let overLimit: Int32 = Z_BUF_ERROR + 1000

    private static func error(_ status: Int32, file: String, produced: Int, limit: Int) -> RadiomicsError {
        switch status {
        case Z_BUF_ERROR: .badInput(file, "truncated gzip stream (decoded \(produced) bytes before the data ran out)")
        case overLimit: .badInput(file, "gzip stream decodes to more than \(limit) bytes (the size limit)")
        case Z_MEM_ERROR: .badInput(file, "out of memory while decoding gzip")
        default: .badInput(file, "corrupt gzip stream (zlib error \(status))")
        }
    }

    /// One `inflate` call into `out[0..<count]`, handling concatenated gzip members and inputs
    /// longer than zlib's 32-bit counters. Returns `Z_OK` while more can come, `Z_STREAM_END`
    /// at the true end of the input, `Z_BUF_ERROR` when the input ran out mid-stream.
    private static func inflateStep(_ stream: inout z_stream, into out: UnsafeMutableRawPointer, count: Int,
                                    produced: inout Int, inputLeft: inout Int) -> Int32 {
        let window = Swift.min(count, Int(UInt32.max))
        stream.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(window)
        let s = CZlib.inflate(&stream, Z_NO_FLUSH)
        produced += window - Int(stream.avail_out)
        if stream.avail_in == 0, inputLeft > 0 {
            let more = Swift.min(inputLeft, Int(UInt32.max))
            stream.avail_in = uInt(more)
            inputLeft -= more
        }
        switch s {
        case Z_STREAM_END:
            // Another gzip member may follow.
            if stream.avail_in > 0 {
                return inflateReset(&stream) == Z_OK ? Z_OK : Z_DATA_ERROR
            }
            return Z_STREAM_END
        case Z_OK:
            return Z_OK
        case Z_BUF_ERROR:
            // No progress possible: input exhausted before the end of the stream.
            return stream.avail_in == 0 ? Z_BUF_ERROR : Z_DATA_ERROR
        default:
            return s
        }
    }

    /// True when `source` is a gzip stream whose trailer (ISIZE, the size mod 2³² of the last
    /// member) equals `count`: then the whole stream most likely decodes to exactly `count`
    /// bytes, the one case a whole-buffer decoder handles without wasted work.
    private static func libdeflateFits(_ source: UnsafeRawBufferPointer, count: Int) -> Bool {
        guard source.count >= 18, source[0] == 0x1f, source[1] == 0x8b else { return false }
        let isize = source.loadUnaligned(fromByteOffset: source.count - 4, as: UInt32.self).littleEndian
        return isize == UInt32(truncatingIfNeeded: count)
    }

    /// Decodes consecutive gzip members with libdeflate until `out` is exactly full.
    /// Returns false (and `out` holds garbage) for anything else; zlib then decides.
    private static func inflateWithLibdeflate(_ source: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        guard source.count >= 18, source[0] == 0x1f, source[1] == 0x8b,
              let decompressor = libdeflate_alloc_decompressor() else { return false }
        defer { libdeflate_free_decompressor(decompressor) }
        var inPos = 0, outPos = 0
        while outPos < out.count, inPos < source.count {
            var inUsed = 0, outUsed = 0
            let r = libdeflate_gzip_decompress_ex(decompressor, source.baseAddress! + inPos, source.count - inPos,
                                                  out.baseAddress! + outPos, out.count - outPos, &inUsed, &outUsed)
            guard r == LIBDEFLATE_SUCCESS, inUsed > 0 else { return false }
            inPos += inUsed
            outPos += outUsed
        }
        return outPos == out.count
    }
}
