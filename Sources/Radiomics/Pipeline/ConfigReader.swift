import Yams

extension ConfigFile {
    /// Typed access to YAML nodes; every failure names `file:line` and the key's dotted path.
    struct Reader {
        let file: String

        func line(_ node: Node) -> String { node.mark.map { "\(file):\($0.line)" } ?? file }

        func error(_ node: Node, _ message: String) -> RadiomicsError {
            RadiomicsError(.usage, "\(line(node)): \(message)")
        }

        func unknown(_ keyNode: Node, _ path: String) -> RadiomicsError {
            error(keyNode, "unknown key '\(path)'")
        }

        func isNull(_ node: Node) -> Bool {
            guard let s = node.scalar, s.style == .plain else { return false }
            return ["", "~", "null", "Null", "NULL"].contains(s.string)
        }

        func mapping(_ node: Node, path: String) throws(RadiomicsError) -> Node.Mapping {
            guard case .mapping(let m) = node else { throw error(node, "'\(path.isEmpty ? "(top level)" : path)' must be a mapping of keys") }
            var seen = Set<String>()
            for (k, _) in m {
                let name = try key(k, path: path)
                guard seen.insert(name).inserted else { throw error(k, "duplicate key '\(path.isEmpty ? name : path + "." + name)'") }
            }
            return m
        }

        func sequence(_ node: Node, path: String) throws(RadiomicsError) -> [Node] {
            guard case .sequence(let s) = node else { throw error(node, "'\(path)' must be a list") }
            guard s.count <= 10_000 else { throw error(node, "'\(path)' has more than 10000 items") }
            return Array(s)
        }

        func key(_ node: Node, path: String) throws(RadiomicsError) -> String {
            guard let s = node.scalar else { throw error(node, "keys under '\(path)' must be plain names") }
            return s.string
        }

        func scalar(_ node: Node, path: String, expected: String) throws(RadiomicsError) -> String {
            guard let s = node.scalar else { throw error(node, "'\(path)' must be \(expected)") }
            return s.string
        }

        func string(_ node: Node, path: String) throws(RadiomicsError) -> String {
            guard !isNull(node) else { throw error(node, "'\(path)' must be a string, not null") }
            let s = try scalar(node, path: path, expected: "a string")
            guard s.utf8.count <= 4096 else { throw error(node, "'\(path)' is longer than 4096 bytes") }
            return s
        }

        func bool(_ node: Node, path: String) throws(RadiomicsError) -> Bool {
            let s = try scalar(node, path: path, expected: "true or false")
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: throw error(node, "'\(path)' must be true or false, not '\(s)'")
            }
        }

        func int(_ node: Node, path: String, _ range: ClosedRange<Int>) throws(RadiomicsError) -> Int {
            let s = try scalar(node, path: path, expected: "an integer")
            guard let v = Int(s), range.contains(v) else {
                throw error(node, "'\(path)' must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(s.prefix(40))'")
            }
            return v
        }

        func double(_ node: Node, path: String, _ range: ClosedRange<Double>) throws(RadiomicsError) -> Double {
            let s = try scalar(node, path: path, expected: "a number")
            guard s.utf8.count <= 64, let v = Double(s), v.isFinite, range.contains(v) else {
                throw error(node, "'\(path)' must be a number from \(formatValue(range.lowerBound)) to \(formatValue(range.upperBound)), not '\(s.prefix(40))'")
            }
            return v
        }

        func choice<T: RawRepresentable & Sendable>(_ node: Node, path: String, _ cases: [T]) throws(RadiomicsError) -> T where T.RawValue == String {
            let s = try scalar(node, path: path, expected: "one of " + cases.map(\.rawValue).joined(separator: ", "))
            guard let v = cases.first(where: { $0.rawValue == s }) else {
                throw error(node, "'\(path)' must be one of \(cases.map(\.rawValue).joined(separator: ", ")), not '\(s.prefix(40))'")
            }
            return v
        }

        func choice(_ node: Node, path: String, _ cases: [String]) throws(RadiomicsError) -> String {
            let s = try scalar(node, path: path, expected: "one of " + cases.joined(separator: ", "))
            guard cases.contains(s) else { throw error(node, "'\(path)' must be one of \(cases.joined(separator: ", ")), not '\(s.prefix(40))'") }
            return s
        }
    }

    /// Refuses, before the (recursive) YAML composer sees them, inputs that could exhaust the
    /// stack or memory: nesting deeper than `maxNesting` (flow brackets, block indentation or
    /// compact `- - -` items), anchors/aliases (exponential expansion) and complex `? ` keys.
    static func prescan(_ text: String, file: String) throws(RadiomicsError) {
        // Explicit `? key` entries make a mapping or sequence a key: Yams' duplicate-key check
        // hashes each such key's whole subtree at every level, quadratic in the file's size
        // (FuzzConfig campaign: 3 KB took 0.3 s, a 1 MiB file would run for hours).
        func complexKey(_ line: Int) -> RadiomicsError {
            RadiomicsError(.usage, "\(file):\(line): complex mapping keys ('? ') are not supported in config files")
        }
        var flowDepth = 0
        var lineNumber = 0
        var indents: [Int] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(rawLine.utf8)
            var i = 0
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            if i == bytes.count || bytes[i] == UInt8(ascii: "#") { continue }
            // Block depth: distinct indentation levels currently open, plus compact "- " items.
            if flowDepth == 0 {
                while let last = indents.last, last >= i { indents.removeLast() }
                indents.append(i)
                var j = i, compact = 0
                while j < bytes.count, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "?"),
                      j + 1 == bytes.count || bytes[j + 1] == UInt8(ascii: " ") {
                    if bytes[j] == UInt8(ascii: "?") { throw complexKey(lineNumber) }
                    compact += 1
                    j += 2
                    while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                }
                if indents.count + compact > maxNesting {
                    throw RadiomicsError(.usage, "\(file):\(lineNumber): nesting deeper than \(maxNesting) levels")
                }
            }
            var quote: UInt8? = nil
            var previous = UInt8(ascii: " ")
            while i < bytes.count {
                let c = bytes[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else {
                    switch c {
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        if [UInt8(ascii: " "), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":")].contains(previous) { quote = c }
                    case UInt8(ascii: "#") where previous == UInt8(ascii: " "):
                        i = bytes.count
                        continue
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flowDepth += 1
                        if flowDepth + indents.count > maxNesting {
                            throw RadiomicsError(.usage, "\(file):\(lineNumber): nesting deeper than \(maxNesting) levels")
                        }
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flowDepth = Swift.max(0, flowDepth - 1)
                    case UInt8(ascii: "?") where flowDepth > 0 && (i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: " ")):
                        if let k = bytes[..<i].lastIndex(where: { $0 != UInt8(ascii: " ") }),
                           [UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(bytes[k]) { throw complexKey(lineNumber) }
                    case UInt8(ascii: "&"), UInt8(ascii: "*"):
                        if [UInt8(ascii: " "), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(previous),
                           i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: " ") {
                            throw RadiomicsError(.usage, "\(file):\(lineNumber): YAML anchors and aliases are not supported in config files")
                        }
                    default: break
                    }
                }
                previous = c
                i += 1
            }
        }
    }
}
