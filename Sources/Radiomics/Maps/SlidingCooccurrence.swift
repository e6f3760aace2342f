/// Co-occurrence counts (and the grey-level histogram) of a kernel box sliding along x, updated
/// rather than recounted: moving from box B0 to B1 first removes the pairs with an end in the
/// leaving slab (B0 \ B1), then adds those with an end in the entering slab (B1 \ B0). Counts
/// are integers, so the result equals a recount exactly, whatever the path.
///
/// `levels` holds each voxel's grey level on the crop grid, 0 where a voxel is not in any
/// kernel's ROI (outside the ROI when masked): a pair counts when both ends are in the box and
/// non-zero, (level at v, level at v + d) for each displacement d, as pyradiomics'
/// `calculate_glcm` on the kernel's mask.
struct SlidingCooccurrence {
    let levels: [Int32]
    let size: SIMD3<Int>
    let ng: Int
    /// Displacements (x, y, z) and their linear offsets.
    let displacements: [SIMD3<Int>]
    private let offsets: [Int]
    /// True: a pair counts at (a, b) and at (b, a), so each matrix holds n(a, b) + n(b, a)
    /// (pyradiomics' `symmetricalGLCM`) and a kernel's matrix is read along rows only.
    let symmetric: Bool
    /// ng × ng counts per displacement, one after the other (displacement d's at d · ng²): row =
    /// level at v, column = level at v + d (and the transpose added when `symmetric`).
    private(set) var counts: [Int32]
    /// Voxels per grey level (index level − 1) in the box.
    private(set) var histogram: [Int]
    private(set) var box: IndexBox?

    init(levels: [Int32], size: SIMD3<Int>, levelCount ng: Int, displacements: [SIMD3<Int>], symmetric: Bool = false) {
        self.levels = levels
        self.size = size
        self.ng = ng
        self.displacements = displacements
        self.symmetric = symmetric
        offsets = displacements.map { $0.x + size.x * ($0.y + size.y * $0.z) }
        counts = [Int32](repeating: 0, count: displacements.count * ng * ng)
        histogram = [Int](repeating: 0, count: ng)
    }

    /// The counts of `new`: updated from the current box when both share their y and z ranges
    /// and overlap along x, recounted otherwise.
    mutating func move(to new: IndexBox) {
        if let old = box, old.lower.y == new.lower.y, old.upper.y == new.upper.y, old.lower.z == new.lower.z,
           old.upper.z == new.upper.z, new.lower.x >= old.lower.x, new.lower.x <= old.upper.x, new.upper.x >= old.upper.x {
            if new.lower.x > old.lower.x {
                update(slab: old.lower.x...(new.lower.x - 1), in: old, by: -1)
            }
            if new.upper.x > old.upper.x {
                update(slab: (old.upper.x + 1)...new.upper.x, in: new, by: 1)
            }
        } else {
            for i in counts.indices { counts[i] = 0 }
            for i in histogram.indices { histogram[i] = 0 }
            update(slab: new.lower.x...new.upper.x, in: new, by: 1)
        }
        box = new
    }

    /// Adds (`sign` 1) or removes (−1) every pair of `box` with an end in the columns `slab`:
    /// forward pairs from a slab voxel, and backward ones whose other end lies outside the slab
    /// (a pair inside the slab is met once, from its first end).
    private mutating func update(slab: ClosedRange<Int>, in box: IndexBox, by sign: Int) {
        let ng = ng, square = ng * ng, symmetric = symmetric, step = Int32(sign)
        let levels = levels, offsets = offsets, displacements = displacements, size = size
        var histogram = histogram
        counts.withUnsafeMutableBufferPointer { t in
            // Pair (a, b) of displacement d: n(a, b), and n(b, a) too when symmetric.
            @inline(__always) func add(_ d: Int, _ a: Int, _ b: Int) {
                t[d * square + (a - 1) * ng + (b - 1)] &+= step
                if symmetric { t[d * square + (b - 1) * ng + (a - 1)] &+= step }
            }
            for z in box.lower.z...box.upper.z {
                for y in box.lower.y...box.upper.y {
                    for x in slab {
                        let v = x + size.x * (y + size.y * z)
                        let a = Int(levels[v])
                        guard a > 0 else { continue }
                        histogram[a - 1] += sign
                        for (d, dv) in displacements.enumerated() {
                            let f = SIMD3(x, y, z) &+ dv
                            if Self.contains(box, f) {
                                let b = Int(levels[v + offsets[d]])
                                if b > 0 { add(d, a, b) }
                            }
                            let r = SIMD3(x, y, z) &- dv
                            if Self.contains(box, r) && !slab.contains(r.x) {
                                let b = Int(levels[v - offsets[d]])
                                if b > 0 { add(d, b, a) }
                            }
                        }
                    }
                }
            }
        }
        self.histogram = histogram
    }

    @inline(__always) private static func contains(_ b: IndexBox, _ p: SIMD3<Int>) -> Bool {
        p.x >= b.lower.x && p.x <= b.upper.x && p.y >= b.lower.y && p.y <= b.upper.y && p.z >= b.lower.z && p.z <= b.upper.z
    }

    /// The grey levels present in the box, ascending (1-based).
    var presentLevels: [Int] { histogram.indices.filter { histogram[$0] > 0 }.map { $0 + 1 } }

    /// Each displacement's counts on the grey levels present in the box (compact matrices,
    /// `CooccurrenceMatrix.levels`): n(a, b) + n(b, a) when `symmetric`, n(a, b) otherwise.
    func matrices() -> [CooccurrenceMatrix] {
        let levels = presentLevels, nl = levels.count, ng = ng
        return counts.withUnsafeBufferPointer { t in
            (0..<displacements.count).map { d in
                var m = [Int](repeating: 0, count: nl * nl)
                for a in 0..<nl {
                    let row = d * ng * ng + (levels[a] - 1) * ng - 1
                    for b in 0..<nl { m[a * nl + b] = Int(t[row + levels[b]]) }
                }
                return CooccurrenceMatrix(levelCount: ng, counts: m, levels: levels)
            }
        }
    }
}
