/// Undecimated (à trous) separable wavelets with PyWavelets' decomposition filters.
public enum WaveletFamily: String, Sendable, Codable, CaseIterable {
    case haar, db1, db2, db3, sym2, sym3, coif1

    /// PyWavelets `dec_lo`.
    var lowPass: [Double] {
        switch self {
        case .haar, .db1: return [0.7071067811865476, 0.7071067811865476]
        case .db2, .sym2: return [-0.12940952255126037, 0.2241438680420134, 0.8365163037378079, 0.48296291314453416]
        case .db3, .sym3: return [0.03522629188570953, -0.08544127388202666, -0.13501102001025458,
                                  0.45987750211849154, 0.8068915093110925, 0.33267055295008263]
        case .coif1: return [-0.015655728135791993, -0.07273261951252645, 0.3848648468648578,
                             0.8525720202116004, 0.3378976624574818, -0.07273261951252645]
        }
    }

    /// PyWavelets `dec_hi`: the quadrature mirror, h[k] = (−1)^(k+1) · l[n−1−k].
    var highPass: [Double] {
        let l = lowPass, n = l.count
        return (0..<n).map { k in (k % 2 == 0 ? -1.0 : 1.0) * l[n - 1 - k] }
    }
}

/// IBSI 2 undecimated separable wavelet: sub-band letters in (i, j, k) order, level j filters
/// the level-(j−1) all-low output with filters upsampled by inserting 2^(j−1)−1 zeros after each
/// coefficient; placement as scipy's `convolve1d`. Rotation invariance averages the whole chain
/// over the right-angle rotations.
enum WaveletFilter {
    static func upsampled(_ w: [Double], level: Int) -> [Double] {
        let step = 1 << (level - 1)
        var out = [Double](repeating: 0, count: w.count * step)
        for (n, c) in w.enumerated() { out[n * step] = c }
        return out
    }

    static func apply(_ g: FilterGrid, family: WaveletFamily, band: [Bool], level: Int,
                      mode: BoundaryMode, invariant: Bool) -> FilterGrid {
        let dimension: FilterDimension = band.count == 2 ? .twoD : .threeD
        let chain = { (x: FilterGrid) -> FilterGrid in
            var r = x
            for lv in 1...level {
                let lo = upsampled(family.lowPass, level: lv), hi = upsampled(family.highPass, level: lv)
                for axis in 0..<band.count {
                    r = r.convolved(axis: axis, kernel: lv == level && band[axis] ? hi : lo, mode: mode)
                }
            }
            return r
        }
        if invariant {
            return pooledOverRotations(g, rotations: RightAngleRotation.set(for: dimension), pooling: .average, filter: chain)
        }
        return chain(g)
    }

    /// "LHL" → [false, true, false] (true = high pass).
    static func parseBand(_ s: String) throws(RadiomicsError) -> [Bool] {
        let u = s.uppercased()
        guard (u.count == 2 || u.count == 3), u.allSatisfy({ $0 == "L" || $0 == "H" }) else {
            throw .usage("wavelet sub-band '\(s)' must be 2 or 3 letters L/H, such as LHL")
        }
        return u.map { $0 == "H" }
    }
}
