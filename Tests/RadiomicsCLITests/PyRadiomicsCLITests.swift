import Foundation
import XCTest

/// `radiomics extract --config <pyradiomics params>` against pyradiomics-bhklab 3.1.4's own CSV.
final class PyRadiomicsCLITests: XCTestCase {
    let root = CLI.fixtures + "/pyradiomics"

    /// Header and rows of a CSV (quoted fields may hold commas, as pyradiomics' diagnostics do).
    func table(_ text: String) -> (header: [String], rows: [[String]]) {
        var rows: [[String]] = [], field = "", row: [String] = [], quoted = false
        for c in text {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return (rows[0], Array(rows.dropFirst()))
    }

    func testParameterFileGivesPyRadiomicsColumnsAndValues() throws {
        let r = try CLI.run(["extract", "\(root)/cases/sphere_image.nii.gz", "\(root)/cases/sphere_mask.nii.gz",
                             "--config", "\(root)/params/original_bw25.yaml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let ours = table(r.stdout)
        XCTAssertEqual(ours.rows.count, 1)
        XCTAssertEqual(Array(ours.header.prefix(2)), ["Image", "Mask"])
        let expectedText = try String(contentsOfFile: "\(root)/expected/original_bw25.csv", encoding: .utf8)
        let want = table(expectedText)
        let wantRow = try XCTUnwrap(want.rows.first { $0[want.header.firstIndex(of: "Case")!] == "sphere" })
        // Every pyradiomics feature column, in pyradiomics' order (its text diagnostics are not produced).
        let featureColumns = want.header.filter { !$0.hasPrefix("diagnostics_") && !["Case", "Image", "Mask"].contains($0) }
        XCTAssertEqual(ours.header.filter { !$0.hasPrefix("diagnostics_") && !["Image", "Mask"].contains($0) }, featureColumns)
        XCTAssertEqual(featureColumns.count, 14 + 18 + 24 + 16 + 16 + 5 + 14)
        for c in featureColumns {
            let g = try XCTUnwrap(Double(ours.rows[0][ours.header.firstIndex(of: c)!]), c)
            let w = try XCTUnwrap(Double(wantRow[want.header.firstIndex(of: c)!]), c)
            let tol = c.contains("_shape_") ? 1e-3 : 1e-6
            XCTAssert(Swift.abs(g - w) <= tol * Swift.max(Swift.abs(w), 1e-12) || Swift.abs(g - w) < 1e-12, "\(c): ours \(g), pyradiomics \(w)")
        }
    }

    func testFlavourConflictsAreUsageErrors() throws {
        let r = try CLI.run(["extract", "\(root)/cases/sphere_image.nii.gz", "\(root)/cases/sphere_mask.nii.gz",
                             "--config", "\(root)/params/original_bw25.yaml", "--flavour", "ibsi"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssert(r.stderr.contains("pyradiomics parameter file"), r.stderr)
    }
}
