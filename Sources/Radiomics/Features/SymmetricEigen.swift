/// Eigenvalues and eigenvectors of a real symmetric n×n matrix (row-major), to full Double
/// precision: cyclic Jacobi rotations for the small PCA matrices (IBSI PCA axes, pyradiomics'
/// shape axes), Householder tridiagonalisation + root-free implicit QL for the larger value-only
/// one of pyradiomics' GLCM MCC (O(n³) once rather than per Jacobi sweep: a map runs it per
/// voxel and direction).
enum SymmetricEigen {
    /// Eigenvalues on the diagonal order of the rotated matrix (not sorted) and, with `vectors`,
    /// the matching unit eigenvectors as the columns of a row-major n×n matrix.
    static func decompose(_ matrix: [Double], n: Int, vectors: Bool = false) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: vectors ? n * n : 0)
        if vectors { for i in 0..<n { v[i * n + i] = 1 } }
        for _ in 0..<100 {
            var off = 0.0, diag = 0.0
            for i in 0..<n { diag += a[i * n + i] * a[i * n + i]; for j in (i + 1)..<Swift.max(n, i + 1) { off += a[i * n + j] * a[i * n + j] } }
            if off <= 1e-30 * Swift.max(diag, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<Swift.max(n, p + 1) {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    guard vectors else { continue }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }

    static func values(_ matrix: [Double], n: Int) -> [Double] { decompose(matrix, n: n).values }

    /// Eigenvalues (ascending) by Householder reduction to tridiagonal form and the root-free
    /// implicit QL algorithm (values only). Falls back to Jacobi should QL not converge in 60
    /// iterations for an eigenvalue (never seen; keeps it total).
    static func tridiagonalValues(_ matrix: [Double], n: Int) -> [Double] {
        guard n > 1 else { return matrix.prefix(n).map { $0 } }
        var a = matrix
        var d = [Double](repeating: 0, count: n), e = d, work = [Double](repeating: 0, count: 2 * n)
        // On raw buffers: no bounds checks in the O(n³) loops.
        let converged = a.withUnsafeMutableBufferPointer { a in
            d.withUnsafeMutableBufferPointer { d in e.withUnsafeMutableBufferPointer { e in
                work.withUnsafeMutableBufferPointer { w in
                    tridiagonalise(a.baseAddress!, n: n, d: d.baseAddress!, e: e.baseAddress!, work: w.baseAddress!)
                    return rootFreeQL(d.baseAddress!, e.baseAddress!, n: n)
                }
            } }
        }
        return converged ? d.sorted() : values(matrix, n: n).sorted()
    }

    /// The largest |λ| among the eigenvalues other than the top one, max(λ₂, −λ_n) for
    /// λ₁ ≥ λ₂ ≥ … ≥ λ_n, of a symmetric n × n matrix (n ≥ 2): the second-largest |λ| when λ₁
    /// is the spectral radius (pyradiomics' MCC matrix, whose λ₁ is 1). A 2 × 2 matrix in
    /// closed form; else Householder to tridiagonal, then Sturm counts and Newton for λ₂ and
    /// λ_n alone (`extremeBelowTop`), where QL would find all n.
    static func magnitudeBelowTop(_ matrix: [Double], n: Int) -> Double {
        precondition(n >= 2)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: n * n + scratchCount(n)) { buffer in
            let a = buffer.baseAddress!
            matrix.withUnsafeBufferPointer { a.initialize(from: $0.baseAddress!, count: n * n) }
            return magnitudeBelowTop(overwriting: a, n: n, scratch: a + n * n)
        }
    }

    /// The scratch `magnitudeBelowTop(overwriting:n:scratch:)` needs, in Doubles.
    static func scratchCount(_ n: Int) -> Int { 4 * n }

    /// `magnitudeBelowTop` on a caller's buffers (a map calls it per kernel and direction):
    /// `a` (n × n, row-major) is overwritten; `scratch` holds `scratchCount(n)` Doubles.
    static func magnitudeBelowTop(overwriting a: UnsafeMutablePointer<Double>, n: Int, scratch: UnsafeMutablePointer<Double>) -> Double {
        precondition(n >= 2)
        if n == 2 {
            let (l1, l2) = eigenvalues2x2(a[0], a[1], a[3])
            return Swift.abs(Swift.min(l1, l2))
        }
        let d = scratch, e = scratch + n, work = scratch + 2 * n
        tridiagonalise(a, n: n, d: d, e: e, work: work)
        let (second, last) = extremeBelowTop(d, e, n: n, work: work)
        return Swift.max(second, -last)
    }

    /// λ₂ and λ_n of the tridiagonal (d diagonal, e[i] = T(i, i+1)) from brackets on Sturm
    /// counts (the negative pivots of T − xI = LDLᵀ: the eigenvalues below x), 8 points per
    /// round in SIMD. A round costs its chain of n divisions, so rounds are what to save (19 of
    /// plain multisection on a map's GLCMs, 8 here). Each round also gives f′/f = Σ q_i′/q_i
    /// for f(x) = det(T − xI) = Π q_i, and Newton's step from the point of smallest step,
    /// counting the k eigenvalues in the bracket k times (a cluster, as λ₂ = λ₁ = 1), is kept
    /// when it lands inside the bracket: the next round evaluates x ± tolerance/4 beside it,
    /// whose counts close the bracket around the eigenvalue as soon as x is that near, and the
    /// bracket's midpoint. Otherwise 4 points inside the bracket keep the fifth where the count
    /// crosses (a ninth once one target is out of the running). Brackets start at Gershgorin's
    /// bounds and stop at 2ε‖T‖ wide or narrower, the accuracy QL reaches; counts alone move
    /// them, so Newton only chooses where to look. The target out of the running is returned
    /// as its bracket's midpoint, below the other's value. `work`: n scratch.
    private static func extremeBelowTop(_ d: UnsafePointer<Double>, _ e: UnsafePointer<Double>, n: Int,
                                        work e2: UnsafeMutablePointer<Double>) -> (second: Double, last: Double) {
        var lower = Double.infinity, upper = -Double.infinity, maxE2 = 0.0
        for i in 0..<n {
            let left = i > 0 ? Swift.abs(e[i - 1]) : 0, right = i < n - 1 ? Swift.abs(e[i]) : 0
            lower = Swift.min(lower, d[i] - left - right)
            upper = Swift.max(upper, d[i] + left + right)
            e2[i] = i < n - 1 ? e[i] * e[i] : 0
            maxE2 = Swift.max(maxE2, e2[i])
        }
        // LAPACK dstebz: a pivot is kept off zero by pivmin.
        let pivmin = Double.leastNormalMagnitude * Swift.max(1, maxE2)
        let norm = Swift.max(Swift.abs(lower), Swift.abs(upper))
        guard norm > 0 else { return (0, 0) }   // T = 0
        let tolerance = Swift.max(2 * Double.ulpOfOne * norm, 4 * pivmin)
        // λ₂, the eigenvalue with n − 2 below it, and λ_n, with none below it.
        var second = Bracket(lo: lower - tolerance, hi: upper + tolerance, n: n, below: n - 2)
        var last = Bracket(lo: lower - tolerance, hi: upper + tolerance, n: n, below: 0)
        let offset = tolerance / 4
        let fifths = SIMD4<Double>(1, 2, 3, 4) / 5, fourths = SIMD4<Double>(1, 2, 3, 4) / 4
        let ninths = SIMD4<Double>(1, 2, 3, 4) / 9, upperNinths = SIMD4<Double>(5, 6, 7, 8) / 9
        for _ in 0..<80 {
            // A target whose bracket lies wholly below the other's (as λ₂ against −λ_n) cannot
            // be the answer: its points go to the other one.
            if second.active && last.active {
                if second.hi <= -last.hi { second.active = false } else if -last.lo <= second.lo { last.active = false }
            }
            if (second.done(tolerance) || !second.active) && (last.done(tolerance) || !last.active) { break }
            if second.active && last.active && second.lo == last.lo && second.hi == last.hi {
                // One bracket for both (the first round): its 8 points serve both targets.
                let low = SIMD4(repeating: second.lo) + ninths * second.width, high = SIMD4(repeating: second.lo) + upperNinths * second.width
                let (counts, logDerivative) = sturmCounts(SIMD8(lowHalf: low, highHalf: high), d, e2, n: n, pivmin: pivmin)
                second.advance(low, high, counts, logDerivative)
                last.advance(low, high, counts, logDerivative)
            } else if second.active && last.active {
                // λ_n matters only below −λ₂ < −lo₂ (and λ₂ only above −λ_n ≥ −hi_n): the top
                // (bottom) point goes there, when inside the bracket, which can end the race.
                let secondPoints: SIMD4<Double>, lastPoints: SIMD4<Double>
                let bound = -last.hi, threshold = -second.lo
                if let newton = second.newtonPoints(offset) {
                    secondPoints = newton
                } else if bound > second.lo && bound < second.hi {
                    secondPoints = SIMD4(repeating: bound) + (fourths - 1 / 4) * (second.hi - bound)
                } else {
                    secondPoints = SIMD4(repeating: second.lo) + fifths * second.width
                }
                if let newton = last.newtonPoints(offset) {
                    lastPoints = newton
                } else if threshold > last.lo && threshold < last.hi {
                    lastPoints = SIMD4(repeating: last.lo) + fourths * (threshold - last.lo)
                } else {
                    lastPoints = SIMD4(repeating: last.lo) + fifths * last.width
                }
                let (counts, logDerivative) = sturmCounts(SIMD8(lowHalf: secondPoints, highHalf: lastPoints), d, e2, n: n, pivmin: pivmin)
                second.narrow(secondPoints, counts.lowHalf)
                last.narrow(lastPoints, counts.highHalf)
                second.aim(second.newtonStep(secondPoints, logDerivative.lowHalf))
                last.aim(last.newtonStep(lastPoints, logDerivative.highHalf))
            } else {
                var target = second.active ? second : last
                let low: SIMD4<Double>, high: SIMD4<Double>
                if let newton = target.newtonPoints(offset) {
                    low = newton
                    high = SIMD4(repeating: target.lo) + fifths * target.width
                } else {
                    low = SIMD4(repeating: target.lo) + ninths * target.width
                    high = SIMD4(repeating: target.lo) + upperNinths * target.width
                }
                let (counts, logDerivative) = sturmCounts(SIMD8(lowHalf: low, highHalf: high), d, e2, n: n, pivmin: pivmin)
                target.advance(low, high, counts, logDerivative)
                if second.active { second = target } else { last = target }
            }
        }
        return ((second.lo + second.hi) / 2, (last.lo + last.hi) / 2)
    }

    /// A bracket on the eigenvalue with `below` eigenvalues under it: lo has at most `below`
    /// eigenvalues under it, hi more; the counts at both ends; the Newton point to try next.
    private struct Bracket {
        var lo: Double, hi: Double, loCount = 0.0, hiCount: Double, below: Double
        var newton = Double.nan, lastStep = Double.infinity, wait = 0
        var active = true

        init(lo: Double, hi: Double, n: Int, below: Int) {
            self.lo = lo
            self.hi = hi
            hiCount = Double(n)
            self.below = Double(below)
        }

        var width: Double { hi - lo }
        func done(_ tolerance: Double) -> Bool { hi - lo <= tolerance }

        /// x ± o beside the Newton point x and the bracket's midpoint, when there is an x.
        @inline(__always) func newtonPoints(_ offset: Double) -> SIMD4<Double>? {
            newton.isNaN ? nil : SIMD4(newton - offset, newton, newton + offset, lo + (hi - lo) / 2)
        }

        /// A point with more than `below` eigenvalues under it bounds the target from above,
        /// any other from below (points outside the bracket tell nothing new). Counts rise
        /// with x, so the nearest points' counts are the extreme ones.
        @inline(__always) mutating func narrow(_ x: SIMD4<Double>, _ counts: SIMD4<Double>) {
            let inside = (x .> SIMD4(repeating: lo)) .& (x .< SIMD4(repeating: hi))
            let above = counts .> SIMD4(repeating: below)
            let upper = inside .& above, lower = inside .& .!above
            let top = SIMD4(repeating: Double.infinity).replacing(with: x, where: upper).min()
            if top < hi {
                hi = top
                hiCount = SIMD4(repeating: Double.infinity).replacing(with: counts, where: upper).min()
            }
            let bottom = SIMD4(repeating: -Double.infinity).replacing(with: x, where: lower).max()
            if bottom > lo {
                lo = bottom
                loCount = SIMD4(repeating: -Double.infinity).replacing(with: counts, where: lower).max()
            }
        }

        /// Newton's step from the point of smallest step, counting the k eigenvalues in the
        /// bracket k times (a cluster converges as fast as a single eigenvalue), among those
        /// landing inside the bracket: (∞, NaN) when none does.
        @inline(__always) func newtonStep(_ x: SIMD4<Double>, _ logDerivative: SIMD4<Double>) -> (step: Double, next: Double) {
            let s = SIMD4(repeating: hiCount - loCount) / logDerivative, y = x - s
            let inside = (y .> SIMD4(repeating: lo)) .& (y .< SIMD4(repeating: hi))
            let size = SIMD4(repeating: Double.infinity).replacing(with: s.replacing(with: -s, where: s .< 0), where: inside)
            let step = size.min()
            guard step < .infinity else { return (.infinity, .nan) }
            return (step, SIMD4(repeating: Double.infinity).replacing(with: y, where: size .== SIMD4(repeating: step)).min())
        }

        /// `narrow` and `aim` on 8 points.
        @inline(__always) mutating func advance(_ low: SIMD4<Double>, _ high: SIMD4<Double>, _ counts: SIMD8<Double>, _ logDerivative: SIMD8<Double>) {
            narrow(low, counts.lowHalf)
            narrow(high, counts.highHalf)
            let a = newtonStep(low, logDerivative.lowHalf), b = newtonStep(high, logDerivative.highHalf)
            aim(a.step <= b.step ? a : b)
        }

        /// Takes the step unless steps shrink by less than half (Newton's linear crawl towards
        /// a far cluster): then two rounds of multisection.
        @inline(__always) mutating func aim(_ candidate: (step: Double, next: Double)) {
            newton = .nan
            if wait > 0 {
                wait -= 1
            } else if candidate.step > lastStep / 2 && lastStep < .infinity {
                wait = 1
                lastStep = .infinity
            } else {
                newton = candidate.next
                lastStep = candidate.step
            }
        }
    }

    /// For each of 8 points x: the number of eigenvalues of the tridiagonal below it (dstebz's
    /// count: the negative pivots q_i of T − xI = LDLᵀ, each kept off zero by pivmin) and
    /// f′/f = Σ q_i′/q_i for f(x) = det(T − xI) = Π q_i, q_i = d_i − x − e²_{i−1}/q_{i−1}.
    @inline(__always) private static func sturmCounts(_ x: SIMD8<Double>, _ d: UnsafePointer<Double>, _ e2: UnsafePointer<Double>,
                                                      n: Int, pivmin: Double) -> (SIMD8<Double>, SIMD8<Double>) {
        var count = SIMD8<Double>()
        var q = SIMD8(repeating: d[0]) - x, dq = SIMD8<Double>(repeating: -1)
        q.replace(with: -pivmin, where: q .< pivmin .& q .> -pivmin)
        count.replace(with: count + 1, where: q .< 0)
        var r = 1 / q, sum = dq * r
        for i in 1..<n {
            let e2i = SIMD8(repeating: e2[i - 1])
            dq = e2i * (dq * (r * r)) - 1
            q = (SIMD8(repeating: d[i]) - x) - e2i * r
            q.replace(with: -pivmin, where: q .< pivmin .& q .> -pivmin)
            count.replace(with: count + 1, where: q .< 0)
            r = 1 / q
            sum += dq * r
        }
        return (count, sum)
    }

    /// Householder reduction of the symmetric n × n `a` (full row-major storage, overwritten) to
    /// the tridiagonal T = Qᵀ A Q: diagonal `d`, super-diagonal `e` (e[i] = T(i, i+1), e[n−1] = 0).
    /// Step k reflects row k's tail onto its first element with H = I − u uᵀ / h and updates
    /// the trailing block as A − u qᵀ − q uᵀ (q = p − K u, p = A u / h, K = uᵀp / 2h): rows are
    /// contiguous, so the products and the rank-2 update run in SIMD. `work`: 2n scratch.
    private static func tridiagonalise(_ a: UnsafeMutablePointer<Double>, n: Int, d: UnsafeMutablePointer<Double>,
                                       e: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>) {
        let u = work, p = work + n
        for k in 0..<Swift.max(n - 2, 0) {
            let s = n - k - 1, row = a + k * n + k + 1
            let x0 = row[0]
            let tail = dot(row + 1, row + 1, s - 1)
            d[k] = a[k * n + k]
            guard tail != 0 else { e[k] = x0; continue }         // already tridiagonal in this row
            let sigma = x0 * x0 + tail
            let alpha = x0 >= 0 ? -sigma.squareRoot() : sigma.squareRoot()
            e[k] = alpha
            let h = sigma - x0 * alpha                               // uᵀu / 2
            u[0] = x0 - alpha
            for i in 1..<s { u[i] = row[i] }
            let block = a + (k + 1) * n + k + 1
            var up = 0.0
            for i in 0..<s {
                p[i] = dot(block + i * n, u, s) / h
                up += u[i] * p[i]
            }
            let kk = up / (2 * h)
            for i in 0..<s { p[i] -= kk * u[i] }                     // q
            for i in 0..<s {
                let r = block + i * n, ui = u[i], qi = p[i]
                for j in 0..<s { r[j] -= ui * p[j] + qi * u[j] }
            }
        }
        if n >= 2 {
            d[n - 2] = a[(n - 2) * n + n - 2]
            e[n - 2] = a[(n - 2) * n + n - 1]
        }
        d[n - 1] = a[n * n - 1]
        e[n - 1] = 0
    }

    /// Σ x_i y_i over `count` elements, four partial sums.
    @inline(__always) private static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
        var s = SIMD4<Double>()
        var i = 0
        while i + 4 <= count {
            s += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD4<Double>.self) * UnsafeRawPointer(y + i).loadUnaligned(as: SIMD4<Double>.self)
            i += 4
        }
        var r = s.sum()
        while i < count { r += x[i] * y[i]; i += 1 }
        return r
    }

    /// Root-free implicit QL (Pal–Walker–Kahan, LAPACK dsterf) on the tridiagonal (d diagonal,
    /// e[i] the element beside d[i], e[n−1] = 0): it runs on e² and needs no square root per
    /// rotation. The eigenvalues in `d`; false when an eigenvalue took more than 60 iterations.
    private static func rootFreeQL(_ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>, n: Int) -> Bool {
        // e_m is negligible below ε‖T‖ (‖T‖ from Gershgorin's bound): it moves no eigenvalue by
        // more than Householder's own rounding did. A test relative to d_m + d_{m+1} instead
        // would iterate on every cluster of near-zero eigenvalues (a GLCM's A has many).
        var norm = 0.0
        for i in 0..<n { norm = Swift.max(norm, Swift.abs(d[i]) + Swift.abs(e[i]) + (i > 0 ? Swift.abs(e[i - 1]) : 0)) }
        let negligible = (Double.ulpOfOne * norm) * (Double.ulpOfOne * norm)
        for i in 0..<n { e[i] *= e[i] }
        var l = 0, iterations = 0
        while l < n {
            // The first negligible e_m at or after l splits off the block l…m.
            var m = l
            while m < n - 1 && e[m] > negligible { m += 1 }
            if m < n - 1 { e[m] = 0 }
            if m == l { l += 1; iterations = 0; continue }
            if m == l + 1 {
                (d[l], d[l + 1]) = eigenvalues2x2(d[l], e[l].squareRoot(), d[l + 1])
                e[l] = 0
                l += 2
                iterations = 0
                continue
            }
            iterations += 1
            if iterations > 60 { return false }
            // Wilkinson-style shift from the leading 2 × 2.
            let rte = e[l].squareRoot()
            var sigma = (d[l + 1] - d[l]) / (2 * rte)
            let r = (sigma * sigma + 1).squareRoot()
            sigma = d[l] - rte / (sigma + (sigma >= 0 ? r : -r))
            var c = 1.0, s = 0.0, gamma = d[m] - sigma, p = gamma * gamma
            var i = m - 1
            while i >= l {
                let bb = e[i], r = p + bb
                if i != m - 1 { e[i + 1] = s * r }
                let oldc = c
                c = p / r
                s = bb / r
                let oldgam = gamma, alpha = d[i]
                gamma = c * (alpha - sigma) - s * oldgam
                d[i + 1] = oldgam + (alpha - gamma)
                p = c != 0 ? (gamma * gamma) / c : oldc * bb
                i -= 1
            }
            e[l] = s * p
            d[l] = sigma + gamma
        }
        return true
    }

    /// The eigenvalues of [[a, b], [b, c]] (LAPACK dlae2: the smaller one without cancellation).
    static func eigenvalues2x2(_ a: Double, _ b: Double, _ c: Double) -> (Double, Double) {
        let sm = a + c, df = a - c
        let (big, small) = Swift.abs(a) > Swift.abs(c) ? (a, c) : (c, a)
        let rt = (df * df + 4 * b * b).squareRoot()
        if sm == 0 { return (0.5 * rt, -0.5 * rt) }
        let rt1 = 0.5 * (sm < 0 ? sm - rt : sm + rt)
        return (rt1, (big / rt1) * small - (b / rt1) * b)
    }
}
