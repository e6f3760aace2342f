import Foundation

/// pyradiomics image types (radiomics/imageoperations.py, pyradiomics-bhklab 3.1.4), reimplemented.
enum PyRadiomicsFilters {
    /// `getLoGImage`: SimpleITK `LaplacianRecursiveGaussianImageFilter` (ITK 5.2) with
    /// NormalizeAcrossScale, reproduced step by step: for each axis d, the second-order recursive
    /// Gaussian along d, then the zero-order one along the two other axes in increasing order, each
    /// pass computed in `Double` per line and stored as `Float` (ITK's internal `Image<float>`);
    /// the three results are summed into a `Float` image as `a + b·(1/s_d²)` in `Double`. That is
    /// σ²·∇²(G_σ ∗ f) in mm. Axes shorter than 4 voxels cannot be filtered (ITK refuses them):
    /// pyradiomics skips such images, and so the caller must.
    ///
    /// `keep`: the map is wanted on this box of `g` only (default: all of it), and is returned on
    /// it. Each pass then computes only the lines whose coordinates on the axes already filtered
    /// lie inside `keep` (later passes read no others): the first pass of each chain in full, the
    /// second on a slab, the third on a column. Every value inside `keep` is computed exactly as
    /// on the whole grid, so the map is bit for bit that of `log(g)` cropped to `keep`.
    static func log(_ g: FilterGrid, sigma: Double, keep: IndexBox? = nil) -> FilterGrid {
        let keep = keep ?? IndexBox(lower: .zero, upper: g.size &- 1)
        var cumulative = [Float](repeating: 0, count: keep.size.x * keep.size.y * keep.size.z)
        for dim in 0..<3 {
            let derivative = RecursiveGaussian(sigma: sigma, spacing: g.spacing[dim], order: 2, normalizeAcrossScale: true)
            var r = FloatGrid.recursivelyFiltered(g.data, size: g.size, axis: dim, derivative)
            var filtered = [dim]
            for axis in 0..<3 where axis != dim {
                let smoothing = RecursiveGaussian(sigma: sigma, spacing: g.spacing[axis], order: 0, normalizeAcrossScale: true)
                r = FloatGrid.recursivelyFiltered(r.data, size: g.size, axis: axis, smoothing, within: keep, restricted: filtered)
                filtered.append(axis)
            }
            let k = 1.0 / (g.spacing[dim] * g.spacing[dim])
            var n = 0
            for z in keep.lower.z...keep.upper.z {
                for y in keep.lower.y...keep.upper.y {
                    let row = g.size.x * (y + g.size.y * z)
                    for x in keep.lower.x...keep.upper.x {
                        cumulative[n] = Float(Double(cumulative[n]) + Double(r.data[row + x]) * k)
                        n += 1
                    }
                }
            }
        }
        return FilterGrid(size: keep.size, spacing: g.spacing, data: cumulative.map(Double.init))
    }

    /// `_swt3`: odd axes are wrap-padded by one voxel; `pywt.swtn(level=1)` (periodic, filters not
    /// upsampled) is applied to the approximation `startLevel` times, then `level` more times; the
    /// sub-band of the last one is returned, cropped back. pywt's placement equals
    /// y[x] = Σₘ w[m]·f[(x + ⌊n/2⌋ − m) mod N].
    /// `band[axis]`: true high-pass, false low-pass, nil an axis left out (force2D: pywt.swtn's
    /// `axes` without force2Ddimension).
    static func wavelet(_ g: FilterGrid, family: WaveletFamily, band: [Bool?], startLevel: Int, level: Int) -> FilterGrid {
        waveletBands(g, family: family, bands: [band], startLevel: startLevel, level: level)[0]
    }

    /// Several sub-bands of one decomposition (their axes left out alike), sharing the separable
    /// passes they have in common: the padded approximation once, then along each axis in turn the
    /// L and H outputs of every distinct prefix (8 first-level 3D bands: 2 + 4 + 8 = 14 passes
    /// instead of 24). Each band goes through exactly the passes `wavelet` gives it, so the maps
    /// are the same bit for bit. At most one pass per axis is held at a time (depth first).
    static func waveletBands(_ g: FilterGrid, family: WaveletFamily, bands: [[Bool?]], startLevel: Int, level: Int) -> [FilterGrid] {
        guard let first = bands.first else { return [] }
        let axes = (0..<3).filter { first[$0] != nil }
        precondition(bands.allSatisfy { b in (0..<3).allSatisfy { (b[$0] == nil) == (first[$0] == nil) } },
                     "waveletBands: every band must leave out the same axes")
        let padTo = SIMD3<Int>((0..<3).map { g.size[$0] % 2 == 0 ? g.size[$0] : g.size[$0] + 1 })
        var data = padTo == g.size ? g : wrapPadEnd(g, to: padTo)
        let lo = family.lowPass, hi = family.highPass
        for _ in 0..<(startLevel + level - 1) {
            data = data.convolved(axes: axes, kernel: lo, mode: .periodic)
        }
        var out = [FilterGrid?](repeating: nil, count: bands.count)
        func descend(_ x: FilterGrid, depth: Int, members: [Int]) {
            guard depth < axes.count else {
                let band = padTo == g.size ? x : FourierFilters.crop(x, margin: .zero, size: g.size)
                for m in members { out[m] = band }
                return
            }
            let axis = axes[depth]
            for high in [false, true] {
                let part = members.filter { bands[$0][axis]! == high }
                if !part.isEmpty { descend(x.convolved(axis: axis, kernel: high ? hi : lo, mode: .periodic), depth: depth + 1, members: part) }
            }
        }
        descend(data, depth: 0, members: Array(bands.indices))
        return out.map { $0! }
    }

    /// A band name x, y, z: L, H, or - (axis left out); nil unless 3 letters with at least two transformed axes.
    static func waveletBand(_ s: String) -> [Bool?]? {
        let u = Array(s.uppercased())
        guard u.count == 3, u.allSatisfy({ "LH-".contains($0) }), u.filter({ $0 == "-" }).count <= 1 else { return nil }
        return u.map { $0 == "-" ? nil : $0 == "H" }
    }

    static func wrapPadEnd(_ g: FilterGrid, to size: SIMD3<Int>) -> FilterGrid {
        var out = [Double](repeating: 0, count: size.x * size.y * size.z)
        var n = 0
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    out[n] = g.data[(i % g.size.x) + g.size.x * ((j % g.size.y) + g.size.y * (k % g.size.z))]
                    n += 1
                }
            }
        }
        return FilterGrid(size: size, spacing: g.spacing, data: out)
    }

    /// `getSquareImage` … `getExponentialImage`, computed in Double as numpy does.
    static func intensityMap(_ spec: FilterSpec, _ g: FilterGrid) -> FilterGrid {
        let maxAbs = g.data.reduce(0) { Swift.max($0, Swift.abs($1)) }
        switch spec {
        case .square:
            let c = 1 / maxAbs.squareRoot()                          // (c·x)², c = 1/√max|x|
            return g.map { (c * $0) * (c * $0) }
        case .squareRoot:
            return g.map { $0 > 0 ? ($0 * maxAbs).squareRoot() : $0 < 0 ? -(-$0 * maxAbs).squareRoot() : $0 }
        case .logarithm:
            let l = g.map { $0 > 0 ? Foundation.log($0 + 1) : $0 < 0 ? -Foundation.log(-($0 - 1)) : $0 }
            let m = l.data.reduce(0) { Swift.max($0, Swift.abs($1)) }
            return l.map { $0 * (maxAbs / m) }
        case .exponential:
            let c = Foundation.log(maxAbs) / maxAbs                  // exp(c·x), c = log(max|x|)/max|x|
            return g.map { exp(c * $0) }
        default:
            return g
        }
    }

    /// SimpleITK `GradientMagnitudeImageFilter`: central differences (±½ / s_d) with the edge
    /// voxel repeated outside (ITK's zero-flux Neumann boundary), √Σ_d g², stored as float32 like
    /// SimpleITK's output; s_d = spacing or 1.
    static func gradientMagnitude(_ g: FilterGrid, useSpacing: Bool) -> FilterGrid {
        let s = g.size
        let sp = useSpacing ? g.spacing : .one
        let stride = SIMD3(1, s.x, s.x * s.y)
        var out = [Double](repeating: 0, count: g.count)
        for k in 0..<s.z {
            for j in 0..<s.y {
                for i in 0..<s.x {
                    let p = SIMD3(i, j, k)
                    let n = i + s.x * (j + s.y * k)
                    var sum = 0.0
                    for a in 0..<3 {
                        let lo = n - (p[a] > 0 ? stride[a] : 0), hi = n + (p[a] < s[a] - 1 ? stride[a] : 0)
                        let c = 0.5 / sp[a]
                        let d = -c * g.data[lo] + c * g.data[hi]
                        sum += d * d
                    }
                    out[n] = Double(Float(sum.squareRoot()))
                }
            }
        }
        return FilterGrid(size: s, spacing: g.spacing, data: out)
    }
}
