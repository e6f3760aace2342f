import Foundation

/// Reference shapes of the morphology family: principal axes, ellipsoids and bounding boxes.
enum MorphologyShapes {
    /// Eigenvalues (descending) and unit eigenvectors (matching order) of a symmetric 3×3 matrix.
    static func symmetricEigen(_ matrix: [[Double]]) -> (values: [Double], vectors: [SIMD3<Double>]) {
        let (values, v) = SymmetricEigen.decompose(matrix.flatMap { $0 }, n: 3, vectors: true)
        let order = [0, 1, 2].sorted { values[$0] > values[$1] }
        return (order.map { values[$0] }, order.map { SIMD3(v[$0], v[3 + $0], v[6 + $0]) })
    }

    /// Sample covariance matrix (1/(N−1), as numpy's `cov`, which the IBSI reference values follow:
    /// the digital phantom's axis lengths only match with it) of a point set.
    static func covariance(_ points: [SIMD3<Double>]) -> [[Double]] {
        let n = Double(points.count)
        var mean = SIMD3<Double>.zero
        for p in points { mean += p }
        mean /= n
        var c = [[Double]](repeating: [0, 0, 0], count: 3)
        for p in points {
            let d = p - mean
            for r in 0..<3 { for s in r..<3 { c[r][s] += d[r] * d[s] } }
        }
        for r in 0..<3 { for s in r..<3 { c[r][s] /= n - 1; c[s][r] = c[r][s] } }
        return c
    }

    /// Surface area of an ellipsoid with semi-axes a ≥ b ≥ c (IBSI 1 §3.1.20):
    /// `4π a b Σ_{ν=0}^{20} (αβ)^ν / (1 − 4ν²) · P_ν((α² + β²) / (2αβ))`,
    /// α = √(1 − b²/a²), β = √(1 − c²/a²).
    ///
    /// `t_ν = (αβ)^ν P_ν(x)` follows from Bonnet's recurrence multiplied through by (αβ)^{ν+1}:
    /// `(ν+1) t_{ν+1} = (2ν+1) ((α²+β²)/2) t_ν − ν (αβ)² t_{ν−1}`, which stays finite when α or β is 0
    /// (a spheroid or sphere), where x itself is infinite.
    static func ellipsoidArea(_ a: Double, _ b: Double, _ c: Double) -> Double {
        guard a > 0 else { return .nan }
        let alpha = (Swift.max(0, 1 - b * b / (a * a))).squareRoot()
        let beta = (Swift.max(0, 1 - c * c / (a * a))).squareRoot()
        let half = (alpha * alpha + beta * beta) / 2, ab2 = alpha * alpha * beta * beta
        var previous = 1.0, current = half      // t_0, t_1
        var sum = 1.0 + current / (1 - 4)
        for nu in 1..<20 {
            let n = Double(nu)
            let next = ((2 * n + 1) * half * current - n * ab2 * previous) / (n + 1)
            previous = current
            current = next
            let m = n + 1
            sum += current / (1 - 4 * m * m)
        }
        return 4 * Double.pi * a * b * sum
    }

    /// Semi-axes (descending) of the minimum-volume enclosing ellipsoid of `points`, by Khachiyan's
    /// barycentric coordinate descent with stopping tolerance `tolerance` on the change of the
    /// weights (IBSI default 0.001). nil when the points span less than 3 dimensions.
    static func minimumVolumeEnclosingEllipsoid(_ points: [SIMD3<Double>], tolerance: Double = 0.001) -> [Double]? {
        let n = points.count
        guard n >= 4 else { return nil }
        var centre = SIMD3<Double>.zero
        for p in points { centre += p }
        centre /= Double(n)
        let q = points.map { $0 - centre }          // centring improves the conditioning, not the result
        var u = [Double](repeating: 1 / Double(n), count: n)
        let d = 3.0
        for _ in 0..<100_000 {
            // X = Σ u_i q̃_i q̃_iᵀ with q̃ = (q, 1).
            var x = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
            for i in 0..<n {
                let h = [q[i].x, q[i].y, q[i].z, 1]
                for r in 0..<4 { for s in r..<4 { x[r][s] += u[i] * h[r] * h[s] } }
            }
            for r in 0..<4 { for s in 0..<r { x[r][s] = x[s][r] } }
            guard let xi = invert(x) else { return nil }
            var best = 0, mBest = -Double.infinity
            for i in 0..<n {
                let h = [q[i].x, q[i].y, q[i].z, 1]
                var m = 0.0
                for r in 0..<4 { var row = 0.0; for s in 0..<4 { row += xi[r][s] * h[s] }; m += h[r] * row }
                if m > mBest { mBest = m; best = i }
            }
            let step = (mBest - d - 1) / ((d + 1) * (mBest - 1))
            var change = 0.0
            for i in 0..<n {
                let new = (1 - step) * u[i] + (i == best ? step : 0)
                change += (new - u[i]) * (new - u[i])
                u[i] = new
            }
            if change.squareRoot() < tolerance { break }
        }
        // Centre c = Σ u_i q_i; shape A = (1/d) (Σ u_i q_i q_iᵀ − c cᵀ)⁻¹; semi-axes 1/√eig(A).
        var c = SIMD3<Double>.zero
        for i in 0..<n { c += u[i] * q[i] }
        var s = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<n { for r in 0..<3 { for t in 0..<3 { s[r][t] += u[i] * q[i][r] * q[i][t] } } }
        for r in 0..<3 { for t in 0..<3 { s[r][t] -= c[r] * c[t] } }
        // eig(A) = 1 / (d · eig(S)), so the semi-axes are √(d · eig(S)).
        let values = symmetricEigen(s).values
        guard values.allSatisfy({ $0 > 0 }) else { return nil }
        return values.map { (d * $0).squareRoot() }
    }

    /// Gauss–Jordan inverse with partial pivoting; nil for a singular matrix.
    static func invert(_ m: [[Double]]) -> [[Double]]? {
        let n = m.count
        var a = m, inv = (0..<n).map { r in (0..<n).map { $0 == r ? 1.0 : 0.0 } }
        for col in 0..<n {
            var pivot = col
            for r in col..<n where Swift.abs(a[r][col]) > Swift.abs(a[pivot][col]) { pivot = r }
            guard a[pivot][col] != 0 else { return nil }
            a.swapAt(col, pivot)
            inv.swapAt(col, pivot)
            let p = a[col][col]
            for k in 0..<n { a[col][k] /= p; inv[col][k] /= p }
            for r in 0..<n where r != col && a[r][col] != 0 {
                let f = a[r][col]
                for k in 0..<n { a[r][k] -= f * a[col][k]; inv[r][k] -= f * inv[col][k] }
            }
        }
        return inv
    }

    /// Edge lengths of a box enclosing `points` with edges along the orthonormal `axes`.
    static func boxExtent(_ points: [SIMD3<Double>], axes: [SIMD3<Double>]) -> SIMD3<Double> {
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for p in points {
            let c = SIMD3(dot3(p, axes[0]), dot3(p, axes[1]), dot3(p, axes[2]))
            lo = pointwiseMin(lo, c)
            hi = pointwiseMax(hi, c)
        }
        return hi - lo
    }

    /// An oriented minimum bounding box of the convex point set `hull` (hull vertices, physical
    /// space), as edge lengths.
    ///
    /// O'Rourke's exact 3D rotating callipers is O(n³); like most implementations we approximate
    /// (IBSI 1 §3.1.17): for every distinct hull face normal, the box with one face flush with
    /// that hull face and the minimum-area rectangle of the projection found by 2D rotating
    /// callipers; the PCA-aligned box and the axis-aligned box are candidates too. The result is
    /// the smallest candidate: an upper bound of the true OMBB volume, equal to it whenever the
    /// optimal box has a face flush with a hull face.
    static func orientedMinimumBox(hull: [SIMD3<Double>], faceNormals: [SIMD3<Double>],
                                   pcaAxes: [SIMD3<Double>]) -> SIMD3<Double> {
        var best = boxExtent(hull, axes: [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)])
        // Every true box of the (solid) hull has a positive volume; a candidate of volume 0 comes
        // from degenerate axes (a one-voxel ROI has no PCA axes) and would make the OMBB smaller
        // than any box, its density infinite. The AABB stays the bound: the OMBB is never larger.
        func consider(_ e: SIMD3<Double>) {
            let volume = e.x * e.y * e.z
            if volume > 0, volume.isFinite, volume < best.x * best.y * best.z { best = e }
        }
        if pcaAxes.allSatisfy({ Swift.abs(norm3($0) - 1) < 1e-6 }) { consider(boxExtent(hull, axes: pcaAxes)) }
        var seen = Set<SIMD3<Int64>>()
        for normal in faceNormals {
            let n = normal / norm3(normal)
            // Normals of coplanar faces coincide; skip repeats (quantised to 1e-9).
            let key = SIMD3<Int64>((n * 1e9).rounded(.toNearestOrEven))
            guard seen.insert(key).inserted else { continue }
            // An orthonormal basis (u, v) of the plane ⟂ n.
            let helper: SIMD3<Double> = Swift.abs(n.x) < 0.9 ? SIMD3(1, 0, 0) : SIMD3(0, 1, 0)
            let u = cross3(n, helper) / norm3(cross3(n, helper)), v = cross3(n, u)
            var lo = Double.infinity, hi = -Double.infinity
            var planar: [SIMD2<Double>] = []
            planar.reserveCapacity(hull.count)
            for p in hull {
                let h = dot3(p, n)
                lo = Swift.min(lo, h)
                hi = Swift.max(hi, h)
                planar.append(SIMD2(dot3(p, u), dot3(p, v)))
            }
            let (w, l) = minimumAreaRectangle(planar)
            consider(SIMD3(hi - lo, w, l))
        }
        return best
    }

    /// Side lengths of the minimum-area enclosing rectangle of 2D points: convex hull by
    /// monotone chain, then one rectangle per hull edge (rotating callipers).
    static func minimumAreaRectangle(_ points: [SIMD2<Double>]) -> (Double, Double) {
        let sorted = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
        func turn(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var hull: [SIMD2<Double>] = []
        for pass in 0..<2 {
            let start = hull.count
            for p in (pass == 0 ? sorted : sorted.reversed()) {
                while hull.count >= start + 2, turn(hull[hull.count - 2], hull[hull.count - 1], p) <= 0 { hull.removeLast() }
                hull.append(p)
            }
            hull.removeLast()
        }
        guard hull.count >= 3 else { return (0, 0) }
        var best = (Double.infinity, Double.infinity)
        for k in hull.indices {
            let e = hull[(k + 1) % hull.count] - hull[k]
            let len = (e * e).sum().squareRoot()
            guard len > 0 else { continue }
            let dir = e / len, perp = SIMD2(-dir.y, dir.x)
            var a0 = Double.infinity, a1 = -Double.infinity, b0 = Double.infinity, b1 = -Double.infinity
            for p in hull {
                let s = (p * dir).sum(), t = (p * perp).sum()
                a0 = Swift.min(a0, s); a1 = Swift.max(a1, s)
                b0 = Swift.min(b0, t); b1 = Swift.max(b1, t)
            }
            if (a1 - a0) * (b1 - b0) < best.0 * best.1 { best = (a1 - a0, b1 - b0) }
        }
        return best
    }
}
