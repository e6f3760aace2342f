import Foundation

/// The morphological features that depend on the morphological mask alone (everything but the
/// centre-of-mass shift, the integrated intensity, Moran's I and Geary's C): mesh, voxel
/// count, principal axes, bounding shapes. A value of its own so that it can be computed as soon
/// as the mask is read, before the image (see `Morphology.shapeFeatures`).
///
/// Notation as in `Morphology`: V mesh volume, A mesh area, λ the eigenvalues of the covariance
/// of the voxel centres.
public struct MorphologyShape: Sendable {
    /// Features before `morph_com`, in output order.
    var leading: [Feature]
    /// Features between `morph_com` and `morph_integ_int`, in output order.
    var trailing: [Feature]
    /// V, for the integrated intensity.
    var volume: Double
    /// Mean physical position of the mask's voxel centres.
    var geometricCentre: SIMD3<Double>
    /// The mask it describes (grid and voxel count), to check it is used with that mask.
    var geometry: Geometry
    var voxelCount: Int
    /// The mask part of Moran's I and Geary's C, when the intensity mask is known to be this
    /// mask (no re-segmentation); checked again where it is used.
    var spectrum: SpatialAutocorrelation.MaskSpectrum? = nil

    /// Whether this is the shape of `mask` (same grid, same number of voxels).
    func describes(_ mask: MaskVolume) -> Bool {
        mask.geometry == geometry && mask.count == voxelCount
    }

    public init(_ morph: MaskVolume) {
        let g = morph.geometry
        let map = LatticeToPhysical(g)
        let mesh = MarchingCubes.mesh(morph)
        let v = Swift.abs(mesh.latticeVolume) * map.volumeScale
        let a = map.area(mesh)

        // Voxel centres of the morphological mask, physical space.
        var centres: [SIMD3<Double>] = []
        let mb = morph.boundingBox ?? IndexBox(lower: .zero, upper: SIMD3(repeating: -1))
        for k in stride(from: mb.lower.z, through: mb.upper.z, by: 1) {
            for j in mb.lower.y...mb.upper.y {
                let line = morph.linearIndex(0, j, k)
                for i in mb.lower.x...mb.upper.x where morph.voxels[line + i] != 0 {
                    centres.append(g.point(SIMD3(Double(i), Double(j), Double(k))))
                }
            }
        }
        let nv = Double(centres.count)

        let hullInput = Self.hullCandidates(mesh)
        let hull = ConvexHull.compute(hullInput)
        let hullPoints = hull.map { h in h.vertices.map { map.point(SIMD3<Int32>(truncatingIfNeeded: hullInput[$0])) } } ?? []
        let hullVolume = hull.map { Swift.abs($0.volume(hullInput)) * map.volumeScale } ?? .nan
        let hullArea = hull.map { map.area(points: hullInput, triangles: $0.faces) } ?? .nan

        // PCA of the voxel centres.
        let pca = centres.count >= 2 ? MorphologyShapes.symmetricEigen(MorphologyShapes.covariance(centres))
                                     : (values: [Double](repeating: .nan, count: 3), vectors: [SIMD3<Double>](repeating: .zero, count: 3))
        let lambda = pca.values.map { Swift.max($0, 0) }
        let semiA = 2 * lambda[0].squareRoot(), semiB = 2 * lambda[1].squareRoot(), semiC = 2 * lambda[2].squareRoot()

        // Axis-aligned bounding box of the mesh (the hull has the same box).
        let aabb = MorphologyShapes.boxExtent(hullPoints, axes: [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)])
        let ombb: SIMD3<Double>
        if let h = hull {
            let normals = h.faces.map { f -> SIMD3<Double> in
                let p0 = hullInput[Int(f.x)]
                return cross3(map.linear(hullInput[Int(f.y)] &- p0), map.linear(hullInput[Int(f.z)] &- p0))
            }
            ombb = MorphologyShapes.orientedMinimumBox(hull: hullPoints, faceNormals: normals, pcaAxes: pca.vectors)
        } else {
            ombb = SIMD3(repeating: .nan)
        }
        // Khachiyan's iterate depends on the point order; a canonical (physical) order makes the MVEE
        // independent of how the grid axes are stored.
        let canonical = hullPoints.sorted { p, q in
            let a = (p * 1e6).rounded(.toNearestOrEven), b = (q * 1e6).rounded(.toNearestOrEven)
            return a.x != b.x ? a.x < b.x : (a.y != b.y ? a.y < b.y : a.z < b.z)
        }
        let mvee = MorphologyShapes.minimumVolumeEnclosingEllipsoid(canonical) ?? [.nan, .nan, .nan]

        var geometricCentre = SIMD3<Double>.zero
        for p in centres { geometricCentre += p }
        geometricCentre /= nv

        func box(_ e: SIMD3<Double>) -> (volume: Double, area: Double) {
            (e.x * e.y * e.z, 2 * (e.x * e.y + e.y * e.z + e.z * e.x))
        }
        let (vAABB, aAABB) = box(aabb), (vOMBB, aOMBB) = box(ombb)
        let vAEE = 4 * Double.pi * semiA * semiB * semiC / 3
        let aAEE = MorphologyShapes.ellipsoidArea(semiA, semiB, semiC)
        let vMVEE = 4 * Double.pi * mvee[0] * mvee[1] * mvee[2] / 3
        let aMVEE = MorphologyShapes.ellipsoidArea(mvee[0], mvee[1], mvee[2])
        let diameter = Self.maximumDiameter(hullPoints)

        leading = [
            Feature("morph_volume", v),                                                    // V = |Σ a·(b×c)/6|
            Feature("morph_vol_approx", nv * g.voxelVolume),                                // Σ voxel volumes
            Feature("morph_area_mesh", a),                                                  // A = Σ |ab×ac|/2
            Feature("morph_av", a / v),                                                     // A/V
            Feature("morph_comp_1", v / (Double.pi.squareRoot() * pow(a, 1.5))),           // V/(√π A^{3/2})
            Feature("morph_comp_2", 36 * Double.pi * v * v / (a * a * a)),                  // 36π V²/A³
            Feature("morph_sph_dispr", a / cbrt(36 * Double.pi * v * v)),                   // A/(36π V²)^{1/3}
            Feature("morph_sphericity", cbrt(36 * Double.pi * v * v) / a),                  // (36π V²)^{1/3}/A
            Feature("morph_asphericity", cbrt(a * a * a / (36 * Double.pi * v * v)) - 1),   // (A³/(36π V²))^{1/3} − 1
        ]
        trailing = [
            Feature("morph_diam", diameter),                                                // max ‖X_vx,k1 − X_vx,k2‖
            Feature("morph_pca_maj_axis", 4 * lambda[0].squareRoot()),                      // 4√λ_major
            Feature("morph_pca_min_axis", 4 * lambda[1].squareRoot()),                      // 4√λ_minor
            Feature("morph_pca_least_axis", 4 * lambda[2].squareRoot()),                    // 4√λ_least
            Feature("morph_pca_elongation", (lambda[1] / lambda[0]).squareRoot()),          // √(λ_minor/λ_major)
            Feature("morph_pca_flatness", (lambda[2] / lambda[0]).squareRoot()),            // √(λ_least/λ_major)
            Feature("morph_vol_dens_aabb", v / vAABB),                                      // V/V_aabb
            Feature("morph_area_dens_aabb", a / aAABB),                                     // A/A_aabb
            Feature("morph_vol_dens_ombb", v / vOMBB),                                      // V/V_ombb (approximate OMBB)
            Feature("morph_area_dens_ombb", a / aOMBB),                                     // A/A_ombb
            Feature("morph_vol_dens_aee", v / vAEE),                                        // 3V/(4π abc)
            Feature("morph_area_dens_aee", a / aAEE),                                       // A/A_aee(a, b, c)
            Feature("morph_vol_dens_mvee", v / vMVEE),                                      // V/V_mvee (Khachiyan, τ = 0.001)
            Feature("morph_area_dens_mvee", a / aMVEE),                                     // A/A_mvee
            Feature("morph_vol_dens_conv_hull", v / hullVolume),                            // V/V_convex
            Feature("morph_area_dens_conv_hull", a / hullArea),                             // A/A_convex
        ]
        volume = v
        self.geometricCentre = geometricCentre
        geometry = g
        voxelCount = centres.count
    }

    /// Mesh vertices that can be hull vertices: along every lattice line in x, only the two
    /// extreme vertices (any other lies between them), deduplicated. Exact, and it shrinks the
    /// hull input from O(n³) to O(n²) points.
    static func hullCandidates(_ mesh: LatticeMesh) -> [SIMD3<Int64>] {
        var extremes: [SIMD2<Int32>: (Int32, Int32)] = [:]
        for v in mesh.vertices {
            let key = SIMD2(v.y, v.z)
            if let e = extremes[key] {
                extremes[key] = (Swift.min(e.0, v.x), Swift.max(e.1, v.x))
            } else {
                extremes[key] = (v.x, v.x)
            }
        }
        var out: [SIMD3<Int64>] = []
        for key in extremes.keys.sorted(by: { $0.y != $1.y ? $0.y < $1.y : $0.x < $1.x }) {
            let e = extremes[key]!
            out.append(SIMD3(Int64(e.0), Int64(key.x), Int64(key.y)))
            if e.1 != e.0 { out.append(SIMD3(Int64(e.1), Int64(key.x), Int64(key.y))) }
        }
        return out
    }

    /// The largest distance between two points (the convex hull's vertices hold the mesh's two
    /// most distant vertices).
    static func maximumDiameter(_ points: [SIMD3<Double>]) -> Double {
        guard !points.isEmpty else { return .nan }
        var best = 0.0
        points.withUnsafeBufferPointer { p in
            for i in p.indices {
                let a = p[i]
                for j in (i + 1)..<p.count {
                    let d = p[j] - a
                    best = Swift.max(best, (d * d).sum())
                }
            }
        }
        return best.squareRoot()
    }
}
