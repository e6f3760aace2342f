import Foundation
import XCTest
@testable import Radiomics

/// The table writer (Sources/Radiomics/Output) against what the README promises: numbers are the
/// shortest decimal that reads back as the same Double, NaN/Inf/-Inf spelled so pandas and R read
/// them; CSV fields quoted as RFC 4180 says; JSON lines with NaN/Inf as null.
final class OutputWriterTests: XCTestCase {
    /// Significant digits of a decimal string (mantissa digits without leading zeros).
    static func significantDigits(_ s: String) -> Int {
        let mantissa = s.split(whereSeparator: { $0 == "e" || $0 == "E" })[0].filter(\.isNumber)
        let trimmed = mantissa.drop { $0 == "0" }
        let stripped = s.contains(".") || s.contains("e") ? String(trimmed.reversed().drop { $0 == "0" }.reversed()) : String(trimmed)
        return Swift.max(1, stripped.count)
    }

    /// The fewest significant digits that read back as `v`, by search (printf's %.*e).
    static func fewestDigits(_ v: Double) -> Int {
        for p in 1...17 where Double(String(format: "%.\(p - 1)e", v)) == v { return p }
        return 17
    }

    func testNumbersAreTheShortestRoundTripDecimal() {
        // A fixed seed: the same values on every run.
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state ^ (state >> 29) }
        var values: [Double] = [0.1, 1.0 / 3, 2.15, -46.88, 125256, 1e-300, 5e-324, Double.greatestFiniteMagnitude, 1e15, 1e16,
                                -0.5, 123456789012345.6, 0.000123]
        for _ in 0..<4_000 {
            let v = Double(bitPattern: next())
            if v.isFinite { values.append(v) }
            values.append(Double(Int64(bitPattern: next()) >> 20) / 1e6)
        }
        for v in values {
            let s = formatValue(v)
            XCTAssertEqual(Double(s)?.bitPattern, v == 0 ? 0 : v.bitPattern, "\(v) → \(s) does not read back")
            if v != v.rounded() || Swift.abs(v) >= 1e15 {
                XCTAssertEqual(Self.significantDigits(s), Self.fewestDigits(v), "\(v) → \(s) is not the shortest")
            }
        }
        XCTAssertEqual(formatValue(125256), "125256")
        XCTAssertEqual(formatValue(-3), "-3")
        XCTAssertEqual(formatValue(2.15), "2.15")
    }

    func testNonFiniteValuesAsPandasAndRReadThem() {
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
        XCTAssertEqual(line, "{\"image\":\"ct.nii.gz\",\"mask\":\"gtv, v2.nii.gz\",\"roi\":1,\"stat_mean\":1.5,"
                       + "\"stat_var\":null,\"stat_max\":null,\"error\":\"bad \\\"input\\\"\"}\n")
        // And it is JSON: Foundation's parser reads it back.
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(object?["stat_mean"] as? Double, 1.5)
        XCTAssertTrue(object?["stat_var"] is NSNull)
        XCTAssertEqual(object?["error"] as? String, "bad \"input\"")
    }

    func testJSONStringsEscapeWhatJSONNeeds() throws {
        for s in ["plain", "quote \" and \\ backslash", "tab\tnew\nline\r", "\u{1}\u{1f}", "ünïcödé ✓"] {
            let object = try JSONSerialization.jsonObject(with: Data(("[" + jsonString(s) + "]").utf8)) as? [String]
            XCTAssertEqual(object, [s])
        }
    }
}
