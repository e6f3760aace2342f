extension FeatureCatalogue {
    /// One row of `radiomics features`: a feature (or diagnostic) with its IBSI standing.
    public struct Listing: Sendable, Equatable, Encodable {
        public var tag: String
        public var name: String
        public var family: String
        /// Aggregation suffixes of the texture families (`_3D_avg` …), empty for the others.
        public var aggregations: [String]
        public var pyradiomics: String?
        public var ibsiIdentifier: String?
        public var standardised: Bool
        public var definition: String

        enum CodingKeys: String, CodingKey {
            case tag, name, family, aggregations, pyradiomics, ibsiIdentifier = "ibsi_id", standardised, definition
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(tag, forKey: .tag); try c.encode(name, forKey: .name); try c.encode(family, forKey: .family)
            try c.encode(aggregations, forKey: .aggregations)
            // null, not absent, so that every object has every key.
            try c.encode(pyradiomics, forKey: .pyradiomics); try c.encode(ibsiIdentifier, forKey: .ibsiIdentifier)
            try c.encode(standardised, forKey: .standardised); try c.encode(definition, forKey: .definition)
        }
    }

    /// Every feature, then the diagnostics, in output order.
    public static var listings: [Listing] {
        features.map { f in
            Listing(tag: f.stem, name: f.name, family: f.family.rawValue,
                    aggregations: aggregationSuffixes(f.family, dimension: .all).filter { !$0.isEmpty },
                    pyradiomics: f.pyradiomics, ibsiIdentifier: f.ibsiIdentifier,
                    standardised: f.ibsiIdentifier != nil, definition: f.definition)
        } + diagnosticTags.map(diagnosticListing)
    }

    /// A diagnostic tag spelled out: `int_mask_vox_count_reseg_roi` → "intensity mask voxel count
    /// after re-segmentation". The IBSI reference tables list them, without identifiers.
    static func diagnosticListing(_ tag: String) -> Listing {
        var parts = tag.split(separator: "_").map(String.init)
        let target = parts.removeLast()   // img | roi
        let stage = parts.removeLast()    // init | interp | reseg
        let stages = ["init": "initial", "interp": "after interpolation", "reseg": "after re-segmentation"]
        let subjects = ["int_mask": "intensity mask", "morph_mask": "morphological mask"]
        var subject = target == "img" ? "image" : "ROI"
        var rest = parts
        for (prefix, name) in subjects where tag.hasPrefix(prefix + "_") { subject = name; rest = Array(parts.dropFirst(2)) }
        let what: String
        switch rest.joined(separator: "_") {
        case let s where s.hasPrefix("img_dim_") || s.hasPrefix("dim_"): what = "size along \(s.suffix(1)) (voxels)"
        case let s where s.hasPrefix("vox_dim_"): what = "voxel spacing along \(s.suffix(1)) (mm)"
        case let s where s.hasPrefix("bb_dim_"): what = "bounding box size along \(s.suffix(1)) (voxels)"
        case "vox_count": what = "voxel count"
        case "mean_int": what = "mean intensity"
        case "min_int": what = "minimum intensity"
        case "max_int": what = "maximum intensity"
        default: what = rest.joined(separator: " ")
        }
        let name = "\(subject.prefix(1).uppercased() + subject.dropFirst()) \(what), \(stages[stage] ?? stage)"
        return Listing(tag: tag, name: name, family: "diagnostics", aggregations: [], pyradiomics: nil, ibsiIdentifier: nil,
                       standardised: false, definition: "\(what) of the \(subject), \(stages[stage] ?? stage) (IBSI diagnostic)")
    }
}
