import XCTest
@testable import Radiomics

/// SimpleITK's physical point ↔ index arithmetic to the last bit on 201 directions (flips, in-plane
/// and near-axis rotations, NIfTI qforms, random rotations and reflections) and spacings
/// (Fixtures/itk/vnl_inverse.json from Scripts/make_vnl_inverse_fixtures.py, SimpleITK 2.5 / ITK 5.4).
/// Values compare with == (bit equality, ±0 aside).
final class VNLMatrixInverseTests: XCTestCase {
    struct Case {
        var kind: String
        var geometry: Geometry
        var points: [SIMD3<Double>], continuousIndices: [SIMD3<Double>]
        var continuousIndex: SIMD3<Double>, continuousIndexPoint: SIMD3<Double>
        var index: SIMD3<Double>, indexPoint: SIMD3<Double>
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: FixturePath.path("itk/vnl_inverse.json"))
        guard let data = try? Data(contentsOf: url),
              let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = doc["cases"] as? [[String: Any]] else { return [] }
        func numbers(_ any: Any?) -> [Double] { (any as? [String] ?? []).map { Double($0)! } }
        func vector(_ any: Any?) -> SIMD3<Double> { let v = numbers(any); return SIMD3(v[0], v[1], v[2]) }
        return list.map { c in
            let g = Geometry(size: SIMD3(4, 4, 4), spacing: vector(c["spacing"]), origin: vector(c["origin"]),
                             direction: numbers(c["direction"]))
            let index = (c["index"] as? [Int] ?? []).map(Double.init)
            return Case(kind: c["kind"] as? String ?? "", geometry: g,
                        points: (c["points"] as? [Any] ?? []).map(vector),
                        continuousIndices: (c["continuousIndices"] as? [Any] ?? []).map(vector),
                        continuousIndex: vector(c["continuousIndex"]), continuousIndexPoint: vector(c["continuousIndexPoint"]),
                        index: SIMD3(index[0], index[1], index[2]), indexPoint: vector(c["indexPoint"]))
        }
    }()

    func testTheFixtureIsThere() {
        XCTAssertEqual(Self.cases.count, 201)
        XCTAssertEqual(Set(Self.cases.map(\.kind)), ["flip", "synth_ct", "inplane", "near", "qform", "random"])
    }

    /// TransformPhysicalPointToContinuousIndex: VNL's SVD inverse of direction · diag(spacing).
    func testPhysicalPointToContinuousIndexIsBitExact() {
        var wrong: [String] = []
        for (n, c) in Self.cases.enumerated() {
            let toIndex = PhysicalToIndex(c.geometry)
            for (p, expected) in zip(c.points, c.continuousIndices) {
                let got = toIndex.continuousIndex(p)
                if got != expected { wrong.append("case \(n) (\(c.kind)): \(got) ≠ \(expected)") }
            }
        }
        XCTAssertEqual(Self.cases.count * 3, Self.cases.map(\.points.count).reduce(0, +))
        XCTAssertTrue(wrong.isEmpty, "\(wrong.count) of \(Self.cases.count * 3) differ: \(wrong.prefix(5).joined(separator: "; "))")
    }

    /// TransformIndexToPhysicalPoint (ResampleImageFilter's scanline ends) and
    /// TransformContinuousIndexToPhysicalPoint (pyradiomics' resampled origin).
    func testIndexToPhysicalPointIsBitExact() {
        for (n, c) in Self.cases.enumerated() {
            XCTAssertEqual(PyRadiomicsResampling.itkPoint(c.geometry, c.index), c.indexPoint, "case \(n) (\(c.kind))")
            XCTAssertEqual(PyRadiomicsResampling.itkContinuousPoint(c.geometry, c.continuousIndex), c.continuousIndexPoint,
                           "case \(n) (\(c.kind))")
        }
    }

    /// The SVD itself: a rotation by 12° in-plane with 0.74 × 0.74 × 2.5 mm recomposes, keeps the
    /// slice axis' 1/2.5 exactly, and a singular matrix has rank 2 with a zero pseudo-inverse row.
    func testTheSVDOfKnownMatrices() {
        let c = cos(12 * Double.pi / 180), s = sin(12 * Double.pi / 180)
        let m = [c * 0.74, -s * 0.74, 0, s * 0.74, c * 0.74, 0, 0, 0, 2.5]
        let svd = VNLMatrixInverse.SVD(m, rows: 3, columns: 3)
        XCTAssertEqual(svd.info, 0)
        XCTAssertEqual(svd.rank, 3)
        XCTAssertEqual(svd.w[0], 2.5)
        XCTAssertEqual(svd.w[1], 0.74, accuracy: 1e-15)
        let inverse = svd.pinverse()
        XCTAssertEqual(inverse[8], 0.4)
        XCTAssertEqual(inverse[2], 0)
        let product = VNLMatrixInverse.SVD.multiply(m, inverse, 3, 3, 3)
        for r in 0..<3 { for k in 0..<3 { XCTAssertEqual(product[3 * r + k], r == k ? 1 : 0, accuracy: 1e-15) } }
        let singular = VNLMatrixInverse.SVD([1, 2, 0, 2, 4, 0, 0, 0, 3], rows: 3, columns: 3)
        XCTAssertEqual(singular.rank, 2)
        XCTAssertEqual(singular.w[2], 0)
    }

    /// ResampleImageFilter's scanlines on pyradiomics' grid for a 12°-rotated CT (0.74 × 0.74 × 2.5 mm
    /// to 1 mm; Fixtures/itk/resample_scanline.json): every one of 2700 nearest-neighbour picks as
    /// SimpleITK's, slice ties included (an accumulated per-voxel step misses 30).
    func testScanlinePicksAsResampleImageFilter() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePath.path("itk/resample_scanline.json")))
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        func vector(_ key: String) -> SIMD3<Double> {
            let v = (doc[key] as? [Any] ?? []).map { ($0 as? String).flatMap(Double.init) ?? ($0 as? NSNumber)?.doubleValue ?? .nan }
            return SIMD3(v[0], v[1], v[2])
        }
        let inSize = (doc["inputSize"] as? [Int]) ?? [], size = (doc["size"] as? [Int]) ?? []
        let picked = (doc["picked"] as? [Int]) ?? []
        let direction = (doc["direction"] as? [String] ?? []).compactMap(Double.init)
        let input = Geometry(size: SIMD3(inSize[0], inSize[1], inSize[2]), spacing: vector("inputSpacing"),
                             origin: vector("inputOrigin"), direction: direction)
        let sp = vector("spacing"), ms = input.spacing
        let originIndex = 0.5 * (sp - ms) / ms + vector("lower") / (ms / sp)     // pyradiomics resampleImage
        let out = Geometry(size: SIMD3(size[0], size[1], size[2]), spacing: sp,
                           origin: PyRadiomicsResampling.itkContinuousPoint(input, originIndex), direction: direction)
        XCTAssertEqual(picked.count, size[0] * size[1] * size[2])
        let toIndex = PhysicalToIndex(input)
        func pick(_ ci: SIMD3<Double>) -> Int {
            guard (0..<3).allSatisfy({ ci[$0] >= -0.5 && ci[$0] < Double(inSize[$0]) - 0.5 }) else { return -1 }
            let n = SIMD3<Int>((ci + 0.5).rounded(.down))
            return n.x + inSize[0] * (n.y + inSize[1] * n.z)
        }
        var wrong = 0, wrongAccumulated = 0
        for k in 0..<size[2] {
            for j in 0..<size[1] {
                let line = toIndex.scanline(of: out, j, k)
                let delta = toIndex.continuousIndex(PyRadiomicsResampling.itkPoint(out, SIMD3(1, Double(j), Double(k)))) - line.start
                var accumulated = line.start
                for i in 0..<size[0] {
                    let expected = picked[i + size[0] * (j + size[1] * k)]
                    if pick(line.continuousIndex(i)) != expected { wrong += 1 }
                    if pick(accumulated) != expected { wrongAccumulated += 1 }
                    accumulated += delta
                }
            }
        }
        XCTAssertEqual(wrong, 0)
        XCTAssertGreaterThan(wrongAccumulated, 0, "the fixture no longer holds the ties that tell the two apart")
    }
}
