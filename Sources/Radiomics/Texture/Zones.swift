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

    /// Connected-component labelling of `zRange` (links never leave it): one raster pass joins
    /// each voxel to its already-visited linked neighbours (13 in 3D, 4 in 2D) by union–find, a
    /// second numbers the zones in the order of their first voxel, which is the order a flood fill
    /// from each unlabelled voxel in raster order finds them (same zones, labels and order; half
    /// the neighbour look-ups, no stack).
    private static func label(_ grid: TextureGrid, zRange: Range<Int>, planar: Bool, distances: [Int32]?) -> Slab {
        let stride = grid.sliceStride
        let earlier = TextureDirections.neighbourhood(distance: 1, planar: planar).map(grid.offset).filter { $0 < 0 }
        // The slab's first slice has no earlier slice inside the slab.
        let inSlice = earlier.filter { $0 > -stride + grid.nx + 1 }
        let p = grid.padding, base = zRange.lowerBound * stride
        var labels = [Int32](repeating: 0, count: zRange.count * stride)
        // Provisional labels: at most one per voxel, each pointing at a smaller one or itself.
        let parent = UnsafeMutablePointer<Int32>.allocate(capacity: labels.count + 1)
        defer { parent.deallocate() }
        var next: Int32 = 1
        @inline(__always) func root(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                let up = parent[Int(parent[Int(x)])]
                parent[Int(x)] = up
                x = up
            }
            return x
        }
        var zones: [Zone] = []
        let noDistances: [Int32] = []
        let withDistances = distances != nil
        grid.levels.withUnsafeBufferPointer { g in
            labels.withUnsafeMutableBufferPointer { lab in
                for z in zRange {
                    (z == zRange.lowerBound ? inSlice : earlier).withUnsafeBufferPointer { offs in
                        for y in p..<(grid.ny - p) {
                            let row = grid.nx * (y + grid.ny * z)
                            for v in (row + p)..<(row + grid.nx - p) {
                                let a = g[v]
                                guard a > 0 else { continue }
                                var current: Int32 = 0
                                for off in offs where g[v + off] == a {
                                    let l = lab[v + off - base]
                                    if current == 0 { current = root(l); continue }
                                    guard l != current else { continue }
                                    let r = root(l)
                                    if r < current { parent[Int(current)] = r; current = r } else if r > current { parent[Int(r)] = current }
                                }
                                if current == 0 { current = next; parent[Int(next)] = next; next += 1 }
                                lab[v - base] = current
                            }
                        }
                    }
                }
                let zoneOf = UnsafeMutablePointer<Int32>.allocate(capacity: Int(next))
                defer { zoneOf.deallocate() }
                zoneOf.initialize(repeating: 0, count: Int(next))
                (distances ?? noDistances).withUnsafeBufferPointer { dist in
                    for z in zRange {
                        for y in p..<(grid.ny - p) {
                            let row = grid.nx * (y + grid.ny * z)
                            for v in (row + p)..<(row + grid.nx - p) {
                                let l = lab[v - base]
                                guard l > 0 else { continue }
                                let r = Int(root(l))
                                if zoneOf[r] == 0 {
                                    zones.append(Zone(level: g[v], size: 0, distance: withDistances ? Int(Int32.max) : 0))
                                    zoneOf[r] = Int32(zones.count)
                                }
                                let id = Int(zoneOf[r])
                                lab[v - base] = Int32(id)
                                zones[id - 1].size += 1
                                if withDistances { zones[id - 1].distance = Swift.min(zones[id - 1].distance, Int(dist[v])) }
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
