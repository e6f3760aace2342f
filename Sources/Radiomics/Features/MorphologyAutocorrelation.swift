import Dispatch

/// Moran's I and Geary's C of the intensity mask (IBSI 1 §3.1.27–28), computed exactly over all
/// ordered voxel pairs with inverse-distance weights.
///
/// With N voxels, zᵢ = xᵢ − μ and the sums over ordered pairs i ≠ j
///   S_w = Σ w_ij,  S_z = Σ w_ij zᵢ zⱼ,  S_q = Σ w_ij (zᵢ² + zⱼ²),  S_2 = Σ zᵢ²,
/// Moran's I = N / S_w · S_z / S_2 and Geary's C = (N − 1) / (2 S_w) · (S_q − 2 S_z) / S_2,
/// since Σ w_ij (xᵢ − xⱼ)² = Σ w_ij (zᵢ − zⱼ)² = S_q − 2 S_z.
///
/// The pair sums are organised by grid rows. For two rows with fixed (Δj, Δk) the weight depends
/// only on Δi, so one table of 2n−1 weights serves every row pair with that offset, and
///   S_z(row₁, row₂) = Σ_{i₁} z₁[i₁] · Σ_{i₂} w[i₂ − i₁] z₂[i₂]
/// is a contiguous SIMD dot product per voxel: one multiply–add per voxel pair, no square root.
/// S_w and S_q need only Σ_{i₂} w[i₂ − i₁] over the mask runs of row₂, read from prefix sums of
/// the table in O(runs) per voxel. Every result is the exact pair sum up to Double rounding (the
/// order of additions differs from the naive double loop).
///
/// Work is split into one task per row offset; the per-offset partial sums are stored and added
/// in offset order, so the result is bit-identical for any number of threads.
enum SpatialAutocorrelation {
    struct Result: Sendable, Equatable {
        var moransI: Double
        var gearysC: Double
    }

    /// One grid row of the intensity mask, trimmed to its first and last ROI voxel.
    private struct Row {
        var j: Int, k: Int
        /// x index of the first voxel held.
        var start: Int
        /// z = x − μ inside the mask, 0 for holes; `count` values.
        var offsetInValues: Int
        var count: Int
        /// Mask runs as half-open [from, to) x index ranges.
        var runs: [(from: Int, to: Int)]
    }

    static func compute(image: ImageVolume, intensityMask: MaskVolume) -> Result {
        let nan = Result(moransI: .nan, gearysC: .nan)
        guard let box = intensityMask.boundingBox else { return nan }
        let mask = intensityMask.voxels, values = image.voxels
        var sum = 0.0, n = 0
        for idx in mask.indices where mask[idx] != 0 { sum += Double(values[idx]); n += 1 }
        guard n >= 2 else { return nan }
        let mu = sum / Double(n)

        // Rows of the box, indexed (j − lower.y) + ny · (k − lower.z); empty rows are absent.
        let nx = box.size.x, ny = box.size.y, nz = box.size.z
        var rowAt = [Int](repeating: -1, count: ny * nz)
        var rows: [Row] = []
        var z: [Double] = []
        var squares = 0.0
        for k in box.lower.z...box.upper.z {
            for j in box.lower.y...box.upper.y {
                let line = intensityMask.linearIndex(0, j, k)
                var first = -1, last = -1
                for i in box.lower.x...box.upper.x where mask[line + i] != 0 {
                    if first < 0 { first = i }
                    last = i
                }
                guard first >= 0 else { continue }
                var runs: [(Int, Int)] = []
                var runStart = -1
                let offset = z.count
                for i in first...last {
                    if mask[line + i] != 0 {
                        let d = Double(values[line + i]) - mu
                        z.append(d)
                        squares += d * d
                        if runStart < 0 { runStart = i }
                    } else {
                        z.append(0)
                        if runStart >= 0 { runs.append((runStart, i)); runStart = -1 }
                    }
                }
                runs.append((runStart, last + 1))
                rowAt[(j - box.lower.y) + ny * (k - box.lower.z)] = rows.count
                rows.append(Row(j: j, k: k, start: first, offsetInValues: offset, count: last - first + 1, runs: runs))
            }
        }
        guard squares > 0 else { return nan }

        // Squared physical distance of an index offset: Δᵀ G Δ with G = (D S)ᵀ (D S), valid for any
        // direction matrix (even a non-orthogonal one).
        let g = image.geometry
        let m = [g.axis(0) * g.spacing.x, g.axis(1) * g.spacing.y, g.axis(2) * g.spacing.z]
        let gram = (0..<3).map { r in (0..<3).map { c in dot3(m[r], m[c]) } }

        // Row offsets (Δj, Δk) with Δk > 0, or Δk = 0 and Δj ≥ 0: each unordered row pair once.
        var offsets: [SIMD2<Int>] = []
        for dk in 0..<nz {
            for dj in (dk == 0 ? 0 : -(ny - 1))..<ny { offsets.append(SIMD2(dj, dk)) }
        }
        let half = nx - 1                       // w[Δi] is stored at Δi + half
        let partials = UnsafeMutableBufferPointer<SIMD4<Double>>.allocate(capacity: offsets.count)
        partials.initialize(repeating: .zero)
        defer { partials.deallocate() }
        let rowList = rows, rowIndex = rowAt, offsetList = offsets
        z.withUnsafeBufferPointer { zb in
            nonisolated(unsafe) let zp = zb.baseAddress!
            nonisolated(unsafe) let out = partials
            DispatchQueue.concurrentPerform(iterations: offsets.count) { task in
                let dj = offsetList[task].x, dk = offsetList[task].y
                var w = [Double](repeating: 0, count: 2 * half + 1 + 8)   // zero tail for SIMD over-reads
                var prefix = [Double](repeating: 0, count: 2 * half + 2)   // prefix[t] = Σ_{u<t} w[u]
                for di in -half...half {
                    let d = SIMD3(Double(di), Double(dj), Double(dk))
                    var s = 0.0
                    for r in 0..<3 { for c in 0..<3 { s += gram[r][c] * d[r] * d[c] } }
                    w[di + half] = s > 0 ? 1 / s.squareRoot() : 0      // a voxel is not its own neighbour
                }
                for t in 0...(2 * half) { prefix[t + 1] = prefix[t] + w[t] }
                var sz = 0.0, sw = 0.0, sq = 0.0
                w.withUnsafeBufferPointer { wb in
                    let wp = wb.baseAddress!
                    for k1 in 0..<(nz - dk) {
                        for j1 in Swift.max(0, -dj)..<Swift.min(ny, ny - dj) {
                            let r1 = rowIndex[j1 + ny * k1], r2 = rowIndex[(j1 + dj) + ny * (k1 + dk)]
                            guard r1 >= 0, r2 >= 0 else { continue }
                            let a = rowList[r1], b = rowList[r2]
                            // S_z: Σ_{i1} z1 · Σ_{i2} w[i2 − i1] z2.
                            var pairZ = 0.0
                            let zb2 = zp + b.offsetInValues
                            for t in 0..<a.count {
                                let z1 = zp[a.offsetInValues + t]
                                if z1 == 0 { continue }
                                let wStart = wp + (b.start - (a.start + t) + half)
                                pairZ += z1 * dotProduct(zb2, wStart, b.count)
                            }
                            // S_w, S_q: run sums of the weights from prefix sums.
                            var pairW = 0.0, pairQ = 0.0
                            for run in a.runs {
                                for i1 in run.from..<run.to {
                                    var bw = 0.0
                                    for r in b.runs { bw += prefix[r.to - i1 + half] - prefix[r.from - i1 + half] }
                                    let z1 = zp[a.offsetInValues + i1 - a.start]
                                    pairW += bw
                                    pairQ += z1 * z1 * bw
                                }
                            }
                            for run in b.runs {
                                for i2 in run.from..<run.to {
                                    var aw = 0.0
                                    // Σ_{i1 ∈ run} w[i2 − i1]: w is even in the full offset, so the
                                    // table at i2 − i1 is the weight of the reversed pair too.
                                    for r in a.runs { aw += prefix[i2 - r.from + half + 1] - prefix[i2 - r.to + half + 1] }
                                    let z2 = zp[b.offsetInValues + i2 - b.start]
                                    pairQ += z2 * z2 * aw
                                }
                            }
                            // Rows at different offsets hold each unordered pair once: double it for
                            // ordered pairs. Within one row (offset 0) all ordered pairs were summed,
                            // and the reverse-direction S_q term counted zⱼ² already.
                            if dj == 0 && dk == 0 {
                                sz += pairZ; sw += pairW; sq += pairQ
                            } else {
                                sz += 2 * pairZ; sw += 2 * pairW; sq += 2 * pairQ
                            }
                        }
                    }
                }
                out[task] = SIMD4(sz, sw, sq, 0)
            }
        }
        var total = SIMD4<Double>.zero
        for p in partials { total += p }
        let (sz, sw, sq) = (total.x, total.y, total.z)
        guard sw > 0 else { return nan }
        let count = Double(n)
        return Result(moransI: count / sw * sz / squares,
                      gearysC: (count - 1) / (2 * sw) * (sq - 2 * sz) / squares)
    }

    /// Σ_{t<count} a[t] · b[t], 8 lanes at a time with a fixed summation order.
    @inline(__always)
    private static func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var acc = SIMD8<Double>.zero
        var t = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while t + 8 <= count {
            let va = ra.loadUnaligned(fromByteOffset: t * 8, as: SIMD8<Double>.self)
            let vb = rb.loadUnaligned(fromByteOffset: t * 8, as: SIMD8<Double>.self)
            acc = acc.addingProduct(va, vb)
            t += 8
        }
        var tail = 0.0
        while t < count { tail += a[t] * b[t]; t += 1 }
        return acc.sum() + tail
    }
}
