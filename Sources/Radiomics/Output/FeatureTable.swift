import Foundation

/// One output row: the features of one image × ROI, with the columns that identify it.
public struct FeatureRow: Sendable, Equatable {
    /// Identifying columns, in order (e.g. `image`, `mask`, `roi`).
    public var keys: [(String, String)]
    public var features: [Feature]

    public init(keys: [(String, String)], features: [Feature]) {
        self.keys = keys
        self.features = features
    }

    public static func == (a: FeatureRow, b: FeatureRow) -> Bool {
        a.keys.elementsEqual(b.keys, by: { $0 == $1 }) && a.features == b.features
    }
}

/// Formats numbers the same way everywhere: the shortest decimal that reads back as the same
/// Double, `NaN` for not-a-number, `Inf`/`-Inf` for infinities (pandas and R read all three).
public func formatValue(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
    if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

/// RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled.
public func csvField(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
}

public enum TableFormat: String, Sendable, CaseIterable {
    /// One row per image × ROI, one column per feature.
    case wide
    /// One row per feature: identifying columns, then `feature` and `value`.
    case long
    /// One JSON object per image × ROI per line.
    case jsonl
}

/// Renders rows as CSV (wide or long) or JSON lines. Wide output is NaN-complete: the column set
/// is the union of every row's features in first-seen order, and a row lacking one gets NaN.
public enum TableWriter {
    public static func render(_ rows: [FeatureRow], format: TableFormat) -> String {
        var out = ""
        switch format {
        case .wide:
            out += header(rows).map(csvField).joined(separator: ",") + "\n"
            let columns = featureColumns(rows)
            for row in rows { out += wideLine(row, columns: columns) }
        case .long:
            let keyNames = rows.first?.keys.map(\.0) ?? []
            out += (keyNames + ["feature", "value"]).map(csvField).joined(separator: ",") + "\n"
            for row in rows {
                let prefix = row.keys.map { csvField($0.1) }.joined(separator: ",")
                for f in row.features { out += prefix + (prefix.isEmpty ? "" : ",") + csvField(f.tag) + "," + formatValue(f.value) + "\n" }
            }
        case .jsonl:
            for row in rows { out += jsonLine(row) }
        }
        return out
    }

    public static func featureColumns(_ rows: [FeatureRow]) -> [String] {
        var seen = Set<String>(), columns: [String] = []
        for row in rows { for f in row.features where seen.insert(f.tag).inserted { columns.append(f.tag) } }
        return columns
    }

    public static func header(_ rows: [FeatureRow]) -> [String] {
        (rows.first?.keys.map(\.0) ?? []) + featureColumns(rows)
    }

    public static func wideLine(_ row: FeatureRow, columns: [String]) -> String {
        var values: [String: Double] = [:]
        for f in row.features { values[f.tag] = f.value }
        let fields = row.keys.map { csvField($0.1) } + columns.map { values[$0].map(formatValue) ?? "NaN" }
        return fields.joined(separator: ",") + "\n"
    }

    public static func jsonLine(_ row: FeatureRow) -> String {
        var parts = row.keys.map { "\(jsonString($0.0)):\(jsonString($0.1))" }
        for f in row.features {
            // JSON has no NaN/Inf: they become null.
            parts.append("\(jsonString(f.tag)):\(f.value.isFinite ? formatValue(f.value) : "null")")
        }
        return "{" + parts.joined(separator: ",") + "}\n"
    }

    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
