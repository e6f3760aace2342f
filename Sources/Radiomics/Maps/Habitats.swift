import Foundation

/// Habitats: the ROI's voxels clustered on voxel-wise features.
///
/// Each feature is z-scored over the ROI (mean 0, population SD 1; a constant feature, or a NaN
/// voxel, becomes 0), then k-means (Lloyd) from k-means++ seeds drawn with a fixed-seed
/// generator, best of `restarts` runs by inertia (ties: the earlier run): the labels depend only
/// on the input, never on the thread count.
/// Labels 1…K are ordered by the habitat's mean of the first feature (raw values), ascending;
/// ties by size, larger first. `K = auto` takes the K in 2…`maxK` with the highest mean
/// silhouette (Euclidean, on the z-scores; ties: the smaller K).
public enum Habitats {
    public struct Clustering: Sendable {
        /// Habitat (1…k) of each point, in point order.
        public var labels: [Int]
        public var k: Int
        /// Mean silhouette of each K tried (`--k auto`), by K.
        public var silhouettes: [Int: Double] = [:]
    }

    /// Clusters `features` (one array per feature, one value per point) into `k` habitats, or
    /// picks K by silhouette when `k` is nil.
    public static func cluster(_ features: [[Double]], k: Int?, maxK: Int = 8, seed: UInt64 = 20_260_101,
                               restarts: Int = 10) throws(RadiomicsError) -> Clustering {
        guard let n = features.first?.count, n > 0 else { throw .badInput(nil, "habitats: the ROI is empty") }
        let points = zScored(features)
        if let k {
            guard k >= 1 else { throw .usage("--k must be at least 1, or auto") }
            guard k <= n else { throw .usage("--k \(k) exceeds the ROI's \(n) voxels") }
            let raw = kMeans(points, k: k, seed: seed, restarts: restarts)
            return Clustering(labels: ordered(raw, k: k, by: features[0]), k: k)
        }
        guard n >= 3 else { throw .badInput(nil, "habitats: --k auto needs at least 3 ROI voxels") }
        var best = (k: 2, score: -Double.infinity, labels: [Int]())
        var scores: [Int: Double] = [:]
        for kk in 2...Swift.min(maxK, n - 1) {
            let raw = kMeans(points, k: kk, seed: seed, restarts: restarts)
            let s = silhouette(points, raw, k: kk)
            scores[kk] = s
            if s > best.score { best = (kk, s, raw) }
        }
        return Clustering(labels: ordered(best.labels, k: best.k, by: features[0]), k: best.k, silhouettes: scores)
    }

    /// Points (row-major n × d) of z-scored features.
    static func zScored(_ features: [[Double]]) -> [[Double]] {
        let n = features[0].count
        let columns = features.map { f -> [Double] in
            let finite = f.filter(\.isFinite)
            guard !finite.isEmpty else { return [Double](repeating: 0, count: n) }
            let mean = finite.reduce(0, +) / Double(finite.count)
            let sd = (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count)).squareRoot()
            return f.map { $0.isFinite && sd > 0 ? ($0 - mean) / sd : 0 }
        }
        return (0..<n).map { i in columns.map { $0[i] } }
    }

    /// Cluster index 0..<k of each point: the best of `restarts` k-means++ runs.
    static func kMeans(_ points: [[Double]], k: Int, seed: UInt64, restarts: Int) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var best: (inertia: Double, labels: [Int]) = (.infinity, [])
        for _ in 0..<Swift.max(1, restarts) {
            let run = lloyd(points, centres: plusPlusSeeds(points, k: k, rng: &rng))
            if run.inertia < best.inertia { best = run }
        }
        return best.labels
    }

    /// k-means++: the first centre uniformly, each next one with probability ∝ D², the squared
    /// distance to the nearest centre chosen so far.
    static func plusPlusSeeds(_ points: [[Double]], k: Int, rng: inout SplitMix64) -> [[Double]] {
        var centres = [points[Int(rng.next() % UInt64(points.count))]]
        var d2 = points.map { distance2($0, centres[0]) }
        while centres.count < k {
            let total = d2.reduce(0, +)
            var pick = 0
            if total > 0 {
                var target = rng.unit() * total
                pick = d2.count - 1
                for (i, d) in d2.enumerated() { target -= d; if target < 0 { pick = i; break } }
            } else {
                pick = Int(rng.next() % UInt64(points.count))
            }
            centres.append(points[pick])
            for i in points.indices { d2[i] = Swift.min(d2[i], distance2(points[i], points[pick])) }
        }
        return centres
    }

    /// Lloyd iterations until no label changes (at most 300). Assignment in parallel (each point
    /// its own slot); centre sums in point order.
    static func lloyd(_ points: [[Double]], centres start: [[Double]]) -> (inertia: Double, labels: [Int]) {
        var centres = start
        let k = centres.count, d = points[0].count
        var labels = [Int](repeating: -1, count: points.count)
        for _ in 0..<300 {
            let next = Parallel.map(count: points.count) { i in nearest(points[i], centres).index }
            if next == labels { break }
            labels = next
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            var counts = [Int](repeating: 0, count: k)
            for (i, l) in labels.enumerated() {
                counts[l] += 1
                for j in 0..<d { sums[l][j] += points[i][j] }
            }
            // An emptied cluster keeps its centre.
            for c in 0..<k where counts[c] > 0 { centres[c] = sums[c].map { $0 / Double(counts[c]) } }
        }
        let inertia = points.indices.reduce(0.0) { $0 + distance2(points[$1], centres[labels[$1]]) }
        return (inertia, labels)
    }

    /// Mean silhouette; a point alone in its cluster scores 0. Above 4,000 points, every m-th
    /// point (a fixed subsample) is scored against that subsample.
    static func silhouette(_ points: [[Double]], _ labels: [Int], k: Int) -> Double {
        let step = Swift.max(1, (points.count + 3_999) / 4_000)
        let idx = Array(stride(from: 0, to: points.count, by: step))
        let scores = Parallel.map(count: idx.count) { a -> Double in
            let i = idx[a]
            var sum = [Double](repeating: 0, count: k), count = [Int](repeating: 0, count: k)
            for j in idx where j != i {
                sum[labels[j]] += distance2(points[i], points[j]).squareRoot()
                count[labels[j]] += 1
            }
            let own = labels[i]
            guard count[own] > 0 else { return 0 }
            let inner = sum[own] / Double(count[own])
            var outer = Double.infinity
            for c in 0..<k where c != own && count[c] > 0 { outer = Swift.min(outer, sum[c] / Double(count[c])) }
            guard outer.isFinite else { return 0 }
            let m = Swift.max(inner, outer)
            return m > 0 ? (outer - inner) / m : 0
        }
        return scores.reduce(0, +) / Double(scores.count)
    }

    /// Renumbers clusters 1…k by mean of `key` (ascending), ties by size (larger first), then index.
    static func ordered(_ labels: [Int], k: Int, by key: [Double]) -> [Int] {
        var sum = [Double](repeating: 0, count: k), finite = [Int](repeating: 0, count: k), size = [Int](repeating: 0, count: k)
        for (i, l) in labels.enumerated() {
            size[l] += 1
            if key[i].isFinite { sum[l] += key[i]; finite[l] += 1 }
        }
        let mean = (0..<k).map { finite[$0] > 0 ? sum[$0] / Double(finite[$0]) : Double.infinity }
        let order = (0..<k).sorted { (a: Int, b: Int) -> Bool in
            if mean[a] != mean[b] { return mean[a] < mean[b] }
            if size[a] != size[b] { return size[a] > size[b] }
            return a < b
        }
        var rank = [Int](repeating: 0, count: k)
        for (r, c) in order.enumerated() { rank[c] = r + 1 }
        return labels.map { rank[$0] }
    }

    static func nearest(_ p: [Double], _ centres: [[Double]]) -> (index: Int, d2: Double) {
        var best = (0, Double.infinity)
        for (c, centre) in centres.enumerated() {
            let d = distance2(p, centre)
            if d < best.1 { best = (c, d) }
        }
        return best
    }

    @inline(__always) static func distance2(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for j in a.indices { s += (a[j] - b[j]) * (a[j] - b[j]) }
        return s
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fixed, platform-independent generator
/// (habitat seeds; the benchmark phantom's noise, one stream per slice).
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Uniform in (0, 1].
    public mutating func uniform() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }
}

extension Habitats {
    /// The habitat label map of a ROI from its feature maps: labels 1…K inside, 0 outside.
    public static func labelMap(_ maps: FeatureMaps, roi mask: MaskVolume, k: Int?) throws(RadiomicsError) -> (labels: MaskVolume, clustering: Clustering) {
        let voxels = FeatureMaps.roiVoxels(mask)
        guard voxels == maps.roi else { throw .usage("habitats: the maps were computed on another ROI") }
        let features = maps.values.map { $0.map(Double.init) }
        guard !features.isEmpty else { throw .usage("habitats: --maps selects no feature") }
        let c = try cluster(features, k: k)
        var labels = MaskVolume(geometry: mask.geometry, repeating: 0)
        for (v, n) in voxels.enumerated() { labels.voxels[n] = UInt8(c.labels[v]) }
        return (labels, c)
    }

    /// The ROI of habitat `label` (1 inside, 0 elsewhere).
    public static func mask(of label: Int, in labels: MaskVolume) -> MaskVolume {
        MaskVolume(geometry: labels.geometry, voxels: labels.voxels.map { Int($0) == label ? 1 : 0 })
    }
}
