/// A table whose columns are fixed before the first row: identifying key columns, the feature
/// columns derived from the settings (`RunConfiguration.featureColumns`) and, for batches, a
/// trailing `error` column. Every row has every column (NaN-complete), so rows can be streamed
/// one at a time and appended later (`--resume`) with the same bytes an uninterrupted run writes.
public struct TableLayout: Sendable {
    public var keyNames: [String]
    public var columns: [String]
    public var format: TableFormat
    public var errorColumn: Bool
    /// Tags left out on purpose (a feature selection); `render` reports only the others.
    public var deselected: Set<String> = []
    /// A trailing `warnings` column (after `error`): set when the settings can warn (`GuardRails.canWarn`).
    public var warningsColumn = false

    public init(keyNames: [String], columns: [String], format: TableFormat, errorColumn: Bool) {
        self.keyNames = keyNames
        self.columns = columns
        self.format = format
        self.errorColumn = errorColumn
    }

    /// A layout with the columns of `configuration`.
    public init(keyNames: [String], configuration: RunConfiguration, format: TableFormat, errorColumn: Bool) {
        self.init(keyNames: keyNames, columns: configuration.featureColumns, format: format, errorColumn: errorColumn)
        if configuration.pyradiomics == nil { deselected = Set(FeatureCatalogue.tags(for: configuration.settings)).subtracting(columns) }
        warningsColumn = GuardRails.canWarn(configuration)
    }

    /// The header line(s); empty for JSON lines.
    public var header: String {
        let err = (errorColumn ? ["error"] : []) + (warningsColumn ? ["warnings"] : [])
        switch format {
        case .wide: return (keyNames + columns + err).map(csvField).joined(separator: ",") + "\n"
        case .long: return (keyNames + ["feature", "value"] + err).map(csvField).joined(separator: ",") + "\n"
        case .jsonl: return ""
        }
    }

    /// The line(s) of one image × ROI. `features` nil (a failed ROI) gives NaN everywhere.
    /// Returns the text and the produced tags that have no column (left out; the caller warns).
    public func render(keys: [String], features: [Feature]?, error: String?, warnings: [String] = []) -> (text: String, dropped: [String]) {
        var values: [String: Double] = [:]
        var dropped: [String] = []
        let known = Set(columns)
        for f in features ?? [] {
            values[f.tag] = f.value
            if !known.contains(f.tag), !deselected.contains(f.tag) { dropped.append(f.tag) }
        }
        // One line per row: an error never spans lines.
        let oneLineError = error.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }
        let warning = warnings.joined(separator: "; ")
        switch format {
        case .wide:
            var fields = keys.map(csvField) + columns.map { values[$0].map(formatValue) ?? "NaN" }
            if errorColumn { fields.append(csvField(oneLineError ?? "")) }
            if warningsColumn { fields.append(csvField(warning)) }
            return (fields.joined(separator: ",") + "\n", dropped)
        case .long:
            let prefix = keys.map(csvField).joined(separator: ",")
            let suffix = (errorColumn ? "," + csvField(oneLineError ?? "") : "") + (warningsColumn ? "," + csvField(warning) : "")
            var out = ""
            for c in columns {
                out += prefix + (prefix.isEmpty ? "" : ",") + csvField(c) + "," + (values[c].map(formatValue) ?? "NaN") + suffix + "\n"
            }
            return (out, dropped)
        case .jsonl:
            var parts = zip(keyNames, keys).map { "\(jsonString($0)):\(Self.jsonKey($0, $1))" }
            for c in columns {
                let v = values[c] ?? .nan
                parts.append("\(jsonString(c)):\(v.isFinite ? formatValue(v) : "null")")
            }
            if errorColumn { parts.append("\"error\":" + (oneLineError.map(jsonString) ?? "null")) }
            if warningsColumn { parts.append("\"warnings\":" + (warnings.isEmpty ? "null" : jsonString(warning))) }
            return ("{" + parts.joined(separator: ",") + "}\n", dropped)
        }
    }

    /// The start of every line `render` writes for a row whose first key is `key` (`--resume`
    /// recognises the rows of a case by it).
    public func linePrefix(firstKey key: String) -> String {
        switch format {
        case .wide, .long: return csvField(key) + ","
        case .jsonl: return "{" + jsonString(keyNames.first ?? "") + ":" + jsonString(key) + ","
        }
    }

    /// A label value as the ROI (`roi`, pyradiomics' `Label`) is a JSON number, as pandas and R
    /// read it from the CSV; an RTSTRUCT or SEG name stays a string. Every other key is a string.
    static func jsonKey(_ name: String, _ value: String) -> String {
        (name == "roi" || name == "Label") && Int(value).map(String.init) == value ? value : jsonString(value)
    }
}
