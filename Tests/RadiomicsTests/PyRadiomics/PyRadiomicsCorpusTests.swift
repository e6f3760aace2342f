import Foundation
import XCTest
@testable import Radiomics

/// The differential corpus (issue 14): every case of Fixtures/pyradiomics-corpus (made by
/// Scripts/pyradiomics_corpus.py with pyradiomics-bhklab 3.1.4) through our pyradiomics mode,
/// every value compared. A mismatch fails the test unless `allowlist.tsv` names it with a reason.
/// `make pyradiomics-corpus` prints the summary (matches per case and per family).
final class PyRadiomicsCorpusTests: XCTestCase {
    static let root = FixturePath.path("pyradiomics-corpus")

    /// 1e-6 relative (1e-3 for shape: mesh features), or 1e-12 absolute near zero.
    static func matches(_ tag: String, ours: Double, want: Double) -> Bool {
        if want.isNaN { return ours.isNaN }
        if want.isInfinite { return ours == want }
        let tol = tag.contains("_shape") ? 1e-3 : 1e-6
        return Swift.abs(ours - want) <= tol * Swift.abs(want) || Swift.abs(ours - want) < 1e-12
    }

    /// `case<TAB>column glob<TAB>reason`; `*` in a glob matches any run of characters.
    struct AllowEntry {
        var casePattern: String, columnPattern: String, reason: String
        func covers(_ c: String, _ column: String) -> Bool { glob(casePattern, c) && glob(columnPattern, column) }
    }

    static func glob(_ pattern: String, _ s: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == s }
        guard s.hasPrefix(parts[0]), s.hasSuffix(parts.last!), s.count >= parts[0].count + parts.last!.count else { return false }
        var rest = Substring(s.dropFirst(parts[0].count).dropLast(parts.last!.count))
        for p in parts.dropFirst().dropLast() where !p.isEmpty {
            guard let r = rest.range(of: p) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    static func allowList() throws -> [AllowEntry] {
        let text = try String(contentsOfFile: "\(root)/allowlist.tsv", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            let f = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return f.count == 3 && !f[2].isEmpty ? AllowEntry(casePattern: f[0], columnPattern: f[1], reason: f[2]) : nil
        }
    }

    /// One case's outcome: per column matched or the mismatch text.
    struct Outcome {
        var name: String
        var results: [(column: String, problem: String?)] = []
    }

    /// The family of a column: `diagnostics`, or `<image type>_<class>` with the image type's
    /// filter parameters dropped (`log-sigma-1-0-mm-3D_glcm_…` → `log_glcm`).
    static func family(_ column: String) -> String {
        if column.hasPrefix("diagnostics") { return "diagnostics" }
        let parts = column.split(separator: "_")
        guard parts.count >= 3 else { return column }
        let type = parts[0].split(separator: "-")[0]
        return "\(type)_\(parts[1])"
    }

    static func run(_ name: String) throws -> Outcome {
        let dir = "\(root)/cases/\(name)"
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/expected.json"))) as! [String: Any]
        var want: [String: Double] = [:]
        for (k, v) in json["expected"] as! [String: Any] {
            if let d = v as? Double { want[k] = d } else if let s = v as? String { want[k] = Double(s) ?? .nan }
        }
        let expectedError = json["error"] as? String
        var out = Outcome(name: name)
        let ours: [Feature]
        do {
            let p = try PyRadiomicsParameters.load(path: "\(dir)/params.yaml")
            ours = try Extractor.extract(imagePath: "\(dir)/\(json["image"] as! String)",
                                                    maskPath: "\(dir)/\(json["mask"] as! String)", pyradiomics: p)
        } catch {
            if expectedError != nil {
                out.results.append(("error", nil))
            } else {
                out.results.append(("error", "we fail (\(error)), pyradiomics gives \(want.count) values"))
                for k in want.keys.sorted() { out.results.append((k, "no value: we fail")) }
            }
            return out
        }
        if let expectedError {
            out.results.append(("error", "pyradiomics fails (\(expectedError)), we give \(ours.count) values"))
            return out
        }
        let got = Dictionary(ours.map { ($0.tag, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (k, w) in want.sorted(by: { $0.key < $1.key }) {
            guard let o = got[k] else { out.results.append((k, "missing (pyradiomics \(w))")); continue }
            out.results.append((k, matches(k, ours: o, want: w) ? nil : "ours \(o), pyradiomics \(w)"))
        }
        for f in ours where want[f.tag] == nil {
            out.results.append((f.tag, "extra column (ours \(f.value)); pyradiomics has none"))
        }
        return out
    }

    func testCorpus() throws {
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(Self.root)/index.json"))) as! [[String: Any]]
        let allow = try Self.allowList()
        XCTAssertGreaterThan(index.count, 40)
        var used = Set<Int>()
        var total = 0, matched = 0, allowed = 0
        var families: [String: (Int, Int)] = [:]
        for entry in index {
            let name = entry["case"] as! String
            let outcome = try Self.run(name)
            var caseMatched = 0, caseAllowed = 0
            var failures: [String] = []
            for (column, problem) in outcome.results {
                let fam = Self.family(column)
                families[fam, default: (0, 0)].1 += 1
                guard let problem else { caseMatched += 1; families[fam]!.0 += 1; continue }
                if let i = allow.firstIndex(where: { $0.covers(name, column) }) {
                    used.insert(i)
                    caseAllowed += 1
                } else {
                    failures.append("\(column): \(problem)")
                }
            }
            total += outcome.results.count
            matched += caseMatched
            allowed += caseAllowed
            print("corpus case \(name): \(caseMatched)/\(outcome.results.count) match, \(caseAllowed) allowed, \(failures.count) unexplained")
            for f in failures { XCTFail("\(name) \(f)") }
        }
        for fam in families.keys.sorted() {
            print("corpus family \(fam): \(families[fam]!.0)/\(families[fam]!.1) match")
        }
        print(String(format: "corpus total: %d/%d values match (%.2f %%), %d allowed differences", matched, total,
                     100 * Double(matched) / Double(Swift.max(total, 1)), allowed))
        for (i, e) in allow.enumerated() where !used.contains(i) {
            print("corpus allow-list entry unused: \(e.casePattern)\t\(e.columnPattern)")
        }
    }
}
