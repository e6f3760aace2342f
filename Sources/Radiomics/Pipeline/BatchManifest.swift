import Foundation

/// One row of a batch manifest.
public struct BatchCase: Sendable, Equatable {
    /// The case identifier (the `ID` column, or the 1-based row number for pyradiomics CSVs).
    public var id: String
    /// Paths as written in the manifest (they appear in the output).
    public var image: String
    public var mask: String
    /// Paths to open: relative ones are resolved against the manifest's folder.
    public var imagePath: String
    public var maskPath: String
    /// Per-row overrides of the command line / config (empty cells mean "not set").
    public var label: String?
    public var roi: String?
    public var series: String?
    public var volume: Int?
    /// 1-based line of the manifest.
    public var line: Int
}

/// Reads `ID,Image,Mask[,Label][,ROI][,Series][,Volume]` manifests, and pyradiomics batch CSVs
/// (`Image,Mask[,Label]`, no ID: the ID is the 1-based row number). Header names are matched
/// case-insensitively; any other column is an error.
public enum BatchManifest {
    public static let columns = ["id", "image", "mask", "label", "roi", "series", "volume"]

    public static func load(_ path: String) throws(RadiomicsError) -> [BatchCase] {
        let data = try readFile(path)
        guard let text = String(data: data, encoding: .utf8) else { throw .badInput(path, "manifest is not UTF-8 text") }
        return try parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: path,
                         folder: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    public static func parse(_ text: String, file: String, folder: String) throws(RadiomicsError) -> [BatchCase] {
        let records = CSV.parse(text)
        guard let header = records.first else { throw .badInput(file, "manifest is empty") }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard columns.contains(key) else {
                throw .badInput(file, "line 1: unknown column '\(name)' (known: ID, Image, Mask, Label, ROI, Series, Volume)")
            }
            guard index[key] == nil else { throw .badInput(file, "line 1: column '\(name)' appears twice") }
            index[key] = i
        }
        guard index["image"] != nil, index["mask"] != nil else { throw .badInput(file, "line 1: the manifest needs 'Image' and 'Mask' columns") }
        if index["label"] != nil, index["roi"] != nil {
            // Both columns may exist; a row must not fill both (checked below).
        }
        var cases: [BatchCase] = [], seen: [String: Int] = [:]
        var line = 1
        for record in records.dropFirst() {
            line += 1
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard record.count == header.count else {
                throw .badInput(file, "line \(line): \(record.count) fields, the header has \(header.count)")
            }
            func cell(_ k: String) -> String? {
                guard let i = index[k] else { return nil }
                let v = record[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            let id = index["id"] == nil ? String(cases.count + 1) : cell("id")
            guard let id else { throw .badInput(file, "line \(line): empty ID") }
            if let first = seen[id] { throw .badInput(file, "line \(line): ID '\(id)' already used on line \(first)") }
            seen[id] = line
            guard let image = cell("image"), let mask = cell("mask") else { throw .badInput(file, "line \(line): empty Image or Mask") }
            var volume: Int? = nil
            if let v = cell("volume") {
                guard let n = Int(v), n >= 0 else { throw .badInput(file, "line \(line): Volume must be a non-negative integer, not '\(v)'") }
                volume = n
            }
            let label = cell("label"), roi = cell("roi")
            if label != nil, roi != nil { throw .badInput(file, "line \(line): give Label or ROI, not both") }
            if let label, label != "all", Int(label) == nil {
                throw .badInput(file, "line \(line): Label must be an integer or 'all', not '\(label)'")
            }
            cases.append(BatchCase(id: id, image: image, mask: mask, imagePath: resolve(image, folder), maskPath: resolve(mask, folder),
                                   label: label, roi: roi, series: cell("series"), volume: volume, line: line))
        }
        guard !cases.isEmpty else { throw .badInput(file, "manifest has no cases") }
        return cases
    }

    static func resolve(_ path: String, _ folder: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty { return path }
        return folder + "/" + path
    }
}
