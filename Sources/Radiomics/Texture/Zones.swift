/// Zones (IBSI 1 §3.8): maximal groups of linked intensity-mask voxels with the same grey level,
/// linked by 26-connectedness in 3D and 8-connectedness in 2D. Shared by the GLSZM and GLDZM.
struct Zone: Sendable {
    var level: Int32
    var size: Int
    /// Smallest value of the distance map over the zone's voxels (0 when no map is given).
    var distance: Int
}

enum Zones {
    /// The zones of padded slice `z` (planar), or of the whole volume when `z` is nil;
    /// `distances`, when given, is a distance map on the padded grid.
    ///
    /// In 3D, contiguous slabs of slices are flood-filled in parallel and zones that touch across
    /// slab boundaries are then joined (union–find). The zones found are the same for any
    /// partition; only their order differs, which no matrix depends on.
    static func find(_ grid: TextureGrid, z: Int?, distances: [Int32]? = nil, slabs slabCount: Int = TextureAggregation.cores) -> [Zone] {
        if let z { return label(grid, zRange: z..<(z + 1), planar: true, distances: distances).zones }
        let slices = grid.slices
        // One piece of a parallel loop (a map's kernel) labels its small grid in one slab.
        let slabs = fixedChunks(slices.count, chunks: InlineParallelism.isActive ? 1 : slabCount).map {
            (slices.lowerBound + $0.lowerBound)..<(slices.lowerBound + $0.upperBound)
        }
        let parts = parallelMap(slabs.count) { label(grid, zRange: slabs[$0], planar: false, distances: distances) }
        return parts.count == 1 ? parts[0].zones : join(parts, grid: grid)
    }

    /// Zones of one slab, and each voxel's zone (1-based index into `zones`, 0 outside the ROI).
    private struct Slab: Sendable {
        var zRange: Range<Int>
        var labels: [Int32]
        var zones: [Zone]
    }

    /// Depth-first flood fill of `zRange`; links never leave it.
    private static func label(_ grid: TextureGrid, zRange: Range<Int>, planar: Bool, distances: [Int32]?) -> Slab {
        let offsets = TextureDirections.neighbourhood(distance: 1, planar: planar).map(grid.offset)
        let p = grid.padding, base = zRange.lowerBound * grid.sliceStride
        let lower = base, upper = zRange.upperBound * grid.sliceStride
        var zones: [Zone] = []
        var labels = [Int32](repeating: 0, count: zRange.count * grid.sliceStride)
        // Every voxel is pushed at most once, so the stack never outgrows the slab.
        let stack = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, labels.count))
        defer { stack.deallocate() }
        let noDistances: [Int32] = []
        let withDistances = distances != nil
        grid.levels.withUnsafeBufferPointer { g in
            (distances ?? noDistances).withUnsafeBufferPointer { dist in
                offsets.withUnsafeBufferPointer { offs in
                    labels.withUnsafeMutableBufferPointer { seen in
                        for zz in zRange {
                            for y in p..<(grid.ny - p) {
                                let row = grid.nx * (y + grid.ny * zz)
                                for v in (row + p)..<(row + grid.nx - p) {
                                    let a = g[v]
                                    guard a > 0, seen[v - base] == 0 else { continue }
                                    let id = Int32(zones.count + 1)
                                    seen[v - base] = id
                                    stack[0] = v
                                    var top = 1, size = 0, nearest = Int32.max
                                    while top > 0 {
                                        top -= 1
                                        let u = stack[top]
                                        size += 1
                                        if withDistances { nearest = Swift.min(nearest, dist[u]) }
                                        for off in offs {
                                            let w = u + off
                                            // Planar offsets stay in the slice; in 3D, w may leave the slab.
                                            if g[w] == a && w >= lower && w < upper && seen[w - base] == 0 {
                                                seen[w - base] = id
                                                stack[top] = w
                                                top += 1
                                            }
                                        }
                                    }
                                    zones.append(Zone(level: a, size: size, distance: withDistances ? Int(nearest) : 0))
                                }
                            }
                        }
                    }
                }
            }
        }
        return Slab(zRange: zRange, labels: labels, zones: zones)
    }

    /// Joins the zones of consecutive slabs that are 26-linked across their common boundary.
    private static func join(_ slabs: [Slab], grid: TextureGrid) -> [Zone] {
        var first = [Int](), total = 0
        for s in slabs { first.append(total); total += s.zones.count }
        var parent = Array(0..<total)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        let p = grid.padding, stride = grid.sliceStride
        grid.levels.withUnsafeBufferPointer { g in
            for c in 0..<(slabs.count - 1) {
                let below = slabs[c], above = slabs[c + 1]
                let z = below.zRange.upperBound - 1
                let baseBelow = below.zRange.lowerBound * stride, baseAbove = above.zRange.lowerBound * stride
                for y in p..<(grid.ny - p) {
                    for x in p..<(grid.nx - p) {
                        let v = x + grid.nx * (y + grid.ny * z)
                        let a = g[v]
                        guard a > 0 else { continue }
                        let zoneBelow = first[c] + Int(below.labels[v - baseBelow]) - 1
                        for dy in -1...1 {
                            for dx in -1...1 {
                                let w = v + stride + dx + dy * grid.nx
                                guard g[w] == a else { continue }
                                let ra = root(zoneBelow), rb = root(first[c + 1] + Int(above.labels[w - baseAbove]) - 1)
                                if ra != rb { parent[Swift.max(ra, rb)] = Swift.min(ra, rb) }
                            }
                        }
                    }
                }
            }
        }
        var all = slabs.flatMap(\.zones)
        for k in 0..<total {
            let r = root(k)
            guard r != k else { continue }
            all[r].size += all[k].size
            all[r].distance = Swift.min(all[r].distance, all[k].distance)
        }
        return (0..<total).filter { root($0) == $0 }.map { all[$0] }
    }

    /// Distance of every morphological-mask voxel to the ROI edge (IBSI 1 §3.9): the number of
    /// 6-connected (3D) or 4-connected (`planar`, per slice) erosions it survives, plus one.
    /// That equals the Manhattan distance to the nearest voxel outside the mask (the padding
    /// counts as outside), computed exactly by a forward and a backward raster pass.
    static func distanceMap(_ grid: TextureGrid, planar: Bool) -> [Int32] {
        let big = Int32.max / 2
        var d = grid.morphological.map { $0 != 0 ? big : 0 }
        let sx = 1, sy = grid.nx, sz = grid.sliceStride
        let n = d.count
        d.withUnsafeMutableBufferPointer { d in
            // The outermost padding layer is never in the mask, so v ± stride stays in bounds for mask voxels.
            for v in 0..<n where d[v] != 0 {
                var m = Swift.min(d[v - sx], d[v - sy]) + 1
                if !planar { m = Swift.min(m, d[v - sz] + 1) }
                d[v] = Swift.min(d[v], m)
            }
            for v in Swift.stride(from: n - 1, through: 0, by: -1) where d[v] != 0 {
                var m = Swift.min(d[v + sx], d[v + sy]) + 1
                if !planar { m = Swift.min(m, d[v + sz] + 1) }
                d[v] = Swift.min(d[v], m)
            }
        }
        return d
    }
}

/// The zones of a context, labelled once for both zone families (the GLSZM counts them by size,
/// the GLDZM by distance to the ROI edge): in 3D with the 3D distance map, and per occupied slice
/// with the planar one, as the context's texture dimension asks. Built by the extractor before
/// the families run; each family falls back to labelling itself without it.
struct ZoneTable: Sendable {
    var volume: [Zone]?
    var slices: [Int: [Zone]] = [:]

    init(_ roi: ROIContext) {
        let grid = TextureGrid(roi, padding: 1)
        volume = TextureAggregation.wants3D(roi.settings) ? Zones.find(grid, z: nil, distances: Zones.distanceMap(grid, planar: false)) : nil
        if TextureAggregation.wants2D(roi.settings) {
            let planar = Zones.distanceMap(grid, planar: true), occupied = grid.occupiedSlices
            let found = parallelMap(occupied.count) { Zones.find(grid, z: occupied[$0], distances: planar) }
            slices = Dictionary(uniqueKeysWithValues: zip(occupied, found))
        }
    }
}
