/// The convex hull of a 3D integer point set, by quickhull with exact integer predicates.
///
/// Mesh vertices lie on the half-voxel lattice, so they are passed as integers (doubled index
/// coordinates): every orientation test is then an exact `Int64` determinant, and the many
/// coplanar and collinear lattice points can never make the hull inconsistent. The hull of the
/// affine image of a point set is the affine image of its hull, so mapping the result to physical
/// space afterwards is exact too.
struct ConvexHull: Sendable {
    /// Indices (into the input points) of the hull's extreme points (corners), ascending. Points
    /// that are triangle vertices but lie inside a flat facet or on a straight edge of the hull
    /// are left out, so this set depends only on the point set, not on the insertion order.
    var vertices: [Int]
    /// Triangulated hull faces, vertex indices into the input points; right-hand-rule normals
    /// point outward. Coplanar neighbouring triangles are kept as separate faces.
    var faces: [SIMD3<Int32>]

    /// Σ det(a−r, b−r, c−r)/6 over the faces: the hull volume in input units³ (exact up to the
    /// final division).
    func volume(_ points: [SIMD3<Int64>]) -> Double {
        guard let f = faces.first else { return 0 }
        let r = points[Int(f.x)]
        var sum: Int64 = 0
        for t in faces {
            sum &+= det3(points[Int(t.x)] &- r, points[Int(t.y)] &- r, points[Int(t.z)] &- r)
        }
        return Double(sum) / 6
    }

    private struct Face {
        var v: SIMD3<Int32>
        /// Neighbour across edge k, the edge from v[k] to v[(k+1)%3].
        var neighbour: SIMD3<Int32> = SIMD3(repeating: -1)
        var normal: SIMD3<Int64> = .zero
        var offset: Int64 = 0
        var outside: [Int32] = []
        var alive = true
        var visited = 0

        init(_ a: Int32, _ b: Int32, _ c: Int32, _ p: [SIMD3<Int64>]) {
            v = SIMD3(a, b, c)
            normal = cross3(p[Int(b)] &- p[Int(a)], p[Int(c)] &- p[Int(a)])
            offset = dot3(normal, p[Int(a)])
        }

        /// > 0 exactly when `q` is strictly outside this face's plane (6 × the tetrahedron volume).
        @inline(__always) func distance(_ q: SIMD3<Int64>) -> Int64 { dot3(normal, q) &- offset }
    }

    /// The hull of `points`, or nil when they are all coplanar (no 3D hull exists).
    static func compute(_ points: [SIMD3<Int64>]) -> ConvexHull? {
        guard points.count >= 4 else { return nil }
        // Initial tetrahedron from extreme points.
        var i0 = 0
        for n in points.indices where lexLess(points[n], points[i0]) { i0 = n }
        var i1 = i0, best: Int64 = 0
        for n in points.indices {
            let d = points[n] &- points[i0]
            let s = dot3(d, d)
            if s > best { best = s; i1 = n }
        }
        guard best > 0 else { return nil }
        var i2 = i0; best = 0
        for n in points.indices {
            let c = cross3(points[i1] &- points[i0], points[n] &- points[i0])
            let s = dot3(c, c)
            if s > best { best = s; i2 = n }
        }
        guard best > 0 else { return nil }
        var i3 = i0; best = 0
        let n012 = cross3(points[i1] &- points[i0], points[i2] &- points[i0])
        for n in points.indices {
            let s = Swift.abs(dot3(n012, points[n] &- points[i0]))
            if s > best { best = s; i3 = n }
        }
        guard best > 0 else { return nil }
        let (a, b, c, d) = (Int32(i0), Int32(i1), Int32(i2), Int32(i3))
        var faces: [Face]
        if dot3(n012, points[i3] &- points[i0]) > 0 {
            // d lies above (a, b, c): flip so that every normal points away from the opposite vertex.
            faces = [Face(a, c, b, points), Face(a, b, d, points), Face(b, c, d, points), Face(c, a, d, points)]
        } else {
            faces = [Face(a, b, c, points), Face(a, d, b, points), Face(b, d, c, points), Face(c, d, a, points)]
        }
        linkNeighbours(&faces, among: [0, 1, 2, 3])
        for n in points.indices where n != i0 && n != i1 && n != i2 && n != i3 {
            for f in 0..<4 where faces[f].distance(points[n]) > 0 {
                faces[f].outside.append(Int32(n))
                break
            }
        }
        var pending = [0, 1, 2, 3].filter { !faces[$0].outside.isEmpty }
        var stamp = 0
        while let f = pending.popLast() {
            guard faces[f].alive, !faces[f].outside.isEmpty else { continue }
            // The eye point: the farthest outside point of this face.
            var eye = faces[f].outside[0], far = faces[f].distance(points[Int(eye)])
            for q in faces[f].outside {
                let s = faces[f].distance(points[Int(q)])
                if s > far { far = s; eye = q }
            }
            let p = points[Int(eye)]
            // Every face that sees the eye; with exact predicates they form one connected cap.
            stamp += 1
            var visible: [Int] = [f]
            faces[f].visited = stamp
            var horizon: [(from: Int32, to: Int32, outer: Int)] = []
            var cursor = 0
            while cursor < visible.count {
                let g = visible[cursor]
                cursor += 1
                for k in 0..<3 {
                    let h = Int(faces[g].neighbour[k])
                    if faces[h].visited == stamp {
                        continue
                    }
                    if faces[h].distance(p) > 0 {
                        faces[h].visited = stamp
                        visible.append(h)
                    } else {
                        horizon.append((faces[g].v[k], faces[g].v[(k + 1) % 3], h))
                    }
                }
            }
            // Visible faces stay marked with `stamp`; horizon faces were never marked, so a face
            // reached twice through different edges is only classified once as visible.
            var orphans: [Int32] = []
            for g in visible {
                faces[g].alive = false
                for q in faces[g].outside where q != eye { orphans.append(q) }
                faces[g].outside = []
            }
            // The cone of new faces from the horizon to the eye.
            var newFaces: [Int] = []
            var startsAt: [Int32: Int] = [:], endsAt: [Int32: Int] = [:]
            for e in horizon {
                var face = Face(e.from, e.to, eye, points)
                face.neighbour[0] = Int32(e.outer)
                let index = faces.count
                faces.append(face)
                newFaces.append(index)
                startsAt[e.from] = index
                endsAt[e.to] = index
                // Re-point the outer face's edge (to → from) at the new face.
                for k in 0..<3 where faces[e.outer].v[k] == e.to && faces[e.outer].v[(k + 1) % 3] == e.from {
                    faces[e.outer].neighbour[k] = Int32(index)
                }
            }
            for index in newFaces {
                let v = faces[index].v
                faces[index].neighbour[1] = Int32(startsAt[v.y]!)   // edge to → eye: the face starting at `to`
                faces[index].neighbour[2] = Int32(endsAt[v.x]!)     // edge eye → from: the face ending at `from`
            }
            for q in orphans {
                for g in newFaces where faces[g].distance(points[Int(q)]) > 0 {
                    faces[g].outside.append(q)
                    break
                }
            }
            pending.append(contentsOf: newFaces.filter { !faces[$0].outside.isEmpty })
        }
        let alive = faces.filter(\.alive)
        // A corner is where the planes of the incident triangles have linearly independent normals;
        // inside a facet they are all parallel, on an edge they span only a plane.
        var incident = [[SIMD3<Int64>]](repeating: [], count: points.count)
        for face in alive {
            let n = reduced(face.normal)
            for k in 0..<3 where !incident[Int(face.v[k])].contains(n) { incident[Int(face.v[k])].append(n) }
        }
        let corners = points.indices.filter { isCorner(incident[$0]) }
        return ConvexHull(vertices: corners, faces: alive.map(\.v))
    }

    private static func linkNeighbours(_ faces: inout [Face], among indices: [Int]) {
        for f in indices {
            for k in 0..<3 {
                let from = faces[f].v[k], to = faces[f].v[(k + 1) % 3]
                for g in indices where g != f {
                    for m in 0..<3 where faces[g].v[m] == to && faces[g].v[(m + 1) % 3] == from {
                        faces[f].neighbour[k] = Int32(g)
                    }
                }
            }
        }
    }

    /// The normal divided by the gcd of its components (same direction, small integers).
    private static func reduced(_ n: SIMD3<Int64>) -> SIMD3<Int64> {
        func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? Swift.abs(a) : gcd(b, a % b) }
        let g = gcd(gcd(n.x, n.y), n.z)
        return g > 1 ? n / SIMD3(repeating: g) : n
    }

    /// True when the normals span 3D. Products that would overflow `Int64` count as independent:
    /// keeping a non-corner point is harmless, dropping a corner is not.
    private static func isCorner(_ normals: [SIMD3<Int64>]) -> Bool {
        guard normals.count >= 3 else { return false }
        for a in 0..<normals.count {
            for b in (a + 1)..<normals.count {
                let c = cross3(normals[a], normals[b])
                if c == .zero { continue }
                for n in normals {
                    let x = c.x.multipliedReportingOverflow(by: n.x), y = c.y.multipliedReportingOverflow(by: n.y)
                    let z = c.z.multipliedReportingOverflow(by: n.z)
                    if x.overflow || y.overflow || z.overflow { return true }
                    let s1 = x.partialValue.addingReportingOverflow(y.partialValue)
                    let s2 = s1.partialValue.addingReportingOverflow(z.partialValue)
                    if s1.overflow || s2.overflow || s2.partialValue != 0 { return true }
                }
            }
        }
        return false
    }

    private static func lexLess(_ a: SIMD3<Int64>, _ b: SIMD3<Int64>) -> Bool {
        if a.x != b.x { return a.x < b.x }
        if a.y != b.y { return a.y < b.y }
        return a.z < b.z
    }
}
