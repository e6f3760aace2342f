/// Zones (IBSI 1 §3.8): maximal groups of linked intensity-mask voxels with the same grey level,
/// linked by 26-connectedness in 3D and 8-connectedness in 2D. Shared by the GLSZM and GLDZM.
struct Zone: Sendable {
    var level: Int32
    var size: Int
    /// Smallest value of the distance map over the zone's voxels (0 when no map is given).
    var distance: Int
}

enum Zones {
    /// The zones of padded slice `z` (planar) or of the whole volume, found by depth-first flood
    /// fill in raster order; `distances`, when given, is a distance map on the padded grid.
    static func find(_ grid: TextureGrid, z: Int?, distances: [Int32]? = nil) -> [Zone] {
        let planar = z != nil
        let offsets = TextureDirections.neighbourhood(distance: 1, planar: planar).map(grid.offset)
        let zRange = z.map { $0..<($0 + 1) } ?? grid.slices
        let p = grid.padding
        var zones: [Zone] = []
        // Visited flags for the voxels of zRange only (plus padding rows), indexed from `base`.
        let base = zRange.lowerBound * grid.sliceStride
        var visited = [Bool](repeating: false, count: zRange.count * grid.sliceStride)
        var stack: [Int] = []
        grid.levels.withUnsafeBufferPointer { g in
            visited.withUnsafeMutableBufferPointer { seen in
                for zz in zRange {
                    for y in p..<(grid.ny - p) {
                        let row = grid.nx * (y + grid.ny * zz)
                        for v in (row + p)..<(row + grid.nx - p) {
                            let a = g[v]
                            guard a > 0, !seen[v - base] else { continue }
                            seen[v - base] = true
                            stack.append(v)
                            var size = 0, nearest = Int.max
                            while let u = stack.popLast() {
                                size += 1
                                if let distances { nearest = Swift.min(nearest, Int(distances[u])) }
                                for off in offsets {
                                    let w = u + off
                                    // Planar: w stays in slice zz (in-plane offsets); 3D: the z padding holds 0.
                                    if g[w] == a && !seen[w - base] {
                                        seen[w - base] = true
                                        stack.append(w)
                                    }
                                }
                            }
                            zones.append(Zone(level: a, size: size, distance: distances == nil ? 0 : nearest))
                        }
                    }
                }
            }
        }
        return zones
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
            for v in stride(from: n - 1, through: 0, by: -1) where d[v] != 0 {
                var m = Swift.min(d[v + sx], d[v + sy]) + 1
                if !planar { m = Swift.min(m, d[v + sz] + 1) }
                d[v] = Swift.min(d[v], m)
            }
        }
        return d
    }
}
