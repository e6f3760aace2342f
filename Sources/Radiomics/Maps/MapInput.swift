import Foundation

extension FeatureMaps {
    /// The image and the one ROI a map or habitat run works on, read as `extract` reads them
    /// (pyradiomics' reader in pyradiomics mode).
    public static func readInput(image: String, mask: String, selection: ROISelection, options: ReadOptions,
                                 configuration: RunConfiguration) throws(RadiomicsError) -> (ImageVolume, NamedMask) {
        let (img, masks): (ImageVolume, [NamedMask])
        if let p = configuration.pyradiomics {
            let sel: ROISelection = if case .automatic = selection { .label(p.settings.label) } else { selection }
            (img, masks) = try MaskIO.readImageAndMasks(image: image, mask: mask, selection: sel, options: options, pyradiomics: p.settings)
        } else {
            (img, masks) = try MaskIO.readImageAndMasks(image: image, mask: mask, selection: selection, options: options)
        }
        guard masks.count == 1 else {
            throw .usage("\(mask): maps need one ROI, not \(masks.count) (choose one with --label or --roi)")
        }
        return (img, masks[0])
    }

    /// Keeps only the features whose column matches one of `patterns` (`*` globs, full column
    /// name or IBSI stem); empty keeps all. A pattern that matches nothing is a usage error.
    public static func selecting(_ patterns: [String], in configuration: RunConfiguration) throws(RadiomicsError) -> RunConfiguration {
        guard !patterns.isEmpty else { return configuration }
        var c = configuration
        if var p = c.pyradiomics {
            let known = p.featureClasses.filter { !$0.name.hasPrefix("shape") }
                .flatMap { cls in PyRadiomicsFeatureNames.enabled(cls.name, list: cls.features).map { "original_\(cls.name)_\($0)" } }
            if let bad = patterns.first(where: { pat in !known.contains { FeatureSelection.glob(pat, $0) } }) {
                throw .usage("--features: '\(bad)' matches no map of these settings")
            }
            p.featureClasses = p.featureClasses.compactMap { cls in
                guard !cls.name.hasPrefix("shape") else { return nil }
                let kept = PyRadiomicsFeatureNames.enabled(cls.name, list: cls.features)
                    .filter { name in patterns.contains { FeatureSelection.glob($0, "original_\(cls.name)_\(name)") } }
                return kept.isEmpty ? nil : (cls.name, kept)
            }
            c.pyradiomics = p
            return c
        }
        c.selection.include = patterns
        try c.checkSupported()
        return c
    }
}
