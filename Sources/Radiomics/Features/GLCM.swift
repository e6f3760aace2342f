import Foundation

/// Grey level co-occurrence matrix features (IBSI 1 §3.6, tags `cm_*`), from the normalised
/// matrix p_ij = m_ij / Σm, with marginals p_i. and p_.j (equal when the matrix is symmetric),
/// means μ_x = Σ i p_ij and μ_y = Σ j p_ij, diagonal p_{i−j,k} = Σ_{|i−j|=k} p_ij and
/// cross-diagonal p_{i+j,k} = Σ_{i+j=k} p_ij. Logarithms base 2, of p + ε (`Conventions.logEpsilon`).
enum GLCMFeatures {
    /// The feature names, in `compute` order: the family's catalogue (GLCM+Family.swift).
    static let names = GLCMFamily().featureNames

    /// All features of one matrix, in `names` order; every value is NaN for an empty matrix.
    static func compute(_ m: CooccurrenceMatrix) -> [Double] {
        let total = Double(m.counts.reduce(0, +))
        guard total > 0 else { return [Double](repeating: .nan, count: names.count) }
        return compute(probabilities: m.counts.map { Double($0) / total }, levelCount: m.levelCount, conventions: .ibsi)
    }

    /// All features of a normalised Ng × Ng matrix `p` (row-major, grey levels 1…Ng), in `names` order.
    /// With `conventions.symmetricGLCM` p must be symmetric (μ_y = μ_x, p_.j = p_j.).
    static func compute(probabilities pm: [Double], levelCount ng: Int, conventions c: Conventions) -> [Double] {
        compute(probabilities: pm, levels: Array(1...Swift.max(ng, 1)), levelCount: ng, conventions: c)
    }

    /// All features of a normalised matrix `p` over the grey levels `levels` (ascending, within
    /// 1…Ng): row and column a hold level `levels[a]`, every other level's cells are 0. Zero cells
    /// are skipped in every sum, so the values are those of the Ng × Ng matrix, bit for bit, at
    /// the cost of |levels|² (a small kernel's matrix holds a few of Ng levels).
    static func compute(probabilities pm: [Double], levels: [Int], levelCount ng: Int, conventions c: Conventions) -> [Double] {
        compute(probabilities: [pm], levels: levels, levelCount: ng, conventions: c)[0]
    }

    /// `compute(probabilities:levels:…)` of several matrices over the same grey levels (a
    /// kernel's directions), on one scratch buffer: p_i., p_.j, p_{i−j}, p_{i+j} (zeroed before
    /// each matrix), log₂(p_ij + ε) (symmetric) and log₂(p_i. p_.j + ε) (written before read).
    /// With `mccPresentLevels` each vector ends with the matrix's MCC, which takes the pass's
    /// p_i. (the same sums in the same order) and the conventions' symmetry.
    static func compute(probabilities matrices: [[Double]], levels: [Int], levelCount ng: Int, conventions c: Conventions,
                        mccPresentLevels: Int? = nil) -> [[Double]] {
        let nl = levels.count
        let sums = 2 * nl + 3 * ng + 1
        var scratch = [Double](repeating: 0, count: sums + (c.symmetricGLCM ? 2 : 1) * nl * nl)
        // The non-zero cells (a · nl + b), in the loop's order: the second pass visits only them.
        var cells = [Int](repeating: 0, count: nl * nl)
        return scratch.withUnsafeMutableBufferPointer { s in
            cells.withUnsafeMutableBufferPointer { cells in
                levels.withUnsafeBufferPointer { levels in
                    matrices.map { pm in
                        s.baseAddress!.update(repeating: 0, count: sums)
                        var v = pm.withUnsafeBufferPointer { pm in compute(pm, levels, ng: ng, c, scratch: s.baseAddress!, cells: cells) }
                        if let n = mccPresentLevels {
                            v.append(maximalCorrelationCoefficient(probabilities: pm, levelCount: nl, presentLevels: n,
                                                                   symmetric: c.symmetricGLCM, rowSums: UnsafePointer(s.baseAddress!)))
                        }
                        return v
                    }
                }
            }
        }
    }

    // swiftlint:disable:next function_body_length
    private static func compute(_ pm: UnsafeBufferPointer<Double>, _ levels: UnsafeBufferPointer<Int>, ng: Int, _ c: Conventions,
                                scratch: UnsafeMutablePointer<Double>, cells: UnsafeMutableBufferPointer<Int>) -> [Double] {
        let eps = c.logEpsilon, nl = levels.count
        let px = scratch, pyAsym = px + nl, diag = pyAsym + nl, cross = diag + ng, logP = cross + 2 * ng + 1
        var jointMax = 0.0, mu = 0.0, muYAsym = 0.0, jointEntropy = 0.0, energy = 0.0, contrast = 0.0, dissimilarity = 0.0
        var invDiff = 0.0, invDiffNorm = 0.0, invDiffMom = 0.0, invDiffMomNorm = 0.0, autoCorr = 0.0
        let g = Double(ng)
        // A symmetric matrix's log₂(p_ij + ε) is met twice: computed at (i, j), i ≤ j, reused at (j, i).
        let symmetric = c.symmetricGLCM
        let logs = symmetric ? logP + nl * nl : logP
        var cellCount = 0
        for a in 0..<nl {
            let i = levels[a], row = a * nl
            // The row's non-zero cells as bits, 64 columns at a time, then visited in order: a
            // test per cell mispredicted on a kernel's sparse matrix.
            for start in stride(from: 0, to: nl, by: 64) {
                var bits: UInt64 = 0
                let chunk = pm.baseAddress! + row + start
                for k in 0..<(Swift.min(start + 64, nl) - start) { bits |= (chunk[k] != 0 ? 1 : 0) &<< UInt64(truncatingIfNeeded: k) }
                while bits != 0 {
                    let b = start + bits.trailingZeroBitCount
                    bits &= bits &- 1
                    let j = levels[b]
                    let p = pm[row + b]
                    cells[cellCount] = row + b
                    cellCount += 1
                    let lp: Double
                    if !symmetric { lp = log2(p + eps) } else if b < a { lp = logP[b * nl + a] } else { lp = log2(p + eps); logP[row + b] = lp }
                    px[a] += p
                    pyAsym[b] += p
                    diag[abs(i - j)] += p
                    cross[i + j] += p
                    jointMax = max(jointMax, p)                         // max p_ij
                    mu += Double(i) * p                                 // μ_x = Σ i p_ij
                    muYAsym += Double(j) * p                             // μ_y = Σ j p_ij
                    jointEntropy -= p * lp                               // −Σ p_ij log₂ p_ij
                    energy += p * p                                      // Σ p_ij²
                    autoCorr += Double(i * j) * p                        // Σ i j p_ij
                }
            }
        }
        let py = symmetric ? px : pyAsym, muY = symmetric ? mu : muYAsym
        var hx = 0.0, hy = 0.0
        for a in 0..<nl where px[a] > 0 { hx -= px[a] * log2(px[a] + eps) }      // HX = −Σ p_i. log₂ p_i.
        var jointVar = 0.0, yVar = 0.0, clustTend = 0.0, clustShade = 0.0, clustProm = 0.0, covariance = 0.0
        for k in 0..<cellCount {
            let cell = cells[k]
            let a = cell / nl, b = cell - a * nl
            let i = levels[a], j = levels[b]
            let p = pm[cell]
            let di = Double(i) - mu, dj = Double(j) - muY, s = di + dj
            jointVar += di * di * p                                  // Σ (i−μ_x)² p_ij
            yVar += dj * dj * p                                      // Σ (j−μ_y)² p_ij
            covariance += di * dj * p
            clustTend += s * s * p                                   // Σ (i+j−μ_x−μ_y)² p_ij
            clustShade += s * s * s * p                              // Σ (i+j−μ_x−μ_y)³ p_ij
            clustProm += s * s * s * s * p                           // Σ (i+j−μ_x−μ_y)⁴ p_ij
        }
        let (hxy1, hxy2) = crossEntropies(pm, cells: UnsafeBufferPointer(rebasing: cells[..<cellCount]), px, py, nl,
                                          symmetric: symmetric, eps: eps, jointEntropy: jointEntropy, logs: logs)
        if symmetric { yVar = jointVar }
        if symmetric { hy = hx } else { for j in 0..<nl where py[j] > 0 { hy -= py[j] * log2(py[j] + eps) } }
        var diffAvg = 0.0, diffEntropy = 0.0, invVar = 0.0
        // |i − j| and i + j of the present levels span these ranges only (a kernel's few levels
        // among Ng): the other entries are 0, which the sums skip.
        let diagRange = 0..<(nl > 0 ? levels[nl - 1] - levels[0] + 1 : 0)
        let crossRange = nl > 0 ? (2 * levels[0])..<(2 * levels[nl - 1] + 1) : 0..<0
        // The features of |i − j| alone from p_{i−j,k}, as pyradiomics and IBSI define them.
        for k in diagRange where diag[k] > 0 {
            let d = Double(k), q = diag[k]
            diffAvg += d * q                                         // Σ k p_{i−j,k}
            diffEntropy -= q * log2(q + eps)                         // −Σ p_{i−j,k} log₂ p_{i−j,k}
            if k > 0 { invVar += q / Double(k * k) }                 // Σ_{k≥1} p_{i−j,k} / k²
            contrast += d * d * q                                    // Σ k² p_{i−j,k} = Σ (i−j)² p_ij
            dissimilarity += d * q                                   // Σ k p_{i−j,k} = Σ |i−j| p_ij
            invDiff += q / (1 + d)                                   // Σ p_{i−j,k} / (1+k)
            invDiffNorm += q / (1 + d / g)                           // Σ p_{i−j,k} / (1+k/Ng)
            invDiffMom += q / (1 + d * d)                            // Σ p_{i−j,k} / (1+k²)
            invDiffMomNorm += q / (1 + d * d / (g * g))              // Σ p_{i−j,k} / (1+k²/Ng²)
        }
        var diffVar = 0.0
        for k in diagRange where diag[k] > 0 { diffVar += (Double(k) - diffAvg) * (Double(k) - diffAvg) * diag[k] }  // Σ (k−μ_d)² p_{i−j,k}
        var sumAvg = 0.0, sumEntropy = 0.0
        for k in crossRange where cross[k] > 0 {
            sumAvg += Double(k) * cross[k]                           // Σ k p_{i+j,k}
            sumEntropy -= cross[k] * log2(cross[k] + eps)            // −Σ p_{i+j,k} log₂ p_{i+j,k}
        }
        var sumVar = 0.0
        for k in crossRange where cross[k] > 0 { sumVar += (Double(k) - sumAvg) * (Double(k) - sumAvg) * cross[k] }  // Σ (k−μ_s)² p_{i+j,k}
        let corr: Double, infoCorr1: Double, infoCorr2: Double
        if c.pyradiomicsFlatValues {
            // pyradiomics: 1 for σ_x σ_y = 0, else Σ (i−μ_x)(j−μ_y) p_ij / (σ_x σ_y + ε).
            let sxy = jointVar.squareRoot() * yVar.squareRoot()
            corr = sxy == 0 ? 1 : covariance / (sxy + eps)
            let div = max(hx, hy)
            infoCorr1 = div != 0 ? (jointEntropy - hxy1) / div : 0
            infoCorr2 = hxy2 == jointEntropy ? 0 : (1 - exp(-2 * (hxy2 - jointEntropy))).squareRoot()
        } else {
            // Correlation Σ (i−μ)(j−μ) p_ij / σ²: NaN when every pair has one grey level (σ = 0).
            corr = jointVar > 0 ? covariance / jointVar : .nan
            // Information correlation 1 (HXY − HXY1)/max(HX, HY): NaN when HX = 0 (a single grey level).
            let div = max(hx, hy)
            infoCorr1 = div > 0 ? (jointEntropy - hxy1) / div : .nan
            infoCorr2 = sqrt(max(0, 1 - exp(-2 * (hxy2 - jointEntropy))))   // √(1 − e^{−2(HXY2 − HXY)})
        }
        return [jointMax, mu, jointVar, jointEntropy, diffAvg, diffVar, diffEntropy, sumAvg, sumVar, sumEntropy, energy,
                contrast, dissimilarity, invDiff, invDiffNorm, invDiffMom, invDiffMomNorm, invVar, corr, autoCorr,
                clustTend, clustShade, clustProm, infoCorr1, infoCorr2]
    }

    /// HXY1 = −Σ_ij p_ij log₂(p_i. p_.j + ε) (over the non-zero cells) and HXY2 =
    /// −Σ_ij p_i. p_.j log₂(p_i. p_.j + ε) (over the present levels), in closed form:
    /// log₂(xy + ε) = log₂x + log₂y + log₂(1 + ε/xy), with log₂(1 + δ) = δ/ln 2 to within δ²
    /// (δ = ε/xy ≤ 10⁻⁸ here), and Σ_j p_ij = p_i., so with S_x = Σ p_i. log₂p_i. (S_y alike):
    ///   HXY1 = −(S_x + S_y + ε/ln 2 · Σ_ij p_ij / (p_i. p_.j)),
    ///   HXY2 = −(Σ p_.j · S_x + Σ p_i. · S_y + n_x n_y ε/ln 2):
    /// 2·|levels| logarithms where the sums took one per cell and |levels|²/2 (a map computes
    /// them per kernel and direction). Each differs from its sum by rounding (~10⁻¹⁵), except
    /// through IMC1 ∝ HXY − HXY1 and IMC2 = √(1 − e^{−2(HXY2 − HXY)}), which amplify it as the
    /// difference nears 0 (and are 0 where it is 0): below 10⁻⁴ that entropy is summed as
    /// before. `logs`: |levels|² scratch.
    private static func crossEntropies(_ pm: UnsafeBufferPointer<Double>, cells: UnsafeBufferPointer<Int>,
                                       _ px: UnsafeMutablePointer<Double>, _ py: UnsafeMutablePointer<Double>, _ nl: Int,
                                       symmetric: Bool, eps: Double, jointEntropy: Double,
                                       logs: UnsafeMutablePointer<Double>) -> (hxy1: Double, hxy2: Double) {
        var sx = 0.0, sxl = 0.0, nx = 0
        for a in 0..<nl where px[a] > 0 { sx += px[a]; sxl += px[a] * log2(px[a]); nx += 1 }
        var sy = sx, syl = sxl, ny = nx
        if !symmetric {
            sy = 0; syl = 0; ny = 0
            for b in 0..<nl where py[b] > 0 { sy += py[b]; syl += py[b] * log2(py[b]); ny += 1 }
        }
        let epsLn2 = eps / M_LN2
        var ratio = 0.0
        for cell in cells {
            let a = cell / nl, b = cell - a * nl
            ratio += pm[cell] / (px[a] * py[b])
        }
        var hxy1 = -(sxl + syl + ratio * epsLn2)
        if !(abs(jointEntropy - hxy1) > 1e-4) {
            hxy1 = 0
            for cell in cells {
                let a = cell / nl, b = cell - a * nl
                // A symmetric matrix's (j, i) cell reuses (i, j)'s logarithm, met earlier in row
                // order and non-zero too (a product commutes exactly).
                let l: Double
                if symmetric && b < a { l = logs[b * nl + a] } else { l = log2(px[a] * py[b] + eps); logs[a * nl + b] = l }
                hxy1 -= pm[cell] * l
            }
        }
        var hxy2 = -(sy * sxl + sx * syl + Double(nx * ny) * epsLn2)
        if !(hxy2 - jointEntropy > 1e-4) {
            hxy2 = 0
            for a in 0..<nl where px[a] > 0 {
                for b in 0..<nl where py[b] > 0 { hxy2 -= px[a] * py[b] * log2(px[a] * py[b] + eps) }
            }
        }
        return (hxy1, hxy2)
    }

    /// Features of per-direction matrices under `c`'s direction handling (pyradiomics): with a
    /// `weightingNorm`, of their sum weighted by `weights`; without, the mean over the non-empty
    /// directions (IBSI `3D_avg`). Each matrix is normalised on its own. With `mccPresentLevels`
    /// (the ROI's grey-level count) the maximal correlation coefficient is appended. The matrices
    /// share their grey levels (all Ng, or the same compact `levels`).
    static func compute(directions: [CooccurrenceMatrix], weights: [Double], conventions c: Conventions, mccPresentLevels: Int?) -> [Double] {
        let ng = directions.first?.levelCount ?? 1
        let levels = directions.first?.levels ?? Array(1...Swift.max(ng, 1))
        let nl = levels.count
        let probabilities: [[Double]]
        if c.weightingNorm != nil {
            var sum = [Double](repeating: 0, count: nl * nl)
            for (d, m) in directions.enumerated() { for k in sum.indices { sum[k] += Double(m.counts[k]) * weights[d] } }
            let total = sum.reduce(0, +)
            probabilities = total != 0 ? [sum.map { $0 / total }] : []
        } else {
            // Integer counts sum exactly, in Int as in Double.
            probabilities = directions.compactMap { m in
                let total = Double(m.counts.reduce(0, +))
                guard total != 0 else { return nil }
                // Filled in place, not appended (a map normalises per kernel and direction).
                return [Double](unsafeUninitializedCapacity: m.counts.count) { p, filled in
                    m.counts.withUnsafeBufferPointer { c in for k in c.indices { p[k] = Double(c[k]) / total } }
                    filled = m.counts.count
                }
            }
        }
        let vectors = compute(probabilities: probabilities, levels: levels, levelCount: ng, conventions: c, mccPresentLevels: mccPresentLevels)
        return TextureAggregation.average(vectors, names.count + (mccPresentLevels == nil ? 0 : 1))
    }

    /// Maximal correlation coefficient (pyradiomics MCC; not in IBSI 1): √ of the second-largest
    /// eigenvalue of Q(i, j) = Σ_k p(i,k) p(j,k) / (p_x(i) p_y(k)). Q is similar to the symmetric
    /// D_x^{−½} P D_y^{−1} Pᵀ D_x^{−½} (rows with p_x = 0 are zero and add eigenvalue 0), so the
    /// symmetric eigen-solver gives its eigenvalues. `presentLevels`: grey levels in the ROI
    /// (fewer than 2 → 1; the others add eigenvalue 0, so one live row → 0). `p` may be a compact
    /// matrix over some grey levels (`levelCount` = their number): the empty ones add nothing.
    /// `symmetric`: P is symmetric by construction (pyradiomics' `symmetricalGLCM`), so the
    /// check cell by cell is skipped; `rowSums`: p_i., when the caller has summed each row in
    /// column order already (the feature pass).
    static func maximalCorrelationCoefficient(probabilities p: [Double], levelCount n: Int, presentLevels: Int,
                                              symmetric knownSymmetric: Bool = false, rowSums: UnsafePointer<Double>? = nil) -> Double {
        guard presentLevels >= 2 else { return 1 }
        // Scratch blocks per call, no arrays: a map runs this per kernel and direction. Ints:
        // the live levels (n), the graph's rows (n); Doubles: p_i. (n), 1/√p_i. of the live
        // levels (n), A (n²), the solver's scratch.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * n) { live in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: n * n + 2 * n + SymmetricEigen.scratchCount(n)) { buffer in
                let px = buffer.baseAddress!, inverseRoot = px + n, a = inverseRoot + n
                var symmetric = true, m = 0
                p.withUnsafeBufferPointer { p in
                    for i in 0..<n {
                        let sum: Double
                        if let rowSums { sum = rowSums[i] } else {
                            var s = 0.0
                            for k in 0..<n { s += p[i * n + k] }
                            sum = s
                        }
                        px[i] = sum
                        if !knownSymmetric { for k in 0..<i where p[i * n + k] != p[k * n + i] { symmetric = false } }
                        if sum > 0 { live[m] = i; m += 1 }
                    }
                }
                guard m >= 2 else { return 0 }
                guard symmetric else {
                    return asymmetricMCC(p, n: n, px: Array(UnsafeBufferPointer(start: px, count: n)), live: Array(live.prefix(m)))
                }
                // A symmetric P (pyradiomics' default symmetricalGLCM) has p_.j = p_j. bit for
                // bit (the same sums in the same order), so S = A² with A = D_x^{−½} P D_x^{−½}:
                // Q's eigenvalues are A's squared and MCC is A's second-largest |eigenvalue| (the
                // largest is 1). A costs m² quotients where S costs m² dot products, and its
                // eigenvalues are no less accurate. 1/√p_i. once per row: a product where a
                // quotient per cell was. When MCC is 1 exactly (a fifth of a map's GLCMs), A's
                // graph says so without a solver.
                p.withUnsafeBufferPointer { p in
                    for r in 0..<m { inverseRoot[r] = 1 / px[live[r]].squareRoot() }
                    for r in 0..<m {
                        let row = live[r] * n, w = inverseRoot[r]
                        for c in 0..<m { a[r * m + c] = p[row + live[c]] * (w * inverseRoot[c]) }
                    }
                }
                if unitModulusRepeats(a, m: m, rows: live.baseAddress! + n) { return 1 }
                return SymmetricEigen.magnitudeBelowTop(overwriting: a, n: m, scratch: a + m * m)
            }
        }
    }

    /// Whether A = D^{−½} P D^{−½} (m × m, m ≤ 64; larger: false, the solver decides) has
    /// eigenvalue 1 more than once or −1, so that MCC = 1 exactly: the graph of its levels (an
    /// edge where A_ij > 0, as p_ij > 0) is disconnected (each component has eigenvalue 1) or
    /// bipartite (−1; a level paired with itself closes an odd cycle). Breadth-first on
    /// bit-set rows, without branches on the cells; `rows`: m Ints of scratch.
    private static func unitModulusRepeats(_ a: UnsafePointer<Double>, m: Int, rows: UnsafeMutablePointer<Int>) -> Bool {
        guard m <= 64 else { return false }
        for r in 0..<m {
            var bits: UInt64 = 0
            for c in 0..<m { bits |= UInt64(a[r * m + c] > 0 ? 1 : 0) &<< UInt64(c) }
            rows[r] = Int(Int64(bitPattern: bits))
        }
        func row(_ r: Int) -> UInt64 { UInt64(bitPattern: Int64(rows[r])) }
        // Layers from level 0: even ones on one side, odd ones on the other.
        var reached: UInt64 = 1, frontier: UInt64 = 1, even: UInt64 = 1, odd: UInt64 = 0, layer = 0
        while frontier != 0 {
            var next: UInt64 = 0, f = frontier
            while f != 0 {
                next |= row(f.trailingZeroBitCount)
                f &= f &- 1
            }
            frontier = next & ~reached
            reached |= frontier
            layer += 1
            if layer % 2 == 1 { odd |= frontier } else { even |= frontier }
        }
        if reached != (m == 64 ? ~0 : (1 &<< UInt64(m)) - 1) { return true }
        for r in 0..<m where row(r) & ((even >> UInt64(r)) & 1 == 1 ? even : odd) != 0 { return false }
        return true
    }

    /// MCC of a non-symmetric P (symmetricalGLCM off): S = D_x^{−½} P D_y^{−1} Pᵀ D_x^{−½} on the
    /// live rows, all its eigenvalues by QL.
    private static func asymmetricMCC(_ p: [Double], n: Int, px: [Double], live: [Int]) -> Double {
        let m = live.count
        var py = [Double](repeating: 0, count: n)
        for a in 0..<n { for b in 0..<n { py[b] += p[a * n + b] } }
        // pyradiomics adds ε to p_x·p_y; it only matters where p_y(k) = 0, where p(·, k) = 0 too.
        let columns = (0..<n).filter { py[$0] > 0 }
        // The live rows on the live columns, packed, so the m² dot products run on contiguous
        // memory (the same products and sums in the same order as on p itself).
        let c = columns.count
        var packed = [Double](repeating: 0, count: m * c)
        for (a, i) in live.enumerated() { for (b, k) in columns.enumerated() { packed[a * c + b] = p[i * n + k] } }
        let pyLive = columns.map { py[$0] }
        var s = [Double](repeating: 0, count: m * m)
        // S is symmetric and each product commutes exactly, so the upper triangle is mirrored.
        // A zero product adds +0 to a non-negative sum, so only the columns where both rows are
        // non-zero are visited (ascending, as the full loop adds them): the same sum, bit for bit.
        var nonZero: [Int] = [], rowStart = [0]
        for a in 0..<m {
            for k in 0..<c where packed[a * c + k] != 0 { nonZero.append(k) }
            rowStart.append(nonZero.count)
        }
        packed.withUnsafeBufferPointer { w in pyLive.withUnsafeBufferPointer { y in s.withUnsafeMutableBufferPointer { s in
            for a in 0..<m {
                for b in a..<m {
                    var q = 0.0
                    for t in rowStart[a]..<rowStart[a + 1] {
                        let k = nonZero[t], wb = w[b * c + k]
                        if wb != 0 { q += w[a * c + k] * wb / y[k] }
                    }
                    let v = q / (px[live[a]] * px[live[b]]).squareRoot()
                    s[a * m + b] = v
                    s[b * m + a] = v
                }
            }
        } } }
        let ev = SymmetricEigen.tridiagonalValues(s, n: m)
        return Swift.max(ev[m - 2], 0).squareRoot()
    }

    /// Every GLCM feature under each aggregation `settings.textureDimension` asks for.
    static func features(_ roi: ROIContext) -> [Feature] {
        let δ = max(1, roi.settings.glcmDistance)
        let grid = TextureGrid(roi, padding: δ)
        let ng = grid.levelCount
        let family = TextureAggregation.Family<CooccurrenceMatrix>(
            prefix: "cm_", names: names, features: compute,
            merge: { CooccurrenceMatrix.merged($0, levelCount: ng) }, isEmpty: \.isEmpty)
        return TextureAggregation.directional(family, grid: grid, settings: roi.settings,
                                              slice: { CooccurrenceMatrix.slice(grid, z: $0, distance: δ) },
                                              direction: { CooccurrenceMatrix.direction(grid, $0, distance: δ) })
    }
}
