import Foundation

/// A feature table as `radiomics extract`/`batch` (or pyradiomics) writes it, read back for the
/// cohort report: the key and text columns as strings, every numeric column as doubles.
public struct FeatureTableData: Sendable {
    /// A row's name in the report: its id (plus ROI when an id has several rows), else the
    /// image file's name (plus ROI), else "row N".
    public var caseNames: [String]
    /// The `error` column (empty when the case worked), or all empty when there is none.
    public var errors: [String]
    public var featureNames: [String]
    /// Column-major: `values[f][row]`; an empty or unreadable cell is NaN.
    public var values: [[Double]]
    /// Columns neither keys nor numbers (pyradiomics' text diagnostics), left out of the report.
    public var textColumns: [String]

    public var rowCount: Int { caseNames.count }

    /// Columns that name the row rather than measure it (case-insensitive).
    static let keyColumns: Set<String> = ["id", "image", "mask", "roi", "label", "error", "warnings", "series", "volume"]

    public static func read(_ path: String) throws(RadiomicsError) -> FeatureTableData {
        let data = try readFile(path)
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws(RadiomicsError) -> FeatureTableData {
        let rows = try CSVRows.split(data, file: file)
        guard let header = rows.first, !header.isEmpty else { throw .badInput(file, "the table is empty (no header line)") }
        let body = rows.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }
        for (n, r) in body.enumerated() where r.count != header.count {
            throw .badInput(file, "line \(n + 2) has \(r.count) cells, the header \(header.count)")
        }
        let lower = header.map { $0.lowercased() }
        func column(_ name: String) -> Int? { lower.firstIndex(of: name) }
        var features: [String] = [], values: [[Double]] = [], text: [String] = []
        for (c, name) in header.enumerated() where !keyColumns.contains(lower[c]) {
            var column = [Double](repeating: .nan, count: body.count)
            var numeric = true
            for (r, row) in body.enumerated() {
                let cell = row[c]
                if cell.isEmpty { continue }
                guard let v = number(cell) else { numeric = false; break }
                column[r] = v
            }
            if numeric { features.append(name); values.append(column) } else { text.append(name) }
        }
        guard !features.isEmpty else { throw .badInput(file, "the table has no numeric feature column") }
        let ids = column("id").map { c in body.map { $0[c] } }
        let rois = column("roi").map { c in body.map { $0[c] } } ?? column("label").map { c in body.map { $0[c] } }
        let images = column("image").map { c in body.map { URL(fileURLWithPath: $0[c]).lastPathComponent } }
        var names: [String] = []
        let base = ids ?? images
        if let base {
            var seen: [String: Int] = [:]
            for b in base { seen[b, default: 0] += 1 }
            names = base.indices.map { n in
                guard let rois, seen[base[n], default: 0] > 1, !rois[n].isEmpty else { return base[n] }
                return "\(base[n]) / \(rois[n])"
            }
        } else {
            names = body.indices.map { "row \($0 + 1)" }
        }
        let errors = column("error").map { c in body.map { $0[c] } } ?? Array(repeating: "", count: body.count)
        return FeatureTableData(caseNames: names, errors: errors, featureNames: features, values: values, textColumns: text)
    }

    /// A cell as a number: decimal, or NaN/Inf in the spellings pandas, R and we write.
    static func number(_ s: String) -> Double? {
        if let v = Double(s) { return v }
        switch s.lowercased() {
        case "nan", "na", "null": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }
}

/// RFC 4180 CSV: quoted cells may hold commas, quotes ("") and line breaks.
enum CSVRows {
    static func split(_ data: Data, file: String) throws(RadiomicsError) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell: [UInt8] = []
        var quoted = false, afterQuote = false
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        func endCell() { row.append(String(decoding: cell, as: UTF8.self)); cell.removeAll(keepingCapacity: true) }
        for b in data {
            if quoted {
                if b == quote { quoted = false; afterQuote = true } else { cell.append(b) }
                continue
            }
            switch b {
            case quote:
                if afterQuote { cell.append(quote) }   // "" inside quotes
                quoted = true
            case comma: endCell()
            case lf: endCell(); rows.append(row); row = []
            case cr: break
            default: cell.append(b)
            }
            afterQuote = false
        }
        if quoted { throw .badInput(file, "a quoted cell is not closed") }
        if !cell.isEmpty || !row.isEmpty { endCell(); rows.append(row) }
        return rows
    }
}
