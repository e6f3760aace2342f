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
        image.voxels.withUnsafeBufferPointer { v in
            mask.withUnsafeBufferPointer { m in
                perSlice.withUnsafeMutableBufferPointer { out in
                    let shared = UnsafeSendable((v, m, out))
                    parallelRanges(size.z) { slices in
                        let (v, m, out) = shared.value
                        for k in slices {
                            var global = -Double.infinity, local = -Double.infinity
                            for j in 0..<size.y {
                                for i in 0..<size.x {
                                    let n = i + size.x * j + plane * k
                                    guard m[n] != 0 else { continue }
                                    let mean = sphere.mean(v, at: SIMD3(i, j, k), linear: n)
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
        let global = perSlice.map(\.0).max()!, local = perSlice.map(\.1).max()!
        return [
            Feature("loc_peak_loc", local),   // max over voxels with X = max X of the 1 cm³ sphere mean
            Feature("loc_peak_glob", global), // max over intensity-mask voxels of the 1 cm³ sphere mean
        ]
    }

    /// Integer voxel offsets within `radius` mm of a voxel centre.
    struct Sphere {
        var offsets: [SIMD3<Int>] = []
        var linear: [Int] = []
        var reach: SIMD3<Int>
        var size: SIMD3<Int>

        init(spacing: SIMD3<Double>, radius: Double, size: SIMD3<Int>) {
            self.size = size
            reach = SIMD3((0..<3).map { Int((radius / spacing[$0]).rounded(.down)) })
            for dk in -reach.z...reach.z {
                for dj in -reach.y...reach.y {
                    for di in -reach.x...reach.x {
                        let d = SIMD3<Double>(Double(di), Double(dj), Double(dk)) * spacing
                        guard (d * d).sum() <= radius * radius else { continue }
                        offsets.append(SIMD3(di, dj, dk))
                        linear.append(di + size.x * (dj + size.y * dk))
                    }
                }
            }
        }

        /// Mean intensity of the image voxels in the sphere centred on `p` (linear index `n`).
        func mean(_ v: UnsafeBufferPointer<Float>, at p: SIMD3<Int>, linear n: Int) -> Double {
            var sum = 0.0
            let inside = (p &- reach).min() >= 0 && (p &+ reach &- size).max() < 0
            if inside {
                for o in linear { sum += Double(v[n + o]) }
                return sum / Double(linear.count)
            }
            var count = 0
            for (m, o) in offsets.enumerated() {
                let q = p &+ o
                guard q.min() >= 0, (q &- size).max() < 0 else { continue }
                sum += Double(v[n + linear[m]])
                count += 1
            }
            return sum / Double(count)
        }
    }
}
