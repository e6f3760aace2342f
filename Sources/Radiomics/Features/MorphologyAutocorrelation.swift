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
        /// z = x − μ inside the mask, 0 for holes; `count` values, then zeros up to `padded`
        /// (a multiple of 4) so that the SIMD kernel needs no scalar tail.
        var offsetInValues: Int
        var count: Int
        var padded: Int
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
        var z: [Double] = [], q: [Double] = []      // q = z², same layout
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
                let padded = (last - first + 1 + 3) & ~3
                z.append(contentsOf: repeatElement(0, count: padded - (last - first + 1)))
                q.append(contentsOf: z[offset...].map { $0 * $0 })
                rowAt[(j - box.lower.y) + ny * (k - box.lower.z)] = rows.count
                rows.append(Row(j: j, k: k, start: first, offsetInValues: offset, count: last - first + 1, padded: padded, runs: runs))
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
        let partials = UnsafeMutableBufferPointer<SIMD4<Double>>.allocate(capacity: offsets.count)
        partials.initialize(repeating: .zero)
        defer { partials.deallocate() }
        let grid = RowGrid(rows: rows, rowAt: rowAt, ny: ny, nz: nz, half: nx - 1, gram: gram)
        let offsetList = offsets
        z.withUnsafeBufferPointer { zb in
          q.withUnsafeBufferPointer { qb in
            nonisolated(unsafe) let zp = zb.baseAddress!, qp = qb.baseAddress!
            nonisolated(unsafe) let out = partials
            DispatchQueue.concurrentPerform(iterations: offsets.count) { task in
                out[task] = offsetSums(dj: offsetList[task].x, dk: offsetList[task].y, grid: grid, z: zp, q: qp)
            }
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

    /// The rows of the intensity mask's bounding box and the metric of the grid.
    private struct RowGrid: Sendable {
        var rows: [Row]
        /// Row number of box row (j, k) at j + ny · k, −1 for an empty row.
        var rowAt: [Int]
        var ny: Int, nz: Int
        /// nx − 1: Δi runs over −half … half.
        var half: Int
        var gram: [[Double]]
    }

    /// (S_z, S_w, S_q, 0) over the row pairs at offset (Δj, Δk): the O(N²) part
    /// (configuration A: 6.6·10⁹ voxel pairs).
    private static func offsetSums(dj: Int, dk: Int, grid: RowGrid, z zp: UnsafePointer<Double>,
                                   q qp: UnsafePointer<Double>) -> SIMD4<Double> {
        let half = grid.half, width = 2 * half + 1, ny = grid.ny, nz = grid.nz
        let gram = grid.gram, rowIndex = grid.rowAt, rowList = grid.rows
        // Tables for this (Δj, Δk), each with a margin of 8 on both sides for the kernels'
        // reads into the rows' zero padding (those products are 0 whatever is read):
        //   w(Δi) at Δi + half + 8;  P[t] = Σ_{u<t} w(u − half) at t + 8 (t = 0 … width);
        //   R[s] = P[width − s] at s + 8;  PP[t] = Σ_{u<t} P[u] at t (t = 0 … width + 1).
        var tables = [Double](repeating: 0, count: 3 * (width + 17) + width + 2)
        tables.withUnsafeMutableBufferPointer { tb in
            let w = tb.baseAddress! + 8, p = w + width + 17, r = p + width + 17, pp = r + width + 9
            for di in -half...half {
                let d = SIMD3(Double(di), Double(dj), Double(dk))
                var s = 0.0
                for a in 0..<3 { for c in 0..<3 { s += gram[a][c] * d[a] * d[c] } }
                w[di + half] = s > 0 ? 1 / s.squareRoot() : 0      // a voxel is not its own neighbour
            }
            for t in 0..<width { p[t + 1] = p[t] + w[t] }
            for t in 0...width { r[t] = p[width - t] }
            for t in 0...width { pp[t + 1] = pp[t] + p[t] }
        }
        var sz = 0.0, sw = 0.0, sq = 0.0
        tables.withUnsafeBufferPointer { tb in
            let w = tb.baseAddress! + 8, p = w + width + 17, r = p + width + 17, pp = r + width + 9
            for k1 in 0..<(nz - dk) {
                for j1 in Swift.max(0, -dj)..<Swift.min(ny, ny - dj) {
                    let r1 = rowIndex[j1 + ny * k1], r2 = rowIndex[(j1 + dj) + ny * (k1 + dk)]
                    guard r1 >= 0, r2 >= 0 else { continue }
                    let a = rowList[r1], b = rowList[r2]
                    // S_z = Σ_t z1[t] Σ_u w(b.start + u − a.start − t) z2[u].
                    let pairZ = blockedSum(z1: zp + a.offsetInValues, count1: a.padded,
                                           z2: zp + b.offsetInValues, count2: b.padded,
                                           w: w + (b.start - a.start + half))
                    // S_w and S_q from the prefix sums: for i1 in row a, the weight of all of a
                    // run [f, e) of row b is P[e − i1 + half] − P[f − i1 + half], and for i2 in
                    // row b that of a run [f, e) of row a is P[i2 − f + half + 1] − P[i2 − e + half + 1].
                    let q1 = qp + a.offsetInValues, q2 = qp + b.offsetInValues
                    var pairW = 0.0, pairQ = 0.0
                    for rb in b.runs {
                        // Σ_t q1[t] P[c − t] = Σ_t q1[t] R[width − c + t], c = run end − a.start + half.
                        pairQ += dot(q1, r + (width - (rb.to - a.start + half)), a.padded)
                               - dot(q1, r + (width - (rb.from - a.start + half)), a.padded)
                        for ra in a.runs {
                            // Σ_{i1 ∈ [f, e)} P[c − i1] = PP[c − f + 1] − PP[c − e + 1].
                            let cTo = rb.to + half, cFrom = rb.from + half
                            pairW += (pp[cTo - ra.from + 1] - pp[cTo - ra.to + 1])
                                   - (pp[cFrom - ra.from + 1] - pp[cFrom - ra.to + 1])
                        }
                    }
                    for ra in a.runs {
                        pairQ += dot(q2, p + (b.start - ra.from + half + 1), b.padded)
                               - dot(q2, p + (b.start - ra.to + half + 1), b.padded)
                    }
                    // Rows at different offsets hold each unordered pair once: double it for
                    // ordered pairs. Within one row (offset 0) all ordered pairs were summed,
                    // and the second S_q term counted zⱼ² already.
                    if dj == 0 && dk == 0 {
                        sz += pairZ; sw += pairW; sq += pairQ
                    } else {
                        sz += 2 * pairZ; sw += 2 * pairW; sq += 2 * pairQ
                    }
                }
            }
        }
        return SIMD4(sz, sw, sq, 0)
    }

    // The two kernels below are written with scalar accumulators rather than SIMD types: the
    // optimiser packs them into vector registers all the same (SLP vectorisation), and debug
    // builds stay fast, where generic SIMD operations are out-of-line calls. Multiply and add
    // stay separate: `addingProduct` without hardware FMA in the baseline target is a libm call.

    /// Σ_{t<count} a[t] · b[t] for `count` a multiple of 4, fixed summation order.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var t = 0
        while t < count {
            s0 += a[t] * b[t]; s1 += a[t + 1] * b[t + 1]; s2 += a[t + 2] * b[t + 2]; s3 += a[t + 3] * b[t + 3]
            t += 4
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Σ_t z1[t] · Σ_u w[u − t] z2[u] over t < count1, u < count2 (both multiples of 4; `w` may be
    /// read at offsets −count1 … count2 + 3).
    ///
    /// Four values of t share each load of z2 (register blocking), and each of the 4 × 4
    /// accumulators sums a fixed residue class of u, so the order of additions is fixed by the data.
    @inline(__always)
    private static func blockedSum(z1: UnsafePointer<Double>, count1: Int, z2: UnsafePointer<Double>, count2: Int,
                                   w: UnsafePointer<Double>) -> Double {
        var total = 0.0
        var t = 0
        while t < count1 {
            if z1[t] == 0 && z1[t + 1] == 0 && z1[t + 2] == 0 && z1[t + 3] == 0 { t += 4; continue }
            let wt = w - t
            var a00 = 0.0, a01 = 0.0, a02 = 0.0, a03 = 0.0, a10 = 0.0, a11 = 0.0, a12 = 0.0, a13 = 0.0
            var a20 = 0.0, a21 = 0.0, a22 = 0.0, a23 = 0.0, a30 = 0.0, a31 = 0.0, a32 = 0.0, a33 = 0.0
            var u = 0
            while u < count2 {
                let v0 = z2[u], v1 = z2[u + 1], v2 = z2[u + 2], v3 = z2[u + 3]
                a00 += v0 * wt[u]; a01 += v1 * wt[u + 1]; a02 += v2 * wt[u + 2]; a03 += v3 * wt[u + 3]
                a10 += v0 * wt[u - 1]; a11 += v1 * wt[u]; a12 += v2 * wt[u + 1]; a13 += v3 * wt[u + 2]
                a20 += v0 * wt[u - 2]; a21 += v1 * wt[u - 1]; a22 += v2 * wt[u]; a23 += v3 * wt[u + 1]
                a30 += v0 * wt[u - 3]; a31 += v1 * wt[u - 2]; a32 += v2 * wt[u - 1]; a33 += v3 * wt[u]
                u += 4
            }
            total += z1[t] * ((a00 + a01) + (a02 + a03)) + z1[t + 1] * ((a10 + a11) + (a12 + a13))
                   + z1[t + 2] * ((a20 + a21) + (a22 + a23)) + z1[t + 3] * ((a30 + a31) + (a32 + a33))
            t += 4
        }
        return total
    }
}
