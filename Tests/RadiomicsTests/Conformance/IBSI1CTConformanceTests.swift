import Foundation
import XCTest
@testable import Radiomics

/// Every toleranced row of every family (diagnostics, morphology, intensity, texture) for the
/// IBSI CT phantom, configurations A–E, through the path `radiomics extract` runs, read both as the NIfTI pair and as the DICOM series +
/// RTSTRUCT (`GTV-1`). Fails on any miss, printing matched/total per family.
final class IBSI1CTConformanceTests: XCTestCase {
    enum Source: String { case nifti = "NIfTI", dicom = "DICOM + RTSTRUCT" }

    /// Runs `radiomics extract IMAGE MASK --preset ibsi1-config-x` as the CLI does (CaseRunner).
    private func check(_ configuration: String, from source: Source) throws {
        let run = try RunConfiguration.preset("ibsi1-config-\(configuration.lowercased())")
        let outcome = switch source {
        case .nifti:
            try CaseRunner.run(image: FixturePath.ctImage, mask: FixturePath.ctMask, selection: .automatic, options: ReadOptions(),
                               configuration: run, stopOnError: true)
        case .dicom:
            try CaseRunner.run(image: FixturePath.ctDICOM, mask: FixturePath.ctRTSTRUCT, selection: .roi("GTV-1"), options: ReadOptions(),
                               configuration: run, stopOnError: true)
        }
        XCTAssertEqual(outcome.rois.map(\.roi), [source == .nifti ? "1" : "GTV-1"])
        let features = try XCTUnwrap(outcome.rois.first?.features)
        let rows = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/ibsi1_config_\(configuration).csv"))
        let report = IBSIConformanceReport.evaluate(features, against: rows)
        print("== configuration \(configuration) from \(source.rawValue): \(report.matched)/\(report.total)")
        print(report.summary)
        for miss in report.misses { print("  MISS \(miss)") }
        XCTAssertEqual(report.total, ["A": 406, "B": 406, "C": 270, "D": 270, "E": 270][configuration], "every toleranced row is compared")
        XCTAssertTrue(report.passed, "configuration \(configuration) from \(source.rawValue): \(report.misses.count) rows missed")
    }

    func testConfigurationAFromNIfTI() throws { try check("A", from: .nifti) }
    func testConfigurationBFromNIfTI() throws { try check("B", from: .nifti) }
    func testConfigurationCFromNIfTI() throws { try check("C", from: .nifti) }
    func testConfigurationDFromNIfTI() throws { try check("D", from: .nifti) }
    func testConfigurationEFromNIfTI() throws { try check("E", from: .nifti) }
    func testConfigurationAFromDICOM() throws { try check("A", from: .dicom) }
    func testConfigurationBFromDICOM() throws { try check("B", from: .dicom) }
    func testConfigurationCFromDICOM() throws { try check("C", from: .dicom) }
    func testConfigurationDFromDICOM() throws { try check("D", from: .dicom) }
    func testConfigurationEFromDICOM() throws { try check("E", from: .dicom) }

    /// The column set the CLI promises (catalogue) is exactly what the families produce.
    func testCatalogueListsExactlyTheProducedTags() throws {
        let settings = try XCTUnwrap(Presets.named("ibsi1-digital-phantom")).settings
        let image = try NIfTIReader.read(FixturePath.digitalImage)
        let mask = try MaskIO.readMasks(FixturePath.digitalMask, image: image.geometry, selection: .automatic)[0].mask
        let produced = try Extractor.extract(image: image, mask: mask, settings: settings).map(\.tag)
        XCTAssertEqual(Set(produced).count, produced.count, "no tag is produced twice")
        let promised = FeatureCatalogue.tags(for: settings)
        XCTAssertEqual(Set(produced).subtracting(promised).sorted(), [], "produced but not in the catalogue")
        XCTAssertEqual(Set(promised).subtracting(produced).sorted(), [], "in the catalogue but not produced")
    }
}
