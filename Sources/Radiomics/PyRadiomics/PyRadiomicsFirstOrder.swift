/// pyradiomics' `firstorder` class: the IBSI intensity-statistics kernel with `Conventions.pyradiomics`
/// (kurtosis without −3, `voxelArrayShift` in energy and RMS), entropy and uniformity of
/// pyradiomics' own bins (ε in the logarithm), and TotalEnergy = V_voxel · Energy.
enum PyRadiomicsFirstOrder {

    /// - Parameters:
    ///   - values: intensities of the ROI voxels; `greyLevels`: their pyradiomics bins.
    ///   - voxelVolume: mm³ of one voxel (TotalEnergy).
    static func features(values: [Double], greyLevels: [Int], voxelVolume: Double, conventions c: Conventions,
                         enabled: [String]) -> [String: Double] {
        let v = IntensityStatistics.compute(values, conventions: c)
        let stat = { (name: String) in v[IntensityStatistics.names.firstIndex(of: name)!] }
        let lo = greyLevels.min() ?? 0
        var counts = [Double](repeating: 0, count: (greyLevels.max() ?? 0) - lo + 1)
        for g in greyLevels { counts[g - lo] += 1 }
        let (entropy, uniformity) = values.isEmpty ? (.nan, .nan)
            : IntensityHistogram.entropyAndUniformity(counts, total: Double(values.count), logEpsilon: c.logEpsilon)
        var out: [String: Double] = [:]
        for name in enabled {
            switch name {
            case "TotalEnergy": out[name] = stat("energy") * voxelVolume       // V_voxel Σ (X + c)²
            case "StandardDeviation": out[name] = stat("var").squareRoot()   // population σ
            case "Entropy": out[name] = entropy                              // −Σ p log₂(p + ε)
            case "Uniformity": out[name] = uniformity                        // Σ p²
            // The others are IBSI statistics (`stat_*`); the catalogue names their pyradiomics columns.
            default: out[name] = PyRadiomicsTexture.kernelNames["firstorder"]?[name].flatMap { IntensityStatistics.names.contains($0) ? stat($0) : nil } ?? .nan
            }
        }
        return out
    }
}
