import Foundation

/// pyradiomics' GLSZM and GLDM post-processing and features (radiomics/glszm.py, gldm.py,
/// pyradiomics-bhklab 3.1.4), fed by a grey-level × size count matrix from any matrix builder.
/// Both classes share one shape: rows are grey levels 1…Ng, columns sizes 1…Ns (zone sizes for
/// GLSZM, dependence counts for GLDM); absent grey levels and empty size columns are dropped,
/// and i, j are the grey-level values and sizes that remain.
public enum PyRadiomicsZoneFeatures {
    public enum Kind: Sendable { case glszm, gldm }

    /// - Parameter counts: row-major Ng×Ns counts over grey levels 1…Ng and sizes 1…Ns.
    public static func features(_ kind: Kind, counts: [Double], ng: Int, ns: Int, greyLevels: [Int],
                                enabled: [String]) -> [String: Double] {
        let i = greyLevels.map(Double.init)
        let n = i.count
        let liveSizes = (0..<ns).filter { s in greyLevels.contains { counts[($0 - 1) * ns + s] != 0 } }
        let j = liveSizes.map { Double($0 + 1) }
        let r = j.count
        var p = [Double](repeating: 0, count: n * r)
        for (a, g) in greyLevels.enumerated() { for (b, s) in liveSizes.enumerated() { p[a * r + b] = counts[(g - 1) * ns + s] } }
        var pg = [Double](repeating: 0, count: n), ps = [Double](repeating: 0, count: r)
        for a in 0..<n { for b in 0..<r { pg[a] += p[a * r + b]; ps[b] += p[a * r + b] } }
        var nz = p.reduce(0, +)
        if nz == 0 { nz = 1 }
        var np = 0.0
        for b in 0..<r { np += ps[b] * j[b] }
        if np == 0 { np = 1 }
        let eps = Double.ulpOfOne
        var sae = 0.0, lae = 0.0, szn = 0.0, gln = 0.0, lgl = 0.0, hgl = 0.0
        for b in 0..<r { sae += ps[b] / (j[b] * j[b]); lae += ps[b] * j[b] * j[b]; szn += ps[b] * ps[b] }
        for a in 0..<n { gln += pg[a] * pg[a]; lgl += pg[a] / (i[a] * i[a]); hgl += pg[a] * i[a] * i[a] }
        var ui = 0.0, uj = 0.0
        for a in 0..<n { ui += pg[a] / nz * i[a] }
        for b in 0..<r { uj += ps[b] / nz * j[b] }
        var glv = 0.0, zv = 0.0
        for a in 0..<n { glv += pg[a] / nz * (i[a] - ui) * (i[a] - ui) }
        for b in 0..<r { zv += ps[b] / nz * (j[b] - uj) * (j[b] - uj) }
        var ent = 0.0, sl = 0.0, sh = 0.0, ll = 0.0, lh = 0.0
        for a in 0..<n {
            for b in 0..<r {
                let v = p[a * r + b], q = v / nz
                ent -= q * log2(q + eps)
                let ii = i[a] * i[a], jj = j[b] * j[b]
                sl += v / (ii * jj); sh += v * ii / jj; ll += v * jj / ii; lh += v * ii * jj
            }
        }
        let names: [String: Double]
        switch kind {
        case .glszm:
            names = [
                "SmallAreaEmphasis": sae / nz,                    // Σ p(j)/j² / Nz
                "LargeAreaEmphasis": lae / nz,                    // Σ p(j) j² / Nz
                "GrayLevelNonUniformity": gln / nz, "GrayLevelNonUniformityNormalized": gln / (nz * nz),
                "SizeZoneNonUniformity": szn / nz, "SizeZoneNonUniformityNormalized": szn / (nz * nz),
                "ZonePercentage": nz / np,                        // Nz / Np
                "GrayLevelVariance": glv, "ZoneVariance": zv, "ZoneEntropy": ent,
                "LowGrayLevelZoneEmphasis": lgl / nz, "HighGrayLevelZoneEmphasis": hgl / nz,
                "SmallAreaLowGrayLevelEmphasis": sl / nz, "SmallAreaHighGrayLevelEmphasis": sh / nz,
                "LargeAreaLowGrayLevelEmphasis": ll / nz, "LargeAreaHighGrayLevelEmphasis": lh / nz,
            ]
        case .gldm:
            names = [
                "SmallDependenceEmphasis": sae / nz, "LargeDependenceEmphasis": lae / nz,
                "GrayLevelNonUniformity": gln / nz,
                "DependenceNonUniformity": szn / nz, "DependenceNonUniformityNormalized": szn / (nz * nz),
                "GrayLevelVariance": glv, "DependenceVariance": zv, "DependenceEntropy": ent,
                "LowGrayLevelEmphasis": lgl / nz, "HighGrayLevelEmphasis": hgl / nz,
                "SmallDependenceLowGrayLevelEmphasis": sl / nz, "SmallDependenceHighGrayLevelEmphasis": sh / nz,
                "LargeDependenceLowGrayLevelEmphasis": ll / nz, "LargeDependenceHighGrayLevelEmphasis": lh / nz,
            ]
        }
        return Dictionary(uniqueKeysWithValues: enabled.map { ($0, names[$0] ?? .nan) })
    }
}

/// pyradiomics' NGTDM features (radiomics/ngtdm.py, pyradiomics-bhklab 3.1.4) from the per-grey-level
/// rows (n_i voxels with a valid neighbourhood, s_i summed |i − mean neighbourhood|, grey level i).
public enum PyRadiomicsNGTDM {
    public static func features(n: [Double], s: [Double], i: [Double], enabled: [String]) -> [String: Double] {
        let keep = n.indices.filter { n[$0] != 0 }                 // pyradiomics drops levels with n_i = 0
        let nn = keep.map { n[$0] }, ss = keep.map { s[$0] }, ii = keep.map { i[$0] }
        let nvp = nn.reduce(0, +)
        let p = nn.map { $0 / nvp }
        let ngp = Double(p.filter { $0 > 0 }.count)
        let k = p.count
        let sumS = ss.reduce(0, +)
        var ps = 0.0
        for a in 0..<k { ps += p[a] * ss[a] }
        var contrastSum = 0.0, absdiff = 0.0, complexity = 0.0, strength = 0.0
        for a in 0..<k {
            for b in 0..<k {
                let d = ii[a] - ii[b]
                contrastSum += p[a] * p[b] * d * d
                guard p[a] != 0, p[b] != 0 else { continue }
                absdiff += Swift.abs(ii[a] * p[a] - ii[b] * p[b])
                complexity += Swift.abs(d) * (p[a] * ss[a] + p[b] * ss[b]) / (p[a] + p[b])
                strength += (p[a] + p[b]) * d * d
            }
        }
        let div = ngp * (ngp - 1)
        let values: [String: Double] = [
            "Coarseness": ps != 0 ? 1 / ps : 1e6,                               // 1 / Σ p_i s_i
            "Contrast": div != 0 ? contrastSum * sumS / nvp / div : 0,          // Σ p_i p_j (i−j)² · Σ s_i / Nvp / (Ngp(Ngp−1))
            "Busyness": absdiff != 0 ? ps / absdiff : 0,                        // Σ p_i s_i / Σ |i p_i − j p_j|
            "Complexity": complexity / nvp,                                     // Σ |i−j| (p_i s_i + p_j s_j)/(p_i + p_j) / Nvp
            "Strength": sumS != 0 ? strength / sumS : 0,                        // Σ (p_i + p_j)(i−j)² / Σ s_i
        ]
        return Dictionary(uniqueKeysWithValues: enabled.map { ($0, values[$0] ?? .nan) })
    }
}
