import Foundation

extension FilterSpec {
    /// Voxels on each side along i, j, k beyond which a voxel's response no longer reads the
    /// image, or nil when the response depends on the whole image (FFT filters, periodic
    /// pyradiomics wavelets, intensity maps scaled by max|x|).
    public func supportRadius(spacing: SIMD3<Double>) -> SIMD3<Int>? {
        func inAxes(_ d: FilterDimension, _ r: SIMD3<Int>) -> SIMD3<Int> { d == .twoD ? SIMD3(r.x, r.y, 0) : r }
        func vox(_ mm: Double) -> SIMD3<Int> { SIMD3((0..<3).map { Int(mm / spacing[$0] + 0.5) + 1 }) }
        switch self {
        case .original: return .zero
        case let .mean(m, d, _): return inAxes(d, SIMD3(repeating: m / 2))
        case let .laplacianOfGaussian(s, t, d, _): return inAxes(d, vox(t * s))
        case let .laws(_, d, _, _, e):
            return inAxes(d, SIMD3(repeating: 2 + (e ?? 0)))      // longest Laws kernel: 5 taps
        case let .gabor(s, _, g, _, _, d, _): return inAxes(d, vox(4 * s * Swift.max(1, 1 / g)))
        case let .wavelet(f, b, l, _, _):
            let n = f.lowPass.count
            let r = (1...l).reduce(0) { $0 + n << ($1 - 1) }
            return b.count == 2 ? SIMD3(r, r, 0) : SIMD3(repeating: r)
        case let .pyradiomicsWavelet(f, _, start, l):
            // Periodic: exact on a crop only while the kernel stays off the image border (checked
            // by `applyCropped`).
            return SIMD3(repeating: (start + l) * f.lowPass.count)
        case .simoncelli, .rieszLoG, .rieszSimoncelli, .square, .squareRoot, .logarithm, .exponential:
            return nil
        case let .pyradiomicsLoG(s): return vox(12 * s)  // IIR with tails ∝ exp(−1.37·x/σ): < 10⁻⁷ beyond 12σ
        case .gradient: return SIMD3(repeating: 1)
        case let .lbp2D(r, _): return SIMD3(Int(r.rounded(.up)) + 1, Int(r.rounded(.up)) + 1, 0)
        case let .lbp3D(_, r, _), let .lbp3DKurtosis(r, _):
            // Cubic spline taps (2) beyond the icosphere, plus 26 voxels over which scipy's
            // recursive prefilter (pole √3 − 2) forgets the crop edge to 0.268²⁶ ≈ 10⁻¹⁵.
            return SIMD3(repeating: Int(r.rounded(.up)) + 2 + 26)
        }
    }
}

/// The response map on `box` grown by the filter's support and clipped to the image, with that
/// sub-grid's geometry. Inside `box` it equals filtering the whole image (same padding at the
/// real image border, and the kernel never reaches the crop's inner edges); filters without a
/// finite support get the whole image. pyradiomics LoG is recursive (infinite support): cut at
/// 12σ the whole-image map is reproduced up to float32 rounding (≤ 5·10⁻⁸ of the range in
/// FilterTests); pyradiomics mode filters this way too. Returns the map and the box it covers
/// (for the LoGs `box` itself: their passes compute only what the box needs).
public func applyCropped(_ spec: FilterSpec, to image: ImageVolume, around box: IndexBox) throws(RadiomicsError) -> (map: ImageVolume, box: IndexBox) {
    let (grid, grown) = try croppedResponse(spec, to: image, around: box)
    return (grid.volume(geometry: image.croppedGeometry(grown)), grown)
}

/// `applyCropped` in Double, as the filter computes it.
func croppedResponse<V: BinaryFloatingPoint>(_ spec: FilterSpec, to image: Volume<V>, around box: IndexBox) throws(RadiomicsError) -> (grid: FilterGrid, box: IndexBox) {
    let whole = IndexBox(lower: .zero, upper: image.size &- 1)
    guard let r = spec.supportRadius(spacing: image.geometry.spacing) else {
        return (try response(spec, FilterGrid(image)), whole)
    }
    let grown = IndexBox(lower: pointwiseMax(box.lower &- r, .zero), upper: pointwiseMin(box.upper &+ r, image.size &- 1))
    if case .pyradiomicsWavelet = spec, grown.lower != box.lower &- r || grown.upper != box.upper &+ r {
        // The periodic wrap (and pyradiomics' odd-size padding) would read the far border.
        return (try response(spec, FilterGrid(image)), whole)
    }
    if let lbp = LBP3DFilter.parameters(spec) {
        // Per-voxel filter: only the box's voxels are computed (0 elsewhere); the spline
        // prefilter still sees the whole grown crop.
        try Filters.validate(spec, size: image.size)
        let g = FilterGrid(image.cropped(to: grown))
        var roi = [Bool](repeating: false, count: g.count)
        let lo = box.lower &- grown.lower, hi = box.upper &- grown.lower
        for k in lo.z...hi.z { for j in lo.y...hi.y { for i in lo.x...hi.x { roi[i + g.size.x * (j + g.size.y * k)] = true } } }
        let maps = LBP3DFilter.apply(g, roi: roi, levels: lbp.levels, radius: lbp.radius, subdivisions: lbp.subdivisions, pixelType: .float64)
        return (FilterGrid(size: g.size, spacing: g.spacing, data: maps[lbp.map]), grown)
    }
    if case let .laplacianOfGaussian(s, t, d, p) = spec, box.lower.min() >= 0, (image.size &- 1 &- box.upper).min() >= 0 {
        // Separable passes on the grown crop, each only where the box needs it: the map on `box`.
        let g = FilterGrid(image.cropped(to: grown))
        try Filters.validate(spec, size: g.size)
        return (LoGFilter.apply(g, sigma: s, truncate: t, dimension: d, mode: p,
                                keep: IndexBox(lower: box.lower &- grown.lower, upper: box.upper &- grown.lower)), box)
    }
    if case let .pyradiomicsLoG(sigma) = spec, box.lower.min() >= 0, (image.size &- 1 &- box.upper).min() >= 0 {
        // Recursive passes on the grown crop, each only on the lines the box needs: the map on `box`.
        let g = FilterGrid(image.cropped(to: grown))
        try Filters.validate(spec, size: g.size)
        return (PyRadiomicsFilters.log(g, sigma: sigma, keep: IndexBox(lower: box.lower &- grown.lower, upper: box.upper &- grown.lower)), box)
    }
    return (try response(spec, FilterGrid(image.cropped(to: grown))), grown)
}

/// Runs whose pyradiomics wavelet sub-bands come from one decomposition (same family, levels and
/// axes left out): their response maps are computed together (`croppedWaveletResponses`).
/// Returns groups of run indices, each in run order: a group of one for every other run.
func sharedFilterGroups(_ filters: [FilterSpec?]) -> [[Int]] {
    var groups: [[Int]] = []
    var keyed: [String: Int] = [:]
    for (r, spec) in filters.enumerated() {
        guard case let .pyradiomicsWavelet(f, b, start, l)? = spec, let band = PyRadiomicsFilters.waveletBand(b) else {
            groups.append([r]); continue
        }
        let key = "\(f.rawValue)/\(start)/\(l)/" + band.map { $0 == nil ? "-" : "x" }.joined()
        if let g = keyed[key] { groups[g].append(r) } else { keyed[key] = groups.count; groups.append([r]) }
    }
    return groups
}

/// `croppedResponse` of several pyradiomics wavelet sub-bands of one decomposition (a group of
/// `sharedFilterGroups`), their common passes computed once (`PyRadiomicsFilters.waveletBands`):
/// the same maps and box as each band's `croppedResponse`.
func croppedWaveletResponses<V: BinaryFloatingPoint>(_ specs: [FilterSpec], to image: Volume<V>, around box: IndexBox) throws(RadiomicsError) -> (grids: [FilterGrid], box: IndexBox) {
    var bands: [[Bool?]] = []
    var decomposition: (WaveletFamily, Int, Int)?
    for spec in specs {
        guard case let .pyradiomicsWavelet(f, b, start, l) = spec, let band = PyRadiomicsFilters.waveletBand(b) else {
            throw RadiomicsError(.internal, "croppedWaveletResponses takes pyradiomics wavelet bands, not \(spec.columnPrefix)")
        }
        decomposition = (f, start, l)
        bands.append(band)
    }
    guard let (family, start, level) = decomposition, let r = specs[0].supportRadius(spacing: image.geometry.spacing) else { return ([], box) }
    var grown = IndexBox(lower: pointwiseMax(box.lower &- r, .zero), upper: pointwiseMin(box.upper &+ r, image.size &- 1))
    // As `croppedResponse`: the periodic wrap would read the far border.
    if grown.lower != box.lower &- r || grown.upper != box.upper &+ r { grown = IndexBox(lower: .zero, upper: image.size &- 1) }
    let g = grown.lower == .zero && grown.size == image.size ? FilterGrid(image) : FilterGrid(image.cropped(to: grown))
    for spec in specs { try Filters.validate(spec, size: g.size) }
    return (PyRadiomicsFilters.waveletBands(g, family: family, bands: bands, startLevel: start, level: level), grown)
}
