/// A 3D voxel grid with its geometry. Voxels are stored with x (i) fastest, then y, then z.
public struct Volume<Voxel: Sendable>: Sendable {
    public var geometry: Geometry
    public var voxels: [Voxel]

    public init(geometry: Geometry, voxels: [Voxel]) {
        precondition(voxels.count == geometry.voxelCount, "voxel count does not match geometry")
        self.geometry = geometry
        self.voxels = voxels
    }

    public init(geometry: Geometry, repeating value: Voxel) {
        self.geometry = geometry
        self.voxels = Array(repeating: value, count: geometry.voxelCount)
    }

    public var size: SIMD3<Int> { geometry.size }

    @inline(__always) public func linearIndex(_ i: Int, _ j: Int, _ k: Int) -> Int {
        i + geometry.size.x * (j + geometry.size.y * k)
    }

    @inline(__always) public subscript(i: Int, j: Int, k: Int) -> Voxel {
        get { voxels[linearIndex(i, j, k)] }
        set { voxels[linearIndex(i, j, k)] = newValue }
    }

    /// The same grid with every voxel transformed.
    public func map<T>(_ transform: (Voxel) throws -> T) rethrows -> Volume<T> {
        Volume<T>(geometry: geometry, voxels: try voxels.map(transform))
    }
}

/// Intensities are held as `Float` (exact for every integer up to 2²⁴, so for all CT/MR data);
/// sums over them are accumulated in `Double`.
public typealias ImageVolume = Volume<Float>

/// A binary mask: 1 inside the ROI, 0 outside.
public typealias MaskVolume = Volume<UInt8>

/// An inclusive index box.
public struct IndexBox: Equatable, Sendable {
    public var lower: SIMD3<Int>
    public var upper: SIMD3<Int>
    public var size: SIMD3<Int> { upper &- lower &+ 1 }

    public init(lower: SIMD3<Int>, upper: SIMD3<Int>) {
        self.lower = lower
        self.upper = upper
    }
}

extension Volume where Voxel == UInt8 {
    /// Number of voxels inside the mask. Empty runs of 64 bytes are skipped with one compare
    /// (a whole 512×512×300 mask in a few milliseconds, not 0.1 s).
    public var count: Int {
        voxels.withUnsafeBytes { v in
            var n = 0, t = 0
            while t + 64 <= v.count {
                var any: UInt64 = 0
                for w in 0..<8 { any |= v.loadUnaligned(fromByteOffset: t + 8 * w, as: UInt64.self) }
                if any != 0 {
                    for u in t..<(t + 64) where v[u] != 0 { n += 1 }
                }
                t += 64
            }
            for u in t..<v.count where v[u] != 0 { n += 1 }
            return n
        }
    }

    /// Smallest index box holding every mask voxel, or nil for an empty mask.
    public var boundingBox: IndexBox? {
        var lo = SIMD3<Int>(repeating: Int.max), hi = SIMD3<Int>(repeating: Int.min)
        let (nx, ny, nz) = (size.x, size.y, size.z)
        voxels.withUnsafeBufferPointer { m in
            guard let base = m.baseAddress else { return }
            for k in 0..<nz {
                for j in 0..<ny {
                    let row = base + nx * (j + ny * k)
                    // Most rows of a large image are empty: test them 8 bytes at a time.
                    guard Self.anyNonZero(row, nx) else { continue }
                    var first = 0, last = nx - 1
                    while row[first] == 0 { first += 1 }
                    while row[last] == 0 { last -= 1 }
                    lo = pointwiseMin(lo, SIMD3(first, j, k))
                    hi = pointwiseMax(hi, SIMD3(last, j, k))
                }
            }
        }
        return lo.x == Int.max ? nil : IndexBox(lower: lo, upper: hi)
    }

    @inline(__always) private static func anyNonZero(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var t = 0
        let raw = UnsafeRawPointer(p)
        var acc: UInt64 = 0
        while t + 32 <= count {
            acc |= raw.loadUnaligned(fromByteOffset: t, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: t + 8, as: UInt64.self)
                 | raw.loadUnaligned(fromByteOffset: t + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: t + 24, as: UInt64.self)
            t += 32
        }
        while t < count { acc |= UInt64(p[t]); t += 1 }
        return acc != 0
    }
}

extension Volume {
    /// The geometry of `cropped(to: box)`.
    public func croppedGeometry(_ box: IndexBox) -> Geometry {
        var g = geometry
        g.origin = geometry.point(SIMD3<Double>(box.lower))
        g.size = box.size
        return g
    }

    /// The sub-volume `box`, with the geometry's origin moved to the box's first voxel.
    public func cropped(to box: IndexBox) -> Volume {
        let g = croppedGeometry(box)
        var out: [Voxel] = []
        out.reserveCapacity(g.voxelCount)
        for k in box.lower.z...box.upper.z {
            for j in box.lower.y...box.upper.y {
                let start = linearIndex(box.lower.x, j, k)
                out.append(contentsOf: voxels[start..<(start + g.size.x)])
            }
        }
        return Volume(geometry: g, voxels: out)
    }
}
