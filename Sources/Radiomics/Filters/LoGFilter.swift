import Foundation

/// IBSI 2 Laplacian of Gaussian:
/// g(k) = −(1/σ²)·(2πσ²)^(−D/2)·(D − ‖k‖²/σ²)·exp(−‖k‖²/(2σ²)), σ in voxels per axis (σ mm / spacing),
/// cut off at radius ⌊truncate·σ + 0.5⌋ voxels. Computed separably as Σ_d ∂²G/∂x_d² with the
/// sampled 1D Gaussian normalised to unit sum (scipy `gaussian_laplace`), which matches the
/// continuous formula to < 10⁻⁶ relative for σ ≥ 1 voxel.
enum LoGFilter {
    static func apply(_ g: FilterGrid, sigma: Double, truncate: Double, dimension: FilterDimension,
                      mode: BoundaryMode) -> FilterGrid {
        let axes = dimension.axes
        let s = axes.map { sigma / g.spacing[$0] }
        let smooth = s.map { gaussianKernel(sigma: $0, truncate: truncate, order: 0) }
        let second = s.map { gaussianKernel(sigma: $0, truncate: truncate, order: 2) }
        var total: FilterGrid? = nil
        for (n, d) in axes.enumerated() {
            var r = g
            for (m, e) in axes.enumerated() {
                r = r.convolved(axis: e, kernel: m == n ? second[m] : smooth[m], mode: mode)
            }
            _ = d
            total = total.map { $0.combined(with: r, +) } ?? r
        }
        return total!
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
