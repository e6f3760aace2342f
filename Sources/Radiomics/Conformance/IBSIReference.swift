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
    /// How a value is compared with its reference: IBSI 1's rule (the difference truncated at the
    /// reference's 3rd significant digit) or IBSI 2 phase 2's plain |value − reference| ≤ tolerance.
    public enum Rule: Sendable { case ibsi1, absolute }

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

    /// The IBSI 2 phase 2 table (`filter_id;feature;feature_tag;consensus_value;tolerance`): one
    /// row per configuration and statistic, the configuration id (`8.A`) as the family.
    public static func loadPhase2(_ path: String) throws(RadiomicsError) -> [IBSIReferenceRow] {
        let data = try readFile(path)
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let header = lines.first, header == "filter_id;feature;feature_tag;consensus_value;tolerance" else {
            throw .badInput(path, "not an IBSI 2 phase 2 reference table (unexpected header)")
        }
        return try lines.dropFirst().map { line throws(RadiomicsError) in
            let f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5 else { throw .badInput(path, "line '\(line)': expected 5 fields") }
            return IBSIReferenceRow(dataset: "IBSI 2 phase 2", family: f[0], feature: f[1], tag: f[2], consensus: "",
                                    value: Double(f[3]), tolerance: Double(f[4]))
        }
    }

    public static func compare(_ value: Double, reference: Double, tolerance: Double, rule: Rule) -> IBSIMatch {
        switch rule {
        case .ibsi1: return compare(value, reference: reference, tolerance: tolerance)
        case .absolute:
            guard value.isFinite else { return .noMatch }
            // A relative nudge absorbs the binary representation error of decimal values.
            let d = Swift.abs(value - reference) - 1e-12 * Swift.max(Swift.abs(reference), tolerance)
            return d <= tolerance ? .match : (d < 3 * tolerance ? .partial : .noMatch)
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
