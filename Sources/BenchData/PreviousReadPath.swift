import CZlib
import Foundation
import Radiomics

// The NIfTI read path as it was before issue 8 (commit d7a1de4), kept only to measure the
// change: inflate in 1 MiB chunks appended to a growing Data, then convert into a new [Float].

func previousInflate(_ data: Data, limit: Int) throws -> Data {
    var out = Data()
    let result: Int32 = data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> Int32 in
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return Z_MEM_ERROR }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(src.count)
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        out.reserveCapacity(limit)
        while true {
            let status: Int32 = buffer.withUnsafeMutableBufferPointer { b in
                stream.next_out = b.baseAddress
                stream.avail_out = uInt(chunk)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk - Int(stream.avail_out)
            if produced > 0 {
                if out.count + produced > limit { return Z_BUF_ERROR }
                out.append(contentsOf: buffer[0..<produced])
            }
            if out.count >= limit { return Z_STREAM_END }
            if status != Z_OK { return status }
        }
    }
    guard result == Z_STREAM_END else { throw NSError(domain: "zlib", code: Int(result)) }
    return out
}

extension ScalarType {
    func previousDecode(_ raw: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float] {
        let base = raw.baseAddress! + offset
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            switch self {
            case .int16:
                for n in 0..<count { out[n] = Float(Int16(bitPattern: base.loadUnaligned(fromByteOffset: 2 * n, as: UInt16.self))) }
            case .uint8:
                for n in 0..<count { out[n] = Float(base.load(fromByteOffset: n, as: UInt8.self)) }
            default:
                for n in 0..<count { out[n] = Float(bitPattern: base.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self)) }
            }
            initialized = count
        }
    }
}
