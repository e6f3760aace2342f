import Foundation

/// A NIfTI volume kept in the type its file stores (int16, uint8, …) after inflating: the
/// whole-image checks and diagnostics run on it, and only a box of it (the ROI box plus what
/// the filters reach) is widened to `Float` (issue 18: no full-size float buffer, no first touch
/// of 4 bytes per voxel of a large CT).
public struct StoredImage: @unchecked Sendable {
    public let geometry: Geometry
    public let scalarType: ScalarType
    /// The file's bytes (decoded for `.nii.gz`); the voxels start at `offset`. Never mutated.
    let bytes: Data
    let offset: Int
    let swap: Bool
    let slope: Double, inter: Double

    /// Whether the scaling is the identity (none, or slope 1 and intercept 0).
    var unscaled: Bool { !(slope.isFinite && inter.isFinite && slope != 0 && !(slope == 1 && inter == 0)) }

    /// True when every stored value converts to `Float` exactly and unscaled (8- and 16-bit
    /// integers in the machine's byte order): the native sums, bounds and checks then equal
    /// those of the `Float` image bit for bit.
    public var exactInFloat: Bool { Self.exactInFloat(scalarType, swap: swap, slope: slope, inter: inter) }

    static func exactInFloat(_ type: ScalarType, swap: Bool, slope: Double, inter: Double) -> Bool {
        [.uint8, .int8, .uint16, .int16].contains(type) && !swap && !(slope.isFinite && inter.isFinite && slope != 0 && !(slope == 1 && inter == 0))
    }

    /// The voxels of `box` as `Float`, exactly as `NIfTIReader.read` then `cropped(to:)` give them.
    public func floats(in box: IndexBox) -> ImageVolume {
        var g = geometry
        let whole = box.lower == .zero && box.size == geometry.size
        if !whole { g.origin = geometry.point(SIMD3<Double>(box.lower)) }
        g.size = box.size
        let (nx, ny, bpv) = (geometry.size.x, geometry.size.y, scalarType.byteCount)
        var voxels = [Float](unsafeUninitializedCapacity: g.voxelCount) { out, initialized in
            bytes.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
                let base = src.baseAddress! + offset
                if whole {
                    scalarType.convert(from: base, to: out.baseAddress!, count: out.count, byteSwapped: swap)
                    return
                }
                var n = 0
                for k in box.lower.z...box.upper.z {
                    for j in box.lower.y...box.upper.y {
                        let first = box.lower.x + nx * (j + ny * k)
                        scalarType.convert(from: base + bpv * first, to: out.baseAddress! + n, count: box.size.x, byteSwapped: swap)
                        n += box.size.x
                    }
                }
            }
            initialized = g.voxelCount
        }
        if !unscaled {
            let (slope, inter) = (slope, inter)
            voxels.withUnsafeMutableBufferPointer { v in
                for n in v.indices { v[n] = Float(Double(v[n]) * slope + inter) }
            }
        }
        return ImageVolume(geometry: g, voxels: voxels)
    }

    /// The whole image as `Double`, scaled in Double (a float64 file as the pyradiomics recipe holds it).
    public func doubles() -> Volume<Double> {
        let bigEndian = swap != (UInt16(1).bigEndian == 1)
        var voxels = bytes.withUnsafeBytes { scalarType.decode($0, offset: offset, count: geometry.voxelCount, bigEndian: bigEndian, as: Double.self) }
        if !unscaled { for n in voxels.indices { voxels[n] = voxels[n] * slope + inter } }
        return Volume(geometry: geometry, voxels: voxels)
    }

    /// The whole image as `Float` (`NIfTIReader.read`).
    public func floats() -> ImageVolume { floats(in: IndexBox(lower: .zero, upper: geometry.size &- 1)) }

    /// (Σ x, min x, max x) over every voxel, as `Diagnostics.summary` gives it for the `Float`
    /// image. Only for `exactInFloat` data: the integer sum is exact, and so is the Double one
    /// (every partial sum of such values stays far below 2⁵³).
    func summary() -> (sum: Double, min: Double, max: Double) {
        precondition(exactInFloat, "StoredImage.summary needs exactInFloat data")
        let count = geometry.voxelCount
        guard count > 0 else { return (0, .infinity, -.infinity) }
        // Two halves on two cores (78 M voxels of a large CT): the integer sum, the minimum and
        // the maximum are exact, so the halves combine to the same result on any thread count.
        let halves = bytes.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            let base = UncheckedSendable(src.baseAddress! + offset)
            let (type, bpv) = (scalarType, scalarType.byteCount)
            return Parallel.map(count: 2) { half in
                let from = half == 0 ? 0 : count / 2, n = half == 0 ? count / 2 : count - count / 2
                let start = base.value + from * bpv
                switch type {
                case .int16: return Self.summary(start, n, as: Int16.self)
                case .uint16: return Self.summary(start, n, as: UInt16.self)
                case .int8: return Self.summary(start, n, as: Int8.self)
                default: return Self.summary(start, n, as: UInt8.self)
                }
            }
        }
        return (halves[0].sum + halves[1].sum, Swift.min(halves[0].min, halves[1].min), Swift.max(halves[0].max, halves[1].max))
    }

    /// Sixteen lanes at a time; lane sums in Int32 over blocks of 4096 values (|Σ| < 2³¹).
    private static func summary<T: FixedWidthInteger & SIMDScalar>(_ base: UnsafeRawPointer, _ count: Int, as: T.Type) -> (sum: Double, min: Double, max: Double) {
        var total: Int64 = 0
        var lo = SIMD16<T>(repeating: T.max), hi = SIMD16<T>(repeating: T.min)
        var t = 0
        while t + 16 <= count {
            let end = Swift.min(t + 4096, count)
            var lanes = SIMD16<Int32>.zero
            while t + 16 <= end {
                let x = base.loadUnaligned(fromByteOffset: t * MemoryLayout<T>.stride, as: SIMD16<T>.self)
                lo = pointwiseMin(lo, x)
                hi = pointwiseMax(hi, x)
                lanes &+= SIMD16<Int32>(truncatingIfNeeded: x)
                t += 16
            }
            total += Int64(lanes.wrappedSum())
        }
        var l = lo.min(), h = hi.max()
        while t < count {
            let x = base.loadUnaligned(fromByteOffset: t * MemoryLayout<T>.stride, as: T.self)
            l = Swift.min(l, x); h = Swift.max(h, x); total += Int64(x)
            t += 1
        }
        return (Double(total), Double(l), Double(h))
    }
}

extension NIfTIReader {
    /// The volume as stored: inflated (for `.nii.gz`) but not converted.
    public static func readStored(_ path: String, volumeIndex: Int? = nil, limits: ReadLimits = .default) throws(RadiomicsError) -> StoredImage {
        try stored(try layout(path, volumeIndex: volumeIndex, limits: limits), path: path)
    }

    /// - Parameter warmer: lent the inflate's output buffer while it is filled, so that another
    ///   thread can fault its pages in ahead of the inflater (`PageWarmer`).
    static func stored(_ l: Layout, path: String, warmer: PageWarmer? = nil) throws(RadiomicsError) -> StoredImage {
        let bytes: Data
        let offset: Int
        if l.isGz {
            // For volume 0 the header bytes are decoded too (a whole-buffer inflater applies).
            let region = l.index == 0 ? l.needed : l.voxelBytes
            // Not populated here: `warmer`'s helper thread populates it while this one inflates.
            let buffer = BackgroundRelease.allocate(Swift.max(region, 1), populate: false)
            let raw = UnsafeMutableRawBufferPointer(start: buffer.pointer, count: Swift.max(region, 1))
            warmer?.offer(raw)
            let failure = l.data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> RadiomicsError? in
                do throws(RadiomicsError) {
                    try Gzip.inflate(src, skipping: l.needed - region, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<region]), file: path)
                    return nil
                } catch { return error }
            }
            warmer?.withdraw()
            if let failure { BackgroundRelease.free(buffer, size: raw.count); throw failure }
            bytes = BackgroundRelease.data(buffer, count: raw.count)
            offset = region - l.voxelBytes
        } else {
            guard l.data.count >= l.needed else { throw l.sizeMismatch(l.data.count, path: path) }
            bytes = l.data
            offset = l.dataOffset
        }
        return StoredImage(geometry: l.geometry, scalarType: l.header.scalarType, bytes: bytes, offset: offset, swap: l.swap,
                           slope: l.header.sclSlope, inter: l.header.sclInter)
    }
}
