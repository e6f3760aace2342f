import Foundation
import XCTest
@testable import Radiomics

/// pyradiomics LBP3D against maps from Scripts/make_pyradiomics_lbp3d_fixtures.py (pyradiomics'
/// own getLBP3DImage with scipy 1.16.3 and trimesh 5.2.0).
final class PyRadiomicsLBP3DTests: XCTestCase {
    static func fixture(_ name: String) -> String { FixturePath.path("pyradiomics_filters/\(name)") }

    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("lbp3d.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    func testIcosphereHasTrimeshVerticesInOrderBitForBit() throws {
        let spheres = try Self.reference()["icospheres"] as! [String: [[String]]]
        for (key, points) in spheres {
            let parts = key.split(separator: "-")
            let ours = LBP3DFilter.icosphere(subdivisions: Int(parts[0])!, radius: Double(parts[1])!)
            XCTAssertEqual(ours.count, points.count, key)
            XCTAssertEqual(ours.map { [$0.x, $0.y, $0.z] }, points.map { $0.map { Double($0)! } }, key)
        }
    }

    func testSplinePrefilterAndInterpolationMatchScipyOnALine() {
        // scipy.ndimage.spline_filter1d([3, -1, 4, 1, -5], order=3, mode='mirror'), printed with repr.
        var line: [Double] = [3, -1, 4, 1, -5]
        LBP3DFilter.splineFilterLine(&line)
        let scipy = [6.964285714285714, -4.928571428571429, 6.75, 1.9285714285714288, -8.464285714285715]
        XCTAssertEqual(line, scipy)  // bit for bit
    }

    /// Every map at every ROI voxel, for int16 and float32 images and three settings.
    func testMapsMatchPyRadiomics() throws {
        let cases = try Self.reference()["cases"] as! [String: [String: [String: [String]]]]
        let mask = try NIfTIReader.read(Self.fixture("lbp3d-mask.nii.gz"))
        let roi = mask.voxels.map { $0 != 0 }
        let settings: [String: (levels: Int, radius: Double, subdivisions: Int)] = [
            "default": (2, 1, 1), "levels3-r1.5-sub2": (3, 1.5, 2), "r2-sub0": (2, 2, 0),
        ]
        for (name, bySetting) in cases.sorted(by: { $0.key < $1.key }) {
            let path = Self.fixture("lbp3d-\(name)-image.nii.gz")
            let image = try NIfTIReader.read(path)
            let type = PyRadiomicsResampling.pixelType(ofFile: path)
            XCTAssertEqual(type, name == "int16" ? .integer(min: -32768, max: 32767) : .float32)
            for (setting, maps) in bySetting.sorted(by: { $0.key < $1.key }) {
                let s = settings[setting]!
                let ours = LBP3DFilter.apply(FilterGrid(image), roi: roi, levels: s.levels, radius: s.radius,
                                             subdivisions: s.subdivisions, pixelType: type)
                XCTAssertEqual(maps.count, s.levels + 1)
                for (mapName, values) in maps.sorted(by: { $0.key < $1.key }) {
                    let index = mapName == "lbp-3D-k" ? s.levels : Int(mapName.dropFirst("lbp-3D-m".count))! - 1
                    let got = roi.indices.filter { roi[$0] }.map { ours[index][$0] }
                    XCTAssertEqual(got.count, values.count)
                    var worst = 0.0, exact = 0
                    for (a, text) in zip(got, values) {
                        let b = Double(text)!
                        if a == b { exact += 1 }
                        worst = max(worst, abs(a - b) / max(abs(b), 1e-300))
                    }
                    print("LBP3D \(name) \(setting) \(mapName): \(exact)/\(values.count) bit-identical, max relative error \(worst)")
                    XCTAssertLessThan(worst, 1e-12, "\(name) \(setting) \(mapName)")
                }
            }
        }
    }

    func testConfigTypeLBP3DGivesLevelMapsAndKurtosis() throws {
        var c = FilterConfig(type: "lbp3d")
        XCTAssertEqual(try c.specs().map(\.columnPrefix), ["lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"])
        c.level = 3
        XCTAssertEqual(try c.specs().map(\.columnPrefix), ["lbp-3D-m1", "lbp-3D-m2", "lbp-3D-m3", "lbp-3D-k"])
        c.response = "k"
        XCTAssertEqual(try c.specs(), [.lbp3DKurtosis(radius: 1, subdivisions: 1)])
        c.response = "m4"
        XCTAssertThrowsError(try c.specs())
        XCTAssert(FilterConfig.types.contains("lbp3d"))
    }

    /// On the ROI box grown by the support radius, the maps equal the whole-image maps.
    func testCroppedLBP3DEqualsWholeImage() throws {
        var image = ImageVolume(geometry: Geometry(size: SIMD3(80, 8, 7)), repeating: 0)
        var rng = MorphologyTestRandom(seed: 11)
        for n in image.voxels.indices { image.voxels[n] = Float(Int(rng.next() % 200)) * 0.5 }
        let box = IndexBox(lower: SIMD3(37, 3, 2), upper: SIMD3(41, 5, 4))
        for spec in [FilterSpec.lbp3D(level: 2, radius: 1, subdivisions: 1), .lbp3DKurtosis(radius: 1.5, subdivisions: 2)] {
            let whole = try apply(spec, to: image)
            let (part, grown) = try applyCropped(spec, to: image, around: box)
            XCTAssertLessThan(grown.size.x, 80, "a real crop along x")
            for k in box.lower.z...box.upper.z {
                for j in box.lower.y...box.upper.y {
                    for i in box.lower.x...box.upper.x {
                        let p = SIMD3(i, j, k) &- grown.lower
                        XCTAssertEqual(whole[i, j, k], part[p.x, p.y, p.z], "\(spec.columnPrefix) at \(i),\(j),\(k)")
                    }
                }
            }
        }
    }
}
