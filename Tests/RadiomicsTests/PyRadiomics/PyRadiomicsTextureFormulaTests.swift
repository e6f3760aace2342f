import Foundation
import XCTest
@testable import Radiomics

/// pyradiomics' GLCM/GLRLM aggregation and formulas on the matrices pyradiomics built for a tiny
/// image (Fixtures/pyradiomics/expected/tiny_texture.json), against pyradiomics' feature values.
final class PyRadiomicsTextureFormulaTests: XCTestCase {
    struct Entry: Decodable {
        var settings: [String: Setting]
        var features: [String: Double]
        var raw: Raw?
        var matrix: Raw?
        var rawAngles: [[Int]]?
        var Ng: Int
        var grayLevels: [Int]
    }
    /// Per-angle 3D (GLCM, GLRLM) or single 2D (GLSZM, GLDM) raw matrices.
    enum Raw: Decodable {
        case perAngle([[[Double]]]), single([[Double]])
        init(from d: Decoder) throws {
            let c = try d.singleValueContainer()
            if let a = try? c.decode([[[Double]]].self) { self = .perAngle(a) } else { self = .single(try c.decode([[Double]].self)) }
        }
        var perAngle: [[[Double]]] { if case .perAngle(let a) = self { return a }; return [] }
        var single: [[Double]] { if case .single(let a) = self { return a }; return [] }
    }
    enum Setting: Decodable {
        case number(Double), bool(Bool), string(String)
        init(from d: Decoder) throws {
            let c = try d.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let x = try? c.decode(Double.self) { self = .number(x) } else { self = .string(try c.decode(String.self)) }
        }
    }
    struct Tiny: Decodable {
        var image_zyx: [[[Double]]]
        var mask_zyx: [[[Int]]]
        var spacing_xyz: [Double]
        var classes: [String: Entry]
    }

    static func load() throws -> Tiny {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePath.path("pyradiomics/expected/tiny_texture.json")))
        return try JSONDecoder().decode(Tiny.self, from: data)
    }

    func weighting(_ e: Entry) -> PyRadiomicsParameters.WeightingNorm? {
        if case .string(let s)? = e.settings["weightingNorm"] { return PyRadiomicsParameters.WeightingNorm(rawValue: s) }
        return nil
    }

    func compare(_ got: [String: Double], _ want: [String: Double], _ label: String) {
        XCTAssertFalse(want.isEmpty)
        for (name, w) in want {
            guard let g = got[name] else { XCTFail("\(label): \(name) missing"); continue }
            let rel = Swift.abs(g - w) / Swift.max(Swift.abs(w), 1e-12)
            XCTAssert(rel <= 1e-6 || Swift.abs(g - w) < 1e-12, "\(label) \(name): ours \(g), pyradiomics \(w)")
        }
    }

    /// A row-major Ng × width count matrix (column c holds j = c + 1) as a LevelMatrix, N_v = Σ j · count.
    func levelMatrix(_ rows: [[Double]]) -> LevelMatrix {
        let width = rows[0].count
        let dense = rows.flatMap { $0.map { Int($0) } }
        var voxels = 0
        for r in rows { for (c, x) in r.enumerated() { voxels += Int(x) * (c + 1) } }
        return LevelMatrix(dense: dense, levelCount: rows.count, width: width, voxelCount: voxels)
    }

    func testGLCMAllWeightingsAndSymmetry() throws {
        let tiny = try Self.load()
        let sp = SIMD3(tiny.spacing_xyz[0], tiny.spacing_xyz[1], tiny.spacing_xyz[2])
        let names = tiny.classes.keys.filter { $0.hasPrefix("glcm") }.sorted()
        XCTAssertEqual(names.count, 5)
        for name in names {
            let e = tiny.classes[name]!
            var symmetrical = true
            if case .bool(let b)? = e.settings["symmetricalGLCM"] { symmetrical = b }
            let c = Conventions.pyradiomics(symmetricGLCM: symmetrical, weightingNorm: weighting(e))
            // cMatrices' raw per-angle counts; pyradiomics symmetrises them (P + Pᵀ) when asked.
            let ms = e.raw!.perAngle.map { a in
                CooccurrenceMatrix(levelCount: e.Ng, counts: (0..<(e.Ng * e.Ng)).map { k in
                    Int(a[k / e.Ng][k % e.Ng] + (symmetrical ? a[k % e.Ng][k / e.Ng] : 0))
                })
            }
            let angles = e.rawAngles!.map { SIMD3($0[0], $0[1], $0[2]) }
            XCTAssertEqual(e.features.count, 24, name)  // every non-deprecated GLCM feature, MCC included
            let v = GLCMFeatures.compute(directions: ms, weights: c.directionWeights(angles, spacing: sp, runLength: false),
                                         conventions: c, mccPresentLevels: e.grayLevels.count)
            let got = PyRadiomicsTexture.named("glcm", v, kernel: GLCMFeatures.names, enabled: Array(e.features.keys), mcc: v.last!)
            compare(got, e.features, name)
        }
    }

    func testGLRLMWithAndWithoutWeighting() throws {
        let tiny = try Self.load()
        let sp = SIMD3(tiny.spacing_xyz[0], tiny.spacing_xyz[1], tiny.spacing_xyz[2])
        let names = tiny.classes.keys.filter { $0.hasPrefix("glrlm") }.sorted()
        XCTAssertEqual(names.count, 2)
        for name in names {
            let e = tiny.classes[name]!
            XCTAssertEqual(e.features.count, 16, name)
            let c = Conventions.pyradiomics(weightingNorm: weighting(e))
            let angles = e.rawAngles!.map { SIMD3($0[0], $0[1], $0[2]) }
            let v = GLRLMFeatures.compute(directions: e.raw!.perAngle.map(levelMatrix),
                                          weights: c.directionWeights(angles, spacing: sp, runLength: true), conventions: c)
            compare(PyRadiomicsTexture.named("glrlm", v, kernel: GLRLMFeatures.names, enabled: Array(e.features.keys)), e.features, name)
        }
    }

    func testGLSZMAndGLDM() throws {
        let tiny = try Self.load()
        let c = Conventions.pyradiomics()
        for (name, count) in [("glszm_default", 16), ("gldm_default", 14), ("gldm_a1", 14)] {
            let e = tiny.classes[name]!
            XCTAssertEqual(e.features.count, count, name)
            let sums = LevelMatrixSums(levelMatrix(e.raw!.single), logEpsilon: c.logEpsilon)
            let got = name.hasPrefix("glszm")
                ? PyRadiomicsTexture.named("glszm", GLSZMFeatures.compute(sums), kernel: GLSZMFeatures.names, enabled: Array(e.features.keys))
                : PyRadiomicsTexture.named("gldm", GLDMFeatures.compute(sums), kernel: GLDMFeatures.names, enabled: Array(e.features.keys))
            compare(got, e.features, name)
        }
    }

    func testNGTDM() throws {
        let e = try Self.load().classes["ngtdm_default"]!
        XCTAssertEqual(e.features.count, 5)
        let rows = e.matrix!.single  // [n_i, s_i, i] of the grey levels present
        let ng = Int(rows.map { $0[2] }.max()!)
        var m = NeighbourhoodGreyToneDifferenceMatrix(levelCount: ng, s: Array(repeating: 0, count: ng), n: Array(repeating: 0, count: ng))
        for r in rows { m.n[Int(r[2]) - 1] = Int(r[0]); m.s[Int(r[2]) - 1] = r[1] }
        let got = PyRadiomicsTexture.named("ngtdm", NGTDMFeatures.compute(m), kernel: NGTDMFeatures.names, enabled: Array(e.features.keys))
        compare(got, e.features, "ngtdm_default")
    }

    /// End to end: pyradiomics' binning of the tiny image, our shared matrix builders
    /// (non-symmetric GLCM counts, per-direction GLRLM, GLSZM, NGTDM, GLDM) and the pyradiomics
    /// formulas, against pyradiomics' feature values for every setting in the fixture.
    func testSharedBuildersReproduceEveryClassAndSetting() throws {
        let tiny = try Self.load()
        let nz = tiny.image_zyx.count, ny = tiny.image_zyx[0].count, nx = tiny.image_zyx[0][0].count
        let g = Geometry(size: SIMD3(nx, ny, nz), spacing: SIMD3(tiny.spacing_xyz[0], tiny.spacing_xyz[1], tiny.spacing_xyz[2]))
        let image = tiny.image_zyx.flatMap { $0.flatMap { $0 } }
        let mask = MaskVolume(geometry: g, voxels: tiny.mask_zyx.flatMap { $0.flatMap { $0.map(UInt8.init) } })
        var values: [Double] = []
        for n in mask.voxels.indices where mask.voxels[n] != 0 { values.append(image[n]) }
        var levels = Volume<Int32>(geometry: g, repeating: 0)
        let edges = PyRadiomicsBinning.edges(values, binWidth: 25, binCount: nil)
        for n in mask.voxels.indices where mask.voxels[n] != 0 { levels.voxels[n] = Int32(PyRadiomicsBinning.digitize(image[n], edges)) }
        XCTAssertEqual(tiny.classes.count, 11)
        for (name, e) in tiny.classes.sorted(by: { $0.key < $1.key }) {
            var s = PyRadiomicsParameters.Settings()
            s.weightingNorm = weighting(e)
            if case .bool(let b)? = e.settings["symmetricalGLCM"] { s.symmetricalGLCM = b }
            if case .number(let a)? = e.settings["gldm_a"] { s.gldmA = a }
            let cls = String(name.split(separator: "_")[0])
            let got = try PyRadiomicsTexture.features(cls, levels: levels, intensityMask: mask, morphologicalMask: mask,
                                                      spacing: g.spacing, settings: s, enabled: Array(e.features.keys))
            compare(got, e.features, "builders \(name)")
        }
    }
}
