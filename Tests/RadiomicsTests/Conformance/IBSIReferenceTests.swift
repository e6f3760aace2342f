import XCTest
@testable import Radiomics

final class IBSIReferenceTests: XCTestCase {
    func testMatchRuleTruncatesAtThirdSignificantDigit() {
        // reference 0.0326 ± 0.0002: d truncated at 4 decimals.
        XCTAssertEqual(IBSIReference.compare(0.03279, reference: 0.0326, tolerance: 0.0002), .match)
        XCTAssertEqual(IBSIReference.compare(0.0331, reference: 0.0326, tolerance: 0.0002), .partial)
        XCTAssertEqual(IBSIReference.compare(0.04, reference: 0.0326, tolerance: 0.0002), .noMatch)
        // tolerance 0: agree to 3 significant digits (truncation of the difference, not rounding).
        XCTAssertEqual(IBSIReference.compare(-46.88, reference: -46.9, tolerance: 0), .match)
        XCTAssertEqual(IBSIReference.compare(-47.0, reference: -46.9, tolerance: 0), .noMatch)
        XCTAssertEqual(IBSIReference.compare(125256, reference: 125256, tolerance: 0), .match)
        XCTAssertEqual(IBSIReference.compare(0.4, reference: 0, tolerance: 0), .match)
        XCTAssertEqual(IBSIReference.compare(1.2, reference: 0, tolerance: 0), .noMatch)
        XCTAssertEqual(IBSIReference.compare(.nan, reference: 1, tolerance: 1), .noMatch)
    }

    func testLoadsEveryReferenceTable() throws {
        let counts = ["ibsi1_digital_phantom.csv": 487, "ibsi1_config_A.csv": 411, "ibsi1_config_B.csv": 411,
                      "ibsi1_config_C.csv": 275, "ibsi1_config_D.csv": 275, "ibsi1_config_E.csv": 275]
        for (name, rows) in counts {
            let table = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/" + name))
            XCTAssertEqual(table.count, rows, name)
            XCTAssertEqual(table.filter { $0.value == nil }.count, 5, name)
        }
    }

    func testPhase2TableAndItsPlainToleranceRule() throws {
        let rows = try IBSIReference.loadPhase2(FixturePath.path(IBSICheck.phase2Reference))
        XCTAssertEqual(rows.count, 324)
        XCTAssertEqual(rows.filter { $0.value != nil && $0.tolerance != nil }.count, 323)
        XCTAssertEqual(Set(rows.map(\.family)).count, 18)
        XCTAssertEqual(rows.first { $0.family == "8.B" && $0.tag == "stat_qcod" }?.value, nil, "8.B qcod has no consensus value")
        let mean1A = try XCTUnwrap(rows.first { $0.family == "1.A" && $0.tag == "stat_mean" })
        XCTAssertEqual(mean1A.value, -47)
        XCTAssertEqual(mean1A.tolerance, 4.6)
        // |value − reference| ≤ tolerance, no truncation: −42.4 is inside, −42.3 outside.
        XCTAssertEqual(IBSIReference.compare(-42.4, reference: -47, tolerance: 4.6, rule: .absolute), .match)
        XCTAssertEqual(IBSIReference.compare(-42.3, reference: -47, tolerance: 4.6, rule: .absolute), .partial)
        XCTAssertEqual(IBSIReference.compare(-30, reference: -47, tolerance: 4.6, rule: .absolute), .noMatch)
        XCTAssertEqual(IBSIReference.compare(.infinity, reference: -47, tolerance: 4.6, rule: .absolute), .noMatch)
        // The IBSI 1 rule truncates the difference at the 3rd significant digit: 0.0329 vs 0.0326 ± 0.0002 is partial
        // by both rules, 0.03279 a match by IBSI 1's and outside by the plain one.
        XCTAssertEqual(IBSIReference.compare(0.03281, reference: 0.0326, tolerance: 0.0002, rule: .ibsi1), .match)
        XCTAssertEqual(IBSIReference.compare(0.03281, reference: 0.0326, tolerance: 0.0002, rule: .absolute), .partial)
    }

    func testPhase2RejectsAnotherTable() {
        XCTAssertThrowsError(try IBSIReference.loadPhase2(FixturePath.path("ibsi/reference_values/ibsi1/ibsi1_config_A.csv")))
    }
}
