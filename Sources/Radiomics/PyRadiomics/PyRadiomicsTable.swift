import Foundation
import Yams

/// pyradiomics-style output and parameter-file detection for the CLI.
public enum PyRadiomicsTable {
    /// True when the YAML file at `path` has pyradiomics' top-level keys (`imageType`,
    /// `featureClass`, `setting`), i.e. it is a pyradiomics parameter file, not our config schema.
    public static func isParameterFile(_ path: String) throws(RadiomicsError) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { throw .missing(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw RadiomicsError(.usage, file: path, "config file is not UTF-8 text") }
        return isParameterText(text)
    }

    static func isParameterText(_ text: String) -> Bool {
        // Text ConfigFile's prescan refuses (too deep for Yams' recursive composer, aliases,
        // over 1 MiB) is left to ConfigFile, which reports why.
        guard text.utf8.count <= ConfigFile.maxBytes, (try? ConfigFile.prescan(text, file: "")) != nil else { return false }
        guard let node = try? Yams.compose(yaml: text), let map = node.mapping else { return false }
        let keys = Set(map.keys.compactMap { $0.scalar?.string })
        return !keys.isDisjoint(with: ["imageType", "featureClass", "setting"])
    }

    /// A wide CSV: the key columns, then pyradiomics' feature columns in extraction order (every
    /// row must have the same columns, as pyradiomics' batch output has; `columns`, default the
    /// first row's). Values are written with the shortest round-trip representation (Python
    /// `repr`); NaN as `nan`; a feature a row lacks (a failed case) as an empty cell.
    public static func csv(keyNames: [String], rows: [(keys: [String], features: [Feature])], columns: [String]? = nil) -> String {
        let columns = columns ?? rows.first?.features.map(\.tag) ?? []
        var text = (keyNames + columns).map(quote).joined(separator: ",") + "\n"
        for r in rows {
            let byTag = Dictionary(r.features.map { ($0.tag, $0.value) }, uniquingKeysWith: { a, _ in a })
            let values = columns.map { c -> String in
                guard let v = byTag[c] else { return "" }
                return v.isNaN ? "nan" : "\(v)"
            }
            text += (r.keys.map(quote) + values).joined(separator: ",") + "\n"
        }
        return text
    }

    static func quote(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
