import Foundation

/// IBSI 2 Laws kernels: outer products of normalised 1D kernels (first name along i, second
/// along j, third along k), applied as a true convolution, optionally pooled over right-angle
/// rotations and followed by the energy map.
enum LawsFilter {
    /// The 1D Laws kernels before normalisation.
    static let kernels: [String: [Double]] = [
        "L3": [1, 2, 1], "E3": [-1, 0, 1], "S3": [-1, 2, -1],
        "L5": [1, 4, 6, 4, 1], "E5": [-1, -2, 0, 2, 1], "S5": [-1, 0, 2, 0, -1],
        "W5": [-1, 2, 0, -2, 1], "R5": [1, -4, 6, -4, 1],
    ]

    /// Splits e.g. "E5L5S5" into its 1D kernels, each divided by its Euclidean norm.
    static func parse(_ name: String) throws(RadiomicsError) -> [[Double]] {
        let chars = Array(name.uppercased())
        guard chars.count % 2 == 0, !chars.isEmpty else { throw .usage("Laws kernel '\(name)' is not a list like E5L5S5") }
        var out: [[Double]] = []
        for n in stride(from: 0, to: chars.count, by: 2) {
            let key = String(chars[n..<n + 2])
            guard let k = kernels[key] else { throw .usage("unknown Laws kernel '\(key)' in '\(name)' (L3 E3 S3 L5 E5 S5 W5 R5)") }
            let norm = sqrt(k.reduce(0) { $0 + $1 * $1 })
            out.append(k.map { $0 / norm })
        }
        return out
    }

    static func apply(_ g: FilterGrid, kernel: [[Double]], dimension: FilterDimension, mode: BoundaryMode,
                      pooling: Pooling?, energyDistance: Int?) -> FilterGrid {
        let filter = { (x: FilterGrid) -> FilterGrid in
            var r = x
            for (axis, w) in kernel.enumerated() { r = r.convolved(axis: axis, kernel: w, mode: mode) }
            return r
        }
        var response: FilterGrid
        if let pooling {
            response = pooledOverRotations(g, rotations: RightAngleRotation.set(for: dimension), pooling: pooling, filter: filter)
        } else {
            response = filter(g)
        }
        if let delta = energyDistance {
            response = MeanFilter.apply(response.map { Swift.abs($0) }, support: 2 * delta + 1, dimension: dimension, mode: mode)
        }
        return response
    }
}
