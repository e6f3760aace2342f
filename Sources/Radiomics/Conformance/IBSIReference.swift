import Foundation

/// One row of an IBSI 1 reference table (`Fixtures/ibsi/reference_values/ibsi1/*.csv`).
public struct IBSIReferenceRow: Sendable, Equatable {
    public var dataset: String
    public var family: String
    public var feature: String
    public var tag: String
    public var consensus: String
    /// nil for the rows without a reference value ("not standardized").
    public var value: Double?
    public var tolerance: Double?
}

/// Outcome of comparing one value with a reference row, by the official IBSI rule.
public enum IBSIMatch: String, Sendable {
    case match, partial, noMatch = "no match"
}

public enum IBSIReference {
    /// Parses an IBSI 1 reference CSV (RFC 4180; some family names are quoted).
    public static func load(_ path: String) throws(RadiomicsError) -> [IBSIReferenceRow] {
        let data = try readFile(path)
        let records = CSV.parse(String(decoding: data, as: UTF8.self))
        guard let header = records.first, header == ["dataset", "family", "feature", "tag", "consensus", "reference_value", "tolerance"] else {
            throw .badInput(path, "not an IBSI reference table (unexpected header)")
        }
        return records.dropFirst().filter { $0.count == 7 }.map { r in
            IBSIReferenceRow(dataset: r[0], family: r[1], feature: r[2], tag: r[3], consensus: r[4],
                             value: Double(r[5]), tolerance: Double(r[6]))
        }
    }

    /// The official rule: d = reference − value, truncated toward zero at the decimal place of
    /// the reference's 3rd significant digit; match if |d| ≤ tolerance, partial if < 3·tolerance.
    public static func compare(_ value: Double, reference: Double, tolerance: Double) -> IBSIMatch {
        guard value.isFinite else { return .noMatch }
        let decimals = reference == 0 ? 0 : 3 - (1 + Int(floor(log10(Swift.abs(reference)))))
        let d = reference - value
        let scale = pow(10.0, Double(decimals))
        // A relative nudge absorbs binary representation error of values printed in decimal.
        let scaled = d * scale
        let truncated = (scaled + (scaled >= 0 ? 1e-9 : -1e-9) * Swift.max(1, Swift.abs(scaled))).rounded(.towardZero) / scale
        let a = Swift.abs(truncated)
        if a <= tolerance * (1 + 1e-12) { return .match }
        if a < 3 * tolerance { return .partial }
        return .noMatch
    }
}

/// A minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF).
public enum CSV {
    public static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var field = "", record: [String] = []
        var inQuotes = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"": inQuotes = true
            case ",": record.append(field); field = ""
            case "\r": break
            case "\n":
                record.append(field); field = ""
                records.append(record); record = []
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
