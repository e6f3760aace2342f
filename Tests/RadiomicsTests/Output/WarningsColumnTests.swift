import Foundation
import XCTest
@testable import Radiomics

/// The `warnings` column (guard rails) is text, never a feature: an all-empty one would otherwise
/// read as a numeric column of NaN in `radiomics report`.
final class WarningsColumnTests: XCTestCase {
    func testReportReadsWarningsAsAKeyColumn() throws {
        let table = "id,image,mask,roi,stat_mean,error,warnings\na,i,m,1,3.5,,\nb,i,m,1,4.5,,LoG sigma 1.0 mm is below the slice spacing 4.0 mm\n"
        let data = try FeatureTableData.parse(Data(table.utf8), file: "t.csv")
        XCTAssertEqual(data.featureNames, ["stat_mean"])
        XCTAssertEqual(data.textColumns, [String]())
    }
}
