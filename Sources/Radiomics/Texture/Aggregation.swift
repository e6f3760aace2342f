import Foundation

/// IBSI texture aggregation (IBSI 1 §3.6–3.11): which matrices are built, which are merged
/// (cell-wise sums) and which feature vectors are averaged, and the tag suffix of each method.
///
/// Averages skip matrices with no counts (e.g. a one-voxel slice has no co-occurring pair) and,
/// per feature, values that are NaN for one matrix (e.g. a correlation with zero variance).
enum TextureAggregation {
    /// What a family needs to know about its matrix type.
    struct Family<M: Sendable>: Sendable {
        /// Tag prefix, e.g. `cm_`.
        var prefix: String
        /// Feature names in output order, e.g. `joint_max`.
        var names: [String]
        /// Every feature of one matrix, in `names` order.
        var features: @Sendable (M) -> [Double]
        /// Merges matrices (IBSI: cell-wise sums).
        var merge: @Sendable ([M]) -> M
        var isEmpty: @Sendable (M) -> Bool
    }

    /// The threads work is split over (`Parallel.threadCount`: read once per process, where
    /// `activeProcessorCount` reads the cgroup files on every call; a map asks per kernel).
    static var cores: Int { Parallel.threadCount }

    static func wants2D(_ settings: ExtractionSettings) -> Bool { settings.textureDimension != .threeD }
    static func wants3D(_ settings: ExtractionSettings) -> Bool { settings.textureDimension != .twoD }

    /// GLCM and GLRLM: `_2D_avg`, `_2D_comb`, `_2_5D_avg`, `_2_5D_comb` from per-slice
    /// directional matrices `slice(z)` (one per in-plane direction), `_3D_avg`, `_3D_comb` from
    /// the 13 volumetric directional matrices `direction(0…12)`.
    ///
    /// Work is split across cores (slices in contiguous chunks, directions in batches); matrices
    /// hold integer counts, so merged sums are exact in any order, and per-matrix feature vectors
    /// are averaged in slice/direction order: the output does not depend on the thread count.
    /// At most a few matrices per core are alive at once (a GLCM is Ng² counts).
    static func directional<M>(_ family: Family<M>, grid: TextureGrid, settings: ExtractionSettings,
                               slice: @escaping @Sendable (Int) -> [M], direction: @escaping @Sendable (Int) -> M) -> [Feature] {
        var out: [Feature] = []
        if wants2D(settings) {
            let slices = grid.occupiedSlices
            let chunks = fixedChunks(slices.count, chunks: cores)
            let results = parallelMap(chunks.count) { c in
                var chunk = DirectionalChunk<M>()
                for s in chunks[c] {
                    let ms = slice(slices[s])
                    if chunk.perDirection.isEmpty { chunk.perDirection = ms.map { [$0] } } else {
                        for d in ms.indices { chunk.perDirection[d].append(ms[d]) }
                    }
                    for m in ms where !family.isEmpty(m) { chunk.perMatrix.append(family.features(m)) }
                    let merged = family.merge(ms)
                    if !family.isEmpty(merged) { chunk.perSlice.append(family.features(merged)) }
                    // Keep one merged matrix per direction per chunk, not one per slice.
                    chunk.perDirection = chunk.perDirection.map { [family.merge($0)] }
                }
                return chunk
            }
            let directionCount = results.first { !$0.perDirection.isEmpty }?.perDirection.count ?? 0
            let perDirection: [M] = (0..<directionCount).map { d in family.merge(results.flatMap { $0.perDirection.isEmpty ? [] : $0.perDirection[d] }) }
            out += tagged(family, "_2D_avg", average(results.flatMap { $0.perMatrix }, family.names.count))
            out += tagged(family, "_2D_comb", average(results.flatMap { $0.perSlice }, family.names.count))
            out += tagged(family, "_2_5D_avg", average(perDirection.filter { !family.isEmpty($0) }.map(family.features), family.names.count))
            out += tagged(family, "_2_5D_comb", features(family, perDirection.isEmpty ? nil : family.merge(perDirection)))
        }
        if wants3D(settings) {
            let count = TextureDirections.threeD.count
            var vectors: [[Double]] = [], merged: M? = nil
            for first in stride(from: 0, to: count, by: cores) {
                let batch = parallelMap(Swift.min(cores, count - first)) { k -> (M, [Double]?) in
                    let m = direction(first + k)
                    return (m, family.isEmpty(m) ? nil : family.features(m))
                }
                for (m, v) in batch {
                    if let v { vectors.append(v) }
                    merged = family.merge(merged.map { [$0, m] } ?? [m])
                }
            }
            out += tagged(family, "_3D_avg", average(vectors, family.names.count))
            out += tagged(family, "_3D_comb", features(family, merged))
        }
        return out
    }

    /// GLSZM, GLDZM, NGTDM, NGLDM: `_2D` (features per slice, averaged), `_2_5D` (slice matrices
    /// merged) from `slice(z)`, `_3D` from `volume()`.
    static func planar<M>(_ family: Family<M>, grid: TextureGrid, settings: ExtractionSettings,
                          slice: @escaping @Sendable (Int) -> M, volume: () -> M) -> [Feature] {
        var out: [Feature] = []
        if wants2D(settings) {
            let slices = grid.occupiedSlices
            let chunks = fixedChunks(slices.count, chunks: cores)
            let results = parallelMap(chunks.count) { c in
                var perSlice: [[Double]] = [], merged: [M] = []
                for s in chunks[c] {
                    let m = slice(slices[s])
                    if !family.isEmpty(m) { perSlice.append(family.features(m)) }
                    merged = [family.merge(merged + [m])]
                }
                return (perSlice, merged)
            }
            out += tagged(family, "_2D", average(results.flatMap { $0.0 }, family.names.count))
            let all = results.flatMap { $0.1 }
            out += tagged(family, "_2_5D", features(family, all.isEmpty ? nil : family.merge(all)))
        }
        if wants3D(settings) {
            out += tagged(family, "_3D", features(family, volume()))
        }
        return out
    }

    private struct DirectionalChunk<M: Sendable>: Sendable {
        var perMatrix: [[Double]] = [], perSlice: [[Double]] = [], perDirection: [[M]] = []
    }

    private static func features<M>(_ family: Family<M>, _ m: M?) -> [Double] {
        guard let m, !family.isEmpty(m) else { return [Double](repeating: .nan, count: family.names.count) }
        return family.features(m)
    }

    /// Mean of each feature over the vectors, skipping NaN entries; NaN when nothing is left.
    static func average(_ vectors: [[Double]], _ count: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: count), n = [Int](repeating: 0, count: count)
        for v in vectors {
            for k in 0..<count where !v[k].isNaN {
                sums[k] += v[k]
                n[k] += 1
            }
        }
        return (0..<count).map { n[$0] > 0 ? sums[$0] / Double(n[$0]) : .nan }
    }

    private static func tagged<M>(_ family: Family<M>, _ suffix: String, _ values: [Double]) -> [Feature] {
        zip(family.names, values).map { Feature(family.prefix + $0 + suffix, $1) }
    }
}
