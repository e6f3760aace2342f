import Foundation

/// pyradiomics' 3D `shape` class (radiomics/shape.py + src/cshape.c, pyradiomics-bhklab 3.1.4).
///
/// The mesh is pyradiomics' own marching cubes on the binary mask padded by one voxel, with
/// vertices at edge midpoints in index space scaled by the spacing (the direction matrix is not
/// used). Volume is the signed tetrahedron sum; we report its absolute value, so a mesh whose
/// orientation flips cannot yield a negative volume (pyradiomics would report the sign).
/// Diameters are taken over the vertices pyradiomics stores (edges 6, 7 and 11 of each cube).
public enum PyRadiomicsShape {
    public struct Mesh: Sendable, Equatable {
        public var surfaceArea: Double
        public var volume: Double
        /// Maximum 2D diameters (slice, column, row) and the 3D diameter.
        public var diameters: [Double]
    }

    /// - Parameters:
    ///   - mask: binary ROI on the cropped grid (x fastest).
    ///   - spacing: (x, y, z) mm.
    public static func features(mask: MaskVolume, spacing: SIMD3<Double>, enabled: [String]) -> [String: Double] {
        let mesh = self.mesh(mask: mask, spacing: spacing)
        let ev = eigenvalues(mask: mask, spacing: spacing)
        let np = Double(mask.count)
        let v = mesh.volume, a = mesh.surfaceArea
        var out: [String: Double] = [:]
        func axis(_ e: Double) -> Double { e < 0 ? .nan : e.squareRoot() * 4 }
        for name in enabled {
            let value: Double
            switch name {
            case "MeshVolume": value = v
            case "VoxelVolume": value = np * spacing.x * spacing.y * spacing.z         // Np · V_voxel
            case "SurfaceArea": value = a
            case "SurfaceVolumeRatio": value = a / v
            case "Sphericity": value = pow(36 * Double.pi * v * v, 1.0 / 3.0) / a   // (36πV²)^⅓ / A
            case "Compactness1": value = v / (pow(a, 1.5) * Double.pi.squareRoot())  // V / (√π A^{3/2})
            case "Compactness2": value = 36 * Double.pi * v * v / (a * a * a)        // 36πV² / A³
            case "SphericalDisproportion": value = a / pow(36 * Double.pi * v * v, 1.0 / 3.0)
            case "Maximum3DDiameter": value = mesh.diameters[3]
            case "Maximum2DDiameterSlice": value = mesh.diameters[0]
            case "Maximum2DDiameterColumn": value = mesh.diameters[1]
            case "Maximum2DDiameterRow": value = mesh.diameters[2]
            case "MajorAxisLength": value = axis(ev[2])                               // 4√λ_major
            case "MinorAxisLength": value = axis(ev[1])
            case "LeastAxisLength": value = axis(ev[0])
            case "Elongation": value = ev[1] < 0 || ev[2] < 0 ? .nan : (ev[1] / ev[2]).squareRoot()
            case "Flatness": value = ev[0] < 0 || ev[2] < 0 ? .nan : (ev[0] / ev[2]).squareRoot()
            default: value = .nan
            }
            out[name] = value
        }
        return out
    }

    /// Eigenvalues (ascending) of the covariance of the physical voxel-centre coordinates.
    static func eigenvalues(mask: MaskVolume, spacing: SIMD3<Double>) -> [Double] {
        var pts: [SIMD3<Double>] = []
        let s = mask.size
        for k in 0..<s.z { for j in 0..<s.y { for i in 0..<s.x where mask[i, j, k] != 0 {
            pts.append(SIMD3(Double(i), Double(j), Double(k)) * spacing)
        } } }
        let n = Double(pts.count)
        guard n > 0 else { return [.nan, .nan, .nan] }
        let mean = pts.reduce(SIMD3<Double>.zero, +) / n
        var c = [Double](repeating: 0, count: 9)
        for p in pts {
            let d = (p - mean) / n.squareRoot()
            for r in 0..<3 { for q in 0..<3 { c[3 * r + q] += d[r] * d[q] } }
        }
        var ev = SymmetricEigen.values(c, n: 3)
        for n in 0..<3 where ev[n] < 0 && ev[n] > -1e-10 { ev[n] = 0 }
        return ev.sorted()
    }

    /// pyradiomics' marching-cubes surface area, volume and diameters (cshape.c `calculate_coefficients`).
    public static func mesh(mask: MaskVolume, spacing sp: SIMD3<Double>) -> Mesh {
        // Pad by one voxel of background on every side, index as (z, y, x) like numpy.
        let s = mask.size
        let nz = s.z + 2, ny = s.y + 2, nx = s.x + 2
        var m = [Bool](repeating: false, count: nz * ny * nx)
        for k in 0..<s.z { for j in 0..<s.y { for i in 0..<s.x where mask[i, j, k] != 0 {
            m[((k + 1) * ny + (j + 1)) * nx + (i + 1)] = true
        } } }
        let spacing = SIMD3<Double>(sp.z, sp.y, sp.x)  // (z, y, x)
        let grid = PyRadiomicsMeshTables.gridAngles, verts = PyRadiomicsMeshTables.vertList
        let tri = PyRadiomicsMeshTables.triTable
        let pointsEdges = [(6, 4, 3), (6, 7, 11)]
        var vertices: [SIMD3<Int64>] = []  // doubled (z, y, x) index coordinates: exact lattice points
        var area = 0.0, volume = 0.0
        for iz in 0..<(nz - 1) {
            for iy in 0..<(ny - 1) {
                for ix in 0..<(nx - 1) {
                    var cube = 0
                    for a in 0..<8 {
                        let g = grid[a]
                        if m[((iz + g.x) * ny + (iy + g.y)) * nx + (ix + g.z)] { cube |= 1 << a }
                    }
                    var sign = 1.0
                    if cube & 0x80 != 0 { cube ^= 0xff; sign = -1 }
                    let origin = SIMD3<Double>(Double(iz), Double(iy), Double(ix))
                    let pe = [pointsEdges[0].0, pointsEdges[0].1, pointsEdges[0].2]
                    let ve = [pointsEdges[1].0, pointsEdges[1].1, pointsEdges[1].2]
                    for t in 0..<3 where cube & (1 << pe[t]) != 0 {
                        vertices.append(SIMD3<Int64>((2 * (origin + verts[ve[t]])).rounded(.toNearestOrAwayFromZero)))
                    }
                    if cube == 0 { continue }
                    let row = tri[cube]
                    var t = 0
                    while row[t * 3] >= 0 {
                        let a = (origin + verts[Int(row[t * 3])]) * spacing
                        let b = (origin + verts[Int(row[t * 3 + 1])]) * spacing
                        let c = (origin + verts[Int(row[t * 3 + 2])]) * spacing
                        volume += sign * dot(cross(a, b), c)
                        area += 0.5 * length(cross(a - c, b - c))
                        t += 1
                    }
                }
            }
        }
        volume /= 6
        return Mesh(surfaceArea: area, volume: Swift.abs(volume), diameters: diameters(lattice: vertices, spacing: spacing))
    }

    /// pyradiomics' diameters over its vertices, exactly but without its all-pairs search: the
    /// farthest pair of a point set is a pair of its convex hull's corners (and the hull commutes
    /// with the axis scaling to mm), and the 2D diameters compare only points sharing a plane.
    /// - Parameters:
    ///   - lattice: vertices as doubled (z, y, x) voxel indices.
    ///   - spacing: (z, y, x) mm.
    static func diameters(lattice: [SIMD3<Int64>], spacing: SIMD3<Double>) -> [Double] {
        let mm = { (q: SIMD3<Int64>) in SIMD3<Double>(q) * 0.5 * spacing }
        var d = [0.0, 0.0, 0.0, 0.0]
        // 2D: within each plane of equal z (slice), y (column), x (row).
        for axis in 0..<3 {
            var planes: [Int64: [SIMD3<Double>]] = [:]
            for q in lattice { planes[q[axis], default: []].append(mm(q)) }
            for key in planes.keys.sorted() { d[axis] = Swift.max(d[axis], diameters(planes[key]!)[3]) }
        }
        if let hull = ConvexHull.compute(lattice) {
            d[3] = diameters(hull.vertices.map { mm(lattice[$0]) })[3]
        } else {
            d[3] = diameters(lattice.map(mm))[3]  // coplanar: no 3D hull
        }
        return d
    }

    /// Largest squared vertex distances: within equal z (slice), equal y (column), equal x (row), and overall.
    /// O(n²) like pyradiomics; rows are split over the cores in fixed chunks and the maxima
    /// reduced in order, so the result does not depend on the thread count.
    static func diameters(_ p: [SIMD3<Double>]) -> [Double] {
        let n = p.count
        let chunks = Swift.max(1, Swift.min(64, n / 256))
        let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: 4 * chunks)
        partial.initialize(repeating: 0)
        defer { partial.deallocate() }
        let pts = UnsafeMutableBufferPointer<SIMD3<Double>>.allocate(capacity: n)
        _ = pts.initialize(from: p)
        defer { pts.deallocate() }
        // Each chunk writes only its own 4 slots of `partial`; the points are read-only.
        let shared = SendableBuffers(points: UnsafeBufferPointer(pts), out: partial)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let pts = shared.points
            var d: (Double, Double, Double, Double) = (0, 0, 0, 0)
            // Interleave rows so chunks get similar work (row i compares with i earlier points).
            var i = c
            while i < n {
                let a = pts[i]
                for j in 0..<i {
                    let b = pts[j]
                    let ab = a - b
                    let dist = (ab * ab).sum()
                    if a.x == b.x && dist > d.0 { d.0 = dist }
                    if a.y == b.y && dist > d.1 { d.1 = dist }
                    if a.z == b.z && dist > d.2 { d.2 = dist }
                    if dist > d.3 { d.3 = dist }
                }
                i += chunks
            }
            shared.out[4 * c] = d.0; shared.out[4 * c + 1] = d.1; shared.out[4 * c + 2] = d.2; shared.out[4 * c + 3] = d.3
        }
        var d = [0.0, 0.0, 0.0, 0.0]
        for c in 0..<chunks { for k in 0..<4 { d[k] = Swift.max(d[k], partial[4 * c + k]) } }
        return d.map { $0.squareRoot() }
    }

    /// Buffers shared by the diameter workers: read-only points, disjoint output slots.
    struct SendableBuffers: @unchecked Sendable {
        let points: UnsafeBufferPointer<SIMD3<Double>>
        let out: UnsafeMutableBufferPointer<Double>
    }

    @inline(__always) static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - b.y * a.z, a.z * b.x - b.z * a.x, a.x * b.y - b.x * a.y)
    }
    @inline(__always) static func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
    @inline(__always) static func length(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }
}

extension PyRadiomicsShape {
    /// A shape class on the (cropped) shape mask. shape2D follows pyradiomics' `computeShape`
    /// exactly: without force2D it is skipped (a warning there); with force2D it is skipped when
    /// the bounding box's size in (x, y, z) order indexed by force2Ddimension (a numpy axis:
    /// 0 = z, 1 = y, 2 = x) is 1, and otherwise, when the ROI is thicker than one voxel along
    /// force2Ddimension, an error (pyradiomics raises ValueError).
    static func classFeatures(_ cls: String, names: [String], mask m: MaskVolume, box: IndexBox, spacing: SIMD3<Double>,
                              settings s: PyRadiomicsParameters.Settings, file: String?,
                              twoDimensional: Bool = false) throws(RadiomicsError) -> [Feature] {
        if twoDimensional {
            guard cls == "shape2D" else { return [] }
            let values = PyRadiomicsShape2D.features(mask: m, spacing: spacing, dimension: 0, enabled: names)
            return names.map { Feature("original_shape2D_\($0)", values[$0]!) }
        }
        if cls == "shape" {
            let values = PyRadiomicsShape.features(mask: m, spacing: spacing, enabled: names)
            return names.map { Feature("original_shape_\($0)", values[$0]!) }
        }
        let d = s.force2Ddimension
        guard s.force2D, box.size[d] > 1 else { return [] }
        let thickness = [box.size.z, box.size.y, box.size.x][d]
        guard thickness == 1 else {
            throw .badInput(file, "featureClass shape2D needs a ROI one voxel thick along force2Ddimension \(d), this one is \(thickness) voxels thick (pyradiomics raises here too)")
        }
        let values = PyRadiomicsShape2D.features(mask: m, spacing: spacing, dimension: d, enabled: names)
        return names.map { Feature("original_shape2D_\($0)", values[$0]!) }
    }
}
