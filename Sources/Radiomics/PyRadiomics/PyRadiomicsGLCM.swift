import Foundation

/// pyradiomics' GLCM post-processing and features (radiomics/glcm.py, pyradiomics-bhklab 3.1.4),
/// fed by per-direction co-occurrence counts from any matrix builder.
///
/// Differences from IBSI: features are computed per direction and averaged over the directions
/// (pyradiomics never merges the 13 matrices, unless `weightingNorm` sums them into one);
/// i and j are the grey-level *values* present in the ROI (absent levels are dropped);
/// Idmn/Idn normalise by Ng = the highest grey level; MCC is included.
public enum PyRadiomicsGLCM {
    /// Normalised matrices, one per direction kept, over the present grey levels.
    public struct Matrices: Sendable {
        /// Row-major n×n probabilities per direction, n = greyLevels.count.
        public var p: [[Double]]
        /// Present grey levels (ascending, 1-based values).
        public var greyLevels: [Int]
        /// Highest grey level (pyradiomics' Ng).
        public var ng: Int
    }

    /// pyradiomics `_calculateMatrix` after the counts: drop absent grey levels, symmetrise,
    /// weight and sum over directions (`weightingNorm`), drop empty directions, normalise.
    /// - Parameters:
    ///   - counts: per direction a row-major Ng×Ng count matrix over levels 1…Ng.
    ///   - angles: per direction its (z, y, x) voxel offset, as pyradiomics lists them.
    ///   - spacing: (x, y, z) mm.
    public static func matrices(counts: [[Double]], ng: Int, greyLevels: [Int], angles: [SIMD3<Int>],
                                spacing: SIMD3<Double>, symmetrical: Bool,
                                weightingNorm: PyRadiomicsParameters.WeightingNorm?) -> Matrices {
        let n = greyLevels.count
        let idx = greyLevels.map { $0 - 1 }
        var ms: [[Double]] = counts.map { c in
            var m = [Double](repeating: 0, count: n * n)
            for (a, i) in idx.enumerated() { for (b, j) in idx.enumerated() { m[a * n + b] = c[i * ng + j] } }
            if symmetrical {
                let t = m
                for a in 0..<n { for b in 0..<n { m[a * n + b] += t[b * n + a] } }
            }
            return m
        }
        if let norm = weightingNorm {
            let zyx = SIMD3<Double>(spacing.z, spacing.y, spacing.x)
            var sum = [Double](repeating: 0, count: n * n)
            for (d, m) in ms.enumerated() {
                let v = abs(SIMD3<Double>(angles[d])) * zyx
                let w: Double
                switch norm {
                case .infinity: w = exp(-pow(v.max(), 2))                 // e^{−‖d‖∞²}
                case .euclidean: w = exp(-(v * v).sum())                  // e^{−‖d‖₂²}
                case .manhattan: w = exp(-pow(v.sum(), 2))                // e^{−‖d‖₁²}
                case .noWeighting: w = 1
                }
                for k in 0..<(n * n) { sum[k] += m[k] * w }
            }
            ms = [sum]
        }
        if ms.count > 1 { ms = ms.filter { $0.reduce(0, +) != 0 } }
        ms = ms.map { m in
            let s = m.reduce(0, +)
            return m.map { s == 0 ? .nan : $0 / s }
        }
        return Matrices(p: ms, greyLevels: greyLevels, ng: ng)
    }

    /// Feature values (mean over directions) for the enabled pyradiomics GLCM feature names.
    public static func features(_ m: Matrices, enabled: [String]) -> [String: Double] {
        let perDirection = m.p.map { direction($0, levels: m.greyLevels.map(Double.init), ng: Double(m.ng)) }
        var out: [String: Double] = [:]
        for name in enabled {
            let vals = perDirection.compactMap { $0[name] }.filter { !$0.isNaN }  // numpy.nanmean
            out[name] = vals.isEmpty ? .nan : vals.reduce(0, +) / Double(vals.count)
        }
        return out
    }

    // swiftlint:disable:next function_body_length
    static func direction(_ p: [Double], levels g: [Double], ng: Double) -> [String: Double] {
        let n = g.count
        let eps = Double.ulpOfOne
        var px = [Double](repeating: 0, count: n), py = px
        for a in 0..<n { for b in 0..<n { px[a] += p[a * n + b]; py[b] += p[a * n + b] } }
        var ux = 0.0, uy = 0.0
        for a in 0..<n { for b in 0..<n { ux += g[a] * p[a * n + b]; uy += g[b] * p[a * n + b] } }
        let ngInt = Int(ng)
        var pSum = [Double](repeating: 0, count: 2 * ngInt - 1)   // k = 2…2Ng
        var pDiff = [Double](repeating: 0, count: ngInt)           // k = 0…Ng−1
        var ac = 0.0, cp = 0.0, cs = 0.0, ct = 0.0, cont = 0.0, ene = 0.0, hxy = 0.0, maxP = 0.0
        var sigx = 0.0, sigy = 0.0, corm = 0.0, ss = 0.0
        for a in 0..<n {
            for b in 0..<n {
                let v = p[a * n + b]
                let i = g[a], j = g[b]
                pSum[Int(i + j) - 2] += v
                pDiff[Int(Swift.abs(i - j))] += v
                ac += v * i * j                                  // Σ p·i·j
                let s = i + j - ux - uy
                cp += v * s * s * s * s                          // Σ p (i + j − μx − μy)⁴
                cs += v * s * s * s
                ct += v * s * s
                cont += v * (i - j) * (i - j)                    // Σ p (i − j)²
                ene += v * v                                     // Σ p²
                hxy -= v * log2(v + eps)                         // −Σ p log₂(p + ε)
                maxP = Swift.max(maxP, v)
                sigx += v * (i - ux) * (i - ux)
                sigy += v * (j - uy) * (j - uy)
                corm += v * (i - ux) * (j - uy)
                ss += v * (i - ux) * (i - ux)                    // Σ p (i − μx)²
            }
        }
        sigx = sigx.squareRoot(); sigy = sigy.squareRoot()
        var hx = 0.0, hy = 0.0, hxy1 = 0.0, hxy2 = 0.0
        for a in 0..<n { hx -= px[a] * log2(px[a] + eps); hy -= py[a] * log2(py[a] + eps) }
        for a in 0..<n { for b in 0..<n {
            let q = px[a] * py[b]
            hxy1 -= p[a * n + b] * log2(q + eps)
            hxy2 -= q * log2(q + eps)
        } }
        var diffAvg = 0.0, diffEnt = 0.0, idm = 0.0, idmn = 0.0, id = 0.0, idn = 0.0, inv = 0.0
        for (k, v) in pDiff.enumerated() {
            let kd = Double(k)
            diffAvg += kd * v                                    // Σ k p_{x−y}(k)
            diffEnt -= v * log2(v + eps)
            idm += v / (1 + kd * kd)
            idmn += v / (1 + kd * kd / (ng * ng))
            id += v / (1 + kd)
            idn += v / (1 + kd / ng)
            if k > 0 { inv += v / (kd * kd) }
        }
        var diffVar = 0.0
        for (k, v) in pDiff.enumerated() { diffVar += v * (Double(k) - diffAvg) * (Double(k) - diffAvg) }
        var sumAvg = 0.0, sumEnt = 0.0
        for (k, v) in pSum.enumerated() {
            sumAvg += Double(k + 2) * v                          // Σ k p_{x+y}(k)
            sumEnt -= v * log2(v + eps)
        }
        let div = Swift.max(hx, hy)
        let imc1 = div != 0 ? (hxy - hxy1) / div : 0             // (HXY − HXY1) / max(HX, HY)
        let imc2 = hxy2 == hxy ? 0 : (1 - exp(-2 * (hxy2 - hxy))).squareRoot()
        let corr = sigx * sigy == 0 ? 1 : corm / (sigx * sigy + eps)
        return [
            "Autocorrelation": ac, "JointAverage": ux, "ClusterProminence": cp, "ClusterShade": cs,
            "ClusterTendency": ct, "Contrast": cont, "Correlation": corr, "DifferenceAverage": diffAvg,
            "DifferenceEntropy": diffEnt, "DifferenceVariance": diffVar, "JointEnergy": ene, "JointEntropy": hxy,
            "Imc1": imc1, "Imc2": imc2, "Idm": idm, "MCC": mcc(p, px: px, py: py), "Idmn": idmn, "Id": id, "Idn": idn,
            "InverseVariance": inv, "MaximumProbability": maxP, "SumAverage": sumAvg, "SumEntropy": sumEnt,
            "SumSquares": ss,
        ]
    }

    /// Maximal correlation coefficient: √ of the second-largest eigenvalue of
    /// Q(i, j) = Σ_k p(i,k) p(j,k) / (px(i) py(k)). Q is similar to the symmetric
    /// Dx^{−½} P Dy^{−1} Pᵀ Dx^{−½} (rows with px = 0 are zero and add eigenvalue 0), so a
    /// symmetric Jacobi solver gives its eigenvalues. One grey level → 1 (pyradiomics' flat region).
    static func mcc(_ p: [Double], px: [Double], py: [Double]) -> Double {
        let n = px.count
        guard n >= 2 else { return 1 }
        let live = (0..<n).filter { px[$0] > 0 }
        let m = live.count
        var s = [Double](repeating: 0, count: m * m)
        for (a, i) in live.enumerated() {
            for (b, j) in live.enumerated() {
                var q = 0.0
                // pyradiomics adds ε to px·py; it only matters where py(k) = 0, where p(·, k) = 0 too.
                for k in 0..<n where py[k] > 0 { q += p[i * n + k] * p[j * n + k] / py[k] }
                s[a * m + b] = q / (px[i] * px[j]).squareRoot()
            }
        }
        var ev = SymmetricEigen.values(s, n: m)
        ev += [Double](repeating: 0, count: n - m)
        ev.sort()
        return Swift.max(ev[n - 2], 0).squareRoot()
    }
}
