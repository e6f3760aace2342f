import Foundation

/// What the report says about one feature column, over the cases that did not fail.
public struct FeatureSummary: Sendable {
    public var name: String
    public var nanCount = 0, infCount = 0, finiteCount = 0
    public var minimum = Double.nan, q1 = Double.nan, median = Double.nan, q3 = Double.nan, maximum = Double.nan
    public var mean = Double.nan, sd = Double.nan
    /// Counts in `histogramBins` equal bins from minimum to maximum.
    public var histogram: [Int] = []
    /// Cases beyond Tukey's far-out fences (Q1 − 3·IQR, Q3 + 3·IQR), most extreme first.
    public var outliers: [(row: Int, value: Double)] = []
    /// Every finite value equal.
    public var isConstant = false
    /// Not constant, but one value holds ≥ 95 % of the finite values.
    public var isNearConstant = false

    public static let histogramBins = 16, nearConstantShare = 0.95, outlierIQRs = 3.0

    public init(name: String, values: [Double], rows: [Int]) {
        self.name = name
        var finite: [Double] = []
        finite.reserveCapacity(rows.count)
        for r in rows {
            let v = values[r]
            if v.isNaN { nanCount += 1 } else if v.isInfinite { infCount += 1 } else { finite.append(v) }
        }
        finiteCount = finite.count
        guard !finite.isEmpty else { return }
        let sorted = finite.sorted()
        func quantile(_ p: Double) -> Double {
            // Linear interpolation between order statistics (numpy's default).
            let h = p * Double(sorted.count - 1), lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        minimum = sorted.first!; maximum = sorted.last!
        q1 = quantile(0.25); median = quantile(0.5); q3 = quantile(0.75)
        mean = finite.reduce(0, +) / Double(finite.count)
        sd = (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(finite.count - 1, 1))).squareRoot()
        isConstant = minimum == maximum
        if !isConstant {
            var longest = 1, run = 1
            for n in 1..<sorted.count {
                run = sorted[n] == sorted[n - 1] ? run + 1 : 1
                longest = max(longest, run)
            }
            isNearConstant = Double(longest) >= Self.nearConstantShare * Double(sorted.count)
        }
        histogram = Array(repeating: 0, count: Self.histogramBins)
        let width = maximum - minimum
        for v in finite {
            let b = width > 0 ? min(Self.histogramBins - 1, Int((v - minimum) / width * Double(Self.histogramBins))) : Self.histogramBins / 2
            histogram[b] += 1
        }
        let iqr = q3 - q1
        if iqr > 0 {
            let low = q1 - Self.outlierIQRs * iqr, high = q3 + Self.outlierIQRs * iqr
            outliers = rows.compactMap { r in values[r].isFinite && (values[r] < low || values[r] > high) ? (r, values[r]) : nil }
                .sorted { Swift.abs($0.value - median) > Swift.abs($1.value - median) }
        }
    }
}

/// Groups of features whose |Spearman ρ| exceeds a threshold, linked transitively.
public enum CorrelationClusters {
    public struct Cluster: Sendable {
        /// Feature indices, in table order.
        public var members: [Int]
        /// Largest |ρ| between two members.
        public var strongest: Double
    }

    /// - Parameters:
    ///   - columns: one value per case for each candidate feature, all finite, none constant.
    /// - Returns: clusters of two or more features, largest first.
    public static func find(_ columns: [[Double]], threshold: Double = 0.95) -> [Cluster] {
        let count = columns.count
        guard count > 1, let n = columns.first?.count, n > 2 else { return [] }
        // Ranks (ties averaged), centred and scaled to unit length: ρ is then a dot product.
        let width = (n + 7) / 8 * 8
        var z = [Float](repeating: 0, count: count * width)
        for (f, column) in columns.enumerated() {
            let r = ranks(column)
            let mean = r.reduce(0, +) / Double(n)
            let norm = r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }.squareRoot()
            for i in 0..<n { z[f * width + i] = Float((r[i] - mean) / norm) }
        }
        let edges = EdgeLists(count: count)
        z.withUnsafeBufferPointer { zb in
            // The address as an integer: a raw pointer is not Sendable, the buffer outlives the workers.
            let address = UInt(bitPattern: zb.baseAddress!)
            // Rows interleaved over the workers, so the long first rows are shared out.
            let workers = ProcessInfo.processInfo.activeProcessorCount * 4
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let base = UnsafeRawPointer(bitPattern: address)!
                var found: [(Int, Int, Float)] = []
                for a in stride(from: w, to: count, by: workers) {
                    let pa = base.advanced(by: 4 * a * width).assumingMemoryBound(to: SIMD8<Float>.self)
                    for b in (a + 1)..<count {
                        let pb = base.advanced(by: 4 * b * width).assumingMemoryBound(to: SIMD8<Float>.self)
                        var acc = SIMD8<Float>.zero
                        for k in 0..<(width / 8) { acc += pa[k] * pb[k] }
                        let rho = acc.sum()
                        if Swift.abs(rho) > Float(threshold) { found.append((a, b, rho)) }
                    }
                }
                edges.add(found)
            }
        }
        var parent = Array(0..<count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var strongest = [Int: Double]()
        for (a, b, _) in edges.all { let ra = root(a), rb = root(b); if ra != rb { parent[max(ra, rb)] = min(ra, rb) } }
        for (a, _, rho) in edges.all { strongest[root(a)] = max(strongest[root(a)] ?? 0, Double(Swift.abs(rho))) }
        var groups: [Int: [Int]] = [:]
        for f in 0..<count where strongest[root(f)] != nil { groups[root(f), default: []].append(f) }
        return groups.map { Cluster(members: $0.value, strongest: min(1, strongest[$0.key]!)) }
            .sorted { $0.members.count != $1.members.count ? $0.members.count > $1.members.count : $0.members[0] < $1.members[0] }
    }

    /// 1-based ranks, tied values sharing their mean rank.
    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, v[order[j + 1]] == v[order[i]] { j += 1 }
            let mean = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = mean }
            i = j + 1
        }
        return r
    }
}

/// Edges found by the parallel workers.
final class EdgeLists: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var all: [(Int, Int, Float)] = []
    init(count: Int) {}
    func add(_ edges: [(Int, Int, Float)]) { lock.lock(); all += edges; lock.unlock() }
}
