import Foundation
import Yams

/// Reads a YAML config file (schema in the README), or a pyradiomics parameter file (recognised
/// by its `imageType`/`featureClass`/`setting` keys), into a `RunConfiguration`.
///
/// Every key is checked: an unknown key, a wrong type or an out-of-range number is an error
/// naming the file, the line and the key's dotted path (`config.yaml:12: unknown key
/// 'setting.binwidth'`). Anchors/aliases, deep nesting and files over 1 MiB are refused before
/// parsing, so a hostile file gives an error, never a crash.
public enum ConfigFile {
    public static let maxBytes = 1 << 20
    public static let maxNesting = 16

    /// `warn` receives each deprecation, one line naming the file and line.
    public static func load(_ path: String, basePreset: String? = nil,
                            warn: (String) -> Void = { _ in }) throws(RadiomicsError) -> RunConfiguration {
        let data = try readFile(path)
        guard data.count <= maxBytes else { throw RadiomicsError(.usage, file: path, "config file is larger than 1 MiB") }
        guard let text = String(data: data, encoding: .utf8) else { throw RadiomicsError(.usage, file: path, "config file is not UTF-8 text") }
        return try parse(text, file: path, basePreset: basePreset, warn: warn)
    }

    public static func parse(_ text: String, file: String, basePreset: String? = nil,
                             warn: (String) -> Void = { _ in }) throws(RadiomicsError) -> RunConfiguration {
        try prescan(text, file: file)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            // A config error like any other (exit 64), as the README lists them.
            throw RadiomicsError(.usage, file: file, "not valid YAML: " + String(describing: error).split(separator: "\n").joined(separator: " "))
        }
        guard let root else { return try RunConfiguration.preset(basePreset ?? "default") }
        let r = Reader(file: file)
        let top = try r.mapping(root, path: "")
        let keys = Set(top.compactMap { $0.key.scalar?.string })
        // The one place a pyradiomics parameter file is recognised: its top-level keys.
        if !keys.isDisjoint(with: PyRadiomicsParameters.topLevelKeys) {
            if let basePreset { throw .usage("\(file): a pyradiomics parameter file cannot be combined with --preset \(basePreset)") }
            return .pyradiomics(try PyRadiomicsParameters.parse(root: root, file: file))
        }
        var presetName = basePreset ?? "default"
        if let node = top["preset"] {
            let named = try r.string(node, path: "preset")
            if let basePreset, basePreset != named {
                throw r.error(node, "'preset' is '\(named)' but --preset \(basePreset) was given; use one")
            }
            presetName = named
        }
        guard let p = Presets.named(presetName) else {
            throw r.error(top["preset"] ?? root, "unknown preset '\(presetName)' (see 'radiomics presets')")
        }
        if let node = top["flavour"] {
            // `flavour` is the whole recipe on the command line; in a config it only ever set this.
            if top["discretisation"]?.mapping?["bin_origin"] != nil {
                throw r.error(node, "'flavour' and 'discretisation.bin_origin' set the same thing; keep 'discretisation.bin_origin'")
            }
            warn("\(r.line(node)): 'flavour' in a config is deprecated: use 'discretisation.bin_origin: resegmentation_range' (for ibsi) or 'roi_minimum' (for pyradiomics); the recipe is chosen by extract --flavour or a pyradiomics parameter file")
        }
        var config = RunConfiguration(preset: p.name, settings: p.settings)
        try apply(top, to: &config, r)
        return config
    }

    // MARK: - Sections

    static func apply(_ top: Node.Mapping, to c: inout RunConfiguration, _ r: Reader) throws(RadiomicsError) {
        for (keyNode, value) in top {
            let key = try r.key(keyNode, path: "")
            switch key {
            case "preset": break
            case "flavour":
                // Deprecated (`parse` warns): it only ever chose where fixed-bin-size bins start.
                let old = try r.choice(value, path: key, ["ibsi", "pyradiomics"])
                c.settings.binOrigin = old == "ibsi" ? .resegmentationRange : .roiMinimum
            case "round_initial_intensities": c.settings.roundInitialIntensities = try r.bool(value, path: key)
            case "interpolation": c.settings.interpolation = try interpolation(value, r)
            case "resegmentation": try resegmentation(value, &c.settings, r)
            case "discretisation": try discretisation(value, &c.settings, r)
            case "texture": try texture(value, &c.settings, r)
            case "features": try features(value, &c, r)
            case "filter":
                c.filter = try filter(value, r)
                if let f = c.filter {
                    let specs = try f.specs()
                    guard specs.count == 1 else { throw r.error(value, "'filter' gives one response map; list several under 'image_types'") }
                    c.settings.filter = specs[0] == .original ? nil : specs[0]
                }
            case "image_types":
                guard let items = value.sequence else { throw r.error(value, "'image_types' must be a list of filter sections") }
                c.imageTypes = []
                for (n, item) in items.enumerated() {
                    guard let f = try filter(item, r, path: "image_types[\(n)]") else { continue }
                    _ = try f.specs()
                    c.imageTypes.append(f)
                }
            case "label":
                if r.isNull(value) { c.label = nil; break }
                let s = try r.string(value, path: key)
                guard s == "all" || Int(s) != nil else { throw r.error(value, "'label' must be an integer or 'all', not '\(s)'") }
                c.label = s
            case "roi": c.roi = r.isNull(value) ? nil : try r.string(value, path: key)
            case "preprocess": c.preprocess = try preprocess(value, r)
            case "regions":
                var plan = c.regions ?? RegionPlan()
                plan.named = try regions(value, r)
                c.regions = plan
            default: throw r.unknown(keyNode, key)
            }
        }
        if c.label != nil, c.roi != nil { throw .usage("\(r.file): give 'label' or 'roi', not both") }
    }

    static func interpolation(_ node: Node, _ r: Reader) throws(RadiomicsError) -> ExtractionSettings.Interpolation? {
        if r.isNull(node) || node.scalar?.string == "none" { return nil }
        let m = try r.mapping(node, path: "interpolation")
        guard let spacingNode = m["spacing"] else { throw r.error(node, "'interpolation.spacing' is required") }
        var it = ExtractionSettings.Interpolation(spacing: try spacing(spacingNode, r))
        for (k, v) in m {
            let key = try r.key(k, path: "interpolation"), path = "interpolation." + key
            switch key {
            case "spacing": break
            case "in_plane_only": it.inPlaneOnly = try r.bool(v, path: path)
            case "image_interpolator": it.imageInterpolator = try r.choice(v, path: path, ExtractionSettings.Interpolator.allCases)
            case "mask_interpolator": it.maskInterpolator = try r.choice(v, path: path, ExtractionSettings.Interpolator.allCases)
            case "round_intensities": it.roundIntensities = try r.bool(v, path: path)
            case "partial_volume_threshold": it.partialVolumeThreshold = try r.double(v, path: path, 0...1)
            default: throw r.unknown(k, path)
            }
        }
        return it
    }

    static func spacing(_ node: Node, _ r: Reader) throws(RadiomicsError) -> SIMD3<Double> {
        let range = 1e-3...1e3
        if node.scalar != nil {
            let s = try r.double(node, path: "interpolation.spacing", range)
            return SIMD3(repeating: s)
        }
        let items = try r.sequence(node, path: "interpolation.spacing")
        guard items.count == 3 else { throw r.error(node, "'interpolation.spacing' must be one number or [x, y, z] in mm") }
        return SIMD3(try r.double(items[0], path: "interpolation.spacing", range), try r.double(items[1], path: "interpolation.spacing", range),
                     try r.double(items[2], path: "interpolation.spacing", range))
    }

    static func resegmentation(_ node: Node, _ s: inout ExtractionSettings, _ r: Reader) throws(RadiomicsError) {
        if r.isNull(node) || node.scalar?.string == "none" {
            s.resegmentationLower = nil; s.resegmentationUpper = nil; s.outlierSigma = nil
            return
        }
        let intensity = -1e12...1e12
        for (k, v) in try r.mapping(node, path: "resegmentation") {
            let key = try r.key(k, path: "resegmentation"), path = "resegmentation." + key
            switch key {
            case "range":
                let items = try r.sequence(v, path: path)
                guard items.count == 2 else { throw r.error(v, "'\(path)' must be [lower, upper] (null for an open bound)") }
                s.resegmentationLower = r.isNull(items[0]) ? nil : try r.double(items[0], path: path, intensity)
                s.resegmentationUpper = r.isNull(items[1]) ? nil : try r.double(items[1], path: path, intensity)
                if let lo = s.resegmentationLower, let hi = s.resegmentationUpper, lo > hi {
                    throw r.error(v, "'\(path)': lower bound \(lo) is above upper bound \(hi)")
                }
            case "outlier_sigma": s.outlierSigma = r.isNull(v) ? nil : try r.double(v, path: path, 0.1...100)
            default: throw r.unknown(k, path)
            }
        }
    }

    static func discretisation(_ node: Node, _ s: inout ExtractionSettings, _ r: Reader) throws(RadiomicsError) {
        for (k, v) in try r.mapping(node, path: "discretisation") {
            let key = try r.key(k, path: "discretisation"), path = "discretisation." + key
            switch key {
            case "texture": s.discretisation = try method(v, path: path, r)
            case "ivh": s.ivhDiscretisation = try method(v, path: path, r)
            case "ivh_ignores_resegmentation_range": s.ivhIgnoresResegmentationRange = try r.bool(v, path: path)
            case "bin_origin": s.binOrigin = try r.choice(v, path: path, ExtractionSettings.BinOrigin.allCases)
            default: throw r.unknown(k, path)
            }
        }
    }

    /// `{method: fixed_bin_size, bin_size: 25, lower_bound: -1000}`, `{method: fixed_bin_number, bins: 32}` or `{method: none}` / `none`.
    static func method(_ node: Node, path: String, _ r: Reader) throws(RadiomicsError) -> ExtractionSettings.Discretisation {
        if node.scalar?.string == "none" { return .none }
        let m = try r.mapping(node, path: path)
        guard let methodNode = m["method"] else { throw r.error(node, "'\(path).method' is required (fixed_bin_size, fixed_bin_number or none)") }
        let name = try r.string(methodNode, path: path + ".method")
        let allowed: [String]
        switch name {
        case "none": allowed = []
        case "fixed_bin_number": allowed = ["bins"]
        case "fixed_bin_size": allowed = ["bin_size", "lower_bound"]
        default:
            throw r.error(methodNode, "'\(path).method' must be fixed_bin_size, fixed_bin_number or none, not '\(name)'")
        }
        // Unknown keys first: a typo ('binsize') is the real problem, not the missing 'bin_size'.
        for (k, _) in m {
            let key = try r.key(k, path: path)
            if key != "method", !allowed.contains(key) { throw r.unknown(k, path + "." + key) }
        }
        let result: ExtractionSettings.Discretisation
        switch name {
        case "fixed_bin_number":
            guard let b = m["bins"] else { throw r.error(node, "'\(path).bins' is required for fixed_bin_number") }
            result = .fixedBinNumber(try r.int(b, path: path + ".bins", 1...1_000_000))
        case "fixed_bin_size":
            guard let w = m["bin_size"] else { throw r.error(node, "'\(path).bin_size' is required for fixed_bin_size") }
            let lower = try m["lower_bound"].flatMap { n throws(RadiomicsError) in r.isNull(n) ? nil : try r.double(n, path: path + ".lower_bound", -1e12...1e12) }
            result = .fixedBinSize(try r.double(w, path: path + ".bin_size", 1e-9...1e12), lowerBound: lower)
        default: result = .none
        }
        return result
    }

    static func texture(_ node: Node, _ s: inout ExtractionSettings, _ r: Reader) throws(RadiomicsError) {
        for (k, v) in try r.mapping(node, path: "texture") {
            let key = try r.key(k, path: "texture"), path = "texture." + key
            switch key {
            case "dimension": s.textureDimension = try r.choice(v, path: path, ExtractionSettings.TextureDimension.allCases)
            case "glcm_distance": s.glcmDistance = try r.int(v, path: path, 1...100)
            case "ngtdm_distance": s.ngtdmDistance = try r.int(v, path: path, 1...100)
            case "ngldm_distance": s.ngldmDistance = try r.int(v, path: path, 1...100)
            case "ngldm_coarseness": s.ngldmCoarseness = try r.int(v, path: path, 0...1_000_000)
            case "gldm_alpha": s.gldmAlpha = try r.int(v, path: path, 0...1_000_000)
            default: throw r.unknown(k, path)
            }
        }
    }

    static func features(_ node: Node, _ c: inout RunConfiguration, _ r: Reader) throws(RadiomicsError) {
        for (k, v) in try r.mapping(node, path: "features") {
            let key = try r.key(k, path: "features"), path = "features." + key
            switch key {
            case "families":
                if v.scalar?.string == "all" { c.settings.families = Set(ExtractionSettings.Family.allCases); break }
                var set = Set<ExtractionSettings.Family>()
                for item in try r.sequence(v, path: path) { set.insert(try r.choice(item, path: path, ExtractionSettings.Family.allCases)) }
                c.settings.families = set
            case "include", "exclude":
                var patterns: [String] = []
                for item in try r.sequence(v, path: path) {
                    let p = try r.string(item, path: path)
                    guard !p.isEmpty, p.count <= 200 else { throw r.error(item, "'\(path)' patterns must be 1 to 200 characters") }
                    patterns.append(p)
                }
                if key == "include" { c.selection.include = patterns } else { c.selection.exclude = patterns }
            default: throw r.unknown(k, path)
            }
        }
    }

    static func filter(_ node: Node, _ r: Reader, path section: String = "filter") throws(RadiomicsError) -> FilterConfig? {
        if r.isNull(node) || node.scalar?.string == "none" { return nil }
        if node.scalar != nil, section != "filter" {
            // A bare image type name in a list: `- original`, `- square`.
            return FilterConfig(type: try r.choice(node, path: section, FilterConfig.types))
        }
        let m = try r.mapping(node, path: section)
        guard let typeNode = m["type"] else { throw r.error(node, "'\(section).type' is required (\(FilterConfig.types.joined(separator: ", ")))") }
        var f = FilterConfig(type: try r.choice(typeNode, path: section + ".type", FilterConfig.types))
        for (k, v) in m {
            let key = try r.key(k, path: section), path = section + "." + key
            switch key {
            case "type": break
            case "boundary": f.boundary = try r.choice(v, path: path, FilterConfig.boundaries)
            case "support": f.support = try r.int(v, path: path, 1...1001)
            case "sigma": f.sigma = try r.double(v, path: path, 1e-6...1e4)
            case "cutoff": f.cutoff = try r.double(v, path: path, 0.1...100)
            case "kernel": f.kernel = try r.string(v, path: path)
            case "energy_distance": f.energyDistance = try r.int(v, path: path, 0...1000)
            case "lambda": f.lambda = try r.double(v, path: path, 1e-6...1e4)
            case "gamma": f.gamma = try r.double(v, path: path, 1e-6...1e4)
            case "theta_step": f.thetaStep = try r.double(v, path: path, 1e-3...360)
            case "wavelet": f.wavelet = try r.string(v, path: path)
            case "level": f.level = try r.int(v, path: path, 1...16)
            case "response": f.response = try r.string(v, path: path)
            case "rotation_invariant": f.rotationInvariant = try r.bool(v, path: path)
            case "pooling": f.pooling = try r.choice(v, path: path, FilterConfig.poolings)
            case "in_plane": f.inPlane = try r.bool(v, path: path)
            default: throw r.unknown(k, path)
            }
        }
        return f
    }
}
