/// Compares computed features with an IBSI reference table, family by family.
public struct IBSIConformanceReport: Sendable {
    public struct Miss: Sendable, CustomStringConvertible {
        public var row: IBSIReferenceRow
        /// nil when the feature was not produced at all.
        public var value: Double?
        public var outcome: IBSIMatch
        public var description: String {
            "\(row.tag) [\(row.family)]: got \(value.map { "\($0)" } ?? "nothing"), reference \(row.value!) ± \(row.tolerance!) (\(outcome.rawValue))"
        }
    }

    public struct FamilyResult: Sendable {
        public var family: String
        public var matched: Int
        public var total: Int
    }

    public var dataset: String
    public var families: [FamilyResult]
    public var misses: [Miss]
    public var matched: Int { families.reduce(0) { $0 + $1.matched } }
    public var total: Int { families.reduce(0) { $0 + $1.total } }
    public var passed: Bool { misses.isEmpty }

    /// Compares every toleranced row whose family passes `familyFilter` (all by default).
    public static func evaluate(_ features: [Feature], against rows: [IBSIReferenceRow],
                                rule: IBSIReference.Rule = .ibsi1,
                                familyFilter: (String) -> Bool = { _ in true }) -> IBSIConformanceReport {
        var byTag: [String: Double] = [:]
        for f in features { byTag[f.tag] = f.value }
        var order: [String] = [], counts: [String: (Int, Int)] = [:], misses: [Miss] = []
        for row in rows {
            guard let ref = row.value, let tol = row.tolerance, familyFilter(row.family) else { continue }
            if counts[row.family] == nil { order.append(row.family); counts[row.family] = (0, 0) }
            let value = byTag[row.tag]
            let outcome = value.map { IBSIReference.compare($0, reference: ref, tolerance: tol, rule: rule) } ?? .noMatch
            counts[row.family]!.1 += 1
            if outcome == .match { counts[row.family]!.0 += 1 } else { misses.append(Miss(row: row, value: value, outcome: outcome)) }
        }
        return IBSIConformanceReport(dataset: rows.first?.dataset ?? "",
                                     families: order.map { FamilyResult(family: $0, matched: counts[$0]!.0, total: counts[$0]!.1) },
                                     misses: misses)
    }

    /// A plain-text table: one line per family, `matched/total`.
    public var summary: String {
        families.map { "\(dataset) | \($0.family): \($0.matched)/\($0.total)" }.joined(separator: "\n")
    }
}
