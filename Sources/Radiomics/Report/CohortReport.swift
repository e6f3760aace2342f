import Foundation

/// The analysis behind `radiomics report`: per-feature summaries over the cases that did not
/// fail, correlation clusters, and the cases most often outlying.
public struct CohortReport: Sendable {
    public var source: String
    public var table: FeatureTableData
    public var summaries: [FeatureSummary]
    public var statuses: [FeatureStatus]
    /// Rows whose `error` is empty.
    public var goodRows: [Int]
    public var clusters: [CorrelationClusters.Cluster]
    /// Features that entered the correlation analysis (finite in every good row, not constant).
    public var correlated: Int
    /// Cases by the number of features in which they are far-out outliers, most first.
    public var outlyingCases: [(row: Int, features: Int)]
    public var seconds: [String: Double] = [:]

    public static let threshold = 0.95

    public init(table: FeatureTableData, source: String) {
        self.source = source
        self.table = table
        var times: [String: Double] = [:]
        var clock = Date()
        func lap(_ stage: String) { times[stage] = Date().timeIntervalSince(clock); clock = Date() }
        let good = table.errors.indices.filter { table.errors[$0].isEmpty }
        goodRows = good
        let box = SummaryBox(count: table.featureNames.count)
        DispatchQueue.concurrentPerform(iterations: table.featureNames.count) { f in
            box.set(f, FeatureSummary(name: table.featureNames[f], values: table.values[f], rows: good))
        }
        let sums = box.values.map { $0! }
        summaries = sums
        statuses = table.featureNames.map(FeatureStatus.init(column:))
        lap("summaries")
        let eligible = sums.indices.filter { sums[$0].finiteCount == good.count && good.count > 2 && !sums[$0].isConstant }
        correlated = eligible.count
        let values = table.values
        let columns = eligible.map { f in good.map { values[f][$0] } }
        let found = CorrelationClusters.find(columns, threshold: Self.threshold)
        clusters = found.map { c in CorrelationClusters.Cluster(members: c.members.map { eligible[$0] }, strongest: c.strongest) }
        lap("correlation")
        var counts = [Int](repeating: 0, count: table.rowCount)
        for s in sums { for o in s.outliers { counts[o.row] += 1 } }
        outlyingCases = counts.indices.filter { counts[$0] > 0 }.map { ($0, counts[$0]) }
            .sorted { $0.features != $1.features ? $0.features > $1.features : $0.row < $1.row }
        seconds = times
    }
}

final class SummaryBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [FeatureSummary?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: FeatureSummary) { lock.lock(); values[i] = v; lock.unlock() }
}
