import Foundation

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
        let edges = EdgeLists()
        z.withUnsafeBufferPointer { zb in
            // The address as an integer: a raw pointer is not Sendable, the buffer outlives the workers.
            let address = UInt(bitPattern: zb.baseAddress!)
            // Rows interleaved over the workers, so the long first rows are shared out.
            let workers = Parallel.threadCount * 4
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
    func add(_ edges: [(Int, Int, Float)]) { lock.lock(); all += edges; lock.unlock() }
}
