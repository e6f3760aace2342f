import Foundation
import XCTest
@testable import Radiomics

/// SUV factors of the synthetic PET series (Scripts/make_pet_fixtures.py) against the factors
/// the script computed independently (Fixtures/pet/expected.json), and the error cases.
final class SUVTests: XCTestCase {
    struct Options: Decodable { var weightKg: Double?; var doseMBq: Double? }
    struct Factor: Decodable { var `case`: String; var method: String; var factor: Double; var options: Options }
    struct Failure: Decodable { var `case`: String; var method: String; var contains: String; var options: Options }
    struct Expected: Decodable { var factors: [Factor]; var errors: [Failure] }

    func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: FixturePath.path("pet/expected.json"))))
    }

    func series(_ name: String) -> String { FixturePath.path("pet/\(name)") }

    func testEveryBranchGivesTheIndependentlyComputedFactor() throws {
        let e = try expected()
        XCTAssertGreaterThanOrEqual(e.factors.count, 12)
        for f in e.factors {
            let options = SUVOptions(method: SUVMethod(rawValue: f.method)!, weightKg: f.options.weightKg, doseMBq: f.options.doseMBq)
            let slices = try XCTUnwrap(try PETAttributes.series(at: series(f.case), series: nil))
            XCTAssertEqual(slices.count, 4)
            let conversion = try XCTUnwrap(try SUVConversion.compute(slices, options: options, file: series(f.case)), f.case)
            XCTAssertEqual(conversion.factor, f.factor, accuracy: 1e-9 * f.factor, "\(f.case) \(f.method)")
            XCTAssertEqual(conversion.method.rawValue, f.method)
            XCTAssertEqual(conversion.units, f.method == "bsa" ? "cm2/ml" : "g/ml")
        }
    }

    func testMissingOrContradictoryAttributesAreErrorsNamingTheTag() throws {
        let e = try expected()
        XCTAssertGreaterThanOrEqual(e.errors.count, 8)
        for f in e.errors {
            let options = SUVOptions(method: SUVMethod(rawValue: f.method)!, weightKg: f.options.weightKg, doseMBq: f.options.doseMBq)
            let path = series(f.case)
            XCTAssertThrowsError(try SUVConversion.resolve(imagePath: path, series: nil, options: options), f.case) { error in
                let e = error as! RadiomicsError
                XCTAssertEqual(e.exitCode, 65, "\(f.case): \(e)")
                XCTAssertEqual(e.file, path)
                XCTAssertTrue(e.message.contains(f.contains), "\(f.case): \(e.message)")
                XCTAssertFalse(e.message.contains("\n"))
            }
        }
    }

    func testProvenanceNamesWhereEachInputCameFrom() throws {
        let slices = try XCTUnwrap(try PETAttributes.series(at: series("post_processed"), series: nil))
        let c = try XCTUnwrap(try SUVConversion.compute(slices, options: SUVOptions(method: .bw), file: "x"))
        let sources = Dictionary(uniqueKeysWithValues: c.inputs.map { ($0.name, $0.source) })
        XCTAssertEqual(sources["weight_kg"], "PatientWeight (0010,1030)")
        XCTAssertEqual(sources["dose_bq"], "RadionuclideTotalDose (0018,1074)")
        XCTAssertEqual(sources["injection"], "RadiopharmaceuticalStartDateTime (0018,1078)")
        XCTAssertTrue(sources["reference"]!.hasPrefix("earliest AcquisitionDate/AcquisitionTime"))
        XCTAssertEqual(c.inputs.first { $0.name == "decay_time_s" }?.value, "3300.0")
        let overridden = try XCTUnwrap(try SUVConversion.compute(slices, options: SUVOptions(method: .bw, weightKg: 80, doseMBq: 300), file: "x"))
        let o = Dictionary(uniqueKeysWithValues: overridden.inputs.map { ($0.name, $0.source) })
        XCTAssertEqual(o["weight_kg"], "--suv-weight")
        XCTAssertEqual(o["dose_bq"], "--suv-dose")
    }

    func testDefaultIsBodyWeightForBQMLAndNoneOtherwise() throws {
        XCTAssertEqual(try SUVConversion.resolve(imagePath: series("start_datetime"), series: nil, options: SUVOptions())?.method, .bw)
        XCTAssertNil(try SUVConversion.resolve(imagePath: series("philips_cnts"), series: nil, options: SUVOptions()))
        XCTAssertNil(try SUVConversion.resolve(imagePath: series("ct"), series: nil, options: SUVOptions()))
        XCTAssertNil(try SUVConversion.resolve(imagePath: series("start_datetime"), series: nil, options: SUVOptions(method: SUVMethod.none)))
        XCTAssertNil(try SUVConversion.resolve(imagePath: FixturePath.digitalImage, series: nil, options: SUVOptions()))
        XCTAssertThrowsError(try SUVConversion.resolve(imagePath: FixturePath.digitalImage, series: nil, options: SUVOptions(method: .bw))) { error in
            XCTAssertTrue("\(error)".contains("--suv bw needs a PET DICOM series"), "\(error)")
        }
        XCTAssertThrowsError(try SUVConversion.resolve(imagePath: series("start_datetime"), series: nil, options: SUVOptions(method: .bw, weightKg: -1))) { error in
            XCTAssertEqual((error as! RadiomicsError).exitCode, 64)
        }
    }

    func testDICOMDatesAndTimes() {
        XCTAssertEqual(DICOMTime.seconds(date: "19700102", time: "000001.5"), 86_401.5)
        XCTAssertEqual(DICOMTime.seconds(date: "20260301", time: "10:15:00"), DICOMTime.seconds(date: "20260301", time: "101500"))
        XCTAssertEqual(DICOMTime.seconds(dateTime: "20260301101500.25+0100"), DICOMTime.seconds(date: "20260301", time: "101500.25"))
        XCTAssertEqual(DICOMTime.seconds(dateTime: "20260302"), DICOMTime.seconds(date: "20260301", time: "000000")! + 86_400)
        XCTAssertNil(DICOMTime.seconds(date: "2026031", time: "101500"))
        XCTAssertNil(DICOMTime.seconds(date: "20260301", time: "251500"))
        XCTAssertNil(DICOMTime.seconds(date: "20261301", time: "101500"))
    }

    func testLeanBodyMassAndBodySurfaceAreaFormulas() {
        // Janmahasatian: 9270·W / (6680 + 216·BMI) (men), (8780 + 244·BMI) (women).
        XCTAssertEqual(SUVConversion.leanBodyMass(weightKg: 80, heightM: 2, male: true), 9270 * 80 / (6680 + 216 * 20.0), accuracy: 1e-12)
        XCTAssertEqual(SUVConversion.leanBodyMass(weightKg: 80, heightM: 2, male: false), 9270 * 80 / (8780 + 244 * 20.0), accuracy: 1e-12)
        // Du Bois: 0.007184 · W^0.425 · H(cm)^0.725; 70 kg, 1.75 m: 0.007184 · 6.0836 · 42.289 ≈ 1.848 m².
        XCTAssertEqual(SUVConversion.bodySurfaceArea(weightKg: 70, heightM: 1.75), 1.848, accuracy: 1e-3)
    }
}
