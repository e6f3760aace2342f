import Foundation

/// The threshold of `--pet-threshold`: a fraction of the ROI's SUVmax (`41%`) or an absolute SUV (`2.5`).
public enum PETThreshold: Sendable, Equatable, Codable {
    case percentOfMax(Double)
    case absolute(Double)

    /// `41%` or `2.5`.
    public static func parse(_ text: String) throws(RadiomicsError) -> PETThreshold {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") {
            guard let p = Double(t.dropLast()), p > 0, p <= 100 else { throw .usage("--pet-threshold '\(text)': a percentage must be in (0, 100]") }
            return .percentOfMax(p)
        }
        guard let v = Double(t), v.isFinite else { throw .usage("--pet-threshold must be a percentage of SUVmax (41%) or an SUV (2.5), not '\(text)'") }
        return .absolute(v)
    }
}

/// PET metrics of one ROI (as LIFEx names them), on the image after SUV conversion and
/// preprocessing, at its own grid. The ROI is first re-segmented to its voxels at or above the
/// threshold (the metabolic tumour volume); every metric is taken on that region:
/// - `pet_suv_max`, `pet_suv_mean`: the maximum and mean SUV;
/// - `pet_suv_peak`: IBSI's local intensity peak — the mean SUV of every image voxel whose
///   centre lies within a 1 cm³ sphere (r ≈ 6.2 mm) of the hottest voxel (the highest such mean
///   when several voxels share the maximum);
/// - `pet_mtv_ml`: voxel count × voxel volume, in mL; `pet_tlg`: SUVmean × MTV.
/// An empty region gives MTV and TLG 0 and NaN for the others.
public enum PETMetrics {
    public static let tags = ["pet_suv_max", "pet_suv_mean", "pet_suv_peak", "pet_mtv_ml", "pet_tlg"]

    public static func features(image: ImageVolume, roi: MaskVolume, threshold: PETThreshold) -> [Feature] {
        let v = image.voxels, m = roi.voxels
        var roiMax = -Float.infinity
        for i in m.indices where m[i] != 0 { roiMax = max(roiMax, v[i]) }
        let cut: Double
        switch threshold {
        case .percentOfMax(let p): cut = Double(roiMax) * p / 100
        case .absolute(let a): cut = a
        }
        var count = 0, sum = 0.0, suvMax = -Float.infinity
        for i in m.indices where m[i] != 0 && Double(v[i]) >= cut {
            count += 1
            sum += Double(v[i])
            suvMax = max(suvMax, v[i])
        }
        guard count > 0 else {
            return [Feature("pet_suv_max", .nan), Feature("pet_suv_mean", .nan), Feature("pet_suv_peak", .nan),
                    Feature("pet_mtv_ml", 0), Feature("pet_tlg", 0)]
        }
        let mean = sum / Double(count)
        let mtv = Double(count) * image.geometry.voxelVolume / 1000
        return [Feature("pet_suv_max", Double(suvMax)), Feature("pet_suv_mean", mean),
                Feature("pet_suv_peak", peak(image, at: suvMax, in: roi, cut: cut)),
                Feature("pet_mtv_ml", mtv), Feature("pet_tlg", mean * mtv)]
    }

    /// The highest 1 cm³-sphere mean over the region's voxels holding `value` (its maximum).
    static func peak(_ image: ImageVolume, at value: Float, in roi: MaskVolume, cut: Double) -> Double {
        let g = image.geometry, size = g.size, r = Preprocessor.peakSphereRadius
        let reach = SIMD3((0..<3).map { Int((r / g.spacing[$0]).rounded(.down)) })
        var offsets: [SIMD3<Int>] = []
        for dk in -reach.z...reach.z { for dj in -reach.y...reach.y { for di in -reach.x...reach.x {
            let d = SIMD3<Double>(Double(di), Double(dj), Double(dk)) * g.spacing
            if (d * d).sum() <= r * r { offsets.append(SIMD3(di, dj, dk)) }
        } } }
        var best = -Double.infinity
        for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
            let n = image.linearIndex(i, j, k)
            guard roi.voxels[n] != 0, image.voxels[n] == value, Double(value) >= cut else { continue }
            var s = 0.0, c = 0
            for o in offsets {
                let p = SIMD3(i, j, k) &+ o
                // Voxels beyond the image edge do not exist and are not counted (as IBSI's peak).
                guard p.x >= 0, p.y >= 0, p.z >= 0, p.x < size.x, p.y < size.y, p.z < size.z else { continue }
                s += Double(image[p.x, p.y, p.z])
                c += 1
            }
            best = max(best, s / Double(c))
        } } }
        return best
    }
}
