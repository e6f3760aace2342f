/// Local intensity features (IBSI 1 §3.2, 9ST6), always in 3D.
///
/// The neighbourhood of a voxel is every image voxel (inside the ROI or not) whose centre lies
/// within r = (3/(4π))^{1/3} cm ≈ 6.2 mm of its centre, in world distance: a 1 cm³ sphere.
/// Voxels beyond the image edge do not exist and are not counted. `ROIContext.image` keeps a
/// margin around the ROI wider than r, so the crop never cuts a sphere short.
enum LocalIntensity {
    static func features(_ roi: ROIContext) -> [Feature] {
        let image = roi.image, mask = roi.intensityMask.voxels
        let size = image.size
        let sphere = Sphere(spacing: image.geometry.spacing, radius: Preprocessor.peakSphereRadius, size: size)
        var maxIntensity = -Float.infinity
        for n in mask.indices where mask[n] != 0 { maxIntensity = Swift.max(maxIntensity, image.voxels[n]) }
        guard maxIntensity > -Float.infinity else { return [Feature("loc_peak_loc", .nan), Feature("loc_peak_glob", .nan)] }
        // Per slice: (highest sphere mean over every ROI voxel, highest over the maximum-intensity voxels).
        let table = image.voxels.withUnsafeBufferPointer { sphere.prefixTable($0) }
        let perSlice = Parallel.map(count: size.z) { k -> (Double, Double) in
            var global = -Double.infinity, local = -Double.infinity
            var sums = [Double](repeating: 0, count: size.x), counts = sums
            for j in 0..<size.y {
                let row = size.x * (j + size.y * k)
                guard let first = (0..<size.x).first(where: { mask[row + $0] != 0 }) else { continue }
                let last = (first..<size.x).last(where: { mask[row + $0] != 0 })!
                sphere.sums(table, row: SIMD3(first, j, k), count: last - first + 1, sums: &sums, counts: &counts)
                for i in first...last where mask[row + i] != 0 {
                    let mean = sums[i - first] / counts[i - first]
                    global = Swift.max(global, mean)
                    if image.voxels[row + i] == maxIntensity { local = Swift.max(local, mean) }
                }
            }
            return (global, local)
        }
        let global = perSlice.map(\.0).max()!, local = perSlice.map(\.1).max()!
        return [
            Feature("loc_peak_loc", local),   // max over voxels with X = max X of the 1 cm³ sphere mean
            Feature("loc_peak_glob", global), // max over intensity-mask voxels of the 1 cm³ sphere mean
        ]
    }

    /// The voxels within `radius` mm of a voxel centre, as rows along x: for each (dj, dk) the
    /// offsets di ∈ [−a, a]. Row sums come from prefix sums along x (exact for integer data),
    /// so a sphere mean costs one subtraction per row instead of one addition per voxel.
    struct Sphere {
        /// (dj, dk, a) per row.
        var rows: [SIMD3<Int>] = []
        var size: SIMD3<Int>

        /// Largest |dj|, |dk| of a row, and the number of voxels in the sphere.
        var extent = SIMD3<Int>.zero
        var voxelCount = 0

        init(spacing: SIMD3<Double>, radius: Double, size: SIMD3<Int>) {
            self.size = size
            let reach = SIMD3((0..<3).map { Int((radius / spacing[$0]).rounded(.down)) })
            for dk in -reach.z...reach.z {
                for dj in -reach.y...reach.y {
                    var a = -1
                    for di in 0...reach.x {
                        let d = SIMD3<Double>(Double(di), Double(dj), Double(dk)) * spacing
                        if (d * d).sum() <= radius * radius { a = di }
                    }
                    if a >= 0 {
                        rows.append(SIMD3(dj, dk, a))
                        extent = pointwiseMax(extent, SIMD3(a, Swift.abs(dj), Swift.abs(dk)))
                        voxelCount += 2 * a + 1
                    }
                }
            }
        }

        /// Row prefix sums padded by `reach` on both sides so that no sphere row needs clamping:
        /// values[w·row + reach + t] = Σ of the first clamp(t, 0, nx) voxels of image row `row`
        /// (row = j + ny·k), w = nx + 2·reach + 1, t = −reach … nx + reach; `lengths` holds
        /// clamp(t, 0, nx) itself, the number of voxels those sums cover.
        struct PrefixTable {
            var values: [Double]
            var lengths: [Double]
            var reach: Int
            var width: Int
        }

        func prefixTable(_ v: UnsafeBufferPointer<Float>) -> PrefixTable {
            let nx = size.x, rowCount = size.y * size.z
            let reach = rows.map(\.z).max() ?? 0, w = nx + 2 * reach + 1
            var p = [Double](repeating: 0, count: w * rowCount)
            for r in 0..<rowCount {
                var sum = 0.0
                let base = w * r + reach
                for i in 0..<nx {
                    sum += Double(v[nx * r + i])
                    p[base + i + 1] = sum
                }
                for t in (nx + 1)..<(nx + reach + 1) { p[base + t] = sum }
            }
            let lengths = (0..<w).map { Double(Swift.min(Swift.max($0 - reach, 0), nx)) }
            return PrefixTable(values: p, lengths: lengths, reach: reach, width: w)
        }

        /// Sphere sums and voxel counts for the `count` voxels of image row (j, k) from x = `row.x`
        /// on, into `sums[0..<count]` and `counts[0..<count]`. Voxels beyond the image do not
        /// count. Each sphere row adds P[i + a + 1] − P[i − a] for every voxel of the run: a
        /// contiguous, vectorisable sweep.
        func sums(_ table: PrefixTable, row start: SIMD3<Int>, count: Int, sums: inout [Double], counts: inout [Double]) {
            for u in 0..<count { sums[u] = 0; counts[u] = 0 }
            let w = table.width, reach = table.reach
            // Spheres of this run that the image edge cannot clip all hold `voxelCount` voxels:
            // only the sums need the sweep.
            let inside = start.x - reach >= 0 && start.x + count - 1 + reach < size.x
                && start.y - extent.y >= 0 && start.y + extent.y < size.y && start.z - extent.z >= 0 && start.z + extent.z < size.z
            if inside {
                for u in 0..<count { counts[u] = Double(voxelCount) }
            }
            table.values.withUnsafeBufferPointer { p in
                table.lengths.withUnsafeBufferPointer { c in
                    sums.withUnsafeMutableBufferPointer { s in
                        counts.withUnsafeMutableBufferPointer { n in
                            for r in rows {
                                let j = start.y + r.x, k = start.z + r.y
                                guard j >= 0, j < size.y, k >= 0, k < size.z else { continue }
                                let a = r.z
                                let hi = reach + start.x + a + 1, lo = reach + start.x - a
                                let line = p.baseAddress! + w * (j + size.y * k)
                                let len = c.baseAddress!
                                if inside {
                                    for u in 0..<count { s[u] += line[hi + u] - line[lo + u] }
                                } else {
                                    for u in 0..<count {
                                        s[u] += line[hi + u] - line[lo + u]
                                        n[u] += len[hi + u] - len[lo + u]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
