/// pyradiomics' `firstorder` class: the IBSI intensity-statistics kernel with `Conventions.pyradiomics`
/// (kurtosis without −3, `voxelArrayShift` in energy and RMS), entropy and uniformity of
/// pyradiomics' own bins (ε in the logarithm), and TotalEnergy = V_voxel · Energy.
enum PyRadiomicsFirstOrder {
    /// Where an enabled feature's value comes from, resolved once per parameter file.
    enum Column: Sendable, Equatable {
        /// The IBSI statistic at this index of `IntensityStatistics.names`.
        case statistic(Int)
        case totalEnergy, standardDeviation, entropy, uniformity
        /// No such feature (a deprecated name, enabled by name): NaN.
        case none
    }

    static func columns(_ enabled: [String]) -> [Column] {
        enabled.map { name in
            switch name {
            case "TotalEnergy": .totalEnergy
            case "StandardDeviation": .standardDeviation
            case "Entropy": .entropy
            case "Uniformity": .uniformity
            // The others are IBSI statistics (`stat_*`); the catalogue names their pyradiomics columns.
            default: PyRadiomicsTexture.kernelNames["firstorder"]?[name].flatMap { IntensityStatistics.names.firstIndex(of: $0) }
                .map { .statistic($0) } ?? .none
            }
        }
    }

    /// - Parameters:
    ///   - values: intensities of the ROI voxels; `greyLevels`: their pyradiomics bins.
    ///   - voxelVolume: mm³ of one voxel (TotalEnergy).
    static func features(values: [Double], greyLevels: [Int], voxelVolume: Double, conventions c: Conventions,
                         enabled: [String]) -> [String: Double] {
        let v = compute(values: values, greyLevels: greyLevels, voxelVolume: voxelVolume, conventions: c, columns: columns(enabled))
        return Dictionary(uniqueKeysWithValues: zip(enabled, v).map { ($0, $1) })
    }

    /// The values of `columns`, in their order.
    /// Where energy and variance lie in `IntensityStatistics.names` (looked up once: a map asks per voxel).
    private static let energy = IntensityStatistics.names.firstIndex(of: "energy")!
    private static let variance = IntensityStatistics.names.firstIndex(of: "var")!

    static func compute(values: [Double], greyLevels: [Int], voxelVolume: Double, conventions c: Conventions,
                        columns: [Column]) -> [Double] {
        let v = IntensityStatistics.compute(values, conventions: c)
        let lo = greyLevels.min() ?? 0
        var counts = [Double](repeating: 0, count: (greyLevels.max() ?? 0) - lo + 1)
        for g in greyLevels { counts[g - lo] += 1 }
        let (entropy, uniformity) = values.isEmpty ? (.nan, .nan)
            : IntensityHistogram.entropyAndUniformity(counts, total: Double(values.count), logEpsilon: c.logEpsilon)
        let energy = Self.energy, variance = Self.variance
        return columns.map { column in
            switch column {
            case .statistic(let i): v[i]
            case .totalEnergy: v[energy] * voxelVolume                  // V_voxel Σ (X + c)²
            case .standardDeviation: v[variance].squareRoot()           // population σ
            case .entropy: entropy                                      // −Σ p log₂(p + ε)
            case .uniformity: uniformity                                // Σ p²
            case .none: .nan
            }
        }
    }
}
