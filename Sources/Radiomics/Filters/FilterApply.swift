import Foundation

/// Computes the response map of `spec` on `image`, on the same grid. The filter sees the whole
/// volume it is given: crop to the ROI's bounding box plus `support(of:)` first to save work.
public func apply(_ spec: FilterSpec, to image: ImageVolume) throws(RadiomicsError) -> ImageVolume {
    if spec == .original { return image }
    return try response(spec, FilterGrid(image)).volume(geometry: image.geometry)
}

/// The response map in Double (pyradiomics keeps its wavelet bands in float64).
func response(_ spec: FilterSpec, _ g: FilterGrid) throws(RadiomicsError) -> FilterGrid {
    try Filters.validate(spec, size: g.size)
    let out: FilterGrid
    switch spec {
    case .original:
        return g
    case let .mean(m, d, p):
        out = MeanFilter.apply(g, support: m, dimension: d, mode: p)
    case let .laplacianOfGaussian(s, t, d, p):
        out = LoGFilter.apply(g, sigma: s, truncate: t, dimension: d, mode: p)
    case let .laws(k, d, p, pool, e):
        out = LawsFilter.apply(g, kernel: try LawsFilter.parse(k), dimension: d, mode: p, pooling: pool, energyDistance: e)
    case let .gabor(s, l, gm, t, step, d, p):
        out = GaborFilter.apply(g, sigma: s, lambda: l, gamma: gm, thetas: Filters.angles(theta: t, step: step),
                                dimension: d, mode: p)
    case let .wavelet(f, b, l, inv, p):
        out = WaveletFilter.apply(g, family: f, band: try WaveletFilter.parseBand(b), level: l, mode: p, invariant: inv)
    case let .simoncelli(l, d, p):
        out = FourierFilters.apply(g, axes: d.axes, mode: p) { FourierFilters.simoncelli(size: $0, axes: d.axes, level: l) }
    case let .rieszLoG(s, t, o, p):
        let log = LoGFilter.apply(g, sigma: s, truncate: t, dimension: .threeD, mode: p)
        out = FourierFilters.apply(log, axes: [0, 1, 2], mode: .periodic) { FourierFilters.riesz(size: $0, axes: [0, 1, 2], order: o) }
    case let .rieszSimoncelli(l, o, p):
        out = FourierFilters.apply(g, axes: [0, 1, 2], mode: p) { size in
            let psi = FourierFilters.simoncelli(size: size, axes: [0, 1, 2], level: l)
            let r = FourierFilters.riesz(size: size, axes: [0, 1, 2], order: o)
            return { i, j, k in let s = psi(i, j, k).re, v = r(i, j, k); return (s * v.re, s * v.im) }
        }
    case let .pyradiomicsLoG(s):
        out = PyRadiomicsFilters.log(g, sigma: s)
    case let .pyradiomicsWavelet(f, b, start, l):
        guard let band = PyRadiomicsFilters.waveletBand(b) else { throw .usage("wavelet sub-band '\(b)' must be 3 letters L/H/-, such as LLH") }
        out = PyRadiomicsFilters.wavelet(g, family: f, band: band, startLevel: start, level: l)
    case .square, .squareRoot, .logarithm, .exponential:
        out = PyRadiomicsFilters.intensityMap(spec, g)
    case let .gradient(useSpacing):
        out = PyRadiomicsFilters.gradientMagnitude(g, useSpacing: useSpacing)
    case let .lbp2D(r, n):
        out = LBPFilter.apply(g, radius: r, samples: n)
    case .lbp3D, .lbp3DKurtosis:
        // Every voxel is a centre; float64 samples (no pixel-type rounding outside pyradiomics mode).
        let p = LBP3DFilter.parameters(spec)!
        let maps = LBP3DFilter.apply(g, roi: [Bool](repeating: true, count: g.count), levels: p.levels, radius: p.radius,
                                     subdivisions: p.subdivisions, pixelType: .float64)
        out = FilterGrid(size: g.size, spacing: g.spacing, data: maps[p.map])
    }
    return out
}

enum Filters {
    /// θ alone, or θ, θ+Δ, … strictly below θ + 2π.
    static func angles(theta: Double, step: Double?) -> [Double] {
        guard let step, step > 0 else { return [theta] }
        let n = Int((2 * Double.pi / step - 1e-9).rounded(.up))
        return (0..<n).map { theta + Double($0) * step }
    }

    static func validate(_ spec: FilterSpec, size: SIMD3<Int>) throws(RadiomicsError) {
        func need(_ ok: Bool, _ what: @autoclosure () -> String) throws(RadiomicsError) {
            if !ok { throw .usage("filter \(spec.columnPrefix): \(what())") }
        }
        switch spec {
        case let .mean(m, _, _): try need(m >= 1 && m % 2 == 1, "support must be an odd number ≥ 1, not \(m)")
        case let .laplacianOfGaussian(s, t, _, _), let .rieszLoG(s, t, _, _):
            try need(s > 0 && s.isFinite, "σ must be > 0"); try need(t > 0 && t.isFinite, "truncate must be > 0")
        case let .laws(k, d, _, _, e):
            let kernels = try LawsFilter.parse(k)
            try need(kernels.count == (d == .twoD ? 2 : 3), "a \(d.rawValue) Laws filter needs \(d == .twoD ? 2 : 3) kernels, not '\(k)'")
            try need((e ?? 0) >= 0, "energy distance must be ≥ 0")
        case let .gabor(s, l, g, t, step, _, _):
            try need(s > 0 && l > 0 && g > 0 && t.isFinite, "σ, λ and γ must be > 0")
            try need((step ?? 1) > 0, "θ step must be > 0")
        case let .wavelet(_, b, l, _, _):
            _ = try WaveletFilter.parseBand(b); try need(l >= 1 && l <= 8, "level must be 1…8")
        case let .simoncelli(l, _, _): try need(l >= 1 && l <= 8, "level must be 1…8")
        case let .rieszSimoncelli(l, o, _):
            try need(l >= 1 && l <= 8, "level must be 1…8")
            try need(o.count == 3 && o.allSatisfy { $0 >= 0 } && o.reduce(0, +) >= 1, "Riesz order must be 3 non-negative integers, not all 0")
        case let .pyradiomicsLoG(s): try need(s > 0, "σ must be > 0")
        case let .pyradiomicsWavelet(_, b, start, l):
            try need(PyRadiomicsFilters.waveletBand(b) != nil, "band must be 3 letters L/H such as LLH (- for an axis left out with force2D)")
            try need(start >= 0 && l >= 1, "start level must be ≥ 0 and level ≥ 1")
        case let .lbp2D(r, n): try need(r > 0 && n >= 2, "LBP radius must be > 0 and samples ≥ 2")
        case let .lbp3D(level, r, sub):
            try need(level >= 1, "LBP3D level must be ≥ 1")
            try need(r > 0 && r.isFinite && sub >= 0 && sub <= 5, "LBP3D icosphere radius must be > 0 and subdivision 0…5")
        case let .lbp3DKurtosis(r, sub):
            try need(r > 0 && r.isFinite && sub >= 0 && sub <= 5, "LBP3D icosphere radius must be > 0 and subdivision 0…5")
        default: break
        }
        if case let .rieszLoG(_, _, o, _) = spec {
            try need(o.count == 3 && o.allSatisfy { $0 >= 0 } && o.reduce(0, +) >= 1, "Riesz order must be 3 non-negative integers, not all 0")
        }
        try need(size.x > 0 && size.y > 0 && size.z > 0, "empty image")
    }
}

extension WaveletFilter {
    static func isBand3D(_ b: String) -> Bool { b.count == 3 && b.uppercased().allSatisfy { $0 == "L" || $0 == "H" } }
}
