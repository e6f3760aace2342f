import Foundation

/// Little/big-endian scalar reads at byte offsets of a header.
struct ByteReader {
    let bytes: [UInt8]
    let bigEndian: Bool

    func u16(_ o: Int) -> UInt16 {
        let v = UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8
        return bigEndian ? v.byteSwapped : v
    }
    func i16(_ o: Int) -> Int16 { Int16(bitPattern: u16(o)) }
    func u32(_ o: Int) -> UInt32 {
        var v: UInt32 = 0
        for n in 0..<4 { v |= UInt32(bytes[o + n]) << (8 * n) }
        return bigEndian ? v.byteSwapped : v
    }
    func i32(_ o: Int) -> Int32 { Int32(bitPattern: u32(o)) }
    func u64(_ o: Int) -> UInt64 {
        var v: UInt64 = 0
        for n in 0..<8 { v |= UInt64(bytes[o + n]) << (8 * n) }
        return bigEndian ? v.byteSwapped : v
    }
    func i64(_ o: Int) -> Int64 { Int64(bitPattern: u64(o)) }
    func f32(_ o: Int) -> Float { Float(bitPattern: u32(o)) }
    func f64(_ o: Int) -> Double { Double(bitPattern: u64(o)) }
}

/// The scalar types voxel data comes in, and their conversion to `Float`.
public enum ScalarType: String, Sendable {
    case uint8, int8, uint16, int16, uint32, int32, uint64, int64, float32, float64

    public var byteCount: Int {
        switch self {
        case .uint8, .int8: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64: 8
        }
    }

    /// Converts `count` packed values starting at `offset` of `raw` into floats (or doubles).
    func decode<T: BinaryFloatingPoint>(_ raw: UnsafeRawBufferPointer, offset: Int, count: Int, bigEndian: Bool,
                                        as: T.Type = Float.self) -> [T] {
        let base = raw.baseAddress! + offset
        let swap = bigEndian != (UInt16(1).bigEndian == 1)
        guard count > 0 else { return [] }     // see `Parallel.map`: no write to the empty singleton
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            switch self {
            case .uint8:
                for n in 0..<count { out[n] = T(base.load(fromByteOffset: n, as: UInt8.self)) }
            case .int8:
                for n in 0..<count { out[n] = T(base.load(fromByteOffset: n, as: Int8.self)) }
            case .uint16:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 2 * n, as: UInt16.self)
                    out[n] = T(swap ? v.byteSwapped : v)
                }
            case .int16:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 2 * n, as: UInt16.self)
                    out[n] = T(Int16(bitPattern: swap ? v.byteSwapped : v))
                }
            case .uint32:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self)
                    out[n] = T(swap ? v.byteSwapped : v)
                }
            case .int32:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self)
                    out[n] = T(Int32(bitPattern: swap ? v.byteSwapped : v))
                }
            case .uint64:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 8 * n, as: UInt64.self)
                    out[n] = T(swap ? v.byteSwapped : v)
                }
            case .int64:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 8 * n, as: UInt64.self)
                    out[n] = T(Int64(bitPattern: swap ? v.byteSwapped : v))
                }
            case .float32:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self)
                    out[n] = T(Float(bitPattern: swap ? v.byteSwapped : v))
                }
            case .float64:
                for n in 0..<count {
                    let v = base.loadUnaligned(fromByteOffset: 8 * n, as: UInt64.self)
                    out[n] = T(Double(bitPattern: swap ? v.byteSwapped : v))
                }
            }
            initialized = count
        }
    }
}
