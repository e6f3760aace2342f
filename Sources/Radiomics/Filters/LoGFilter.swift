import Foundation

/// IBSI 2 Laplacian of Gaussian:
/// g(k) = −(1/σ²)·(2πσ²)^(−D/2)·(D − ‖k‖²/σ²)·exp(−‖k‖²/(2σ²)), σ in voxels per axis (σ mm / spacing),
/// cut off at radius ⌊truncate·σ + 0.5⌋ voxels. Computed separably as Σ_d ∂²G/∂x_d² with the
/// sampled 1D Gaussian normalised to unit sum (scipy `gaussian_laplace`), which matches the
/// continuous formula to < 10⁻⁶ relative for σ ≥ 1 voxel.
enum LoGFilter {
    ///
    /// `keep`: the map is wanted on this box of `g` only, and is returned on it. Each pass then
    /// computes only the values inside the box along its own axis and along the axes already
    /// filtered (nothing later reads the others): the first pass on a slab, the second on a
    /// column, the last on the box. Every value inside `keep` is computed as on the whole grid,
    /// so the map is bit for bit that of `apply` without `keep`, cropped.
    static func apply(_ g: FilterGrid, sigma: Double, truncate: Double, dimension: FilterDimension,
                      mode: BoundaryMode, keep: IndexBox? = nil) -> FilterGrid {
        let axes = dimension.axes
        let s = axes.map { sigma / g.spacing[$0] }
        let smooth = s.map { gaussianKernel(sigma: $0, truncate: truncate, order: 0) }
        let second = s.map { gaussianKernel(sigma: $0, truncate: truncate, order: 2) }
        var total: FilterGrid? = nil
        for n in axes.indices {
            var r = g
            for (m, e) in axes.enumerated() {
                r = r.convolved(axis: e, kernel: m == n ? second[m] : smooth[m], mode: mode, within: keep, restricted: Array(axes[..<m]) + (0..<3).filter { !axes.contains($0) })
            }
            total = total.map { $0.combined(with: r, +) } ?? r
        }
        guard let keep else { return total! }
        return FourierFilters.crop(total!, margin: keep.lower, size: keep.size)
    }

    /// scipy's `_gaussian_kernel1d`: order 0 is the unit-sum sampled Gaussian φ; order 2 is
    /// (x²/σ⁴ − 1/σ²)·φ.
    static func gaussianKernel(sigma: Double, truncate: Double, order: Int) -> [Double] {
        let radius = Int(truncate * sigma + 0.5)
        let xs = (-radius...radius).map(Double.init)
        var phi = xs.map { exp(-0.5 * $0 * $0 / (sigma * sigma)) }
        let sum = phi.reduce(0, +)
        phi = phi.map { $0 / sum }
        if order == 0 { return phi }
        let s2 = sigma * sigma
        return zip(xs, phi).map { x, p in (x * x / (s2 * s2) - 1 / s2) * p }
    }
}
