/// A closed triangle mesh on the half-voxel lattice of a grid.
///
/// Vertices are held in *doubled index coordinates*: vertex `v` sits at the continuous voxel index
/// `v / 2`. Marching cubes on a binary mask at iso-level 0.5 puts every vertex at the midpoint of a
/// lattice edge, so these coordinates are exact integers, and volume and convex hull can be
/// computed exactly before the affine map to physical space.
struct LatticeMesh: Sendable {
    /// Doubled index coordinates of the edge-midpoint vertices (each shared by its adjacent faces).
    var vertices: [SIMD3<Int32>]
    /// Centroids added inside non-planar loops (doubled index coordinates, not lattice points).
    /// They lie inside the convex hull of their loop, so hull, diameter and bounding boxes ignore them.
    var centroids: [SIMD3<Double>] = []
    /// Vertex indices of each face: `n ≥ 0` is `vertices[n]`, `n < 0` is `centroids[-n - 1]`.
    /// Faces are consistently oriented: every directed edge `a→b` of one face appears as `b→a`
    /// in exactly one other face, and the right-hand-rule normals point out of the ROI in index
    /// space.
    var triangles: [SIMD3<Int32>]

    /// Position of vertex `n` in doubled index coordinates.
    @inline(__always) func position(_ n: Int32) -> SIMD3<Double> {
        n >= 0 ? SIMD3<Double>(vertices[Int(n)]) : centroids[Int(-n - 1)]
    }

    /// Signed volume in doubled-index units³ (×1/8 for voxel units): Σ det(a−r, b−r, c−r)/6.
    var latticeVolume: Double {
        guard let first = vertices.first else { return 0 }
        let r = SIMD3<Double>(first)
        var sum = 0.0
        for t in triangles {
            sum += dot3(position(t.x) - r, cross3(position(t.y) - r, position(t.z) - r))
        }
        return sum / 6
    }
}

/// The affine map from doubled index coordinates to physical (LPS, mm) space:
/// `p = origin + M · v`, with `M = direction · diag(spacing) / 2`.
struct LatticeToPhysical: Sendable {
    /// Columns of M.
    var columns: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)
    var origin: SIMD3<Double>

    init(_ geometry: Geometry) {
        columns = (geometry.axis(0) * (geometry.spacing.x / 2),
                   geometry.axis(1) * (geometry.spacing.y / 2),
                   geometry.axis(2) * (geometry.spacing.z / 2))
        origin = geometry.origin
    }

    /// M · v, for a difference of lattice points.
    @inline(__always) func linear(_ v: SIMD3<Int64>) -> SIMD3<Double> {
        columns.0 * Double(v.x) + columns.1 * Double(v.y) + columns.2 * Double(v.z)
    }

    @inline(__always) func point(_ v: SIMD3<Int32>) -> SIMD3<Double> {
        origin + linear(SIMD3<Int64>(truncatingIfNeeded: v))
    }

    /// |det M|: physical volume of one doubled-index unit cell. Taking the absolute value is what
    /// keeps volumes positive under any direction matrix, flipped axes included.
    var volumeScale: Double {
        Swift.abs(dot3(columns.0, cross3(columns.1, columns.2)))
    }

    /// M · v for a real-valued difference.
    @inline(__always) func linear(_ v: SIMD3<Double>) -> SIMD3<Double> {
        columns.0 * v.x + columns.1 * v.y + columns.2 * v.z
    }

    /// Sum of the physical areas of the mesh faces.
    func area(_ mesh: LatticeMesh) -> Double {
        var sum = 0.0
        for t in mesh.triangles {
            let a = mesh.position(t.x)
            sum += norm3(cross3(linear(mesh.position(t.y) - a), linear(mesh.position(t.z) - a))) / 2
        }
        return sum
    }

    /// Sum of the physical areas of `triangles` (indices into the lattice points `points`).
    func area(points: [SIMD3<Int64>], triangles: [SIMD3<Int32>]) -> Double {
        var sum = 0.0
        for t in triangles {
            let a = points[Int(t.x)]
            sum += norm3(cross3(linear(points[Int(t.y)] &- a), linear(points[Int(t.z)] &- a))) / 2
        }
        return sum
    }
}

/// Marching cubes (Lorensen & Cline) on a binary mask at iso-level 0.5, as IBSI prescribes for
/// the morphological mesh.
///
/// The case table is derived from one rule instead of being transcribed: on every cube face the
/// iso-line segments run with the ROI on their left, seen from outside the cube, and on an
/// ambiguous face (two diagonal ROI corners) the ROI corners are kept apart. Because the rule
/// depends only on the four values of a face, the two cubes sharing a face draw the same
/// segments in opposite directions, so the mesh is closed and consistently oriented (no cracks,
/// no flipped faces). A planar loop is triangulated as a fan; a non-planar loop as a fan around
/// its centroid, which (unlike a fan from one of its vertices) does not depend on how the grid
/// axes are ordered, so a permuted or flipped copy of a mask gives the same surface.
enum MarchingCubes {
    /// The mesh of `mask` (voxels ≠ 0 are inside). Voxels outside the grid count as outside, so the
    /// mesh is closed even where the ROI touches the border.
    static func mesh(_ mask: MaskVolume) -> LatticeMesh {
        guard let box = mask.boundingBox else { return LatticeMesh(vertices: [], triangles: []) }
        let size = mask.size
        let lo = box.lower &- 1, hi = box.upper          // cube (i,j,k) has corners (i…i+1, j…j+1, k…k+1)
        let n = hi &- lo &+ 2                            // corner-lattice extent of the padded box
        // Vertex index per lattice edge midpoint, on the doubled grid of the padded box.
        let dn = n &* 2 &+ 1
        var vertexOf = [Int32](repeating: -1, count: dn.x * dn.y * dn.z)
        var vertices: [SIMD3<Int32>] = []
        var triangles: [SIMD3<Int32>] = []
        var centroids: [SIMD3<Double>] = []
        let table = MarchingCubesTable.shared
        mask.voxels.withUnsafeBufferPointer { m in
            @inline(__always) func inside(_ i: Int, _ j: Int, _ k: Int) -> Bool {
                guard i >= 0, j >= 0, k >= 0, i < size.x, j < size.y, k < size.z else { return false }
                return m[i + size.x * (j + size.y * k)] != 0
            }
            for k in lo.z...hi.z {
                for j in lo.y...hi.y {
                    for i in lo.x...hi.x {
                        var cubeCase = 0
                        for c in 0..<8 where inside(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1)) {
                            cubeCase |= 1 << c
                        }
                        let loops = table.loops[cubeCase]
                        if loops.isEmpty { continue }
                        let base = SIMD3(2 * (i - lo.x), 2 * (j - lo.y), 2 * (k - lo.z))
                        for loop in loops {
                            var ids: [Int32] = []
                            var sum = SIMD3<Double>.zero
                            for edge in loop.edges {
                                let d = base &+ table.edgeOffset[Int(edge)]
                                let key = d.x + dn.x * (d.y + dn.y * d.z)
                                if vertexOf[key] < 0 {
                                    vertexOf[key] = Int32(vertices.count)
                                    let absolute = d &+ lo &* 2
                                    vertices.append(SIMD3(Int32(absolute.x), Int32(absolute.y), Int32(absolute.z)))
                                }
                                ids.append(vertexOf[key])
                                sum += SIMD3<Double>(vertices[Int(vertexOf[key])])
                            }
                            if loop.planar {
                                for t in 1..<(ids.count - 1) { triangles.append(SIMD3(ids[0], ids[t], ids[t + 1])) }
                            } else {
                                centroids.append(sum / Double(ids.count))
                                let c = Int32(-centroids.count)
                                for t in ids.indices { triangles.append(SIMD3(ids[t], ids[(t + 1) % ids.count], c)) }
                            }
                        }
                    }
                }
            }
        }
        return LatticeMesh(vertices: vertices, centroids: centroids, triangles: triangles)
    }
}

/// The 256-case table of `MarchingCubes`, built once from the face rule.
struct MarchingCubesTable: Sendable {
    /// A closed, oriented loop of iso-line segments on the cube's faces, as cube-edge ids.
    struct Loop: Sendable {
        var edges: [UInt8]
        /// All its vertices lie in one plane: a fan triangulation then has the same area and
        /// volume whichever vertex it starts from.
        var planar: Bool
    }

    /// Per case (bit c set = corner c inside; corner c at offset (c&1, c>>1&1, c>>2&1)): its loops.
    let loops: [[Loop]]
    /// Doubled offset of each cube edge's midpoint from the cube's first corner.
    let edgeOffset: [SIMD3<Int>]

    static let shared = MarchingCubesTable()

    /// Edge id of the cube edge along `axis` starting at corner `c` (whose `axis` bit is 0).
    private static func edgeID(_ c: Int, _ axis: Int) -> Int {
        let u = (axis + 1) % 3, v = (axis + 2) % 3
        return axis * 4 + ((c >> u) & 1) + 2 * ((c >> v) & 1)
    }

    private static func edgeBetween(_ a: Int, _ b: Int) -> Int {
        let bit = a ^ b
        let axis = bit == 1 ? 0 : (bit == 2 ? 1 : 2)
        return edgeID(a & ~bit, axis)
    }

    init() {
        var offsets = [SIMD3<Int>](repeating: .zero, count: 12)
        for axis in 0..<3 {
            for c in 0..<8 where (c >> axis) & 1 == 0 {
                var d = SIMD3((c & 1) * 2, ((c >> 1) & 1) * 2, ((c >> 2) & 1) * 2)
                d[axis] += 1
                offsets[Self.edgeID(c, axis)] = d
            }
        }
        edgeOffset = offsets
        // The 6 faces as corner cycles, counter-clockwise seen from outside the cube.
        var faceCycles: [[Int]] = []
        for a in 0..<3 {
            let u = (a + 1) % 3, v = (a + 2) % 3
            for s in 0..<2 {
                let b = s << a
                let ccw = [b, b | 1 << u, b | 1 << u | 1 << v, b | 1 << v]   // CCW around +axis a
                faceCycles.append(s == 1 ? ccw : [ccw[0], ccw[3], ccw[2], ccw[1]])
            }
        }
        var table: [[Loop]] = []
        for cubeCase in 0..<256 {
            let inside = { (c: Int) in (cubeCase >> c) & 1 == 1 }
            // next[e] = the edge where the segment starting at edge e ends.
            var next = [Int](repeating: -1, count: 12)
            for cycle in faceCycles {
                let edges = (0..<4).map { Self.edgeBetween(cycle[$0], cycle[($0 + 1) % 4]) }
                let starts = (0..<4).filter { inside(cycle[$0]) && !inside(cycle[($0 + 1) % 4]) }
                let ends = (0..<4).filter { !inside(cycle[$0]) && inside(cycle[($0 + 1) % 4]) }
                if starts.count == 1 {
                    next[edges[starts[0]]] = edges[ends[0]]
                } else if starts.count == 2 {
                    // Ambiguous face: each segment cuts off the ROI corner it starts at, so the
                    // diagonal ROI corners stay separate (the segment ends on the previous edge).
                    for k in starts { next[edges[k]] = edges[(k + 3) % 4] }
                }
            }
            var used = [Bool](repeating: false, count: 12)
            var caseLoops: [Loop] = []
            for start in 0..<12 where next[start] >= 0 && !used[start] {
                var loop: [Int] = []
                var e = start
                while !used[e] {
                    used[e] = true
                    loop.append(e)
                    e = next[e]
                }
                // The segments run with the ROI on their left seen from outside the cube, which
                // makes right-hand-rule normals point into the ROI: reverse to point them out.
                loop.reverse()
                let p = loop.map { SIMD3<Int64>(truncatingIfNeeded: offsets[$0]) }
                let planar = p.allSatisfy { det3(p[1] &- p[0], p[2] &- p[0], $0 &- p[0]) == 0 }
                caseLoops.append(Loop(edges: loop.map(UInt8.init), planar: planar))
            }
            table.append(caseLoops)
        }
        loops = table
    }
}

@inline(__always) func det3(_ a: SIMD3<Int64>, _ b: SIMD3<Int64>, _ c: SIMD3<Int64>) -> Int64 {
    a.x &* (b.y &* c.z &- b.z &* c.y) &- a.y &* (b.x &* c.z &- b.z &* c.x) &+ a.z &* (b.x &* c.y &- b.y &* c.x)
}

@inline(__always) func cross3(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

@inline(__always) func cross3(_ a: SIMD3<Int64>, _ b: SIMD3<Int64>) -> SIMD3<Int64> {
    SIMD3(a.y &* b.z &- a.z &* b.y, a.z &* b.x &- a.x &* b.z, a.x &* b.y &- a.y &* b.x)
}

@inline(__always) func dot3(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

@inline(__always) func dot3(_ a: SIMD3<Int64>, _ b: SIMD3<Int64>) -> Int64 { a.x &* b.x &+ a.y &* b.y &+ a.z &* b.z }

@inline(__always) func norm3(_ a: SIMD3<Double>) -> Double { dot3(a, a).squareRoot() }
