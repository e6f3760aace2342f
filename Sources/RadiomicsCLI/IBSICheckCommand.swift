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
                Runs the IBSI 1 digital phantom and CT phantom configurations A-D with their presets \
                (ibsi1-digital-phantom, ibsi1-config-a ... ibsi1-config-d) and compares every feature \
                with a reference value by the official IBSI rule, then the IBSI 2 phase 1 filter \
                tests (each response map within 1 % of its range). Prints matched/total per dataset \
                and family, then a PASS/FAIL line, on stdout; exits 1 when any value misses.

                Data: --data DIR, else $RADIOMICS_DATA, else <prefix>/share/radiomics beside the \
                installed binary, else the source tree's Fixtures/ folder.

                Examples:
                  radiomics ibsi-check
                  radiomics ibsi-check --json > ibsi.json
                  radiomics ibsi-check --dataset digital-phantom --dataset config-c
                  radiomics ibsi-check --data /opt/radiomics/share/radiomics --verbose
                """)

        @Flag(help: "Machine-readable JSON instead of the table.") var json = false
        @Option(name: .customLong("dataset"), help: ArgumentHelp("Only this dataset (repeatable): digital-phantom, config-a, config-b, config-c, config-d, ibsi2-phase1.", valueName: "id"))
        var only: [String] = []
        @Option(help: ArgumentHelp("Folder holding ibsi/ (reference values and phantoms).", valueName: "dir")) var data: String?
        @OptionGroup var log: LogOptions

        struct Dataset {
            var id: String
            var name: String
            var preset: String
            var image: String
            var mask: String
            var reference: String
        }

        static let datasets: [Dataset] = {
            let dp = "ibsi/ibsi1/digital_phantom/nifti", ct = "ibsi/ibsi1/ct_phantom/nifti", ref = "ibsi/reference_values/ibsi1"
            return [Dataset(id: "digital-phantom", name: "digital phantom", preset: "ibsi1-digital-phantom", image: dp + "/image/phantom.nii.gz",
                            mask: dp + "/mask/mask.nii.gz", reference: ref + "/ibsi1_digital_phantom.csv")]
                + ["A", "B", "C", "D"].map {
                    Dataset(id: "config-\($0.lowercased())", name: "configuration \($0)", preset: "ibsi1-config-\($0.lowercased())", image: ct + "/image/phantom.nii.gz",
                            mask: ct + "/mask/mask.nii.gz", reference: ref + "/ibsi1_config_\($0).csv")
                }
        }()

        struct FamilyRow: Encodable {
            var dataset: String
            var family: String
            var matched: Int
            var total: Int
            var passed: Bool { matched == total && problem == nil }
            var problem: String?
            enum CodingKeys: String, CodingKey { case dataset, family, matched, total, passed, problem }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(dataset, forKey: .dataset); try c.encode(family, forKey: .family)
                try c.encode(matched, forKey: .matched); try c.encode(total, forKey: .total)
                try c.encode(passed, forKey: .passed); try c.encodeIfPresent(problem, forKey: .problem)
            }
        }

        struct MissRow: Encodable {
            var dataset: String, family: String, tag: String, value: Double?, reference: Double, tolerance: Double, outcome: String
        }

        struct Report: Encodable {
            var version: String
            var commit: String
            var data: String
            var passed: Bool
            var families: [FamilyRow]
            var misses: [MissRow]
        }

        func run() throws {
            try reportingErrors {
                let root = try Self.dataRoot(explicit: data)
                log.detail("radiomics ibsi-check: data from \(root)")
                for id in only where id != "ibsi2-phase1" && !Self.datasets.contains(where: { $0.id == id }) {
                    throw RadiomicsError.usage("unknown dataset '\(id)' (\((Self.datasets.map(\.id) + ["ibsi2-phase1"]).joined(separator: ", ")))")
                }
                var rows: [FamilyRow] = [], misses: [MissRow] = []
                for d in Self.datasets where only.isEmpty || only.contains(d.id) {
                    let reference = try IBSIReference.load(root + "/" + d.reference)
                    let checked = reference.filter { $0.value != nil && $0.tolerance != nil }
                    let started = Date()
                    do throws(RadiomicsError) {
                        guard let preset = Radiomics.Presets.named(d.preset) else {
                            throw RadiomicsError.usage("preset missing: \(d.preset)")
                        }
                        let image = try ImageIO.readImage(root + "/" + d.image)
                        let masks = try MaskIO.readMasks(root + "/" + d.mask, image: image.geometry, selection: .automatic)
                        let features = try Extractor.extract(image: image, mask: masks[0].mask, settings: preset.settings,
                                                             imageFile: d.image, maskFile: d.mask)
                        let report = IBSIConformanceReport.evaluate(features, against: reference)
                        rows += report.families.map { FamilyRow(dataset: d.name, family: $0.family, matched: $0.matched, total: $0.total) }
                        misses += report.misses.map {
                            MissRow(dataset: d.name, family: $0.row.family, tag: $0.row.tag, value: $0.value.flatMap { $0.isFinite ? $0 : nil },
                                    reference: $0.row.value!, tolerance: $0.row.tolerance!, outcome: $0.outcome.rawValue)
                        }
                    } catch {
                        rows.append(FamilyRow(dataset: d.name, family: "(all)", matched: 0, total: checked.count, problem: error.description))
                    }
                    log.detail("radiomics ibsi-check: \(d.name) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
                }
                if only.isEmpty || only.contains("ibsi2-phase1") {
                    // One row per filter test: 1/1 when every voxel is within 1 % of the reference range.
                    for id in IBSI2Phase1.testIDs {
                        do throws(RadiomicsError) {
                            let r = try IBSI2Phase1.check(id, root: root)
                            rows.append(FamilyRow(dataset: "IBSI 2 phase 1", family: "\(id) (max error \(String(format: "%.3f", r.maxErrorPercent)) % of range)",
                                                  matched: r.passed ? 1 : 0, total: 1))
                        } catch {
                            rows.append(FamilyRow(dataset: "IBSI 2 phase 1", family: id, matched: 0, total: 1, problem: error.description))
                        }
                    }
                }
                let passed = rows.allSatisfy(\.passed)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    let report = Report(version: BuildInfo.version, commit: BuildInfo.commit, data: root, passed: passed, families: rows, misses: misses)
                    guard let bytes = try? encoder.encode(report) else { throw RadiomicsError(.internal, "report cannot be encoded") }
                    try emit(String(decoding: bytes, as: UTF8.self) + "\n", to: nil)
                } else {
                    try emit(Self.table(rows), to: nil)
                    if log.verbose { for m in misses { printError("miss: \(m.dataset) | \(m.tag): got \(m.value.map { "\($0)" } ?? "nothing"), reference \(m.reference) ± \(m.tolerance) (\(m.outcome))") } }
                }
                let matched = rows.reduce(0) { $0 + $1.matched }, total = rows.reduce(0) { $0 + $1.total }
                let summary = "radiomics ibsi-check: \(passed ? "PASS" : "FAIL"): \(matched)/\(total) reference values matched"
                if json { log.info(summary) } else { try emit(summary + "\n", to: nil) }   // JSON on stdout stays pure
                if !passed { throw ExitCode(1) }
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
