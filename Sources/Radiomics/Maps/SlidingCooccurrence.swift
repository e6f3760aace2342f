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
    /// ng × ng counts per displacement, row = level at v, column = level at v + d.
    private(set) var counts: [[Int]]
    /// Voxels per grey level (index level − 1) in the box.
    private(set) var histogram: [Int]
    private(set) var box: IndexBox?

    init(levels: [Int32], size: SIMD3<Int>, levelCount ng: Int, displacements: [SIMD3<Int>]) {
        self.levels = levels
        self.size = size
        self.ng = ng
        self.displacements = displacements
        offsets = displacements.map { $0.x + size.x * ($0.y + size.y * $0.z) }
        counts = [[Int]](repeating: [Int](repeating: 0, count: ng * ng), count: displacements.count)
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
            for d in counts.indices { for i in counts[d].indices { counts[d][i] = 0 } }
            for i in histogram.indices { histogram[i] = 0 }
            update(slab: new.lower.x...new.upper.x, in: new, by: 1)
        }
        box = new
    }

    /// Adds (`sign` 1) or removes (−1) every pair of `box` with an end in the columns `slab`:
    /// forward pairs from a slab voxel, and backward ones whose other end lies outside the slab
    /// (a pair inside the slab is met once, from its first end).
    private mutating func update(slab: ClosedRange<Int>, in box: IndexBox, by sign: Int) {
        let ng = ng
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y {
                for x in slab {
                    let v = x + size.x * (y + size.y * z)
                    let a = Int(levels[v])
                    guard a > 0 else { continue }
                    histogram[a - 1] += sign
                    for (d, dv) in displacements.enumerated() {
                        let f = SIMD3(x, y, z) &+ dv
                        if contains(box, f) {
                            let b = Int(levels[v + offsets[d]])
                            if b > 0 { counts[d][(a - 1) * ng + (b - 1)] += sign }
                        }
                        let r = SIMD3(x, y, z) &- dv
                        if contains(box, r) && !slab.contains(r.x) {
                            let b = Int(levels[v - offsets[d]])
                            if b > 0 { counts[d][(b - 1) * ng + (a - 1)] += sign }
                        }
                    }
                }
            }
        }
    }

    @inline(__always) private func contains(_ b: IndexBox, _ p: SIMD3<Int>) -> Bool {
        p.x >= b.lower.x && p.x <= b.upper.x && p.y >= b.lower.y && p.y <= b.upper.y && p.z >= b.lower.z && p.z <= b.upper.z
    }

    /// The grey levels present in the box, ascending (1-based).
    var presentLevels: [Int] { histogram.indices.filter { histogram[$0] > 0 }.map { $0 + 1 } }

    /// Each displacement's counts on the grey levels present in the box (compact matrices,
    /// `CooccurrenceMatrix.levels`): n(a, b) + n(b, a) when `symmetric` (pyradiomics'
    /// `symmetricalGLCM`), n(a, b) otherwise.
    func matrices(symmetric: Bool) -> [CooccurrenceMatrix] {
        let levels = presentLevels, nl = levels.count, ng = ng
        return counts.map { t in
            var m = [Int](repeating: 0, count: nl * nl)
            for a in 0..<nl {
                let row = (levels[a] - 1) * ng
                for b in 0..<nl {
                    m[a * nl + b] = symmetric ? t[row + levels[b] - 1] + t[(levels[b] - 1) * ng + levels[a] - 1] : t[row + levels[b] - 1]
                }
            }
            return CooccurrenceMatrix(levelCount: ng, counts: m, levels: levels)
        }
    }
}
