import Foundation

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

/// A JSON string literal (quotes, backslashes and control characters escaped).
public func jsonString(_ s: String) -> String {
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
