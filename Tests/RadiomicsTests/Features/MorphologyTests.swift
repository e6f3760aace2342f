import Foundation
import XCTest
@testable import Radiomics

final class MorphologyTests: XCTestCase {
    // MARK: IBSI conformance

    /// Digital phantom: no interpolation, no re-segmentation; both masks are the mask.
    func testDigitalPhantomMatchesIBSI() throws {
        let roi = try digitalPhantomROI()
        let features = Morphology.features(roi)
        XCTAssertEqual(features.count, 29)
        let rows = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/ibsi1_digital_phantom.csv"))
        let report = IBSIConformanceReport.evaluate(features, against: rows) { $0 == "Morphology" }
        print(report.summary)
        for f in features { print("  \(f.tag) = \(f.value)") }
        XCTAssertEqual(report.total, 25)
        XCTAssertTrue(report.passed, report.misses.map(\.description).joined(separator: "\n"))
    }

    /// Configuration A: CT phantom rounded to integers, no interpolation; morphological mask =
    /// the mask, intensity mask = the mask re-segmented to [−500, 400] HU.
    func testConfigurationAMatchesIBSI() throws {
        let image = try NIfTIReader.read(FixturePath.ctImage).map { $0.rounded() }
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        var intensityMask = mask
        for n in mask.voxels.indices where mask.voxels[n] != 0 {
            if image.voxels[n] < -500 || image.voxels[n] > 400 { intensityMask.voxels[n] = 0 }
        }
        XCTAssertEqual(Double(intensityMask.count), 114_596, accuracy: 1000)
        var settings = ExtractionSettings()
        settings.resegmentationLower = -500
        settings.resegmentationUpper = 400
        let roi = ROIContext.discretise(image: image, morphologicalMask: mask, intensityMask: intensityMask, settings: settings)
        let start = Date(), cpuStart = processCPUSeconds()
        let features = Morphology.features(roi)
        print(String(format: "morphology, configuration A: %.3f s wall, %.3f s CPU (all threads)",
                     Date().timeIntervalSince(start), processCPUSeconds() - cpuStart))
        let rows = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/ibsi1_config_A.csv"))
        let report = IBSIConformanceReport.evaluate(features, against: rows) { $0 == "Morphology" }
        print(report.summary)
        for f in features { print("  \(f.tag) = \(f.value)") }
        XCTAssertEqual(report.total, 25)
        XCTAssertTrue(report.passed, report.misses.map(\.description).joined(separator: "\n"))
    }

    // MARK: Orientation invariance

    /// The same physical object stored with permuted and flipped axes (direction matrix changed
    /// to match) gives the same morphology.
    func testRotatedAndFlippedCopyGivesSameValues() throws {
        let roi = try digitalPhantomROI()
        let reference = Morphology.features(roi)
        let orientations: [([Int], [Bool])] = [
            ([0, 1, 2], [true, false, false]),
            ([2, 0, 1], [false, true, false]),
            ([1, 0, 2], [false, false, false]),      // a pure swap: det(direction) changes sign
            ([1, 2, 0], [true, true, true]),
        ]
        for (perm, flip) in orientations {
            let image = reoriented(roi.image, perm: perm, flip: flip)
            let morph = reoriented(roi.morphologicalMask, perm: perm, flip: flip)
            let intensity = reoriented(roi.intensityMask, perm: perm, flip: flip)
            let copy = ROIContext.discretise(image: image, morphologicalMask: morph, intensityMask: intensity, settings: roi.settings)
            let features = Morphology.features(copy)
            for (a, b) in zip(reference, features) {
                XCTAssertEqual(a.tag, b.tag)
                let tolerance = 1e-9
                XCTAssertEqual(b.value, a.value, accuracy: tolerance * Swift.max(1, Swift.abs(a.value)),
                               "\(a.tag) for perm \(perm) flip \(flip)")
            }
        }
    }

    // MARK: Moran's I and Geary's C

    func testSpatialAutocorrelationEqualsBruteForce() {
        // Noise around 0, and CT-like values (a large mean, smooth along x): the squared
        // deviations q = z² then dwarf z, and packed into one transform with the weights they
        // made Moran's I wrong by ~1e-12 relative; packed with z (scaled), 1e-15.
        spatialAutocorrelationEqualsBruteForce(ctLike: false)
        spatialAutocorrelationEqualsBruteForce(ctLike: true)
    }

    func spatialAutocorrelationEqualsBruteForce(ctLike: Bool) {
        var rng = MorphologyTestRandom(seed: 7)
        var g = Geometry(size: SIMD3(9, 7, 5), spacing: SIMD3(0.8, 1.1, 2.5), origin: SIMD3(-10, 3, 40))
        let c = 0.6, s = 0.8                        // a rotation about z combined with a flipped z axis
        g.direction = [c, -s, 0, s, c, 0, 0, 0, -1]
        var mask = MaskVolume(geometry: g, repeating: 0)
        var image = ImageVolume(geometry: g, repeating: 0)
        for n in mask.voxels.indices {
            mask.voxels[n] = rng.next() % 3 == 0 ? 0 : 1
            image.voxels[n] = ctLike ? Float(1040 + Int(rng.next() % 200) + 40 * (n % 9)) : Float(Int(rng.next() % 2000) - 1000) / 7
        }
        let fast = SpatialAutocorrelation.compute(image: image, intensityMask: mask)
        // Brute force straight from the definition, over physical voxel centres.
        var points: [SIMD3<Double>] = [], x: [Double] = []
        for k in 0..<g.size.z { for j in 0..<g.size.y { for i in 0..<g.size.x where mask[i, j, k] != 0 {
            points.append(g.point(SIMD3(Double(i), Double(j), Double(k))))
            x.append(Double(image[i, j, k]))
        } } }
        let n = Double(x.count), mu = x.reduce(0, +) / n
        var sw = 0.0, sz = 0.0, sd = 0.0
        for a in x.indices {
            for b in x.indices where a != b {
                let d = points[a] - points[b]
                let w = 1 / (d * d).sum().squareRoot()
                sw += w
                sz += w * (x[a] - mu) * (x[b] - mu)
                sd += w * (x[a] - x[b]) * (x[a] - x[b])
            }
        }
        let s2 = x.reduce(0) { $0 + ($1 - mu) * ($1 - mu) }
        let moran = n / sw * sz / s2, geary = (n - 1) / (2 * sw) * sd / s2
        print("brute force", moran, geary, "fast", fast)
        // Both lie in about [−1, 2]: the FFT's rounding (~1e-14 here) is judged in absolute terms,
        // since Moran's I of noise is near 0.
        XCTAssertEqual(fast.moransI, moran, accuracy: 1e-12)
        XCTAssertEqual(fast.gearysC, geary, accuracy: 1e-12)
        XCTAssertEqual(fast.moransI, moran, accuracy: 1e-13 * Swift.abs(moran), "ctLike \(ctLike)")
        XCTAssertEqual(fast.gearysC, geary, accuracy: 1e-13 * Swift.abs(geary), "ctLike \(ctLike)")
    }

    // MARK: Mesh and hull

    /// Every directed edge of the marching-cubes mesh is matched by its reverse exactly once:
    /// the mesh is closed and consistently oriented, also for diagonal (ambiguous) contacts.
    func testMeshIsClosedAndConsistentlyOriented() {
        var rng = MorphologyTestRandom(seed: 3)
        var mask = MaskVolume(geometry: Geometry(size: SIMD3(8, 7, 6)), repeating: 0)
        for n in mask.voxels.indices { mask.voxels[n] = rng.next() % 2 == 0 ? 1 : 0 }
        let mesh = MarchingCubes.mesh(mask)
        var edges: [SIMD2<Int32>: Int] = [:]
        for t in mesh.triangles {
            for (a, b) in [(t.x, t.y), (t.y, t.z), (t.z, t.x)] { edges[SIMD2(a, b), default: 0] += 1 }
        }
        for (e, count) in edges {
            XCTAssertEqual(count, 1, "edge \(e) used \(count) times in one direction")
            XCTAssertEqual(edges[SIMD2(e.y, e.x)], 1, "edge \(e) has no reverse")
        }
        // A single voxel: the octahedron through its six face centres, volume 4/3 · (1/2)³ · … = 1/6.
        var one = MaskVolume(geometry: Geometry(size: SIMD3(3, 3, 3), spacing: SIMD3(2, 2, 2)), repeating: 0)
        one[1, 1, 1] = 1
        let octahedron = MarchingCubes.mesh(one)
        XCTAssertEqual(octahedron.triangles.count, 8)
        XCTAssertEqual(Swift.abs(octahedron.latticeVolume) * LatticeToPhysical(one.geometry).volumeScale, 8.0 / 6, accuracy: 1e-12)
        XCTAssertGreaterThan(octahedron.latticeVolume, 0, "normals point out of the ROI")
    }

    func testConvexHullEnclosesEveryPointExactly() throws {
        var rng = MorphologyTestRandom(seed: 11)
        var points: [SIMD3<Int64>] = []
        for _ in 0..<2000 { points.append(SIMD3(Int64(rng.next() % 9), Int64(rng.next() % 9), Int64(rng.next() % 9))) }
        let hull = try XCTUnwrap(ConvexHull.compute(points))
        for f in hull.faces {
            let a = points[Int(f.x)]
            let normal = cross3(points[Int(f.y)] &- a, points[Int(f.z)] &- a)
            XCTAssertNotEqual(normal, .zero)
            for p in points { XCTAssertLessThanOrEqual(dot3(normal, p &- a), 0) }
        }
        // 2000 points in a 9³ lattice hit all 8 corners with near certainty: the hull is the cube,
        // and its corners are the only extreme points (however many boundary points are triangle vertices).
        XCTAssertEqual(hull.volume(points), 512)
        let corners = Set(hull.vertices.map { points[$0] })
        XCTAssertEqual(corners.count, 8)
        XCTAssertTrue(corners.allSatisfy { p in (0..<3).allSatisfy { p[$0] == 0 || p[$0] == 8 } })
    }

    /// OMBB and MVEE (no IBSI reference values) on a rotated box with half-edges (3, 2, 1) and
    /// points inside it: the oriented minimum box is the box itself (edges 6, 4, 2), and the
    /// minimum-volume enclosing ellipsoid of a box is its circumscribed ellipsoid, semi-axes
    /// √3 · (3, 2, 1) (the unit cube's is the sphere of radius √3, and both are affine invariant).
    func testOMBBAndMVEEOfARotatedBox() throws {
        let (a, b) = (0.5, 0.3)   // rotation about z by a, then about x by b
        let rz: [SIMD3<Double>] = [SIMD3(cos(a), sin(a), 0), SIMD3(-sin(a), cos(a), 0), SIMD3(0, 0, 1)]
        let rx: [SIMD3<Double>] = [SIMD3(1, 0, 0), SIMD3(0, cos(b), sin(b)), SIMD3(0, -sin(b), cos(b))]
        func rotate(_ p: SIMD3<Double>) -> SIMD3<Double> {
            let q = rz[0] * p.x + rz[1] * p.y + rz[2] * p.z
            return rx[0] * q.x + rx[1] * q.y + rx[2] * q.z + SIMD3(10, -4, 7)
        }
        let half = SIMD3<Double>(3, 2, 1)
        var corners: [SIMD3<Double>] = []
        for sx in [-1.0, 1] { for sy in [-1.0, 1] { for sz in [-1.0, 1] { corners.append(rotate(half * SIMD3(sx, sy, sz))) } } }
        // The box's face normals; the PCA axes given are the grid axes (a poor candidate).
        let normals = [SIMD3<Double>(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)].map { rotate($0) - rotate(.zero) }
        let box = MorphologyShapes.orientedMinimumBox(hull: corners, faceNormals: normals + normals.map { -$0 },
                                                      pcaAxes: [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)])
        let edges = [box.x, box.y, box.z].sorted()
        for (got, want) in zip(edges, [2.0, 4, 6]) { XCTAssertEqual(got, want, accuracy: 1e-9) }

        var rng = MorphologyTestRandom(seed: 5)
        var points = corners
        for _ in 0..<24 {
            let u = SIMD3<Double>((0..<3).map { _ in Double(rng.next() % 1000) / 1000 * 1.8 - 0.9 })
            points.append(rotate(half * u))
        }
        let semi = try XCTUnwrap(MorphologyShapes.minimumVolumeEnclosingEllipsoid(points, tolerance: 1e-10))
        for (got, want) in zip(semi, [3.0, 2, 1].map { $0 * 3.0.squareRoot() }) { XCTAssertEqual(got, want, accuracy: 1e-4 * want) }
    }

    // MARK: Helpers

    private func digitalPhantomROI() throws -> ROIContext {
        let image = try NIfTIReader.read(FixturePath.digitalImage)
        let mask = try MaskIO.readMasks(FixturePath.digitalMask, image: image.geometry, selection: .automatic)[0].mask
        var settings = ExtractionSettings()
        settings.discretisation = .none
        return ROIContext.discretise(image: image, morphologicalMask: mask, intensityMask: mask, settings: settings)
    }

    /// The same physical volume stored with new axis a = old axis perm[a], reversed if flip[a].
    private func reoriented<T>(_ v: Volume<T>, perm: [Int], flip: [Bool]) -> Volume<T> {
        let old = v.geometry
        var g = old
        var oldIndexOfNewOrigin = SIMD3<Int>.zero
        var direction = [Double](repeating: 0, count: 9)
        for a in 0..<3 {
            g.size[a] = old.size[perm[a]]
            g.spacing[a] = old.spacing[perm[a]]
            let axis = old.axis(perm[a]) * (flip[a] ? -1 : 1)
            for r in 0..<3 { direction[3 * r + a] = axis[r] }
            oldIndexOfNewOrigin[perm[a]] = flip[a] ? old.size[perm[a]] - 1 : 0
        }
        g.direction = direction
        g.origin = old.point(SIMD3<Double>(oldIndexOfNewOrigin))
        var out = [T]()
        out.reserveCapacity(v.voxels.count)
        for k in 0..<g.size.z { for j in 0..<g.size.y { for i in 0..<g.size.x {
            let n = SIMD3(i, j, k)
            var o = SIMD3<Int>.zero
            for a in 0..<3 { o[perm[a]] = flip[a] ? old.size[perm[a]] - 1 - n[a] : n[a] }
            out.append(v[o.x, o.y, o.z])
        } } }
        return Volume(geometry: g, voxels: out)
    }
}

private func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// A small deterministic generator for test data.
struct MorphologyTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Bounding-box and enclosing-ellipsoid densities on shapes whose OMBB and MVEE are known
/// (Fixtures/ibsi_options/mvee.json, Scripts/make_ibsi_option_fixtures.py). No IBSI reference
/// exists for these four features.
final class MorphologyDensityTests: XCTestCase {
    nonisolated(unsafe) static let reference: [String: [String: Any]] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: FixturePath.path("ibsi_options/mvee.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
    }()
    static func number(_ shape: String, _ key: String) -> Double { (reference[shape]![key] as! NSNumber).doubleValue }
    static func numbers(_ shape: String, _ key: String) -> [Double] { (reference[shape]![key] as! [NSNumber]).map(\.doubleValue) }

    /// An oblique rotation (30° about z after 20° about x), as a direction matrix (columns = axes).
    static let rotation: [Double] = {
        let a = 30 * Double.pi / 180, b = 20 * Double.pi / 180
        let rz = [[cos(a), -sin(a), 0], [sin(a), cos(a), 0], [0, 0, 1]]
        let rx = [[1, 0, 0], [0, cos(b), -sin(b)], [0, sin(b), cos(b)]]
        var m = [Double](repeating: 0, count: 9)
        for r in 0..<3 { for c in 0..<3 { m[3 * r + c] = (0..<3).reduce(0) { $0 + rz[r][$1] * rx[$1][c] } } }
        return m
    }()

    static func features(_ mask: MaskVolume) -> [String: Double] {
        var image = ImageVolume(geometry: mask.geometry, repeating: 0)
        for n in image.voxels.indices { image.voxels[n] = Float(n % 7) }
        var settings = ExtractionSettings()
        settings.discretisation = .none
        let roi = ROIContext.discretise(image: image, morphologicalMask: mask, intensityMask: mask, settings: settings)
        return Dictionary(uniqueKeysWithValues: Morphology.features(roi).map { ($0.tag, $0.value) })
    }

    /// The fixture's box: 10×6×4 voxels at (2, 2, 2) in a 14×10×8 grid.
    static func box(spacing: SIMD3<Double>, direction: [Double]) -> MaskVolume {
        var mask = MaskVolume(geometry: Geometry(size: SIMD3(14, 10, 8), spacing: spacing, origin: SIMD3(-7, 3, 11), direction: direction), repeating: 0)
        for k in 2..<6 { for j in 2..<8 { for i in 2..<12 { mask[i, j, k] = 1 } } }
        return mask
    }

    /// The marching-cubes mesh of a voxel box is the box of a × b × c voxels (faces half a voxel
    /// beyond the outer centres) with its edges and corners cut off: convex, touching all six faces
    /// of that box over whole rectangles. Its OMBB is that box whichever way the grid is turned, and
    /// a box face is a hull face, so our hull-face search finds it exactly (up to rounding).
    /// Expected: V / (abc), A / 2(ab + bc + ca), with V and A the mesh's, which for this convex mesh
    /// are the volume and area of its vertices' convex hull (Qhull, in the fixture), asserted too.
    /// Measured: densities within 5.6·10⁻¹⁶ (identity and oblique direction, anisotropic spacing),
    /// tolerance 5·10⁻¹⁵; mesh volume and area equal the hull's within 3.7·10⁻¹⁶ and 1.3·10⁻¹⁵
    /// relative, tolerance 10⁻¹⁴.
    func testOMBBOfARotatedBoxIsTheBox() throws {
        let hullVolume = Self.number("box", "hullVolume"), hullArea = Self.number("box", "hullArea")
        XCTAssertEqual(Self.numbers("box", "boxSize"), [10, 6, 4])
        for (spacing, direction) in [(SIMD3(1.0, 1.0, 1.0), Geometry.identityDirection), (SIMD3(1.0, 1.0, 1.0), Self.rotation),
                                     (SIMD3(1.2, 0.8, 2.0), Self.rotation)] {
            let f = Self.features(Self.box(spacing: spacing, direction: direction))
            let a = 10 * spacing.x, b = 6 * spacing.y, c = 4 * spacing.z
            let v = try XCTUnwrap(f["morph_volume"]), area = try XCTUnwrap(f["morph_area_mesh"])
            let scale = spacing.x * spacing.y * spacing.z
            if spacing == SIMD3(1, 1, 1) {
                XCTAssertEqual(v, hullVolume, accuracy: 1e-14 * hullVolume, "mesh volume, \(direction)")
                XCTAssertEqual(area, hullArea, accuracy: 1e-14 * hullArea, "mesh area, \(direction)")
            } else {
                XCTAssertEqual(v, hullVolume * scale, accuracy: 1e-14 * v, "a linear map scales the volume")
            }
            print("OMBB box \(spacing): vol dens \(f["morph_vol_dens_ombb"]! - v / (a * b * c)), area dens \(f["morph_area_dens_ombb"]! - area / (2 * (a * b + b * c + c * a))), V − hull \(v / scale - hullVolume), A − hull \(area - hullArea)")
            XCTAssertEqual(try XCTUnwrap(f["morph_vol_dens_ombb"]), v / (a * b * c), accuracy: 5e-15, "\(spacing) \(direction)")
            XCTAssertEqual(try XCTUnwrap(f["morph_area_dens_ombb"]), area / (2 * (a * b + b * c + c * a)), accuracy: 5e-15, "\(spacing) \(direction)")
            // The axis-aligned box is the OMBB only when the grid is not turned.
            if direction == Self.rotation {
                XCTAssertLessThan(try XCTUnwrap(f["morph_vol_dens_aabb"]), 0.9 * f["morph_vol_dens_ombb"]!)
            }
        }
    }

    /// A one-voxel ROI (and a line of voxels, whose PCA has zero eigenvalues): the OMBB can never
    /// be larger than the axis-aligned box. Before the fix the PCA candidate of a single voxel had
    /// zero axes, a box of volume 0, and `morph_vol_dens_ombb` was Inf while the AABB density was 0.167.
    func testOMBBOfADegenerateROIIsNeverLargerThanTheAABB() throws {
        for (spacing, direction) in [(SIMD3(1.0, 1.0, 1.0), Geometry.identityDirection), (SIMD3(1.2, 0.8, 2.0), Self.rotation)] {
            var one = MaskVolume(geometry: Geometry(size: SIMD3(5, 5, 5), spacing: spacing, origin: .zero, direction: direction), repeating: 0)
            one[2, 2, 2] = 1
            var line = one
            line[1, 2, 2] = 1; line[3, 2, 2] = 1
            for mask in [one, line] {
                let f = Self.features(mask)
                let ombb = try XCTUnwrap(f["morph_vol_dens_ombb"]), aabb = try XCTUnwrap(f["morph_vol_dens_aabb"])
                XCTAssertTrue(ombb.isFinite && aabb.isFinite, "\(spacing): OMBB \(ombb), AABB \(aabb)")
                XCTAssertGreaterThanOrEqual(ombb, aabb * (1 - 1e-12), "\(spacing): the OMBB is larger than the AABB")
                XCTAssertLessThanOrEqual(ombb, 1)
                XCTAssertTrue(try XCTUnwrap(f["morph_area_dens_ombb"]).isFinite)
            }
        }
    }

    /// The same box with an internal cavity near one corner (4 × 2 × 1 voxels, not touching the
    /// surface): the hull, hence the OMBB, is still the box, but the voxel centres' principal axes
    /// are tilted in the x–y plane, so only the hull-face search finds it (the PCA box is larger).
    /// Expected V / (abc) and A / 2(ab + bc + ca) with the mesh's V and A (the cavity's inner
    /// surface included). Measured as the plain box (≤ 6·10⁻¹⁶); tolerance 5·10⁻¹⁵.
    func testOMBBIsFoundFromTheHullWhenThePrincipalAxesAreTilted() throws {
        for (spacing, direction) in [(SIMD3(1.0, 1.0, 1.0), Self.rotation), (SIMD3(1.2, 0.8, 2.0), Self.rotation)] {
            var mask = Self.box(spacing: spacing, direction: direction)
            for j in 3..<5 { for i in 3..<7 { mask[i, j, 3] = 0 } }
            let f = Self.features(mask)
            let a = 10 * spacing.x, b = 6 * spacing.y, c = 4 * spacing.z
            let v = try XCTUnwrap(f["morph_volume"]), area = try XCTUnwrap(f["morph_area_mesh"])
            let plain = Self.features(Self.box(spacing: spacing, direction: direction))
            XCTAssertLessThan(v, plain["morph_volume"]!, "the cavity is in the mesh")
            XCTAssertEqual(try XCTUnwrap(f["morph_vol_dens_ombb"]), v / (a * b * c), accuracy: 5e-15, "\(spacing)")
            XCTAssertEqual(try XCTUnwrap(f["morph_area_dens_ombb"]), area / (2 * (a * b + b * c + c * a)), accuracy: 5e-15, "\(spacing)")
        }
    }

    /// MVEE of a voxelised ellipsoid (semi-axes 14, 9, 6 mm on a 1 × 1 × 1.5 mm grid, turned by the
    /// oblique direction matrix) and of the turned box above, against the exact MVEE (Khachiyan with
    /// Todd–Yildirim away steps, run to optimality: every vertex within Mahalanobis² 1 + 2·10⁻¹³)
    /// in numpy on the same vertex set (edge midpoints between mask and background voxels: the marching-cubes
    /// vertices at level 0.5, in the grid's own frame: the MVEE does not depend on the rotation).
    /// The MVEE's area is IBSI's 20-term series (as MEDimage evaluates it, with numpy's Legendre
    /// polynomials), which IBSI's AEE reference values also use; it is not the ellipsoid's
    /// geometric area (−2.8 % for this ellipsoid, −10 % for the box's MVEE: `mveeAreaGeometric`).
    ///
    /// The box's MVEE is also known in closed form: by the vertex set's mirror symmetries it is
    /// centred and axis-aligned, x²/A + y²/B + z²/C ≤ 1; the hull corners are (±5, ±2.5, ±1.5),
    /// (±4.5, ±3, ±1.5), (±4.5, ±2.5, ±2); maximising log(1/(ABC)) under the two binding corner
    /// constraints, the KKT multipliers sum to d = 3 and 1/A = 3·4.5²: a = √60.75 mm, asserted.
    ///
    /// 1. Our Khachiyan at 10⁻⁹ on the same points (plain Khachiyan converges sublinearly: at a
    ///    weight step of 10⁻⁹, or its 100 000-iteration cap, it is not yet at the optimum): semi-axes
    ///    measured within 1.9·10⁻⁵ (ellipsoid) and 3.4·10⁻⁵ (box) of the exact ones; tolerance 3·10⁻⁴.
    /// 2. The features, with IBSI's stopping tolerance 0.001 (as `morph_*_dens_mvee` use it): the
    ///    iteration stops short of the MVEE, measured V_mvee −0.41 % / −0.32 % and A_mvee −0.34 % /
    ///    +0.65 % (ellipsoid / box); tolerance 2 % (the stopping rule bounds the weights' step,
    ///    not the volume: no a-priori bound, 3× the measured).
    func testMVEEAgainstConvergedKhachiyan() throws {
        for shape in ["ellipsoid", "box"] {
            let mask: MaskVolume
            if shape == "box" {
                mask = Self.box(spacing: SIMD3(1, 1, 1), direction: Self.rotation)
            } else {
                let size = Self.numbers(shape, "size").map { Int($0) }, spacing = Self.numbers(shape, "spacing")
                let centre = Self.numbers(shape, "centreVoxel"), semi = Self.numbers(shape, "semiAxes")
                var m = MaskVolume(geometry: Geometry(size: SIMD3(size[0], size[1], size[2]), spacing: SIMD3(spacing[0], spacing[1], spacing[2]),
                                                      direction: Self.rotation), repeating: 0)
                for k in 0..<size[2] { for j in 0..<size[1] { for i in 0..<size[0] {
                    let x = (Double(i) - centre[0]) * spacing[0] / semi[0], y = (Double(j) - centre[1]) * spacing[1] / semi[1]
                    let z = (Double(k) - centre[2]) * spacing[2] / semi[2]
                    if x * x + y * y + z * z <= 1 { m[i, j, k] = 1 }
                } } }
                mask = m
            }
            XCTAssertEqual(mask.count, Int(Self.number(shape, "voxels")), shape)
            let want = Self.numbers(shape, "mveeSemiAxes")

            // 1. The vertex set (doubled indices, integers), its hull, our Khachiyan to convergence.
            var doubled: [SIMD3<Int64>] = []
            let size = mask.geometry.size
            func inside(_ i: Int, _ j: Int, _ k: Int) -> Bool {
                i >= 0 && j >= 0 && k >= 0 && i < size.x && j < size.y && k < size.z && mask[i, j, k] != 0
            }
            for k in -1..<size.z { for j in -1..<size.y { for i in -1..<size.x {
                let here = inside(i, j, k)
                if here != inside(i + 1, j, k) { doubled.append(SIMD3(Int64(2 * i + 1), Int64(2 * j), Int64(2 * k))) }
                if here != inside(i, j + 1, k) { doubled.append(SIMD3(Int64(2 * i), Int64(2 * j + 1), Int64(2 * k))) }
                if here != inside(i, j, k + 1) { doubled.append(SIMD3(Int64(2 * i), Int64(2 * j), Int64(2 * k + 1))) }
            } } }
            let hull = try XCTUnwrap(ConvexHull.compute(doubled))
            XCTAssertEqual(hull.vertices.count, Int(Self.number(shape, "hullPoints")), shape)
            let points = hull.vertices.map { mask.geometry.point(SIMD3<Double>(doubled[$0]) / 2) }
            let converged = try XCTUnwrap(MorphologyShapes.minimumVolumeEnclosingEllipsoid(points, tolerance: 1e-9))
            let axisError = zip(converged, want).map { Swift.abs($0 / $1 - 1) }.max()!
            print("MVEE \(shape) at 1e-9: \(converged) vs numpy \(want): \(axisError)")
            XCTAssertLessThan(axisError, 3e-4, shape)
            if shape == "box" { XCTAssertEqual(want[0], 60.75.squareRoot(), accuracy: 1e-12) }

            // 2. The features at IBSI's tolerance.
            let f = Self.features(mask)
            let v = try XCTUnwrap(f["morph_volume"]), area = try XCTUnwrap(f["morph_area_mesh"])
            let vMVEE = v / (try XCTUnwrap(f["morph_vol_dens_mvee"])), aMVEE = area / (try XCTUnwrap(f["morph_area_dens_mvee"]))
            let dv = vMVEE / Self.number(shape, "mveeVolume") - 1, da = aMVEE / Self.number(shape, "mveeArea") - 1
            print("MVEE \(shape): volume \(vMVEE) vs \(Self.number(shape, "mveeVolume")) (\(dv)), area \(aMVEE) vs \(Self.number(shape, "mveeArea")) (\(da))")
            XCTAssertLessThan(Swift.abs(dv), 0.02, shape)
            XCTAssertLessThan(Swift.abs(da), 0.02, shape)
        }
    }
}
