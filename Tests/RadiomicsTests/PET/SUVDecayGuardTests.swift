import Foundation
import XCTest
@testable import Radiomics

/// The oracle of the FuzzSUV harness: a conversion that is computed has a finite positive factor.
final class SUVDecayGuardTests: XCTestCase {
    func attributes(halfLife: String) -> PETAttributes {
        var a = PETAttributes()
        a.modality = "PT"; a.units = "BQML"; a.decayCorrection = "START"
        a.seriesDate = "20240301"; a.seriesTime = "111000"
        a.patientWeight = "72.5"
        a.radiopharmaceuticalStartTime = "091000"
        a.radionuclideTotalDose = "370000000"; a.radionuclideHalfLife = halfLife
        a.radiopharmaceuticalItems = 1
        return a
    }

    /// Two hours with a half-life of 1 ms: 2^−7.2·10⁶ underflows to 0 and the factor was Inf.
    func testADoseThatDecaysToNothingIsAnErrorNotAnInfiniteFactor() throws {
        XCTAssertThrowsError(try SUVConversion.compute([attributes(halfLife: "0.001")], options: SUVOptions(), file: "pet/")) { error in
            let e = error as! RadiomicsError
            XCTAssertEqual(e.kind, .badInput)
            XCTAssertTrue(e.description.hasPrefix("pet/: the dose decays to 0.0 Bq over 7200 s with RadionuclideHalfLife (0018,1075)"), e.description)
        }
        let f18 = try XCTUnwrap(try SUVConversion.compute([attributes(halfLife: "6586.2")], options: SUVOptions(), file: "pet/"))
        XCTAssertEqual(f18.factor, 72_500 / (370_000_000 * pow(2, -7200 / 6586.2)), accuracy: 1e-15)
    }

    /// FuzzSUV campaign finding: 2 h with a half-life of 0.8 s left a denormal dose (> 0, so the
    /// decay guard let it through) and 72,500 g divided by it overflowed to an Inf factor.
    func testADenormalDoseIsAnErrorNotAnInfiniteFactor() throws {
        XCTAssertThrowsError(try SUVConversion.compute([attributes(halfLife: "6.8")], options: SUVOptions(), file: "pet/")) { error in
            let e = error as! RadiomicsError
            XCTAssertEqual(e.kind, .badInput)
            XCTAssertTrue(e.description.contains("is not finite"), e.description)
        }
    }
}
