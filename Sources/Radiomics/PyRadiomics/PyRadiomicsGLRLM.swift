import Foundation

/// pyradiomics' GLRLM post-processing and features (radiomics/glrlm.py, pyradiomics-bhklab 3.1.4),
/// fed by per-direction run-length counts from any matrix builder.
///
/// Differences from IBSI: features per direction, averaged over directions; grey levels are the
/// values present; `weightingNorm` sums the directions weighted by the offset's length (not e^{−d²}).
public enum PyRadiomicsGLRLM {
    /// - Parameters:
    ///   - counts: per direction a row-major Ng×Nr matrix over grey levels 1…Ng and run lengths 1…Nr.
    ///   - angles: per direction its (z, y, x) voxel offset.
    ///   - spacing: (x, y, z) mm.
    public static func features(counts: [[Double]], ng: Int, nr: Int, greyLevels: [Int], angles: [SIMD3<Int>],
                                spacing: SIMD3<Double>, weightingNorm: PyRadiomicsParameters.WeightingNorm?,
                                enabled: [String]) -> [String: Double] {
        let n = greyLevels.count
        var ms: [[Double]] = counts.map { c in
            var m = [Double](repeating: 0, count: n * nr)
            for (a, g) in greyLevels.enumerated() { for r in 0..<nr { m[a * nr + r] = c[(g - 1) * nr + r] } }
            return m
        }
        if let norm = weightingNorm {
            let zyx = SIMD3<Double>(spacing.z, spacing.y, spacing.x)
            var sum = [Double](repeating: 0, count: n * nr)
            for (d, m) in ms.enumerated() {
                let v = abs(SIMD3<Double>(angles[d])) * zyx
                let w: Double
                switch norm {
                case .infinity: w = v.max()                  // ‖d‖∞
                case .euclidean: w = (v * v).sum().squareRoot() // ‖d‖₂
                case .manhattan: w = v.sum()                 // ‖d‖₁
                case .noWeighting: w = 1
                }
                for k in 0..<(n * nr) { sum[k] += m[k] * w }
            }
            ms = [sum]
        }
        if ms.count > 1 { ms = ms.filter { $0.reduce(0, +) != 0 } }
        // Run lengths absent from every direction are dropped (their j values go with them).
        let liveRuns = (0..<nr).filter { r in ms.contains { m in (0..<n).contains { m[$0 * nr + r] != 0 } } }
        let j = liveRuns.map { Double($0 + 1) }
        let i = greyLevels.map(Double.init)
        let perDirection: [[String: Double]] = ms.map { full in
            let m = (0..<n).flatMap { a in liveRuns.map { full[a * nr + $0] } }
            return direction(m, i: i, j: j)
        }
        var out: [String: Double] = [:]
        for name in enabled {
            let vals = perDirection.compactMap { $0[name] }.filter { !$0.isNaN }
            out[name] = vals.isEmpty ? .nan : vals.reduce(0, +) / Double(vals.count)
        }
        return out
    }

    static func direction(_ p: [Double], i: [Double], j: [Double]) -> [String: Double] {
        let n = i.count, r = j.count
        let nRuns = p.reduce(0, +)
        guard nRuns > 0 else { return [:] }
        var pg = [Double](repeating: 0, count: n), pr = [Double](repeating: 0, count: r)
        for a in 0..<n { for b in 0..<r { pg[a] += p[a * r + b]; pr[b] += p[a * r + b] } }
        let eps = Double.ulpOfOne
        var sre = 0.0, lre = 0.0, rln = 0.0, np = 0.0
        for b in 0..<r { sre += pr[b] / (j[b] * j[b]); lre += pr[b] * j[b] * j[b]; rln += pr[b] * pr[b]; np += pr[b] * j[b] }
        var gln = 0.0, lgl = 0.0, hgl = 0.0
        for a in 0..<n { gln += pg[a] * pg[a]; lgl += pg[a] / (i[a] * i[a]); hgl += pg[a] * i[a] * i[a] }
        var ui = 0.0, uj = 0.0
        for a in 0..<n { ui += pg[a] / nRuns * i[a] }
        for b in 0..<r { uj += pr[b] / nRuns * j[b] }
        var glv = 0.0, rv = 0.0
        for a in 0..<n { glv += pg[a] / nRuns * (i[a] - ui) * (i[a] - ui) }
        for b in 0..<r { rv += pr[b] / nRuns * (j[b] - uj) * (j[b] - uj) }
        var re = 0.0, srlgl = 0.0, srhgl = 0.0, lrlgl = 0.0, lrhgl = 0.0
        for a in 0..<n {
            for b in 0..<r {
                let v = p[a * r + b]
                let q = v / nRuns
                re -= q * log2(q + eps)
                let ii = i[a] * i[a], jj = j[b] * j[b]
                srlgl += v / (ii * jj); srhgl += v * ii / jj; lrlgl += v * jj / ii; lrhgl += v * jj * ii
            }
        }
        return [
            "ShortRunEmphasis": sre / nRuns,                  // Σ p(j)/j² / Nr
            "LongRunEmphasis": lre / nRuns,                   // Σ p(j) j² / Nr
            "GrayLevelNonUniformity": gln / nRuns,            // Σ p(i)² / Nr
            "GrayLevelNonUniformityNormalized": gln / (nRuns * nRuns),
            "RunLengthNonUniformity": rln / nRuns,
            "RunLengthNonUniformityNormalized": rln / (nRuns * nRuns),
            "RunPercentage": nRuns / np,                      // Nr / Np
            "GrayLevelVariance": glv, "RunVariance": rv, "RunEntropy": re,
            "LowGrayLevelRunEmphasis": lgl / nRuns, "HighGrayLevelRunEmphasis": hgl / nRuns,
            "ShortRunLowGrayLevelEmphasis": srlgl / nRuns, "ShortRunHighGrayLevelEmphasis": srhgl / nRuns,
            "LongRunLowGrayLevelEmphasis": lrlgl / nRuns, "LongRunHighGrayLevelEmphasis": lrhgl / nRuns,
        ]
    }
}
