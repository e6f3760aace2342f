/// The `filter:` section and `image_types:` entries of a config, turned into filter specs.
extension FilterConfig {
    /// The response map(s) this entry asks for: one, except a `pyradiomics-wavelet` without
    /// `response`, which gives pyradiomics' 8 first-level bands (LLL … HHH), and `lbp3d` without
    /// `response`, which gives its level maps and kurtosis map.
    public func specs() throws(RadiomicsError) -> [FilterSpec] {
        let padding: BoundaryMode = switch boundary ?? "mirror" {
        case "constant": .zero
        case "nearest": .nearest
        case "periodic": .periodic
        default: .mirror
        }
        let dimension: FilterDimension = inPlane == true ? .twoD : .threeD
        func need<T>(_ v: T?, _ key: String) throws(RadiomicsError) -> T {
            guard let v else { throw .usage("filter type '\(type)' needs '\(key)'") }
            return v
        }
        func family() throws(RadiomicsError) -> WaveletFamily {
            let name = wavelet ?? "coif1"
            guard let f = WaveletFamily(rawValue: name) else {
                throw .usage("unknown wavelet '\(name)' (known: \(WaveletFamily.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return f
        }
        func band(_ length: Int) throws(RadiomicsError) -> String {
            let b = try need(response, "response").uppercased()
            guard b.count == length, b.allSatisfy({ $0 == "L" || $0 == "H" }) else {
                throw .usage("wavelet response '\(b)' must be \(length) letters L/H")
            }
            return b
        }
        switch type {
        case "none", "original": return [.original]
        case "mean": return [.mean(support: try need(support, "support"), dimension: dimension, padding: padding)]
        case "log":
            return [.laplacianOfGaussian(sigma: try need(sigma, "sigma"), truncate: cutoff ?? 4, dimension: dimension, padding: padding)]
        case "laws":
            let pooling = rotationInvariant == true ? Pooling(rawValue: self.pooling ?? "max") : nil
            return [.laws(kernel: try need(kernel, "kernel").uppercased(), dimension: dimension, padding: padding,
                          pooling: pooling, energyDistance: energyDistance)]
        case "gabor":
            let step = thetaStep.map { $0 * .pi / 180 }
            return [.gabor(sigma: try need(sigma, "sigma"), lambda: try need(lambda, "lambda"), gamma: gamma ?? 1, theta: 0,
                           thetaStep: step, dimension: dimension, padding: padding)]
        case "wavelet":
            return [.wavelet(family: try family(), band: try band(inPlane == true ? 2 : 3), level: level ?? 1,
                             invariant: rotationInvariant ?? false, padding: padding)]
        case "simoncelli": return [.simoncelli(level: level ?? 1, dimension: dimension, padding: padding)]
        case "pyradiomics-log": return [.pyradiomicsLoG(sigma: try need(sigma, "sigma"))]
        case "pyradiomics-wavelet":
            let f = try family()
            let bands = response == nil ? ["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL"] : [try band(3)]
            return bands.map { .pyradiomicsWavelet(family: f, band: $0, startLevel: 0, level: level ?? 1) }
        case "square": return [.square]
        case "squareroot": return [.squareRoot]
        case "logarithm": return [.logarithm]
        case "exponential": return [.exponential]
        case "gradient": return [.gradient(useSpacing: true)]
        case "lbp2d": return [.lbp2D(radius: 1, samples: 8)]
        case "lbp3d":
            // pyradiomics LBP3D with its defaults (icosphere radius 1, subdivision 1): the maps
            // lbp-3D-m1 … m<level> (level: lbp3DLevels, default 2) and lbp-3D-k, or the one `response` names.
            let levels = level ?? 2
            guard levels >= 1 else { throw .usage("filter type 'lbp3d': level must be ≥ 1") }
            let all: [FilterSpec] = (1...levels).map { .lbp3D(level: $0, radius: 1, subdivisions: 1) } + [.lbp3DKurtosis(radius: 1, subdivisions: 1)]
            guard let r = response?.lowercased() else { return all }
            guard let pick = all.first(where: { $0.columnPrefix == "lbp-3D-\(r)" }) else {
                throw .usage("filter type 'lbp3d': response '\(r)' must be one of \(all.map { String($0.columnPrefix.dropFirst(7)) }.joined(separator: ", "))")
            }
            return [pick]
        default: throw .usage("unknown filter type '\(type)'")
        }
    }
}

extension RunConfiguration {
    /// One extraction per image type: the column prefix (empty for the original image) and the
    /// settings it runs with. Filtered images skip diagnostics and morphology, which do not
    /// depend on intensities (as pyradiomics computes shape on the original image only).
    public func imageTypeRuns() throws(RadiomicsError) -> [(prefix: String, settings: ExtractionSettings)] {
        guard !imageTypes.isEmpty else { return [("", settings)] }
        var runs: [(prefix: String, settings: ExtractionSettings)] = []
        for entry in imageTypes {
            for spec in try entry.specs() {
                var s = settings
                if spec == .original {
                    s.filter = nil
                    runs.append(("", s))
                } else {
                    s.filter = spec
                    s.families.subtract([.diagnostics, .morphology])
                    runs.append((spec.columnPrefix + "_", s))
                }
            }
        }
        return runs
    }

    /// Features of one ROI over every image type, tags prefixed by image type (or the pyradiomics recipe's).
    public func extract(image: ImageVolume, mask: MaskVolume, imageFile: String?, maskFile: String?,
                        times: StageTimes? = nil, shape: MorphologyShape? = nil,
                        whole: Preprocessor.WholeImage? = nil) throws(RadiomicsError) -> [Feature] {
        if let pyradiomics {
            return try Extractor.extract(image: image, mask: mask, imageFile: imageFile, maskFile: maskFile,
                                         pyradiomics: pyradiomics, times: times, minROIVoxels: minROIVoxels, whole: whole)
        }
        let runs = try imageTypeRuns().map { Extractor.Run(prefix: $0.prefix, settings: $0.settings) }
        return try Extractor.extract(image: image, mask: mask, runs: runs, imageFile: imageFile, maskFile: maskFile, times: times, shape: shape,
                                     minROIVoxels: minROIVoxels, whole: whole)
    }

    /// The smallest processed ROI accepted (`GuardRails.minROIVoxels`).
    public var minROIVoxels: Int { guards?.minROIVoxels ?? GuardRails.defaultMinROIVoxels }

    /// The mask-only morphology of `mask` as `extract` will need it, when it can be computed
    /// before the image is read: morphology requested and no interpolation (which needs the
    /// image's grid); nil otherwise. Without re-segmentation the intensity mask is the
    /// morphological one, and the mask part of Moran's I and Geary's C is computed too when
    /// `spectrum` (a padded complex grid of 16 bytes per point, ~8× the ROI box: held until the
    /// ROI is extracted, so not for every ROI of a many-label map at once).
    public func morphologyShape(_ mask: MaskVolume, spectrum: Bool = true) -> MorphologyShape? {
        guard pyradiomics == nil, let runs = try? imageTypeRuns(), runs.contains(where: { $0.settings.families.contains(.morphology) }),
              let morph = Preprocessor.morphologicalMask(mask, settings: settings) else { return nil }
        var shape = MorphologyShape(morph)
        if spectrum && settings.resegmentationLower == nil && settings.resegmentationUpper == nil && settings.outlierSigma == nil {
            shape.spectrum = SpatialAutocorrelation.MaskSpectrum(intensityMask: morph, geometry: morph.geometry)
        }
        return shape
    }
}
