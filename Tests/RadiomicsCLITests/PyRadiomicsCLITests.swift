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
        XCTAssertEqual(Array(ours.header.prefix(3)), ["Image", "Mask", "Label"])
        let expectedText = try String(contentsOfFile: "\(root)/expected/original_bw25.csv", encoding: .utf8)
        let want = table(expectedText)
        let wantRow = try XCTUnwrap(want.rows.first { $0[want.header.firstIndex(of: "Case")!] == "sphere" })
        // Every pyradiomics feature column, in pyradiomics' order (its text diagnostics are not produced).
        let featureColumns = want.header.filter { !$0.hasPrefix("diagnostics_") && !["Case", "Image", "Mask"].contains($0) }
        XCTAssertEqual(ours.header.filter { !$0.hasPrefix("diagnostics_") && !["Image", "Mask", "Label"].contains($0) }, featureColumns)
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

    /// `batch --config <pyradiomics params>`: every case in pyradiomics mode, rows in manifest
    /// order whatever --jobs is, the same numbers as `extract`, a failed case kept as a NaN row
    /// with its reason in the error column.
    func testBatchWithParameterFileMatchesPyRadiomics() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pybatch-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("cases.csv").path
        try """
            Image,Mask
            \(root)/cases/sphere_image.nii.gz,\(root)/cases/sphere_mask.nii.gz
            \(root)/cases/missing_image.nii.gz,\(root)/cases/sphere_mask.nii.gz
            \(root)/cases/ellipsoid_aniso_image.nii.gz,\(root)/cases/ellipsoid_aniso_mask.nii.gz

            """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let params = "\(root)/params/original_bw25.yaml"
        let one = try CLI.run(["batch", manifest, "--config", params, "--jobs", "1"])
        let three = try CLI.run(["batch", manifest, "--config", params, "--jobs", "3"])
        XCTAssertEqual(one.status, 3, one.stderr)
        XCTAssert(one.stderr.contains("1 of 3 cases failed") && one.stderr.contains("missing_image"), one.stderr)
        XCTAssertEqual(one.stdout, three.stdout)
        let ours = table(one.stdout)
        XCTAssertEqual(ours.rows.count, 3)
        XCTAssertEqual(Array(ours.header.prefix(4)), ["ID", "Image", "Mask", "Label"])
        XCTAssertEqual(ours.header.last, "error")
        XCTAssert(ours.rows[1].dropFirst(4).dropLast().allSatisfy { $0 == "NaN" }, "the failed case keeps a NaN row")
        XCTAssert(ours.rows[1].last!.contains("missing_image"), ours.rows[1].last!)
        XCTAssertEqual(ours.rows[0].last, "")
        let want = table(try String(contentsOfFile: "\(root)/expected/original_bw25.csv", encoding: .utf8))
        for (row, name) in [(0, "sphere"), (2, "ellipsoid_aniso")] {
            let wantRow = try XCTUnwrap(want.rows.first { $0[want.header.firstIndex(of: "Case")!] == name })
            for c in ["original_firstorder_Mean", "original_glcm_Contrast", "original_glszm_ZoneEntropy", "original_shape_MeshVolume"] {
                let g = try XCTUnwrap(Double(ours.rows[row][ours.header.firstIndex(of: c)!]), c)
                let w = try XCTUnwrap(Double(wantRow[want.header.firstIndex(of: c)!]), c)
                XCTAssertEqual(g, w, accuracy: (c.contains("_shape_") ? 1e-3 : 1e-6) * Swift.abs(w), "\(name) \(c)")
            }
        }
    }

    /// Regression (issue 14): a pyradiomics-mode batch's columns come from the settings, not from
    /// its first case. A case whose shape2D pyradiomics skips (force2Ddimension 0 and a ROI one
    /// voxel wide in x) first, then a single-slice case: the second keeps its shape2D values, and
    /// the header is the same in either order.
    func testBatchColumnsDoNotDependOnTheFirstCase() throws {
        let corpus = CLI.fixtures + "/pyradiomics-corpus/cases"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pybatch2d-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let skipped = "\(corpus)/force2d_dim2/image.nii.gz,\(corpus)/force2d_dim2/mask.nii.gz"
        let slice = "\(corpus)/force2d_dim0_shape2d/image.nii.gz,\(corpus)/force2d_dim0_shape2d/mask.nii.gz"
        let params = "\(corpus)/force2d_dim0_shape2d/params.yaml"
        var tables: [(header: [String], rows: [[String]])] = []
        for (n, lines) in [[skipped, slice], [slice, skipped]].enumerated() {
            let manifest = dir.appendingPathComponent("cases\(n).csv").path
            try (["Image,Mask"] + lines).joined(separator: "\n").appending("\n").write(toFile: manifest, atomically: true, encoding: .utf8)
            let r = try CLI.run(["batch", manifest, "--config", params, "--jobs", "1"])
            XCTAssertEqual(r.status, 0, r.stderr)
            tables.append(table(r.stdout))
        }
        XCTAssertEqual(tables[0].header, tables[1].header)
        let shape2D = tables[0].header.filter { $0.hasPrefix("original_shape2D_") }
        XCTAssertEqual(shape2D.count, 9)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(corpus)/force2d_dim0_shape2d/expected.json"))) as! [String: Any]
        let want = json["expected"] as! [String: Double]
        for (t, sliceRow, skippedRow) in [(tables[0], 1, 0), (tables[1], 0, 1)] {
            for c in shape2D {
                let i = t.header.firstIndex(of: c)!
                XCTAssertEqual(t.rows[skippedRow][i], "NaN", "\(c): pyradiomics skips shape2D for this ROI")
                let g = try XCTUnwrap(Double(t.rows[sliceRow][i]), c)
                XCTAssertEqual(g, want[c]!, accuracy: 1e-9 * Swift.max(1, Swift.abs(want[c]!)), c)
            }
        }
    }
}
