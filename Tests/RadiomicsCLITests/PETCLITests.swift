import Foundation
import Radiomics
import XCTest

/// `extract --suv …` on a synthetic PET DICOM series (Fixtures/pet, Scripts/make_pet_fixtures.py).
final class PETCLITests: XCTestCase {
    let pet = CLI.fixtures + "/pet"

    struct Expected: Decodable {
        struct Factor: Decodable { var `case`: String; var method: String; var factor: Double }
        var factors: [Factor]
        var start_datetime_roi_mean_bq_ml: Double
    }

    func mean(_ csv: String) -> Double? {
        csv.split(separator: "\n").first { $0.contains(",stat_mean,") }.flatMap { Double($0.split(separator: ",").last!) }
    }

    func testSUVBodyWeightScalesTheFeaturesAndIsRecordedInTheProvenance() throws {
        let e = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: pet + "/expected.json")))
        let factor = try XCTUnwrap(e.factors.first { $0.case == "start_datetime" && $0.method == "bw" }).factor
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("suv-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: out + ".provenance.json") }
        let image = pet + "/start_datetime", mask = pet + "/start_datetime_mask.nii.gz"
        // Default for a BQML PET series: SUVbw.
        let r = try CLI.run(["extract", image, mask, "--format", "long", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let suvMean = try XCTUnwrap(mean(try String(contentsOfFile: out, encoding: .utf8)))
        XCTAssertEqual(suvMean, e.start_datetime_roi_mean_bq_ml * factor, accuracy: 1e-5 * suvMean)
        let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".provenance.json"))) as! [String: Any]
        let suv = try XCTUnwrap(((provenance["cases"] as? [[String: Any]])?.first?["suv"]) as? [String: Any])
        XCTAssertEqual(suv["method"] as? String, "bw")
        XCTAssertEqual(try XCTUnwrap(suv["factor"] as? Double), factor, accuracy: 1e-9 * factor)
        // --suv none: Bq/mL.
        let none = try CLI.run(["extract", image, mask, "--format", "long", "--suv", "none"])
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertEqual(try XCTUnwrap(mean(none.stdout)), e.start_datetime_roi_mean_bq_ml, accuracy: 1e-6 * e.start_datetime_roi_mean_bq_ml)
    }

    func testMissingWeightNamesTheTagAndTheOverride() throws {
        let r = try CLI.run(["extract", pet + "/no_weight", pet + "/start_datetime_mask.nii.gz"])
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("PatientWeight (0010,1030) is missing; give --suv-weight KG"), r.stderr)
        let fixed = try CLI.run(["extract", pet + "/no_weight", pet + "/start_datetime_mask.nii.gz", "--suv-weight", "70"])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        let bad = try CLI.run(["extract", pet + "/no_weight", pet + "/start_datetime_mask.nii.gz", "--suv", "lean"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
    }

    func testPETMetricsAtFortyOnePercentOfSUVmax() throws {
        let e = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: pet + "/expected.json")))
        let factor = try XCTUnwrap(e.factors.first { $0.case == "start_datetime" && $0.method == "bw" }).factor
        let image = pet + "/start_datetime", mask = pet + "/start_datetime_mask.nii.gz"
        let r = try CLI.run(["extract", image, mask, "--format", "long", "--pet-threshold", "41%"])
        XCTAssertEqual(r.status, 0, r.stderr)
        var rows: [String: Double] = [:]
        for line in r.stdout.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",")
            rows[String(cells[cells.count - 2])] = Double(cells[cells.count - 1])
        }
        // Independently: the activity (Bq/mL) of the series inside the mask, times the factor.
        let activity = try ImageIO.readImage(image), roi = try ImageIO.readImage(mask)
        let inside = roi.voxels.indices.filter { roi.voxels[$0] != 0 }.map { Double(activity.voxels[$0]) * factor }
        let suvMax = inside.max()!, kept = inside.filter { $0 >= 0.41 * suvMax }
        let voxelML = activity.geometry.voxelVolume / 1000
        XCTAssertEqual(try XCTUnwrap(rows["pet_suv_max"]), suvMax, accuracy: 1e-5 * suvMax)
        XCTAssertEqual(try XCTUnwrap(rows["pet_mtv_ml"]), Double(kept.count) * voxelML, accuracy: 1e-12)
        let mean = kept.reduce(0, +) / Double(kept.count)
        XCTAssertEqual(try XCTUnwrap(rows["pet_suv_mean"]), mean, accuracy: 1e-5 * mean)
        XCTAssertEqual(try XCTUnwrap(rows["pet_tlg"]), mean * Double(kept.count) * voxelML, accuracy: 1e-5 * mean)
        XCTAssertNotNil(rows["pet_suv_peak"])
        let bad = try CLI.run(["extract", image, mask, "--pet-threshold", "41 percent"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
    }

    /// A PET cohort in `batch`: --suv and --pet-threshold for every case give extract's rows; a
    /// patient's weight or dose is refused there.
    func testBatchTakesSUVAndPETThreshold() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let image = pet + "/start_datetime", mask = pet + "/start_datetime_mask.nii.gz"
        let manifest = dir.appendingPathComponent("m.csv").path
        try "ID,Image,Mask\np1,\(image),\(mask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let b = try CLI.run(["batch", manifest, "--format", "long", "--suv", "lbm", "--pet-threshold", "41%", "-q"])
        XCTAssertEqual(b.status, 0, b.stderr)
        let e = try CLI.run(["extract", image, mask, "--format", "long", "--suv", "lbm", "--pet-threshold", "41%"])
        func values(_ text: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: text.split(separator: "\n").dropFirst().map { line in
                let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return line.hasPrefix("p1,") ? (c[4], c[5]) : (c[3], c[4])
            })
        }
        let batchValues = values(b.stdout), extractValues = values(e.stdout)
        XCTAssertNotNil(batchValues["pet_mtv_ml"])
        XCTAssertEqual(batchValues, extractValues)
        XCTAssertNotEqual(batchValues["stat_mean"], values(try CLI.run(["extract", image, mask, "--format", "long"]).stdout)["stat_mean"],
                          "--suv lbm is applied, not the default bw")
        XCTAssertEqual(try CLI.run(["batch", manifest, "--suv-weight", "70"]).status, 64)
    }
}
