/// Packed voxel values → `Float`, sixteen at a time.
extension ScalarType {
    /// Converts `count` packed values at `source` into `destination[0..<count]`, in increasing
    /// order, sixteen values per step, each step loading its inputs before storing.
    ///
    /// `destination` may overlap `source` when it starts no later (in bytes) than
    /// `source - (4 - byteCount) · count`: then no store reaches input that is still unread,
    /// which lets a file be inflated into the tail of the final `Float` buffer and widened in place.
    public func convert(from source: UnsafeRawPointer, to destination: UnsafeMutablePointer<Float>, count: Int, byteSwapped swap: Bool) {
        let out = UnsafeMutableRawPointer(destination)
        let blocks = count / 16
        switch (self, swap) {
        case (.int16, false):
            for b in 0..<blocks {
                let v = source.loadUnaligned(fromByteOffset: 32 * b, as: SIMD16<Int16>.self)
                out.storeBytes(of: SIMD16<Float>(v), toByteOffset: 64 * b, as: SIMD16<Float>.self)
            }
        case (.uint16, false):
            for b in 0..<blocks {
                let v = source.loadUnaligned(fromByteOffset: 32 * b, as: SIMD16<UInt16>.self)
                out.storeBytes(of: SIMD16<Float>(v), toByteOffset: 64 * b, as: SIMD16<Float>.self)
            }
        case (.uint8, _):
            for b in 0..<blocks {
                let v = source.loadUnaligned(fromByteOffset: 16 * b, as: SIMD16<UInt8>.self)
                out.storeBytes(of: SIMD16<Float>(v), toByteOffset: 64 * b, as: SIMD16<Float>.self)
            }
        case (.int8, _):
            for b in 0..<blocks {
                let v = source.loadUnaligned(fromByteOffset: 16 * b, as: SIMD16<Int8>.self)
                out.storeBytes(of: SIMD16<Float>(v), toByteOffset: 64 * b, as: SIMD16<Float>.self)
            }
        case (.int32, false):
            for b in 0..<blocks {
                let v = source.loadUnaligned(fromByteOffset: 64 * b, as: SIMD16<Int32>.self)
                out.storeBytes(of: SIMD16<Float>(v), toByteOffset: 64 * b, as: SIMD16<Float>.self)
            }
        case (.float32, false):
            for b in 0..<blocks {
                let v = source.loadUnaligned(fromByteOffset: 64 * b, as: SIMD16<Float>.self)
                out.storeBytes(of: v, toByteOffset: 64 * b, as: SIMD16<Float>.self)
            }
        default:
            // Byte-swapped data and the 64-bit/unsigned-32 types: one value at a time.
            for n in 0..<count { destination[n] = scalar(source, n, swap) }
            return
        }
        for n in (16 * blocks)..<count { destination[n] = scalar(source, n, swap) }
    }

    /// Value `n` of packed data, exactly as `decode` converts it.
    @inline(__always)
    private func scalar(_ base: UnsafeRawPointer, _ n: Int, _ swap: Bool) -> Float {
        switch self {
        case .uint8: return Float(base.load(fromByteOffset: n, as: UInt8.self))
        case .int8: return Float(base.load(fromByteOffset: n, as: Int8.self))
        case .uint16:
            let v = base.loadUnaligned(fromByteOffset: 2 * n, as: UInt16.self)
            return Float(swap ? v.byteSwapped : v)
        case .int16:
            let v = base.loadUnaligned(fromByteOffset: 2 * n, as: UInt16.self)
            return Float(Int16(bitPattern: swap ? v.byteSwapped : v))
        case .uint32:
            let v = base.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self)
            return Float(swap ? v.byteSwapped : v)
        case .int32:
            let v = base.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self)
            return Float(Int32(bitPattern: swap ? v.byteSwapped : v))
        case .uint64:
            let v = base.loadUnaligned(fromByteOffset: 8 * n, as: UInt64.self)
            return Float(swap ? v.byteSwapped : v)
        case .int64:
            let v = base.loadUnaligned(fromByteOffset: 8 * n, as: UInt64.self)
            return Float(Int64(bitPattern: swap ? v.byteSwapped : v))
        case .float32:
            let v = base.loadUnaligned(fromByteOffset: 4 * n, as: UInt32.self)
            return Float(bitPattern: swap ? v.byteSwapped : v)
        case .float64:
            let v = base.loadUnaligned(fromByteOffset: 8 * n, as: UInt64.self)
            return Float(Double(bitPattern: swap ? v.byteSwapped : v))
        }
    }
}
