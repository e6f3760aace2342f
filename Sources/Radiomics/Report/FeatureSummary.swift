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
