import Foundation

/// The IBSI reference datasets behind `radiomics ibsi-check`, each run through the path users
/// run: feature datasets through `CaseRunner` with their preset (what `radiomics extract
/// IMAGE MASK --preset P` does), IBSI 2 phase 1 through `ImageIO` and the filter presets (what
/// `radiomics filter IMAGE --preset P` does).
public enum IBSICheck {
    public enum Kind: Sendable, Equatable {
        /// IBSI 1: an image, a mask and a reference table; the official IBSI 1 match rule.
        case ibsi1(preset: String, image: String, mask: String, reference: String)
        /// IBSI 2 phase 1: every filter test's response map within 1 % of the reference range.
        case ibsi2Phase1
        /// IBSI 2 phase 2: the 18 configurations on the CT phantom; |ours − consensus| ≤ tolerance.
        case ibsi2Phase2
    }

    public struct Dataset: Sendable, Equatable {
        public var id: String
        public var name: String
        public var kind: Kind
    }

    /// One line of the report: `matched` of `total` reference values of a family (or test).
    public struct FamilyResult: Sendable, Equatable {
        public var dataset: String
        public var family: String
        public var matched: Int
        public var total: Int
        /// Why nothing could be compared (the dataset failed to run).
        public var problem: String?
        public var passed: Bool { matched == total && problem == nil }
    }

    public struct Miss: Sendable, Equatable {
        public var dataset: String, family: String, tag: String
        public var value: Double?
        public var reference: Double, tolerance: Double
        public var outcome: String
    }

    public struct Result: Sendable {
        public var families: [FamilyResult]
        public var misses: [Miss]
        public var matched: Int { families.reduce(0) { $0 + $1.matched } }
        public var total: Int { families.reduce(0) { $0 + $1.total } }
        public var passed: Bool { families.allSatisfy(\.passed) }
        public init(families: [FamilyResult] = [], misses: [Miss] = []) {
            self.families = families
            self.misses = misses
        }
    }

    static let ctImage = "ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz"
    static let ctMask = "ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz"
    public static let phase2Reference = "ibsi/reference_values/ibsi2/phase2_feature_values/reference_values.csv"

    public static let datasets: [Dataset] = {
        let dp = "ibsi/ibsi1/digital_phantom/nifti", ref = "ibsi/reference_values/ibsi1"
        return [Dataset(id: "digital-phantom", name: "digital phantom",
                        kind: .ibsi1(preset: "ibsi1-digital-phantom", image: dp + "/image/phantom.nii.gz",
                                     mask: dp + "/mask/mask.nii.gz", reference: ref + "/ibsi1_digital_phantom.csv"))]
            + ["A", "B", "C", "D", "E"].map {
                Dataset(id: "config-\($0.lowercased())", name: "configuration \($0)",
                        kind: .ibsi1(preset: "ibsi1-config-\($0.lowercased())", image: ctImage, mask: ctMask,
                                     reference: ref + "/ibsi1_config_\($0).csv"))
            }
            + [Dataset(id: "ibsi2-phase1", name: "IBSI 2 phase 1", kind: .ibsi2Phase1),
               Dataset(id: "ibsi2-phase2", name: "IBSI 2 phase 2", kind: .ibsi2Phase2)]
    }()

    /// Runs one dataset with data under `root` (a folder holding `ibsi/`). A dataset that cannot
    /// run is a failed line naming the problem, never a thrown error: the other datasets still run.
    public static func run(_ dataset: Dataset, root: String) -> Result {
        switch dataset.kind {
        case let .ibsi1(preset, image, mask, reference):
            do throws(RadiomicsError) {
                let rows = try IBSIReference.load(root + "/" + reference)
                return try features(dataset.name, preset: preset, image: root + "/" + image, mask: root + "/" + mask, rows: rows)
            } catch {
                return Result(families: [FamilyResult(dataset: dataset.name, family: "(all)", matched: 0, total: 0, problem: error.description)])
            }
        case .ibsi2Phase1:
            var result = Result()
            for id in IBSI2Phase1.testIDs {
                do throws(RadiomicsError) {
                    let r = try IBSI2Phase1.check(id, root: root)
                    result.families.append(FamilyResult(dataset: dataset.name, family: "\(id) (max error \(String(format: "%.3f", r.maxErrorPercent)) % of range)",
                                                        matched: r.passed ? 1 : 0, total: 1))
                } catch {
                    result.families.append(FamilyResult(dataset: dataset.name, family: id, matched: 0, total: 1, problem: error.description))
                }
            }
            return result
        case .ibsi2Phase2:
            let rows: [IBSIReferenceRow]
            do throws(RadiomicsError) { rows = try IBSIReference.loadPhase2(root + "/" + phase2Reference) } catch {
                return Result(families: [FamilyResult(dataset: dataset.name, family: "(all)", matched: 0, total: 0, problem: error.description)])
            }
            var result = Result()
            var ids: [String] = []
            for r in rows where !ids.contains(r.family) { ids.append(r.family) }
            for id in ids {
                let subset = rows.filter { $0.family == id }
                do throws(RadiomicsError) {
                    let r = try features(dataset.name, preset: "ibsi2-phase2-" + id, image: root + "/" + ctImage, mask: root + "/" + ctMask,
                                         rows: subset, rule: .absolute)
                    result.families += r.families
                    result.misses += r.misses
                } catch {
                    let total = subset.filter { $0.value != nil && $0.tolerance != nil }.count
                    result.families.append(FamilyResult(dataset: dataset.name, family: id, matched: 0, total: total, problem: error.description))
                }
            }
            return result
        }
    }

    /// `radiomics extract IMAGE MASK --preset P`, compared row by row.
    static func features(_ name: String, preset: String, image: String, mask: String, rows: [IBSIReferenceRow],
                         rule: IBSIReference.Rule = .ibsi1) throws(RadiomicsError) -> Result {
        let configuration = try RunConfiguration.preset(preset)
        let outcome = try CaseRunner.run(image: image, mask: mask, selection: .automatic, options: ReadOptions(),
                                         configuration: configuration, stopOnError: true)
        guard outcome.rois.count == 1, let features = outcome.rois[0].features else {
            throw .badInput(mask, "expected one ROI, got \(outcome.rois.count)")
        }
        let report = IBSIConformanceReport.evaluate(features, against: rows, rule: rule)
        return Result(families: report.families.map { FamilyResult(dataset: name, family: $0.family, matched: $0.matched, total: $0.total) },
                      misses: report.misses.map {
                          Miss(dataset: name, family: $0.row.family, tag: $0.row.tag, value: $0.value.flatMap { $0.isFinite ? $0 : nil },
                               reference: $0.row.value!, tolerance: $0.row.tolerance!, outcome: $0.outcome.rawValue)
                      })
    }
}
