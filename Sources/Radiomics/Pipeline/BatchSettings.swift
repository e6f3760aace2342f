import Foundation

/// Everything that decides a batch table's bytes apart from the manifest, as flat
/// `name → value` pairs, and their SHA-256. Two outputs may only be resumed into each other or
/// merged when the hashes agree; the pairs let an error name what differs.
///
/// Covered: every field of the resolved configuration (from its `Codable` form, so a field added
/// later is covered without a change here), the output format, the read limits, the tool
/// version and a hash of the feature catalogue (tags, families, names, definitions).
public struct BatchSettings: Codable, Sendable, Equatable {
    /// Dotted path → canonical JSON of the value (`configuration.settings.texture.glcmDistance` → `1`).
    public var values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    /// The settings of an IBSI-mode batch.
    public init(configuration: RunConfiguration, format: TableFormat, limits: ReadLimits) throws(RadiomicsError) {
        var values = Self.common(format: format.rawValue, limits: limits)
        let json: Data
        do { json = try Self.encoder.encode(configuration) } catch {
            throw RadiomicsError(.internal, "configuration cannot be encoded: \(error)")
        }
        Self.flatten(try Self.object(json), prefix: "configuration", into: &values)
        self.values = values
    }

    /// SHA-256 of the sorted `name=value` lines.
    public var sha256: String {
        SHA256.hex(Array(values.keys.sorted().map { "\($0)=\(values[$0]!)\n" }.joined().utf8))
    }

    /// One line per differing name, `name: earlier → this run` (absent values as `absent`), sorted.
    public func differences(from earlier: BatchSettings) -> [String] {
        Set(values.keys).union(earlier.values.keys).sorted().compactMap { key in
            let old = earlier.values[key], new = values[key]
            return old == new ? nil : "\(key): \(old ?? "absent") → \(new ?? "absent")"
        }
    }

    /// The catalogue's feature definitions, hashed: a release that renames or redefines a
    /// feature writes other numbers under possibly the same column.
    public static let catalogueSHA256: String = {
        let lines = FeatureCatalogue.features.map { "\($0.stem)\t\($0.family.rawValue)\t\($0.name)\t\($0.definition)\n" }
        return SHA256.hex(Array(lines.joined().utf8))
    }()

    static func common(format: String, limits: ReadLimits) -> [String: String] {
        var values = [
            "output.format": "\"\(format)\"",
            "read.max_voxels": String(limits.maxVoxels),
            "tool.version": "\"\(BuildInfo.version)\"",
            "tool.catalogue.sha256": "\"\(catalogueSHA256)\"",
        ]
        // Only when set: records written before the option existed keep their hash.
        if limits.maxLabels != ReadLimits.defaultMaxLabels { values["read.max_labels"] = String(limits.maxLabels) }
        return values
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Inf", negativeInfinity: "-Inf", nan: "NaN")
        return e
    }()

    static func object(_ json: Data) throws(RadiomicsError) -> Any {
        do { return try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) } catch {
            throw RadiomicsError(.internal, "configuration JSON cannot be read back: \(error)")
        }
    }

    /// Objects become dotted paths and arrays `[i]` paths; leaves keep their JSON text.
    static func flatten(_ value: Any, prefix: String, into out: inout [String: String]) {
        if let dict = value as? [String: Any] {
            if dict.isEmpty { out[prefix] = "{}" }
            for (k, v) in dict { flatten(v, prefix: prefix + "." + k, into: &out) }
        } else if let array = value as? [Any] {
            // Sets (`families`) encode in a per-process hash order, and no list of strings in
            // the configuration is ordered (columns follow the catalogue): one sorted leaf.
            if let strings = array as? [String] {
                let sorted = (try? JSONSerialization.data(withJSONObject: strings.sorted(), options: [.withoutEscapingSlashes])) ?? Data()
                out[prefix] = String(decoding: sorted, as: UTF8.self)
                return
            }
            if array.isEmpty { out[prefix] = "[]" }
            for (i, v) in array.enumerated() { flatten(v, prefix: "\(prefix)[\(i)]", into: &out) }
        } else {
            let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            out[prefix] = String(decoding: data, as: UTF8.self)
        }
    }
}
