import Foundation

/// pyradiomics `getLBP3DImage` (pyradiomics-bhklab 3.1.4; Banerjee et al. 2013): per voxel, the
/// image is sampled at the vertices of an icosphere around it (trimesh `icosphere`, scipy
/// `map_coordinates` cubic spline), the samples are binarised against the centre voxel
/// (`sample ≥ centre`) and expanded in spherical harmonics (scipy `sph_harm`, with pyradiomics'
/// argument order); the map of level n is the L2 norm over the vertices of the degree-n part,
/// and the kurtosis map is the (Fisher, biased) kurtosis of the samples. Ported operation for
/// operation from scipy 1.16 (the last scipy with `sph_harm`: with scipy ≥ 1.17 pyradiomics
/// silently skips LBP3D), so that the binarisation ties fall the same way.
enum LBP3DFilter {
    /// The maps for `levels` degrees (0 … levels − 1) then the kurtosis map, at the voxels where
    /// `roi` is true (0 elsewhere; pyradiomics leaves them uninitialised). `pixelType` is the
    /// type pyradiomics' numpy array has: `map_coordinates` returns samples of that type
    /// (integers rounded half away from zero, or float32), and scipy's kurtosis is computed in
    /// float32 for float32 images.
    static func apply(_ g: FilterGrid, roi: [Bool], levels: Int, radius: Double, subdivisions: Int,
                      pixelType: PyRadiomicsResampling.PixelType) -> [[Double]] {
        let vertices = icosphere(subdivisions: subdivisions, radius: radius)
        let nv = vertices.count
        // Spherical harmonics columns in pyradiomics' order: (0, 0), then n = 1 … levels − 1, m = −n … n.
        var columns: [(n: Int, m: Int)] = [(0, 0)]
        for n in 1..<Swift.max(1, levels) { for m in -n...n { columns.append((n, m)) } }
        var yRe = [[Double]](repeating: [Double](repeating: 0, count: nv), count: columns.count), yIm = yRe
        for (v, p) in vertices.enumerated() {
            let theta = acos(p[2] / radius), phi = atan2(p[1], p[0])
            for (c, nm) in columns.enumerated() {
                (yRe[c][v], yIm[c][v]) = sphericalHarmonic(m: nm.m, n: nm.n, theta: theta, phi: phi)
            }
        }
        precondition(roi.count == g.count, "one ROI flag per voxel")
        let points = roi.indices.filter { roi[$0] }
        var maps = [[Double]](repeating: [Double](repeating: 0, count: g.count), count: levels + 1)
        guard !points.isEmpty else { return maps }
        let coefficients = splineCoefficients(g)
        let sx = g.size.x, sxy = g.size.x * g.size.y
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: points.count * (levels + 1))
        defer { results.deallocate() }
        let out = UnsafeSendablePointer(results.baseAddress!)
        coefficients.withUnsafeBufferPointer { c in
            parallelRanges(points.count) { range in
                var samples = [Double](repeating: 0, count: nv)
                var above = [Bool](repeating: false, count: nv)
                var cRe = [Double](repeating: 0, count: columns.count), cIm = cRe
                for r in range {
                    let index = points[r]
                    let centre = g.data[index]
                    // numpy (z, y, x) index of the voxel; vertex columns 0, 1, 2 offset z, y, x.
                    let zyx = SIMD3<Double>(Double(index / sxy), Double((index % sxy) / sx), Double(index % sx))
                    for v in 0..<nv {
                        let s = cast(interpolate(c, size: g.size, zyx + vertices[v]), pixelType)
                        samples[v] = s
                        above[v] = s >= centre
                    }
                    let base = r * (levels + 1)
                    out.pointer[base + levels] = pixelType == .float32 ? Double(kurtosis(samples.map { Float($0) })) : kurtosis(samples)
                    // c_k = Σ_v [sample_v ≥ centre]·Y_k(v), summed over v in order (numpy's axis-1 sum).
                    for k in columns.indices {
                        var sr = 0.0, si = 0.0
                        for v in 0..<nv where above[v] { sr += yRe[k][v]; si += yIm[k][v] }
                        (cRe[k], cIm[k]) = (sr, si)
                    }
                    var k0 = 0
                    for level in 0..<levels {
                        let ks = k0..<(k0 + 2 * level + 1)
                        k0 = ks.upperBound
                        // Σ_v (Σ_m c_m·Y_m(v))² in complex arithmetic, then the real part of its square root.
                        var totRe = 0.0, totIm = 0.0
                        for v in 0..<nv {
                            var fr = 0.0, fi = 0.0
                            for k in ks {
                                let (ar, ai, br, bi) = (cRe[k], cIm[k], yRe[k][v], yIm[k][v])
                                let pr = ar * br - ai * bi, pi = ar * bi + ai * br
                                if k == ks.lowerBound { (fr, fi) = (pr, pi) } else { fr += pr; fi += pi }
                            }
                            totRe += fr * fr - fi * fi
                            totIm += fr * fi + fi * fr
                        }
                        out.pointer[base + level] = complexSqrtReal(totRe, totIm)
                    }
                }
            }
        }
        for (r, index) in points.enumerated() {
            for m in 0...levels { maps[m][index] = results[r * (levels + 1) + m] }
        }
        return maps
    }

    /// For an LBP3D spec: the levels to compute, the icosphere, and which of `apply`'s maps it is.
    static func parameters(_ spec: FilterSpec) -> (levels: Int, radius: Double, subdivisions: Int, map: Int)? {
        switch spec {
        case let .lbp3D(level, r, sub): return (level, r, sub, level - 1)
        case let .lbp3DKurtosis(r, sub): return (0, r, sub, 0)
        default: return nil
        }
    }

    /// The ROI voxel's sample as numpy stores it in an array of the image's type.
    @inline(__always) static func cast(_ t: Double, _ type: PyRadiomicsResampling.PixelType) -> Double {
        switch type {
        case let .integer(lo, hi):
            // scipy's CASE_INTERP_OUT_INT: round half away from zero, clip, truncate.
            var x = t > 0 ? t + 0.5 : t - 0.5
            x = x > hi ? hi : x
            x = x < lo ? lo : x
            return x.rounded(.towardZero)
        case .float32: return Double(Float(t))
        case .float64: return t
        }
    }

    /// Real part of C99 `csqrt(x + iy)` (glibc's formula for finite arguments).
    static func complexSqrtReal(_ x: Double, _ y: Double) -> Double {
        if x == 0 && y == 0 { return 0 }
        let d = hypot(x, y)
        if x > 0 { return (0.5 * (d + x)).squareRoot() }
        let s = (0.5 * (d - x)).squareRoot()
        return 0.5 * (Swift.abs(y) / s)
    }

    // MARK: - trimesh icosphere

    /// `trimesh.creation.icosphere(subdivisions, radius).vertices`: the icosahedron, subdivided
    /// at edge midpoints, each time pushed out to `radius` as trimesh does (v + v/|v|·(r − |v|));
    /// the same points bit for bit, in trimesh's order (which fixes the rounding of the sums over vertices).
    static func icosphere(subdivisions: Int, radius: Double) -> [SIMD3<Double>] {
        let t = (1 + 5.0.squareRoot()) / 2, norm = (1 + t * t).squareRoot()
        let a = 1 / norm, b = t / norm
        var vertices: [SIMD3<Double>] = [
            SIMD3(-a, b, 0), SIMD3(a, b, 0), SIMD3(-a, -b, 0), SIMD3(a, -b, 0), SIMD3(0, -a, b), SIMD3(0, a, b),
            SIMD3(0, -a, -b), SIMD3(0, a, -b), SIMD3(b, 0, -a), SIMD3(b, 0, a), SIMD3(-b, 0, -a), SIMD3(-b, 0, a),
        ]
        var faces: [[Int]] = [[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4],
                              [11, 10, 2], [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8],
                              [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1]]
        func pushOut() {
            vertices = vertices.map { v in
                let s = (v.x * v.x + v.y * v.y + v.z * v.z).squareRoot()
                return v + (v / s) * (radius - s)
            }
        }
        for _ in 0..<subdivisions {
            // trimesh `remesh.subdivide`: one midpoint per unique edge, appended in the order of
            // `grouping.unique_rows` (its hash sorts edges (a < b) by b, then a); each face (f0, f1,
            // f2) becomes (f0, m01, m20), (m01, f1, m12), (m20, m12, f2), (m01, m12, m20).
            let edges = Set(faces.flatMap { f in [(f[0], f[1]), (f[1], f[2]), (f[2], f[0])].map { SIMD2(Swift.min($0.0, $0.1), Swift.max($0.0, $0.1)) } })
            var midpoints: [SIMD2<Int>: Int] = [:]
            for e in edges.sorted(by: { ($0.y, $0.x) < ($1.y, $1.x) }) {
                midpoints[e] = vertices.count
                vertices.append((vertices[e.x] + vertices[e.y]) / 2)
            }
            func midpoint(_ i: Int, _ j: Int) -> Int { midpoints[SIMD2(Swift.min(i, j), Swift.max(i, j))]! }
            faces = faces.flatMap { f -> [[Int]] in
                let (m0, m1, m2) = (midpoint(f[0], f[1]), midpoint(f[1], f[2]), midpoint(f[2], f[0]))
                return [[f[0], m0, m2], [m0, f[1], m1], [m2, m1, f[2]], [m0, m1, m2]]
            }
            pushOut()
        }
        if subdivisions <= 0 { pushOut() }
        return vertices
    }

    // MARK: - scipy.special.sph_harm

    /// scipy's `sph_harm(m, n, theta, phi)` = N·P_n^|m|(cos φ)·e^{imθ} (θ azimuthal, φ polar,
    /// Condon–Shortley phase, |sin φ| as scipy uses), Y_n^{−m} = (−1)^m·conj(Y_n^m); returns (re, im).
    static func sphericalHarmonic(m: Int, n: Int, theta: Double, phi: Double) -> (Double, Double) {
        let am = Swift.abs(m)
        guard am <= n else { return (0, 0) }
        let x = cos(phi), s = Swift.abs(sin(phi))
        var pmm = 0.5 / Double.pi.squareRoot()                  // Y_0^0 = 1/√(4π)
        if am > 0 { for k in 1...am { pmm = -(Double(2 * k + 1) / Double(2 * k)).squareRoot() * s * pmm } }
        var p = pmm
        if n > am {
            var prev = pmm, cur = Double(2 * am + 3).squareRoot() * x * pmm
            if n > am + 1 {
                for l in (am + 2)...n {
                    let l2 = Double(l * l), m2 = Double(am * am), lm1 = Double((l - 1) * (l - 1))
                    let a = ((4 * l2 - 1) / (l2 - m2)).squareRoot()
                    let b = ((lm1 - m2) / (4 * lm1 - 1)).squareRoot()
                    (prev, cur) = (cur, a * (x * cur - b * prev))
                }
            }
            p = cur
        }
        let re = p * cos(Double(am) * theta), im = p * sin(Double(am) * theta)
        if m >= 0 { return (re, im) }
        let sign = am % 2 == 0 ? 1.0 : -1.0
        return (sign * re, -sign * im)
    }

    // MARK: - scipy.stats.kurtosis

    /// `kurtosis(a)` (Fisher, bias=True) as scipy 1.16 computes it: numpy pairwise means,
    /// m4/m2² − 3, NaN when m2 ≤ (eps·mean)².
    static func kurtosis<T: BinaryFloatingPoint>(_ a: [T]) -> T {
        // numpy divides the float32 sum by the integer count in double, then stores float32.
        func average(_ x: [T]) -> T { T(Double(pairwiseSum(x)) / Double(x.count)) }
        let mean = average(a)
        let d = a.map { $0 - mean }
        let d2 = d.map { $0 * $0 }
        let m2 = average(d2)
        let m4 = average(d2.map { $0 * $0 })
        let eps: T = T.ulpOfOne
        if m2 <= (eps * mean) * (eps * mean) { return .nan }
        return m4 / (m2 * m2) - 3
    }

    /// numpy's pairwise summation of a contiguous row (8 accumulators up to 128 elements).
    static func pairwiseSum<T: BinaryFloatingPoint>(_ a: [T]) -> T {
        a.withUnsafeBufferPointer { pairwiseSum($0[...]) }
    }

    private static func pairwiseSum<T: BinaryFloatingPoint>(_ a: Slice<UnsafeBufferPointer<T>>) -> T {
        let n = a.count, s = a.startIndex
        if n < 8 {
            var res: T = 0
            for i in a.indices { res += a[i] }
            return res
        } else if n <= 128 {
            var r = (0..<8).map { a[s + $0] }
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += a[s + i + j] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { res += a[s + i]; i += 1 }
            return res
        }
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwiseSum(a[s..<(s + n2)]) + pairwiseSum(a[(s + n2)...])
    }

    // MARK: - scipy.ndimage cubic spline (map_coordinates, order 3, mode 'constant')

    /// `spline_filter(order=3, mode='constant')`, i.e. the mirror-boundary B-spline prefilter,
    /// along numpy axes 0, 1, 2 (our k, j, i), in `Double`.
    static func splineCoefficients(_ g: FilterGrid) -> [Double] {
        var data = g.data
        let size = g.size
        for axis in [2, 1, 0] {
            let n = size[axis]
            guard n > 1 else { continue }
            let st = axis == 0 ? 1 : axis == 1 ? size.x : size.x * size.y
            let lines = g.count / n
            data.withUnsafeMutableBufferPointer { buf in
                let d = UnsafeSendablePointer(buf.baseAddress!)
                parallelRanges(lines) { range in
                    var line = [Double](repeating: 0, count: n)
                    for l in range {
                        let start = gridLineStart(l, axis: axis, size: size)
                        for t in 0..<n { line[t] = d.pointer[start + t * st] }
                        splineFilterLine(&line)
                        for t in 0..<n { d.pointer[start + t * st] = line[t] }
                    }
                }
            }
        }
        return data
    }

    /// scipy `apply_filter` for the cubic pole with `_init_causal_mirror` / `_init_anticausal_mirror`.
    static func splineFilterLine(_ c: inout [Double]) {
        let n = c.count
        let z = -0.267949192431122706472553658494127633   // √3 − 2 as scipy writes it
        let gain = 1.0 * ((1.0 - z) * (1.0 - 1.0 / z))
        for i in 0..<n { c[i] *= gain }
        var zi = z
        let zn1 = pow(z, Double(n - 1))
        c[0] = c[0] + zn1 * c[n - 1]
        if n > 2 {
            for i in 1..<(n - 1) {
                c[0] += zi * (c[i] + zn1 * c[n - 1 - i])
                zi *= z
            }
        }
        c[0] /= 1 - zn1 * zn1
        for i in 1..<n { c[i] += z * c[i - 1] }
        c[n - 1] = (z * c[n - 2] + c[n - 1]) * z / (z * z - 1)
        for i in stride(from: n - 2, through: 0, by: -1) { c[i] = z * (c[i + 1] - c[i]) }
    }

    /// scipy `NI_GeometricTransform` at the numpy position `p` = (z, y, x): 0 outside
    /// [0, n − 1] on any axis, else Σ c·w_z·w_y·w_x over the 4×4×4 neighbours (mirror-mapped at
    /// the edges), in scipy's loop order and rounding.
    @inline(__always)
    static func interpolate(_ c: UnsafeBufferPointer<Double>, size: SIMD3<Int>, _ p: SIMD3<Double>) -> Double {
        guard let (wz, oz) = taps(p[0], size.z, stride: size.x * size.y),
              let (wy, oy) = taps(p[1], size.y, stride: size.x),
              let (wx, ox) = taps(p[2], size.x, stride: 1) else { return 0 }
        var t = 0.0
        for i in 0..<4 {
            for j in 0..<4 {
                for k in 0..<4 {
                    var coeff = c[oz[i] + oy[j] + ox[k]]
                    coeff *= wz[i]
                    coeff *= wy[j]
                    coeff *= wx[k]
                    t += coeff
                }
            }
        }
        return t
    }

    /// Cubic B-spline weights and (mirror-mapped) coefficient offsets along one axis of `n`
    /// voxels, or nil outside [0, n − 1] (mode 'constant': the sample is cval = 0).
    @inline(__always)
    static func taps(_ x: Double, _ n: Int, stride: Int) -> (SIMD4<Double>, SIMD4<Int>)? {
        if x < 0 || x > Double(n - 1) { return nil }
        let f = x.rounded(.down)
        let y = x - f, z = 1.0 - y
        let w1 = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0
        let w2 = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0
        let w0 = z * z * z / 6.0
        let start = Int(f) - 1
        var o = SIMD4<Int>()
        for l in 0..<4 { o[l] = mirror(start + l, n) * stride }
        return (SIMD4(w0, w1, w2, 1.0 - w0 - w1 - w2), o)
    }

    /// scipy's edge mapping of spline coefficient indices (mirror: −1 → 1, n → n − 2).
    @inline(__always) static func mirror(_ index: Int, _ n: Int) -> Int {
        if n <= 1 { return 0 }
        var idx = index
        let s2 = 2 * n - 2
        if idx < 0 {
            idx = s2 * (-idx / s2) + idx
            idx = idx <= 1 - n ? idx + s2 : -idx
        } else if idx >= n {
            idx -= s2 * (idx / s2)
            if idx >= n { idx = s2 - idx }
        }
        return idx
    }
}
