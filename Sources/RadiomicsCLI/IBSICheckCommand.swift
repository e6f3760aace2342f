import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics ibsi-check`: the bundled IBSI reference datasets, checked by the official rule.
    struct IBSICheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ibsi-check",
            abstract: "Check this build against the IBSI reference values (no network, no Python).",
            discussion: """
                Runs every bundled IBSI reference dataset through the same code as 'radiomics \
                extract' and 'radiomics filter': the IBSI 1 digital phantom and CT phantom \
                configurations A-E (presets ibsi1-digital-phantom, ibsi1-config-a ... ibsi1-config-e; \
                the official IBSI 1 match rule), the 33 IBSI 2 phase 1 response maps (every voxel \
                within 1 % of the reference range) and the 323 IBSI 2 phase 2 statistics (presets \
                ibsi2-phase2-1.A ... 9.B; |value - reference| <= tolerance): 2460 reference values. \
                Prints matched/total per dataset and family, then a PASS/FAIL line, on stdout; \
                exits 1 when any value misses (0 when all match).

                Data: --data DIR, else $RADIOMICS_DATA, else <prefix>/share/radiomics beside the \
                installed binary, else the source tree's Fixtures/ folder.

                Examples:
                  radiomics ibsi-check
                  radiomics ibsi-check --json > ibsi.json
                  radiomics ibsi-check --dataset digital-phantom --dataset ibsi2-phase2
                  radiomics ibsi-check --data /opt/radiomics/share/radiomics --verbose
                """)

        @Flag(help: "Machine-readable JSON instead of the table.") var json = false
        @Option(name: .customLong("dataset"), help: ArgumentHelp("Only this dataset (repeatable): \(Radiomics.IBSICheck.datasets.map(\.id).joined(separator: ", ")).", valueName: "id"))
        var only: [String] = []
        @Option(help: ArgumentHelp("Folder holding ibsi/ (reference values and phantoms).", valueName: "dir")) var data: String?
        @OptionGroup var log: LogOptions

        struct FamilyRow: Encodable {
            var dataset: String
            var family: String
            var matched: Int
            var total: Int
            var passed: Bool
            var problem: String?
            init(_ r: Radiomics.IBSICheck.FamilyResult) {
                (dataset, family, matched, total, passed, problem) = (r.dataset, r.family, r.matched, r.total, r.passed, r.problem)
            }
        }

        struct MissRow: Encodable {
            var dataset: String, family: String, tag: String, value: Double?, reference: Double, tolerance: Double, outcome: String
            init(_ m: Radiomics.IBSICheck.Miss) {
                (dataset, family, tag, value, reference, tolerance, outcome) = (m.dataset, m.family, m.tag, m.value, m.reference, m.tolerance, m.outcome)
            }
        }

        struct Report: Encodable {
            var version: String
            var commit: String
            var data: String
            var passed: Bool
            var matched: Int
            var total: Int
            var families: [FamilyRow]
            var misses: [MissRow]
        }

        func run() throws {
            try reportingErrors {
                let root = try Self.dataRoot(explicit: data)
                log.detail("radiomics ibsi-check: data from \(root)")
                for id in only where !Radiomics.IBSICheck.datasets.contains(where: { $0.id == id }) {
                    throw RadiomicsError.usage("unknown dataset '\(id)' (\(Radiomics.IBSICheck.datasets.map(\.id).joined(separator: ", ")))")
                }
                var result = Radiomics.IBSICheck.Result()
                for d in Radiomics.IBSICheck.datasets where only.isEmpty || only.contains(d.id) {
                    let started = Date()
                    let r = Radiomics.IBSICheck.run(d, root: root)
                    result.families += r.families
                    result.misses += r.misses
                    log.detail("radiomics ibsi-check: \(d.name) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
                }
                let summary = "radiomics ibsi-check: \(result.passed ? "PASS" : "FAIL"): \(result.matched)/\(result.total) reference values matched"
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    let report = Report(version: BuildInfo.version, commit: BuildInfo.commit, data: root, passed: result.passed,
                                        matched: result.matched, total: result.total,
                                        families: result.families.map(FamilyRow.init), misses: result.misses.map(MissRow.init))
                    guard let bytes = try? encoder.encode(report) else { throw RadiomicsError(.internal, "report cannot be encoded") }
                    try emit(String(decoding: bytes, as: UTF8.self) + "\n", to: nil)
                } else {
                    try emit(Self.table(result.families.map(FamilyRow.init)) + summary + "\n", to: nil)
                    if log.verbose {
                        for m in result.misses {
                            printError("miss: \(m.dataset) | \(m.tag): got \(m.value.map { "\($0)" } ?? "nothing"), reference \(m.reference) ± \(m.tolerance) (\(m.outcome))")
                        }
                    }
                }
                if !result.passed { throw ExitCode(1) }
            }
        }

        static func table(_ rows: [FamilyRow]) -> String {
            let header = ["dataset", "family", "matched/total", "result"]
            let cells = rows.map { [$0.dataset, $0.family, "\($0.matched)/\($0.total)", $0.passed ? "pass" : "FAIL" + ($0.problem.map { " (\($0))" } ?? "")] }
            let widths = (0..<3).map { i in ([header] + cells).map { $0[i].count }.max()! }
            func line(_ c: [String]) -> String {
                (0..<3).map { c[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + c[3]
            }
            return ([line(header)] + cells.map(line)).joined(separator: "\n") + "\n"
        }

        /// The first folder holding the IBSI reference tables, in the documented search order.
        static func dataRoot(explicit: String?) throws(RadiomicsError) -> String {
            let marker = "/ibsi/reference_values/ibsi1/ibsi1_digital_phantom.csv"
            if let explicit {
                guard FileManager.default.fileExists(atPath: explicit + marker) else {
                    throw .missing(explicit, "holds no IBSI data (expected \(explicit + marker))")
                }
                return explicit
            }
            var candidates: [String] = []
            if let env = ProcessInfo.processInfo.environment["RADIOMICS_DATA"], !env.isEmpty { candidates.append(env) }
            if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
                candidates.append(exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/radiomics").path)
            }
            var source = URL(fileURLWithPath: #filePath)
            for _ in 0..<3 { source.deleteLastPathComponent() }
            candidates.append(source.appendingPathComponent("Fixtures").path)
            for c in candidates where FileManager.default.fileExists(atPath: c + marker) { return c }
            throw .missing(candidates.first ?? "share/radiomics",
                           "no IBSI data found (looked in \(candidates.joined(separator: ", "))); use --data DIR or set RADIOMICS_DATA")
        }
    }
}
