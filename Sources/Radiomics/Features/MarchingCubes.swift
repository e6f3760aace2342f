/// A closed triangle mesh on the half-voxel lattice of a grid.
///
/// Vertices are held in *doubled index coordinates*: vertex `v` sits at the continuous voxel index
/// `v / 2`. Marching cubes on a binary mask at iso-level 0.5 puts every vertex at the midpoint of a
/// lattice edge, so these coordinates are exact integers, and volume and convex hull can be
/// computed exactly before the affine map to physical space.
struct LatticeMesh: Sendable {
    /// Doubled index coordinates of the vertices (each shared by its adjacent faces).
    var vertices: [SIMD3<Int32>]
    /// Vertex indices of each face. Faces are consistently oriented: every directed edge `a→b`
    /// of one face appears as `b→a` in exactly one other face, and the right-hand-rule normals
    /// point out of the ROI in index space.
    var triangles: [SIMD3<Int32>]

    /// Signed volume in doubled-index units³ (×1/8 for voxel units): Σ det(a−r, b−r, c−r)/6,
    /// summed exactly in integers.
    var latticeVolume: Double {
        guard let first = vertices.first else { return 0 }
        let r = SIMD3<Int64>(truncatingIfNeeded: first)
        var sum: Int64 = 0
        for t in triangles {
            let a = SIMD3<Int64>(truncatingIfNeeded: vertices[Int(t.x)]) &- r
            let b = SIMD3<Int64>(truncatingIfNeeded: vertices[Int(t.y)]) &- r
            let c = SIMD3<Int64>(truncatingIfNeeded: vertices[Int(t.z)]) &- r
            sum &+= det3(a, b, c)
        }
        return Double(sum) / 6
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

    /// Sum of the physical areas of the mesh faces.
    func area(_ mesh: LatticeMesh) -> Double {
        area(points: mesh.vertices.map { SIMD3<Int64>(truncatingIfNeeded: $0) }, triangles: mesh.triangles)
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
/// the morphological mesh: every vertex is the midpoint of a lattice edge joining an ROI voxel
/// centre to a non-ROI one. Triangles come from `MarchingCubesTable`.
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
                        let faces = table.triangles[cubeCase]
                        if faces.isEmpty { continue }
                        let base = SIMD3(2 * (i - lo.x), 2 * (j - lo.y), 2 * (k - lo.z))
                        var ids = SIMD3<Int32>()
                        for tri in faces {
                            for corner in 0..<3 {
                                let d = base &+ table.edgeOffset[Int(tri[corner])]
                                let key = d.x + dn.x * (d.y + dn.y * d.z)
                                if vertexOf[key] < 0 {
                                    vertexOf[key] = Int32(vertices.count)
                                    let absolute = d &+ lo &* 2
                                    vertices.append(SIMD3(Int32(absolute.x), Int32(absolute.y), Int32(absolute.z)))
                                }
                                ids[corner] = vertexOf[key]
                            }
                            triangles.append(ids)
                        }
                    }
                }
            }
        }
        return LatticeMesh(vertices: vertices, triangles: triangles)
    }
}

/// The 256-case table of `MarchingCubes`: the classic Lorensen–Cline triangle table (public
/// domain, as published by P. Bourke), the table behind scikit-image's marching cubes, with which
/// the IBSI reference meshes were computed. Its non-planar polygons (e.g. three corners of one
/// face) are triangulated in one fixed way; a different triangulation changes the area of the
/// CT phantom's mesh by 1 %, beyond the IBSI tolerance of sphericity.
///
/// With bit set = corner inside the ROI, its polygons cut off the ROI corners on every ambiguous
/// face (two diagonal ROI corners), a rule that depends only on the face's four values. The two
/// cubes sharing a face therefore draw the same segments in opposite directions, so the mesh is
/// closed and consistently oriented (checked by `MorphologyTests`).
struct MarchingCubesTable: Sendable {
    /// Per case (bit c set = corner c inside; corner c at offset (c&1, c>>1&1, c>>2&1)):
    /// triangles as triples of cube-edge ids, right-hand-rule normal pointing out of the ROI.
    let triangles: [[SIMD3<UInt8>]]
    /// Doubled offset of each cube edge's midpoint from the cube's first corner.
    let edgeOffset: [SIMD3<Int>]

    static let shared = MarchingCubesTable()

    /// `Scripts/marching_cubes_table.py` prints it: per case, in the classic corner and edge
    /// numbering, the hex edge ids of its triangles.
    private static let classic = """
        . 083 019 183981 12a 08312a 92a029 2832a8a98
        3b2 0b28b0 19023b 1b219b98b 3a1ba3 0a108a8ba 3903b9ba9 98aa8b
        478 430734 019847 419471731 12a847 34730412a 92a902847 2a9297273794
        8473b2 b47b24204 90184723b 47b94b9b2921 3a13ba784 1ba14b1047b4 47890b9bab03 47b4b99ba
        954 954083 054150 854835315 12a954 30812a495 52a542402 2a5325354348
        95423b 0b208b495 05401523b 21525828b485 a3ba13954 4950818a18ba 54050b5bab03 54858aa8b
        978579 930953573 078017157 153357 978957a12 a12950530573 802825857a52 2a5253357
        7957893b2 95797292027b 23b018178157 b21b17715 958857a13a3b 5705097b010aba0 ba0b03a50807570 ba57b5
        a65 0835a6 9015a6 1831985a6 165261 165126308 965906026 598582526328
        23ba65 b08b20a65 01923b5a6 5a61929b298b 63b653513 08b0b50515b6 3b6036065059 65969bb98
        5a6478 43047365a 1905a6847 a65197173794 612651478 125526304347 847905065026 739794329596269
        3b2784a65 5a647242027b 01947823b5a6 9219b294b7b45a6 8473b53515b6 51b5b610b7b404b 059065036b63847 65969b4797b9
        a4964a 4a649a083 a01a60640 83181686461a 149124264 308129249264 024426 832824426
        a49a64b23 08228b49a4a6 3b201606461a 64161a48121b8b1 964936913b63 8b1810b61914641 3b6360064 648b68
        7a678a89a 0730a709a67a a671a7178180 a67a71173 126168189867 269291679093739 780706602 732672
        23ba68a89867 20727b09767a9a7 1801781a767a23b b21b17a61671 896867916b63136 091b67 7807063b0b60 7b6
        76b 308b76 019b76 819831b76 a126b7 12a3086b7 2902a96b7 6b72a3a83a98
        723627 708760620 276237019 162186198876 a76a17137 a7617a187108 03707a0a96a7 76a7a88a9
        684b86 36b306046 86b846901 946963931b36 6846b82a1 12a30b06b046 4b846b0292a9 a93a32943b36463
        823842462 042462 190234246438 194142246 8138618466a1 a10a06604 4634386a3039a93 a946a4
        49576b 083495b76 50154076b b76834354315 954a1276b 6b712a083495 76b54a42a402 348354325a52b76
        723762549 954086062687 362376150540 628687218485158 954a16176137 16a176107870954 40a4a503a6a737a 76a7a854a48a
        6956b9b89 36b063056095 0b805b01556b 6b3635531 12a95b9b8b56 0b306b09656912a b85b56805a52025 6b36352a3a53
        589528562382 956960062 158180568382628 156216 13616a386569896 a10a06950560 03856a a56
        b5a75b b5ab75830 5b75ab190 a75ab7981831 b12b71751 08312717572b 9759279022b7 75272b592328982
        25a235375 820852875a25 9015a35373a2 982921872a25752 135375 087071175 903935537 987597
        5845a8ab8 5045b05abb30 01984a8aba45 ab4a45b34941314 2512852b8458 04b0b345b2b151b 0250592b5458b85 9452b3
        25a352345384 5a2524420 3a235a385458019 5a2524192942 845853351 045105 845853905035 945
        4b749b9ab 0834979b79ab 1ab1b414074b 3143481a474bab4 4b79b492b912 9749b791b2b1083 b74b42240 b74b42834324
        29a279237749 9a7974a27870207 37a3a274a1a040a 1a2874 491417713 491417081871 403743 487
        9a8ab8 30939bb9a 01a0a88ab 31ab3a 12b1b99b8 30939b1292b9 02b80b 32b
        23828aa89 9a2092 23828a0181a8 1a2 138918 091 038 .
        """

    init() {
        // Classic corner n at offset (x, y, z); classic edge e joins corners classicEdges[e].
        let classicCorners: [SIMD3<Int>] = [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(0, 1, 0),
                                            SIMD3(0, 0, 1), SIMD3(1, 0, 1), SIMD3(1, 1, 1), SIMD3(0, 1, 1)]
        let classicEdges = [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
        let corner = classicCorners.map { $0.x + 2 * $0.y + 4 * $0.z }      // classic → our corner number
        edgeOffset = classicEdges.map { classicCorners[$0.0] &+ classicCorners[$0.1] }
        let cases = Self.classic.split(whereSeparator: { $0 == " " || $0 == "\n" })
        precondition(cases.count == 256, "marching cubes table has \(cases.count) cases")
        var table: [[SIMD3<UInt8>]] = []
        for cubeCase in 0..<256 {
            var classicCase = 0
            for n in 0..<8 where (cubeCase >> corner[n]) & 1 == 1 { classicCase |= 1 << n }
            let digits = cases[classicCase].compactMap { UInt8(String($0), radix: 16) }
            // Classic triangles face into the ROI here: reverse them.
            table.append(stride(from: 0, to: digits.count, by: 3).map { SIMD3(digits[$0], digits[$0 + 2], digits[$0 + 1]) })
        }
        triangles = table
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
