import Dispatch

/// The discretised ROI as every texture matrix reads it: the bounding box of the intensity and
/// morphological masks, padded with `padding` voxels of grey level 0 on every side, so that
/// neighbour look-ups up to Chebyshev distance `padding` never leave the array.
///
/// Grey levels are 1…`levelCount` inside the intensity mask and 0 elsewhere (outside the ROI
/// or in the padding); a 0 therefore stops runs, zones and neighbourhoods without bounds checks.
struct TextureGrid: Sendable {
    /// Padded size (x fastest, then y, then z).
    let nx: Int, ny: Int, nz: Int
    let padding: Int
    let levelCount: Int
    /// Grey level per voxel, 0 outside the intensity mask.
    let levels: [Int32]
    /// The morphological mask on the same padded grid (GLDZM's distance to the ROI edge).
    let morphological: [UInt8]
    /// Number of intensity-mask voxels.
    let voxelCount: Int

    var sliceStride: Int { nx * ny }
    /// Padded z indices of the slices that hold the ROI (original box slices).
    var slices: Range<Int> { padding..<(nz - padding) }

    init(_ roi: ROIContext, padding: Int) {
        self.init(levels: roi.discretised.levels, levelCount: roi.discretised.levelCount,
                  intensityMask: roi.intensityMask, morphologicalMask: roi.morphologicalMask, padding: padding)
    }

    /// From grey levels discretised elsewhere (pyradiomics' binning): `source` holds 1…`levelCount`
    /// inside `intensityMask`.
    init(levels source: Volume<Int32>, levelCount: Int, intensityMask: MaskVolume, morphologicalMask: MaskVolume, padding: Int) {
        let p = Swift.max(padding, 1)
        let size = source.size
        var lo = SIMD3<Int>(repeating: Int.max), hi = SIMD3<Int>(repeating: Int.min)
        for box in [intensityMask.boundingBox, morphologicalMask.boundingBox].compactMap({ $0 }) {
            lo = pointwiseMin(lo, box.lower)
            hi = pointwiseMax(hi, box.upper)
        }
        if lo.x == Int.max { lo = .zero; hi = SIMD3(repeating: -1) }
        let box = hi &- lo &+ 1
        nx = box.x + 2 * p
        ny = box.y + 2 * p
        nz = box.z + 2 * p
        self.padding = p
        self.levelCount = levelCount
        var levels = [Int32](repeating: 0, count: nx * ny * nz)
        var morphological = [UInt8](repeating: 0, count: nx * ny * nz)
        var count = 0
        let (gx, gy) = (size.x, size.y)
        let nx = self.nx, ny = self.ny
        source.voxels.withUnsafeBufferPointer { src in
            morphologicalMask.voxels.withUnsafeBufferPointer { morph in
                intensityMask.voxels.withUnsafeBufferPointer { mask in
                    for k in 0..<box.z {
                        for j in 0..<box.y {
                            let from = lo.x + gx * (lo.y + j + gy * (lo.z + k))
                            let to = p + nx * (p + j + ny * (p + k))
                            for i in 0..<box.x {
                                let level = mask[from + i] != 0 ? src[from + i] : 0
                                levels[to + i] = level
                                if level > 0 { count += 1 }
                                morphological[to + i] = morph[from + i] != 0 ? 1 : 0
                            }
                        }
                    }
                }
            }
        }
        self.levels = levels
        self.morphological = morphological
        self.voxelCount = count
    }

    /// The voxels of `box` on a grid of `size` whose `source` levels are 1…`levelCount` in the
    /// ROI and 0 elsewhere (a voxel map's kernel; the morphological mask is the ROI). Straight
    /// from the whole grid's levels: no cropped volume or mask per kernel.
    init(levels source: [Int32], size: SIMD3<Int>, box: IndexBox, levelCount: Int, padding: Int) {
        let p = Swift.max(padding, 1)
        let extent = box.upper &- box.lower &+ 1
        let nx = extent.x + 2 * p, ny = extent.y + 2 * p, nz = extent.z + 2 * p
        var levels = [Int32](repeating: 0, count: nx * ny * nz)
        var morphological = [UInt8](repeating: 0, count: nx * ny * nz)
        var count = 0
        source.withUnsafeBufferPointer { src in
            for k in 0..<extent.z {
                for j in 0..<extent.y {
                    let from = box.lower.x + size.x * (box.lower.y + j + size.y * (box.lower.z + k))
                    let to = p + nx * (p + j + ny * (p + k))
                    for i in 0..<extent.x where src[from + i] > 0 {
                        levels[to + i] = src[from + i]
                        morphological[to + i] = 1
                        count += 1
                    }
                }
            }
        }
        self.init(nx: nx, ny: ny, nz: nz, padding: p, levelCount: levelCount, levels: levels, morphological: morphological, voxelCount: count)
    }

    private init(nx: Int, ny: Int, nz: Int, padding: Int, levelCount: Int, levels: [Int32], morphological: [UInt8], voxelCount: Int) {
        (self.nx, self.ny, self.nz, self.padding, self.levelCount) = (nx, ny, nz, padding, levelCount)
        (self.levels, self.morphological, self.voxelCount) = (levels, morphological, voxelCount)
    }

    /// The same grid with numpy axis `axis` (0 z, 1 y, 2 x) as its z axis, so that the per-slice
    /// matrices run on the planes across that axis (pyradiomics `force2Ddimension`). The axes
    /// become (x, z, y) for axis 1 and (y, z, x) for axis 2; padding is the same on every side.
    func planes(across axis: Int) -> TextureGrid {
        guard axis == 1 || axis == 2 else { return self }
        // New size and the old stride of each new axis.
        let size = axis == 1 ? SIMD3(nx, nz, ny) : SIMD3(ny, nz, nx)
        let stride = axis == 1 ? SIMD3(1, sliceStride, nx) : SIMD3(nx, sliceStride, 1)
        var levels = [Int32](repeating: 0, count: self.levels.count)
        var morphological = [UInt8](repeating: 0, count: self.levels.count)
        var to = 0
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    let from = i * stride.x + j * stride.y + k * stride.z
                    levels[to] = self.levels[from]
                    morphological[to] = self.morphological[from]
                    to += 1
                }
            }
        }
        return TextureGrid(nx: size.x, ny: size.y, nz: size.z, padding: padding, levelCount: levelCount,
                           levels: levels, morphological: morphological, voxelCount: voxelCount)
    }

    /// Number of intensity-mask voxels in padded slice `z`.
    func voxelCount(slice z: Int) -> Int {
        var n = 0
        levels.withUnsafeBufferPointer { g in
            for v in (z * sliceStride)..<((z + 1) * sliceStride) where g[v] > 0 { n += 1 }
        }
        return n
    }

    /// Padded slices that hold at least one intensity-mask voxel, in z order.
    var occupiedSlices: [Int] { slices.filter { voxelCount(slice: $0) > 0 } }

    /// Calls `body` with the voxels of each row of the padded slices `zRange` inside the padding, in raster order.
    @inline(__always) func forEachRow(_ zRange: Range<Int>, _ body: (Range<Int>) -> Void) {
        for z in zRange {
            for y in padding..<(ny - padding) {
                let row = nx * (y + ny * z)
                body((row + padding)..<(row + nx - padding))
            }
        }
    }

    /// Linear offset of the voxel displacement `d`.
    func offset(_ d: SIMD3<Int>) -> Int { d.x + nx * (d.y + ny * d.z) }
}

/// Unit direction vectors of the IBSI neighbourhood: one of each ± pair.
enum TextureDirections {
    /// The 4 in-plane directions (0°, 45°, 90°, 135°).
    static let twoD: [SIMD3<Int>] = [SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(0, 1, 0), SIMD3(-1, 1, 0)]
    /// The 13 volumetric directions.
    static let threeD: [SIMD3<Int>] = twoD + [
        SIMD3(0, 0, 1), SIMD3(1, 0, 1), SIMD3(-1, 0, 1), SIMD3(0, 1, 1), SIMD3(0, -1, 1),
        SIMD3(1, 1, 1), SIMD3(-1, 1, 1), SIMD3(1, -1, 1), SIMD3(-1, -1, 1),
    ]

    /// Every displacement m ≠ 0 with Chebyshev norm ≤ δ (in-plane only when `planar`).
    static func neighbourhood(distance δ: Int, planar: Bool) -> [SIMD3<Int>] {
        var out: [SIMD3<Int>] = []
        let zr = planar ? 0...0 : -δ...δ
        for z in zr { for y in -δ...δ { for x in -δ...δ where (x, y, z) != (0, 0, 0) { out.append(SIMD3(x, y, z)) } } }
        return out
    }
}

/// Runs `body` for every index in `0..<count` on all cores and returns the results in index
/// order. Each result depends only on its index, so the output is identical for any number of
/// threads; callers reduce it in index order.
/// On a thread inside `InlineParallelism.run` (one small piece of a loop over many, such as a
/// voxel map's kernel) the loop runs inline: a nested `concurrentPerform` per piece costs more
/// than the piece, and libdispatch on Linux kept memory for each call.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return count == 1 ? [body(0)] : [] }
    if InlineParallelism.isActive { return (0..<count).map(body) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let box = UncheckedSendable(results)
    DispatchQueue.concurrentPerform(iterations: count) { i in box.value[i] = body(i) }
    return results.map { $0! }
}

/// Splits `0..<count` into at most `chunks` contiguous ranges (a function of the two numbers
/// only). Callers whose reduction is not exact in any order (floating-point sums) pass a
/// constant `chunks`, so their result never depends on the machine.
func fixedChunks(_ count: Int, chunks: Int = 8) -> [Range<Int>] {
    let k = Swift.max(1, Swift.min(chunks, count))
    return (0..<k).map { c in (count * c / k)..<(count * (c + 1) / k) }
}

extension TextureDirections {
    /// pyradiomics `generateAngles`: (z, y, x) offsets with Chebyshev norm in `distances`, first
    /// non-zero component positive, in descending lexicographic order; none along
    /// `force2Ddimension` (numpy axis) with `force2D`.
    static func pyradiomics(distances: [Int], force2D: Bool, dimension: Int) -> [SIMD3<Int>] {
        let m = distances.max() ?? 1
        var out: [SIMD3<Int>] = []
        for a in stride(from: m, through: -m, by: -1) {
            for b in stride(from: m, through: -m, by: -1) {
                for c in stride(from: m, through: -m, by: -1) {
                    let v = SIMD3(a, b, c)
                    let norm = Swift.max(abs(a), abs(b), abs(c))
                    guard distances.contains(norm) else { continue }
                    let first = [a, b, c].first { $0 != 0 }!
                    guard first > 0 else { continue }
                    if force2D && v[dimension] != 0 { continue }
                    out.append(v)
                }
            }
        }
        return out
    }

    /// pyradiomics' NGTDM and GLDM neighbourhood (cmatrices `build_angles`, bidirectional): every
    /// `pyradiomics(…)` angle in both signs, as (z, y, x) offsets.
    static func pyradiomicsNeighbourhood(distances: [Int], force2D: Bool, dimension: Int) -> [SIMD3<Int>] {
        let angles = pyradiomics(distances: distances, force2D: force2D, dimension: dimension)
        return angles + angles.map { 0 &- $0 }
    }
}
