import Foundation

/// A resolved `RunConfiguration` in the config file's own keys (README "Config files"), in the
/// README's order: what `--dump-config` prints as YAML (and `--config` reads back to the same
/// settings) and what the provenance sidecar records as JSON.
public indirect enum ConfigValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// A fixed word of the schema (`fixed_bin_size`, `3D`): written unquoted.
    case word(String)
    /// User text (patterns, ROI names): quoted in YAML.
    case text(String)
    case list([ConfigValue])
    case map([(String, ConfigValue)])

    public static func == (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.word(x), .word(y)), let (.text(x), .text(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        case let (.map(x), .map(y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: return false
        }
    }

    /// Block YAML; short maps and lists of scalars in flow style, as the README writes them.
    public func yaml(indent: Int = 0) -> String {
        guard case .map(let entries) = self else { return inline + "\n" }
        let pad = String(repeating: " ", count: indent)
        var out = ""
        for (key, value) in entries {
            switch value {
            case .map(let inner) where !value.isFlat || inner.count > 3:
                out += "\(pad)\(key):\n" + value.yaml(indent: indent + 2)
            case .list(let items) where !value.isFlat:
                out += "\(pad)\(key):\n"
                for item in items { out += "\(pad)  - " + item.inline + "\n" }
            default:
                out += "\(pad)\(key): \(value.inline)\n"
            }
        }
        return out
    }

    /// True when every member is a scalar.
    var isFlat: Bool {
        switch self {
        case .map(let e): return e.allSatisfy { if case .map = $0.1 { return false }; if case .list = $0.1 { return false }; return true }
        case .list(let items): return items.allSatisfy { if case .map = $0 { return false }; if case .list = $0 { return false }; return true }
        default: return true
        }
    }

    /// Flow style: `{method: fixed_bin_size, bin_size: 25}`, `[2, 2, 2]`, `"GTV-1"`.
    var inline: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return formatValue(d)
        case .word(let w): return w
        case .text(let s): return jsonString(s)   // a JSON string is a YAML double-quoted scalar
        case .list(let items): return "[" + items.map(\.inline).joined(separator: ", ") + "]"
        case .map(let e): return "{" + e.map { "\($0.0): \($0.1.inline)" }.joined(separator: ", ") + "}"
        }
    }
}

extension ConfigValue: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .map(let entries):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in entries { try c.encode(v, forKey: Key(stringValue: k)) }
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for v in items { try c.encode(v) }
        default:
            var c = encoder.singleValueContainer()
            switch self {
            case .null: try c.encodeNil()
            case .bool(let b): try c.encode(b)
            case .number(let d): try c.encode(d)
            case .word(let s), .text(let s): try c.encode(s)
            default: break
            }
        }
    }

    public init(from decoder: Decoder) throws {
        if let c = try? decoder.container(keyedBy: Key.self) {
            self = .map(try c.allKeys.sorted { $0.stringValue < $1.stringValue }.map { ($0.stringValue, try c.decode(ConfigValue.self, forKey: $0)) })
        } else if var c = try? decoder.unkeyedContainer() {
            var items: [ConfigValue] = []
            while !c.isAtEnd { items.append(try c.decode(ConfigValue.self)) }
            self = .list(items)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
        }
    }
}

extension RunConfiguration {
    /// The configuration in config-file keys. Every setting is written out, so the file does not
    /// depend on the preset's defaults; `preset:` is kept for what has no key (a preset's filter).
    public var document: ConfigValue {
        let s = settings
        var top: [(String, ConfigValue)] = [("preset", .word(preset)),
                                            ("round_initial_intensities", .bool(s.roundInitialIntensities))]
        if let i = s.interpolation {
            top.append(("interpolation", .map([
                ("spacing", .list([.number(i.spacing.x), .number(i.spacing.y), .number(i.spacing.z)])),
                ("in_plane_only", .bool(i.inPlaneOnly)), ("image_interpolator", .word(i.imageInterpolator.rawValue)),
                ("mask_interpolator", .word(i.maskInterpolator.rawValue)), ("round_intensities", .bool(i.roundIntensities)),
                ("partial_volume_threshold", .number(i.partialVolumeThreshold)),
            ])))
        } else {
            top.append(("interpolation", .word("none")))
        }
        if s.resegmentationLower == nil, s.resegmentationUpper == nil, s.outlierSigma == nil {
            top.append(("resegmentation", .word("none")))
        } else {
            top.append(("resegmentation", .map([
                ("range", .list([s.resegmentationLower.map(ConfigValue.number) ?? .null, s.resegmentationUpper.map(ConfigValue.number) ?? .null])),
                ("outlier_sigma", s.outlierSigma.map(ConfigValue.number) ?? .null),
            ])))
        }
        top.append(("discretisation", .map([("texture", Self.method(s.discretisation)), ("ivh", Self.method(s.ivhDiscretisation)),
                                            ("ivh_ignores_resegmentation_range", .bool(s.ivhIgnoresResegmentationRange)),
                                            ("bin_origin", .word(s.binOrigin.rawValue))])))
        top.append(("texture", .map([
            ("dimension", .word(s.textureDimension.rawValue)), ("glcm_distance", .number(Double(s.glcmDistance))),
            ("ngtdm_distance", .number(Double(s.ngtdmDistance))), ("ngldm_distance", .number(Double(s.ngldmDistance))),
            ("ngldm_coarseness", .number(Double(s.ngldmCoarseness))), ("gldm_alpha", .number(Double(s.gldmAlpha))),
        ])))
        top.append(("features", .map([
            // In the Family order, whatever order the set keeps them in.
            ("families", .list(s.families.sorted().map { .word($0.rawValue) })),
            ("include", .list(selection.include.map(ConfigValue.text))), ("exclude", .list(selection.exclude.map(ConfigValue.text))),
        ])))
        if let filter { top.append(("filter", Self.filter(filter))) }
        if !imageTypes.isEmpty { top.append(("image_types", .list(imageTypes.map(Self.filter)))) }
        top.append(("label", label.map(ConfigValue.text) ?? .null))
        if let roi { top.append(("roi", .text(roi))) }
        if let named = regions?.named, !named.isEmpty { top.append(("regions", Self.regionsDocument(named))) }
        // The pyradiomics recipe: its parameter file as read (keys sorted), in place of no key.
        if let pyradiomics, let json = try? JSONEncoder().encode(pyradiomics),
           let value = try? JSONDecoder().decode(ConfigValue.self, from: json) {
            top.append(("pyradiomics", value))
        }
        return .map(top)
    }

    /// `--dump-config`: YAML that `--config` accepts and that gives this configuration back.
    public var yaml: String {
        "# radiomics \(BuildInfo.version): resolved settings (radiomics extract/batch --config FILE)\n" + document.yaml()
    }

    static func method(_ d: ExtractionSettings.Discretisation) -> ConfigValue {
        switch d {
        case .none: return .map([("method", .word("none"))])
        case .fixedBinNumber(let n): return .map([("method", .word("fixed_bin_number")), ("bins", .number(Double(n)))])
        case .fixedBinSize(let w, let lower):
            return .map([("method", .word("fixed_bin_size")), ("bin_size", .number(w)), ("lower_bound", lower.map(ConfigValue.number) ?? .null)])
        }
    }

    static func filter(_ f: FilterConfig) -> ConfigValue {
        var e: [(String, ConfigValue)] = [("type", .word(f.type))]
        func add(_ k: String, _ v: ConfigValue?) { if let v { e.append((k, v)) } }
        add("boundary", f.boundary.map(ConfigValue.word)); add("support", f.support.map { .number(Double($0)) })
        add("sigma", f.sigma.map(ConfigValue.number)); add("cutoff", f.cutoff.map(ConfigValue.number))
        add("kernel", f.kernel.map(ConfigValue.text)); add("energy_distance", f.energyDistance.map { .number(Double($0)) })
        add("lambda", f.lambda.map(ConfigValue.number)); add("gamma", f.gamma.map(ConfigValue.number))
        add("theta_step", f.thetaStep.map(ConfigValue.number)); add("wavelet", f.wavelet.map(ConfigValue.text))
        add("level", f.level.map { .number(Double($0)) }); add("response", f.response.map(ConfigValue.text))
        add("rotation_invariant", f.rotationInvariant.map(ConfigValue.bool)); add("pooling", f.pooling.map(ConfigValue.word))
        add("in_plane", f.inPlane.map(ConfigValue.bool))
        return .map(e)
    }
}
