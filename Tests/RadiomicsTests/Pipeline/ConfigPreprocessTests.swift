import Foundation
import XCTest
@testable import Radiomics

/// The config's `preprocess:` section: parsing and validation, and N4 as a step of an
/// extraction (against features of SimpleITK's N4 output).
final class ConfigPreprocessTests: XCTestCase {
    func parse(_ text: String, file: String = "/cfg/c.yaml") throws -> RunConfiguration { try ConfigFile.parse(text, file: file) }

    func error(_ text: String) -> String {
        do { _ = try parse(text); return "no error" } catch { return "\(error)" }
    }

    func testN4SectionIsRead() throws {
        let c = try parse("preprocess:\n  n4: {shrink: 2, iterations: [40, 30], mask: otsu}\n")
        XCTAssertEqual(c.preprocess?.n4, .init(settings: N4Settings(shrink: 2, iterations: [40, 30]), mask: .otsu))
        XCTAssertEqual(try parse("preprocess: {n4: {}}\n").preprocess?.n4, .init(settings: .standard, mask: .roi))
        XCTAssertEqual(try parse("preprocess: {n4: {mask: brain.nii.gz}}\n").preprocess?.n4?.mask, .file("/cfg/brain.nii.gz"))
        XCTAssertEqual(try parse("preprocess: {n4: {mask: /data/b.nii}}\n").preprocess?.n4?.mask, .file("/data/b.nii"))
        XCTAssertNil(try parse("preprocess: none\n").preprocess)
        XCTAssertNil(try parse("interpolation: none\n").preprocess)
    }

    func testN4SectionIsValidatedWithLineAndKey() {
        XCTAssertEqual(error("preprocess:\n  n4: {shrinkage: 2}\n"), "/cfg/c.yaml:2: unknown key 'preprocess.n4.shrinkage'")
        XCTAssertEqual(error("preprocess:\n  bias: {}\n"), "/cfg/c.yaml:2: unknown key 'preprocess.bias'")
        XCTAssertTrue(error("preprocess:\n  n4: {shrink: 0}\n").hasPrefix("/cfg/c.yaml:2:"))
        XCTAssertTrue(error("preprocess:\n  n4: {iterations: []}\n").contains("1 to 8 iteration counts"))
        XCTAssertTrue(error("preprocess:\n  n4: {iterations: [50, 0]}\n").contains("preprocess.n4.iterations"))
        XCTAssertTrue(error("preprocess:\n  n4: {mask: ''}\n").contains("roi, otsu or a mask file"))
    }

    /// N4 fitted inside the ROI, then statistics: the same as the statistics of SimpleITK's N4
    /// of the image (same parameters), and not those of the uncorrected image.
    func testN4StepCorrectsTheImageBeforeExtraction() throws {
        let image = FixturePath.path("itk/n4/mr.nii.gz"), head = FixturePath.path("itk/n4/head.nii.gz")
        let text = "features: {families: [statistics]}\npreprocess:\n  n4: {shrink: 2, iterations: [50, 50, 30, 20], mask: roi}\n"
        let config = try parse(text)
        func stats(_ path: String, _ c: RunConfiguration) throws -> [String: Double] {
            let outcome = try CaseRunner.run(image: path, mask: head, selection: .automatic, options: ReadOptions(), configuration: c, stopOnError: true)
            return Dictionary(uniqueKeysWithValues: outcome.rois[0].features!.map { ($0.tag, $0.value) })
        }
        let ours = try stats(image, config)
        var plain = config
        plain.preprocess = nil
        let simpleITK = try stats(FixturePath.path("itk/n4/mr_n4_mask_shrink2.nii.gz"), plain)
        let uncorrected = try stats(image, plain)
        for tag in ["stat_mean", "stat_var", "stat_median", "stat_p90"] {
            let a = try XCTUnwrap(ours[tag]), b = try XCTUnwrap(simpleITK[tag]), u = try XCTUnwrap(uncorrected[tag])
            XCTAssertEqual(a, b, accuracy: 1e-4 * abs(b), tag)
            XCTAssertGreaterThan(abs(u - b), 1e-2 * abs(b), tag)
        }
    }
}
