/// The IBSI diagnostic rows ("Diagnostics-*" families of the reference tables): image and ROI
/// size, spacing and intensity range after each processing step, tagged `<name>_<stage>`
/// with stage `init_img`, `interp_img`, `init_roi`, `interp_roi` or `reseg_roi`.
public enum Diagnostics {
    /// img_dim_*, vox_dim_*, mean/min/max_int of the whole image at `stage` ("init" or "interp").
    public static func image(_ image: ImageVolume, stage: String) -> [Feature] {
        Self.image(image.geometry, summary(image.voxels), stage: stage)
    }

    /// The same from the whole image's (Σ x, min x, max x), e.g. of a `StoredImage`.
    static func image(_ g: Geometry, _ summary: (sum: Double, min: Double, max: Double), stage: String) -> [Feature] {
        let (sum, lo, hi) = summary
        let s = "_\(stage)_img"
        return [
            Feature("img_dim_x" + s, Double(g.size.x)), Feature("img_dim_y" + s, Double(g.size.y)), Feature("img_dim_z" + s, Double(g.size.z)),
            Feature("vox_dim_x" + s, g.spacing.x), Feature("vox_dim_y" + s, g.spacing.y), Feature("vox_dim_z" + s, g.spacing.z),
            Feature("mean_int" + s, sum / Double(g.voxelCount)), Feature("min_int" + s, lo), Feature("max_int" + s, hi),
        ]
    }

    /// (Σ x, min x, max x) of every voxel, in Double. The image may be the whole 512×512×300
    /// volume: blocks of 4096 voxels are summed in SIMD lanes (exact for integer data: each lane
    /// stays far below 2⁵³), then the block sums in order, so the result is deterministic.
    static func summary(_ voxels: [Float]) -> (sum: Double, min: Double, max: Double) {
        guard !voxels.isEmpty else { return (0, .infinity, -.infinity) }
        return voxels.withUnsafeBufferPointer { v in
            var sum = 0.0
            var lo = SIMD8<Float>(repeating: .infinity), hi = SIMD8<Float>(repeating: -.infinity)
            var hasNaN = false
            var start = 0
            while start < v.count {
                let end = Swift.min(start + 4096, v.count)
                var lanes = SIMD8<Double>.zero
                var t = start
                while t + 8 <= end {
                    let x = SIMD8<Float>(v[t], v[t + 1], v[t + 2], v[t + 3], v[t + 4], v[t + 5], v[t + 6], v[t + 7])
                    // NaN compares false, so NaN lanes never replace a bound.
                    hasNaN = hasNaN || any(x .!= x)
                    lo.replace(with: x, where: x .< lo)
                    hi.replace(with: x, where: x .> hi)
                    lanes += SIMD8<Double>(x)
                    t += 8
                }
                var tail = 0.0
                while t < end {
                    let x = v[t]
                    if x.isNaN { hasNaN = true } else { lo[0] = Swift.min(lo[0], x); hi[0] = Swift.max(hi[0], x) }
                    tail += Double(x)
                    t += 1
                }
                sum += lanes.sum() + tail
                start = end
            }
            // NaN voxels (allowed outside the ROI) make the mean NaN; min and max skip them.
            return (hasNaN ? .nan : sum, Double(lo.min()), Double(hi.max()))
        }
    }

    /// Mask grid size, bounding boxes, voxel counts and intensity-mask intensity range at `stage`
    /// ("init", "interp" or "reseg"). `fullSize` is the grid size before any cropping.
    public static func roi(image: ImageVolume, intensityMask: MaskVolume, morphologicalMask: MaskVolume,
                           fullSize: SIMD3<Int>, stage: String) -> [Feature] {
        let s = "_\(stage)_roi"
        let ib = intensityMask.boundingBox?.size, mb = morphologicalMask.boundingBox?.size
        var sum = 0.0, n = 0, lo = Double.infinity, hi = -Double.infinity
        if let box = intensityMask.boundingBox {
            for k in box.lower.z...box.upper.z {
                for j in box.lower.y...box.upper.y {
                    let row = intensityMask.linearIndex(0, j, k)
                    for idx in (row + box.lower.x)...(row + box.upper.x) where intensityMask.voxels[idx] != 0 {
                        let d = Double(image.voxels[idx])
                        sum += d
                        n += 1
                        lo = Swift.min(lo, d)
                        hi = Swift.max(hi, d)
                    }
                }
            }
        }
        func dim(_ b: SIMD3<Int>?, _ a: Int) -> Double { b.map { Double($0[a]) } ?? .nan }
        return [
            Feature("int_mask_dim_x" + s, Double(fullSize.x)), Feature("int_mask_dim_y" + s, Double(fullSize.y)),
            Feature("int_mask_dim_z" + s, Double(fullSize.z)),
            Feature("int_mask_bb_dim_x" + s, dim(ib, 0)), Feature("int_mask_bb_dim_y" + s, dim(ib, 1)), Feature("int_mask_bb_dim_z" + s, dim(ib, 2)),
            Feature("morph_mask_bb_dim_x" + s, dim(mb, 0)), Feature("morph_mask_bb_dim_y" + s, dim(mb, 1)), Feature("morph_mask_bb_dim_z" + s, dim(mb, 2)),
            Feature("int_mask_vox_count" + s, Double(n)), Feature("morph_mask_vox_count" + s, Double(morphologicalMask.count)),
            Feature("int_mask_mean_int" + s, n > 0 ? sum / Double(n) : .nan),
            Feature("int_mask_min_int" + s, n > 0 ? lo : .nan), Feature("int_mask_max_int" + s, n > 0 ? hi : .nan),
        ]
    }
}
