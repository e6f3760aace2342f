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
                      "ibsi1_config_C.csv": 275, "ibsi1_config_D.csv": 275]
        for (name, rows) in counts {
            let table = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/" + name))
            XCTAssertEqual(table.count, rows, name)
            XCTAssertEqual(table.filter { $0.value == nil }.count, 5, name)
        }
    }
}
