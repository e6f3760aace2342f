/// The IBSI 1 interpolation grid (§2.4, "align grid centers", 026Q/QCY4).
///
/// Per axis, with n_a points at spacing s_a and the new spacing s_b:
/// n_b = ⌈n_a·s_a / s_b⌉, and the new grid's first point sits at the original grid coordinate
/// x_b = ½·(n_a − 1 − (s_b/s_a)·(n_b − 1)), so both grids share their centre. New point p lies at
/// original grid coordinate x_b + p·s_b/s_a. The direction matrix is kept.
public struct InterpolationGrid: Sendable {
    /// The original grid.
    public var source: Geometry
    /// The interpolated grid (whole image).
    public var target: Geometry
    /// x_b per axis, in original grid coordinates.
    public var firstCoordinate: SIMD3<Double>
    /// s_b/s_a per axis.
    public var step: SIMD3<Double>
    /// Axes left as they are (2D interpolation keeps z; an unchanged spacing keeps the axis).
    public var identityAxes: [Bool]

    public init(source: Geometry, spacing: SIMD3<Double>, inPlaneOnly: Bool) {
        self.source = source
        var newSpacing = spacing
        if inPlaneOnly { newSpacing.z = source.spacing.z }
        var size = SIMD3<Int>.zero, first = SIMD3<Double>.zero, step = SIMD3<Double>.one
        var identity = [false, false, false]
        for a in 0..<3 {
            let na = source.size[a], sa = source.spacing[a], sb = newSpacing[a]
            if Swift.abs(sb - sa) <= 1e-9 * sa {
                // Unchanged spacing: the "new" grid is the original one, read without resampling.
                size[a] = na
                newSpacing[a] = sa
                identity[a] = true
                continue
            }
            // A tiny relative slack keeps e.g. 100·2/2 from becoming 101 through rounding noise.
            let nb = Swift.max(1, Int((Double(na) * sa / sb * (1 - 1e-12)).rounded(.up)))
            size[a] = nb
            step[a] = sb / sa
            first[a] = 0.5 * (Double(na - 1) - step[a] * Double(nb - 1))
        }
        self.firstCoordinate = first
        self.step = step
        self.identityAxes = identity
        var g = source
        g.size = size
        g.spacing = newSpacing
        g.origin = source.point(first)
        self.target = g
    }

    /// Original grid coordinate of new index `p` along `axis`.
    @inline(__always) func coordinate(_ p: Int, axis: Int) -> Double {
        firstCoordinate[axis] + Double(p) * step[axis]
    }

    /// The new-grid index box outside which an image that is constant (zero) outside
    /// `box` stays zero after interpolation with a kernel reaching `reach` original voxels
    /// beyond a sample's floor; edges of the original image extend with the nearest value.
    func footprint(of box: IndexBox, reach: Int) -> IndexBox {
        var lo = SIMD3<Int>.zero, hi = SIMD3<Int>.zero
        for a in 0..<3 {
            let nb = target.size[a]
            if identityAxes[a] {
                lo[a] = box.lower[a]
                hi[a] = box.upper[a]
                continue
            }
            let na = source.size[a]
            let low = box.lower[a] == 0 ? -Double.infinity : Double(box.lower[a] - reach)
            let high = box.upper[a] == na - 1 ? Double.infinity : Double(box.upper[a] + reach)
            let pLo = low.isFinite ? Int(((low - firstCoordinate[a]) / step[a]).rounded(.down)) - 1 : 0
            let pHi = high.isFinite ? Int(((high - firstCoordinate[a]) / step[a]).rounded(.up)) + 1 : nb - 1
            lo[a] = Swift.min(Swift.max(pLo, 0), nb - 1)
            hi[a] = Swift.max(Swift.min(pHi, nb - 1), 0)
        }
        return IndexBox(lower: lo, upper: hi)
    }
}
