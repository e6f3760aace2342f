import XCTest
@testable import Radiomics

/// IBSI 2 phase 1: every reference response map reproduced at every voxel within 1 % of the
/// reference map's range (Fixtures/ibsi/ibsi2/config.md), and within our measured precision.
final class IBSI2Phase1Tests: XCTestCase {
    static func phantom(_ name: String) -> String {
        FixturePath.path("ibsi/ibsi2/digital_phantoms/nifti/\(name)/image/\(name).nii.gz")
    }

    static func reference(_ id: String) -> String {
        FixturePath.path("ibsi/reference_values/ibsi2/phase1_response_maps/\(id.replacingOccurrences(of: ".", with: "_"))-ValidCRM.nii")
    }

    /// The maps that do not agree to float32 rounding: their measured max error (% of range),
    /// the reference's own discretisation of the continuous filter (Gabor, LoG, Riesz, Simoncelli).
    static let measuredPercent: [String: Double] = ["2.a": 0.0016, "2.b": 0.0336, "2.c": 0.0242, "4.b.1": 0.0106, "4.b.2": 0.0898,
                                                    "8.a.1": 0.3784, "9.a": 0.0478, "9.b.1": 0.6403, "10.b.1": 0.1533]

    /// Largest |ours − reference| as a percentage of the reference range.
    func check(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let preset = try XCTUnwrap(FilterPresets.named("ibsi2-" + id), file: file, line: line)
        let spec = try XCTUnwrap(preset.spec, file: file, line: line)
        let image = try NIfTIReader.read(Self.phantom(preset.phantom))
        let ref = try NIfTIReader.read(Self.reference(id))
        let out = try apply(spec, to: image)
        XCTAssertNil(out.geometry.mismatch(with: image.geometry), file: file, line: line)
        XCTAssertEqual(out.size, ref.size, file: file, line: line)
        let lo = ref.voxels.min()!, hi = ref.voxels.max()!
        let range = Double(hi - lo)
        var worst = 0.0, worstIndex = 0
        for n in ref.voxels.indices {
            let e = Swift.abs(Double(out.voxels[n]) - Double(ref.voxels[n]))
            if e > worst { worst = e; worstIndex = n }
        }
        let percent = 100 * worst / range
        print(String(format: "IBSI2 %@: max error %.4f %% of range (%.4g at voxel %d, range %.4g)", id, percent, worst, worstIndex, range))
        XCTAssertLessThanOrEqual(percent, 1.0, "\(id): max error \(percent) % of range (IBSI 2 rule)", file: file, line: line)
        // Our measured precision, with a margin: most maps agree to float32 rounding.
        let measured = Self.measuredPercent[id] ?? 1e-4
        XCTAssertLessThanOrEqual(percent, measured * 1.5 + 1e-4, "\(id): max error \(percent) % of range, measured \(measured) %",
                                 file: file, line: line)
    }

    func testMean() throws { for id in ["1.a.1", "1.a.2", "1.a.3", "1.a.4", "1.b.1"] { try check(id) } }
    func testLoG() throws { for id in ["2.a", "2.b", "2.c"] { try check(id) } }
    func testLaws() throws {
        for l in ["a", "b", "c"] { for v in 1...3 { try check("3.\(l).\(v)") } }
    }
    func testGabor() throws { for id in ["4.a.1", "4.a.2", "4.b.1", "4.b.2"] { try check(id) } }
    func testSeparableWavelets() throws { for id in ["5.a.1", "5.a.2", "6.a.1", "6.a.2", "7.a.1", "7.a.2"] { try check(id) } }
    func testSimoncelli() throws { for id in ["8.a.1", "8.a.2", "8.a.3"] { try check(id) } }
    func testRiesz() throws { for id in ["9.a", "9.b.1", "10.b.1"] { try check(id) } }

    /// All 36 phase 1 ids have a preset; exactly the two aligned-Riesz tests are unavailable.
    func testPresetCatalogue() throws {
        let ids = FilterPresets.all.map(\.id).filter { !$0.contains("phase2") }
        XCTAssertEqual(ids.count, 36)
        XCTAssertEqual(Set(FilterPresets.all.filter { $0.spec == nil }.map(\.id)), ["ibsi2-9.b.2", "ibsi2-10.b.2"])
        XCTAssertEqual(FilterPresets.all.filter { $0.id.contains("phase2") }.count, 18)
        let refs = try FileManager.default.contentsOfDirectory(atPath: FixturePath.path("ibsi/reference_values/ibsi2/phase1_response_maps"))
        XCTAssertEqual(refs.filter { $0.hasSuffix("-ValidCRM.nii") }.count, 33)
    }
}
