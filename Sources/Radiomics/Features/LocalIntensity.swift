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
        let plane = size.x * size.y
        // Per slice: (highest sphere mean over every ROI voxel, highest over the maximum-intensity voxels).
        var perSlice = [(Double, Double)](repeating: (-.infinity, -.infinity), count: size.z)
        let prefix = image.voxels.withUnsafeBufferPointer { sphere.prefixSums($0) }
        let voxels = image.voxels
        voxels.withUnsafeBufferPointer { v in
            prefix.withUnsafeBufferPointer { p in
                mask.withUnsafeBufferPointer { m in
                    perSlice.withUnsafeMutableBufferPointer { out in
                        let shared = UncheckedSendable((v, m, out, p))
                        parallelRanges(size.z) { slices in
                            let (v, m, out, p) = shared.value
                            for k in slices {
                                var global = -Double.infinity, local = -Double.infinity
                                for j in 0..<size.y {
                                    for i in 0..<size.x {
                                        let n = i + size.x * j + plane * k
                                        guard m[n] != 0 else { continue }
                                        let mean = sphere.mean(p, at: SIMD3(i, j, k))
                                        global = Swift.max(global, mean)
                                        if v[n] == maxIntensity { local = Swift.max(local, mean) }
                                    }
                                }
                                out[k] = (global, local)
                            }
                        }
                    }
                }
            }
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
                    if a >= 0 { rows.append(SIMD3(dj, dk, a)) }
                }
            }
        }

        /// prefix[(nx + 1)·row + i] = Σ of the first i voxels of image row `row` (row = j + ny·k).
        func prefixSums(_ v: UnsafeBufferPointer<Float>) -> [Double] {
            let nx = size.x, rowCount = size.y * size.z
            var p = [Double](repeating: 0, count: (nx + 1) * rowCount)
            for r in 0..<rowCount {
                var sum = 0.0
                for i in 0..<nx {
                    sum += Double(v[nx * r + i])
                    p[(nx + 1) * r + i + 1] = sum
                }
            }
            return p
        }

        /// Mean intensity of the image voxels in the sphere centred on voxel `p`; voxels beyond
        /// the image do not count.
        func mean(_ prefix: UnsafeBufferPointer<Double>, at p: SIMD3<Int>) -> Double {
            var sum = 0.0, count = 0
            let nx = size.x
            for row in rows {
                let j = p.y + row.x, k = p.z + row.y
                guard j >= 0, j < size.y, k >= 0, k < size.z else { continue }
                let lo = Swift.max(p.x - row.z, 0), hi = Swift.min(p.x + row.z, nx - 1)
                let base = (nx + 1) * (j + size.y * k)
                sum += prefix[base + hi + 1] - prefix[base + lo]
                count += hi - lo + 1
            }
            return sum / Double(count)
        }
    }
}
