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
        let roi = ROIContext(image: image, morphologicalMask: mask, intensityMask: intensityMask, settings: settings)
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
            let copy = ROIContext(image: image, morphologicalMask: morph, intensityMask: intensity, settings: roi.settings)
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
        return ROIContext(image: image, morphologicalMask: mask, intensityMask: mask, settings: settings)
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
