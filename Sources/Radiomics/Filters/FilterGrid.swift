import Foundation

/// How a filter sees voxels outside the image (IBSI 2 padding modes).
public enum BoundaryMode: String, Sendable, Codable, CaseIterable {
    /// Constant 0 outside the image.
    case zero
    /// The nearest edge voxel (… a a | a b c).
    case nearest
    /// Wrap around (… b c | a b c).
    case periodic
    /// Symmetric reflection repeating the edge voxel (… b a | a b c): numpy `symmetric`, scipy `reflect`.
    case mirror

    /// Index of the voxel that stands in for position `p` on an axis of `n` voxels, or nil for zero.
    @inline(__always) func source(_ p: Int, _ n: Int) -> Int? {
        if p >= 0 && p < n { return p }
        switch self {
        case .zero: return nil
        case .nearest: return p < 0 ? 0 : n - 1
        case .periodic: let m = p % n; return m < 0 ? m + n : m
        case .mirror:
            var m = p % (2 * n)
            if m < 0 { m += 2 * n }
            return m < n ? m : 2 * n - 1 - m
        }
    }
}

/// Whether a filter runs slice by slice in the axial (i, j) plane or in 3D.
public enum FilterDimension: String, Sendable, Codable, CaseIterable {
    case twoD = "2D", threeD = "3D"
    var axes: [Int] { self == .twoD ? [0, 1] : [0, 1, 2] }
}

/// Working grid of a filter: `Double` voxels, i fastest, with the voxel spacing in mm.
struct FilterGrid: Sendable {
    var size: SIMD3<Int>
    var spacing: SIMD3<Double>
    var data: [Double]

    init(size: SIMD3<Int>, spacing: SIMD3<Double>, data: [Double]) {
        precondition(data.count == size.x * size.y * size.z)
        self.size = size
        self.spacing = spacing
        self.data = data
    }

    init(size: SIMD3<Int>, spacing: SIMD3<Double>, repeating v: Double = 0) {
        self.init(size: size, spacing: spacing, data: Array(repeating: v, count: size.x * size.y * size.z))
    }

    /// A `Float` image, or the pyradiomics recipe's `Double` one (`PyRadiomicsVoxel`).
    init<V: BinaryFloatingPoint>(_ image: Volume<V>) {
        self.init(size: image.size, spacing: image.geometry.spacing, data: image.voxels.map { Double($0) })
    }

    var count: Int { data.count }

    /// Distance in the flat array between neighbours along `axis`.
    func stride(_ axis: Int) -> Int { axis == 0 ? 1 : axis == 1 ? size.x : size.x * size.y }

    /// Offset of the first voxel of line `l` among the `count / size[axis]` lines along `axis`.
    func lineStart(_ l: Int, axis: Int) -> Int { gridLineStart(l, axis: axis, size: size) }

    func lineCount(axis: Int) -> Int { count / size[axis] }

    func volume(geometry: Geometry) -> ImageVolume {
        ImageVolume(geometry: geometry, voxels: data.map { Float($0) })
    }

    func map(_ f: (Double) -> Double) -> FilterGrid {
        FilterGrid(size: size, spacing: spacing, data: data.map(f))
    }

    /// Voxel-wise combination of two grids of the same size.
    func combined(with other: FilterGrid, _ f: (Double, Double) -> Double) -> FilterGrid {
        precondition(size == other.size)
        var out = data
        other.data.withUnsafeBufferPointer { o in
            for n in out.indices { out[n] = f(out[n], o[n]) }
        }
        return FilterGrid(size: size, spacing: spacing, data: out)
    }

    /// Convolution along one axis with the placement of scipy's `convolve1d` (origin 0):
    /// y[x] = Σₘ w[m] · f[x + ⌊n/2⌋ − m], m = 0 … n−1, out-of-image voxels from `mode`.
    ///
    /// `within`: only the values inside this box along `axis` and along the axes in `restricted`
    /// are computed (each exactly as without it); the others stay 0. Used by passes whose later
    /// passes read nothing outside the box (`LoGFilter.apply(keep:)`).
    func convolved(axis: Int, kernel w: [Double], mode: BoundaryMode, within: IndexBox? = nil, restricted: [Int] = []) -> FilterGrid {
        let n = size[axis], k = w.count, c = k / 2
        let left = k - 1 - c
        let st = stride(axis)
        let strides = SIMD3(1, size.x, size.x * size.y)
        // Lines are indexed by (u, v), the two other axes in increasing order, u fastest.
        let (ua, va) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
        func range(_ a: Int) -> (Int, Int) {
            guard let within, a == axis || restricted.contains(a) else { return (0, size[a]) }
            return (within.lower[a], within.size[a])
        }
        let (u0, nu) = range(ua), (v0, nv) = range(va), (x0, nx) = range(axis)
        let lines = nu * nv
        var out = [Double](repeating: 0, count: count)
        // Padded-line source indices, shared by every line; only the non-zero taps are used
        // (upsampled wavelet filters are mostly zeros).
        let sources = (0..<(n + k - 1)).map { mode.source($0 - left, n) ?? -1 }
        let taps = w.indices.filter { w[$0] != 0 }
        let tapWeight = taps.map { w[$0] }, tapOffset = taps.map { k - 1 - $0 }
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let dstBase = UnsafeSendablePointer(dst.baseAddress!)
                parallelRanges(lines) { range in
                    var buf = [Double](repeating: 0, count: n + k - 1)
                    buf.withUnsafeMutableBufferPointer { b in
                        tapWeight.withUnsafeBufferPointer { tw in
                            tapOffset.withUnsafeBufferPointer { to in
                                sources.withUnsafeBufferPointer { sp in
                                    for l in range {
                                        let start = (u0 + l % nu) * strides[ua] + (v0 + l / nu) * strides[va]
                                        for t in 0..<(n + k - 1) { let s = sp[t]; b[t] = s < 0 ? 0 : src[start + s * st] }
                                        for x in x0..<(x0 + nx) {
                                            var s = 0.0
                                            for m in 0..<tw.count { s += tw[m] * b[x + to[m]] }
                                            dstBase.pointer[start + x * st] = s
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return FilterGrid(size: size, spacing: spacing, data: out)
    }

    /// Applies the same 1D kernel along every axis in `axes`.
    func convolved(axes: [Int], kernel: [Double], mode: BoundaryMode) -> FilterGrid {
        axes.reduce(self) { $0.convolved(axis: $1, kernel: kernel, mode: mode) }
    }
}

/// A raw pointer handed to parallel workers that write disjoint elements.
struct UnsafeSendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { pointer = p }
}

/// Offset of the first voxel of line `l` among the lines along `axis` of a grid of `size`.
@inline(__always) func gridLineStart(_ l: Int, axis: Int, size: SIMD3<Int>) -> Int {
    switch axis {
    case 0: return l * size.x
    case 1: return (l % size.x) + (l / size.x) * size.x * size.y
    default: return l
    }
}
