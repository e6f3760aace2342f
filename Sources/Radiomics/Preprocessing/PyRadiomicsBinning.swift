/// pyradiomics' discretisation (`imageoperations.getBinEdges` + `numpy.digitize`), which differs
/// from IBSI's fixed bin size: the lowest edge is `min − (min mod w)` (Python's floor modulo, so
/// edges sit on multiples of the bin width) and grey levels are 1-based edge indices.
public enum PyRadiomicsBinning {
    /// Bin edges for the ROI intensities `values`.
    /// - binWidth `w`: `arange(min − (min mod w), max + 2w, w)`; a single edge e becomes [e − ½, e + ½].
    /// - binCount `n`: `numpy.histogram(values, n)` edges (a linspace from min to max), last edge + 1.
    public static func edges(_ values: [Double], binWidth: Double, binCount: Int?) -> [Double] {
        guard let lo = values.min(), let hi = values.max() else { return [] }
        if let n = binCount {
            var first = lo, last = hi
            if first == last { first -= 0.5; last += 0.5 }
            // numpy.linspace(first, last, n + 1): start + i·step, with the endpoint set exactly.
            let step = (last - first) / Double(n)
            var e = (0...n).map { first + Double($0) * step }
            e[n] = last
            e[n] += 1
            return e
        }
        let lowBound = lo - pyMod(lo, binWidth)
        let highBound = hi + 2 * binWidth
        // numpy.arange length: ceil((stop − start) / step); values start + i·step.
        let count = Int(((highBound - lowBound) / binWidth).rounded(.up))
        var e = (0..<count).map { lowBound + Double($0) * binWidth }
        if e.count == 1 { e = [e[0] - 0.5, e[0] + 0.5] }
        return e
    }

    /// `numpy.digitize(x, edges)` for increasing edges: the i with edges[i−1] ≤ x < edges[i].
    @inline(__always) public static func digitize(_ x: Double, _ edges: [Double]) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `digitize` of every value. The edges are (nearly) evenly spaced, so the bin is first
    /// guessed by one division and then moved to the number of edges ≤ x, which is what the
    /// binary search returns for increasing edges: the same levels, without a search per voxel.
    static func digitizeAll(_ values: [Double], _ edges: [Double]) -> [Int] {
        guard edges.count > 1, let first = edges.first, let last = edges.last, last > first else { return values.map { digitize($0, edges) } }
        let width = (last - first) / Double(edges.count - 1), count = edges.count
        return edges.withUnsafeBufferPointer { e in
            values.map { x in
                let q = (x - first) / width
                guard q.isFinite, q > -2, q < Double(count + 1) else { return digitize(x, edges) }
                var k = Swift.min(Swift.max(Int(q.rounded(.down)) + 1, 0), count)
                while k < count && e[k] <= x { k += 1 }
                while k > 0 && !(e[k - 1] <= x) { k -= 1 }
                return k
            }
        }
    }

    /// Python's `a % b` (result has the sign of b).
    @inline(__always) static func pyMod(_ a: Double, _ b: Double) -> Double {
        let r = a.truncatingRemainder(dividingBy: b)
        return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
    }

    /// The ROI voxels of one response map in numpy (z, y, x) order (our linear order) and their
    /// pyradiomics grey levels.
    struct Binned: Sendable {
        var values: [Double] = []
        var levels: [Int]
        /// Bins the edges define (the highest grey level the binning can give).
        var binCount = 0
        init(_ map: [Double], mask: MaskVolume, settings ts: PyRadiomicsParameters.Settings) {
            for n in mask.voxels.indices where mask.voxels[n] != 0 { values.append(map[n]) }
            let edges = edges(values, binWidth: ts.binWidth, binCount: ts.binCount)
            levels = digitizeAll(values, edges)
            binCount = Swift.max(0, edges.count - 1)
        }

        func levelVolume(_ mask: MaskVolume) -> Volume<Int32> {
            var lv = Volume<Int32>(geometry: mask.geometry, repeating: 0)
            var k = 0
            for n in mask.voxels.indices where mask.voxels[n] != 0 { lv.voxels[n] = Int32(levels[k]); k += 1 }
            return lv
        }
    }
}
