import Foundation

/// The pyradiomics recipe as the shared pipeline sees it: a parameter file becomes a
/// `RunConfiguration` whose `pyradiomics` value selects pyradiomics' definitions, its table
/// columns are known before the first case (so rows stream, resume and fill with NaN like the
/// IBSI mode's), and its image types are filter specs of the shared filter code.
extension PyRadiomicsParameters {
    /// Settings pyradiomics cannot run, or that we do not implement, found before any case is read.
    public func check() throws(RadiomicsError) {
        for type in imageTypes {
            let ts = type.settings
            switch type.kind {
            case .log:
                for sigma in ts.sigma where !(sigma > 0) { throw .usage("imageType 'LoG': sigma must be > 0, got \(sigma)") }
            case .wavelet:
                guard WaveletFamily(rawValue: ts.wavelet) != nil else {
                    throw .usage("imageType 'Wavelet': wavelet '\(ts.wavelet)' is not implemented (use one of \(WaveletFamily.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            case .lbp2D:
                // skimage local_binary_pattern per numpy slice along force2Ddimension.
                guard ts.lbp2DMethod == "uniform" else {
                    throw .usage("imageType 'LBP2D': lbp2DMethod '\(ts.lbp2DMethod)' is not implemented (only 'uniform')")
                }
                guard ts.force2Ddimension == 0 else {
                    throw .usage("imageType 'LBP2D': force2Ddimension \(ts.force2Ddimension) is not implemented (only 0)")
                }
            case .lbp3D:
                // lbp3DLevels 1 makes pyradiomics fail (its harmonics table is then 1-D: IndexError).
                guard ts.lbp3DLevels >= 2, ts.lbp3DIcosphereRadius > 0, (0...5).contains(ts.lbp3DIcosphereSubdivision) else {
                    throw .usage("imageType 'LBP3D': lbp3DLevels must be ≥ 2 (pyradiomics fails on 1), lbp3DIcosphereRadius > 0 and lbp3DIcosphereSubdivision 0…5")
                }
            default: break
            }
        }
    }

    /// The response maps of one image type, in pyradiomics' order: one filter spec each
    /// (LBP3D: its level maps then the kurtosis map, computed together). Without `size`, every
    /// σ of LoG; with it, those pyradiomics keeps for an image of that size and `spacing`.
    static func specs(_ type: ImageType, size: SIMD3<Int>? = nil, spacing: SIMD3<Double> = .one) -> [FilterSpec] {
        let ts = type.settings
        switch type.kind {
        case .original: return [.original]
        case .log:
            // pyradiomics skips LoG (with a warning) when an axis has fewer than 4 voxels, and a σ
            // with fewer than ⌈σ/spacing⌉ + 1 voxels on some axis.
            if let size, !(0..<3).allSatisfy({ size[$0] >= 4 }) { return [] }
            return ts.sigma.filter { sigma in
                guard let size else { return true }
                return (0..<3).allSatisfy { Double(size[$0]) >= (sigma / spacing[$0]).rounded(.up) + 1 }
            }.map { .pyradiomicsLoG(sigma: $0) }
        case .wavelet:
            guard let family = WaveletFamily(rawValue: ts.wavelet) else { return [] }
            // pywt keys per level: the 7 detail bands (numpy axes z, y, x), then the last approximation.
            // With force2D, pywt.swtn leaves out force2Ddimension (numpy axis: 0 = z, 1 = y, 2 = x):
            // the 3 two-letter bands, spelled with "-" at the axis left out (x, y, z order).
            let top = Swift.max(1, ts.level)
            let skipped: Int? = ts.force2D ? 2 - ts.force2Ddimension : nil
            func band(_ letters: [Character]) -> String {
                var it = letters.makeIterator()
                return String((0..<3).map { $0 == skipped ? "-" : it.next()! })
            }
            let n = skipped == nil ? 3 : 2
            let names = (0..<(1 << n)).map { code in band((0..<n).map { code >> (n - 1 - $0) & 1 == 1 ? "H" : "L" }) }
            var out: [FilterSpec] = []
            for level in 1...top {
                for b in names.dropFirst() {
                    out.append(.pyradiomicsWavelet(family: family, band: b, startLevel: ts.startLevel, level: level))
                }
            }
            return out + [.pyradiomicsWavelet(family: family, band: names[0], startLevel: ts.startLevel, level: top)]
        case .square: return [.square]
        case .squareRoot: return [.squareRoot]
        case .logarithm: return [.logarithm]
        case .exponential: return [.exponential]
        case .gradient: return [.gradient(useSpacing: ts.gradientUseSpacing)]
        case .lbp2D: return [.lbp2D(radius: ts.lbp2DRadius, samples: ts.lbp2DSamples)]
        case .lbp3D:
            let r = ts.lbp3DIcosphereRadius, sub = ts.lbp3DIcosphereSubdivision
            return (1...Swift.max(1, ts.lbp3DLevels)).map { .lbp3D(level: $0, radius: r, subdivisions: sub) } + [.lbp3DKurtosis(radius: r, subdivisions: sub)]
        }
    }

    /// The table columns, in the order `Extractor.extract(…, pyradiomics:)` produces them: numeric
    /// diagnostics, shape classes, then every image type × feature class. A value a case cannot
    /// have (a σ pyradiomics skips on a small image, shape2D on a thick ROI) is NaN in its row.
    public var columns: [String] {
        let s = settings
        var out: [String] = []
        if s.additionalInfo {
            out += ["Image-original_Mean", "Image-original_Minimum", "Image-original_Maximum",
                    "Mask-original_VoxelNum", "Mask-original_VolumeNum"].map { "diagnostics_" + $0 }
            if s.resampledPixelSpacing != nil {
                out += ["Image-interpolated_Mean", "Image-interpolated_Minimum", "Image-interpolated_Maximum",
                        "Mask-interpolated_VoxelNum", "Mask-interpolated_VolumeNum",
                        "Mask-interpolated_Mean", "Mask-interpolated_Minimum", "Mask-interpolated_Maximum"].map { "diagnostics_" + $0 }
            }
            if s.correctMask && s.resampledPixelSpacing == nil {
                out += ["VoxelNum", "VolumeNum", "Mean", "Minimum", "Maximum"].map { "diagnostics_Mask-corrected_" + $0 }
            }
            if s.resegmentRange != nil {
                out += ["VoxelNum", "VolumeNum", "Mean", "Minimum", "Maximum"].map { "diagnostics_Mask-resegmented_" + $0 }
            }
        }
        // shape2D whenever enabled: a 2D image has it without force2D.
        for (cls, list) in featureClasses where cls.hasPrefix("shape") {
            out += PyRadiomicsFeatureNames.enabled(cls, list: list).map { "original_\(cls)_\($0)" }
        }
        for type in imageTypes {
            for spec in Self.specs(type) {
                for (cls, list) in featureClasses where !cls.hasPrefix("shape") {
                    out += PyRadiomicsFeatureNames.enabled(cls, list: list).map { "\(spec.columnPrefix)_\(cls)_\($0)" }
                }
            }
        }
        return out
    }
}

extension RunConfiguration {
    /// A run of the pyradiomics recipe with these parameters.
    public static func pyradiomics(_ parameters: PyRadiomicsParameters) -> RunConfiguration {
        var settings = ExtractionSettings()
        settings.binOrigin = .roiMinimum
        var c = RunConfiguration(preset: "pyradiomics", settings: settings)
        c.pyradiomics = parameters
        return c
    }

    /// The identifying columns of a table: pyradiomics' `Image,Mask` and its batch `Label`
    /// (the label value, RTSTRUCT ROI name or SEG segment) in pyradiomics mode, so that a script
    /// written for pyradiomics' CSV reads ours; `id,image,mask,roi` otherwise. Batches add the ID first.
    public func keyNames(batch: Bool) -> [String] { Self.keyNames(batch: batch, pyradiomics: pyradiomics != nil) }

    public static func keyNames(batch: Bool, pyradiomics: Bool) -> [String] {
        if pyradiomics { return (batch ? ["ID"] : []) + ["Image", "Mask", "Label"] }
        return (batch ? ["id"] : []) + ["image", "mask", "roi"]
    }
}
