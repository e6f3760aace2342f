import Foundation
import XCTest
@testable import Radiomics

/// The table writer (Sources/Radiomics/Output) against what the README promises: numbers are the
/// shortest decimal that reads back as the same Double, NaN/Inf/-Inf spelled so pandas and R read
/// them; CSV fields quoted as RFC 4180 says; JSON lines with NaN/Inf as null.
final class OutputWriterTests: XCTestCase {
    func testNumbersAreTheShortestRoundTripDecimal() {
        // Written by hand: the shortest decimal strings of these Doubles.
        let cases: [(Double, String)] = [
            (0.1, "0.1"), (1.0 / 3, "0.3333333333333333"), (-46.88, "-46.88"), (125256, "125256"), (-3, "-3"),
            (2.5e-8, "2.5e-08"), (123456.789, "123456.789"), (0.30000000000000004, "0.30000000000000004"),
        ]
        for (v, text) in cases {
            XCTAssertEqual(Double(formatValue(v)), v, "\(text) must read back as the same Double")
            XCTAssertLessThanOrEqual(formatValue(v).filter(\.isNumber).count, text.filter(\.isNumber).count + 1, "\(v): not the shortest")
        }
        XCTAssertEqual(formatValue(0.1), "0.1")
        XCTAssertEqual(formatValue(1.0 / 3), "0.3333333333333333")
        XCTAssertEqual(formatValue(125256), "125256")
        XCTAssertEqual(formatValue(-46.88), "-46.88")
        // Every Double, not just tidy ones, reads back bit for bit.
        var state: UInt64 = 0x1234_5678_9ABC_DEF0
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let v = Double(bitPattern: state)
            guard v.isFinite else { continue }
            XCTAssertEqual(Double(formatValue(v))?.bitPattern, v.bitPattern, "\(v)")
        }
        XCTAssertEqual(formatValue(.nan), "NaN")
        XCTAssertEqual(formatValue(.infinity), "Inf")
        XCTAssertEqual(formatValue(-.infinity), "-Inf")
    }

    func testCSVFieldsAreQuotedAsRFC4180() {
        XCTAssertEqual(csvField("plain"), "plain")
        XCTAssertEqual(csvField("a,b"), "\"a,b\"")
        XCTAssertEqual(csvField("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(csvField("two\nlines"), "\"two\nlines\"")
    }

    func testWideLongAndJSONLinesRows() {
        let features = [Feature("stat_mean", 1.5), Feature("stat_var", .nan), Feature("stat_max", .infinity)]
        let columns = ["stat_mean", "stat_var", "stat_max"]
        let keys = ["ct.nii.gz", "gtv, v2.nii.gz", "1"]
        let names = ["image", "mask", "roi"]
        let wide = TableLayout(keyNames: names, columns: columns, format: .wide, errorColumn: false)
        XCTAssertEqual(wide.header, "image,mask,roi,stat_mean,stat_var,stat_max\n")
        XCTAssertEqual(wide.render(keys: keys, features: features, error: nil).text, "ct.nii.gz,\"gtv, v2.nii.gz\",1,1.5,NaN,Inf\n")
        let long = TableLayout(keyNames: names, columns: columns, format: .long, errorColumn: false)
        XCTAssertEqual(long.header, "image,mask,roi,feature,value\n")
        XCTAssertEqual(long.render(keys: keys, features: features, error: nil).text,
                       "ct.nii.gz,\"gtv, v2.nii.gz\",1,stat_mean,1.5\nct.nii.gz,\"gtv, v2.nii.gz\",1,stat_var,NaN\n"
                       + "ct.nii.gz,\"gtv, v2.nii.gz\",1,stat_max,Inf\n")
        let jsonl = TableLayout(keyNames: names, columns: columns, format: .jsonl, errorColumn: true)
        XCTAssertEqual(jsonl.header, "")
        let line = jsonl.render(keys: keys, features: features, error: "bad \"input\"").text
        XCTAssertEqual(line, "{\"image\":\"ct.nii.gz\",\"mask\":\"gtv, v2.nii.gz\",\"roi\":\"1\",\"stat_mean\":1.5,"
                       + "\"stat_var\":null,\"stat_max\":null,\"error\":\"bad \\\"input\\\"\"}\n")
        // And it is JSON: Foundation's parser reads it back.
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(object?["stat_mean"] as? Double, 1.5)
        XCTAssertTrue(object?["stat_var"] is NSNull)
        XCTAssertEqual(object?["error"] as? String, "bad \"input\"")
    }
}
