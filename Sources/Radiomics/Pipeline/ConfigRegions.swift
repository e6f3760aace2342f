import Foundation
import Yams

extension ConfigFile {
    /// The `regions:` section: one named region per key, one output row each, in file order.
    ///
    ///     regions:
    ///       core: 1                                  # a label (or an RTSTRUCT ROI / SEG segment name)
    ///       enhancing: [2, 3]                        # a union
    ///       oedema: {of: [1, 2, 3], minus: [2, 3]}   # a difference
    ///       peritumoral: {ring: [0, 5], of: 1, within: 4, range: [-500, 300]}
    ///       in_body: {of: 1, within: {file: body.nii.gz}}   # relative to the config's folder
    static func regions(_ node: Node, _ r: Reader) throws(RadiomicsError) -> [RegionPlan.NamedRegion] {
        var out: [RegionPlan.NamedRegion] = []
        for (k, v) in try r.mapping(node, path: "regions") {
            let name = try r.key(k, path: "regions")
            guard !name.isEmpty, name.utf8.count <= 100,
                  name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) }) else {
                throw r.error(k, "region name '\(name.prefix(40))' must be 1 to 100 letters, digits, '_', '-' or '.'")
            }
            out.append(RegionPlan.NamedRegion(name: name, region: try region(v, path: "regions." + name, r)))
        }
        guard !out.isEmpty else { throw r.error(node, "'regions' names no region") }
        return out
    }

    /// A label or ROI name (scalar), a union (list) or `{of, ring, within, range, minus}` / `{file}`.
    static func region(_ node: Node, path: String, _ r: Reader) throws(RadiomicsError) -> Region {
        if node.scalar != nil { return .roi(try r.string(node, path: path)) }
        if case .sequence = node {
            let items = try r.sequence(node, path: path)
            guard !items.isEmpty else { throw r.error(node, "'\(path)' is an empty list") }
            var list: [Region] = []
            for (n, item) in items.enumerated() { list.append(try region(item, path: "\(path)[\(n)]", r)) }
            return list.count == 1 ? list[0] : .union(list)
        }
        let m = try r.mapping(node, path: path)
        let allowed = ["of", "ring", "within", "range", "minus", "file"]
        for (k, _) in m {
            let key = try r.key(k, path: path)
            if !allowed.contains(key) { throw r.unknown(k, path + "." + key) }
        }
        if let file = m["file"] {
            guard m.count == 1 else { throw r.error(node, "'\(path).file' stands alone (put it under 'within' or 'of')") }
            // Relative to the config file's folder, as `preprocess` mask files are.
            let name = try r.string(file, path: path + ".file")
            return .file(name.hasPrefix("/") ? name : URL(fileURLWithPath: r.file).deletingLastPathComponent().appendingPathComponent(name).path)
        }
        guard let of = m["of"] else { throw r.error(node, "'\(path).of' is required: the region to start from") }
        var result = try region(of, path: path + ".of", r)
        if let ring = m["ring"] {
            let (a, b) = try pair(ring, path: path + ".ring", range: -1e4...1e4, r)
            guard a < b else { throw r.error(ring, "'\(path).ring': the lower distance \(shortNumber(a)) must be below the upper \(shortNumber(b))") }
            result = .ring(Ring(lower: a, upper: b, of: result))
        }
        if let within = m["within"] { result = .intersection(result, try region(within, path: path + ".within", r)) }
        if let range = m["range"] {
            let (lo, hi) = try pair(range, path: path + ".range", range: -1e12...1e12, r)
            guard lo <= hi else { throw r.error(range, "'\(path).range': lower bound \(shortNumber(lo)) is above upper bound \(shortNumber(hi))") }
            result = .intersection(result, .intensity(lower: lo, upper: hi))
        }
        if let minus = m["minus"] { result = .difference(result, try region(minus, path: path + ".minus", r)) }
        return result
    }

    private static func pair(_ node: Node, path: String, range: ClosedRange<Double>, _ r: Reader) throws(RadiomicsError) -> (Double, Double) {
        let items = try r.sequence(node, path: path)
        guard items.count == 2 else { throw r.error(node, "'\(path)' must be [lower, upper]") }
        return (try r.double(items[0], path: path, range), try r.double(items[1], path: path, range))
    }
}

extension RunConfiguration {
    /// The `regions:` section as `--dump-config` writes it (read back to the same regions).
    static func regionsDocument(_ named: [RegionPlan.NamedRegion]) -> ConfigValue {
        .map(named.map { ($0.name, document(of: $0.region)) })
    }

    private static func document(of region: Region) -> ConfigValue {
        func pair(_ a: Double, _ b: Double) -> ConfigValue { .list([.number(a), .number(b)]) }
        switch region {
        case .roi(let name): return .text(name)
        case .file(let path): return .map([("file", .text(path))])
        case .union(let list): return .list(list.map(document(of:)))
        case .ring(let r): return .map([("ring", pair(r.lower, r.upper)), ("of", document(of: r.of))])
        case .intersection(let a, .intensity(let lo, let hi)): return .map([("of", document(of: a)), ("range", pair(lo, hi))])
        case .intersection(let a, let b): return .map([("of", document(of: a)), ("within", document(of: b))])
        case .difference(let a, let b): return .map([("of", document(of: a)), ("minus", document(of: b))])
        // Not written by the parser on its own (only as a `range` above).
        case .intensity(let lo, let hi): return .map([("range", pair(lo, hi))])
        }
    }
}
