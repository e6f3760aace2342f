import XCTest
@testable import Radiomics
import Foundation

/// Paths of the committed fixtures, found relative to this source file.
enum FixturePath {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures").path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static let ctImage = path("ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz")
    static let ctMask = path("ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz")
    static let ctDICOM = path("ibsi/ibsi1/ct_phantom/dicom/image")
    static let ctRTSTRUCT = path("ibsi/ibsi1/ct_phantom/dicom/mask/DCM_RS_00060.dcm")
    static let digitalImage = path("ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz")
    static let digitalMask = path("ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz")
}

/// IBSI mode through the user's path (`radiomics extract IMAGE MASK --config F`): a YAML config
/// parsed as a file is, then `CaseRunner`, one ROI.
enum IBSIMode {
    static func features(config yaml: String, image: String, mask: String, label: Int = 1) throws -> [String: Double] {
        let configuration = try ConfigFile.parse(yaml, file: "test.yaml")
        let outcome = try CaseRunner.run(image: image, mask: mask, selection: .label(label), options: ReadOptions(),
                                         configuration: configuration, stopOnError: true)
        guard outcome.rois.count == 1, let features = outcome.rois[0].features else {
            throw RadiomicsError.usage("expected one ROI, got \(outcome.rois.count)")
        }
        return Dictionary(features.map { ($0.tag, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// pyradiomics' first bin edge for a bin width (`getBinEdges`: minimum − (minimum mod w), with
    /// Python's floored modulo): the fixed-bin-size lower bound that gives pyradiomics' binning.
    static func pyradiomicsFirstEdge(minimum: Double, binWidth w: Double) -> Double {
        var r = minimum.truncatingRemainder(dividingBy: w)
        if r != 0 && (r < 0) != (w < 0) { r += w }
        return minimum - r
    }
}

/// Largest relative error over compared pairs, with the worst pair's name; a pair whose
/// difference is below `floor` in absolute value counts as 0.
struct Agreement {
    var worst = 0.0, worstTag = "", count = 0
    mutating func add(_ tag: String, ours: Double, reference: Double, floor: Double = 1e-300) {
        count += 1
        let d = Swift.abs(ours - reference)
        let rel = d <= floor ? 0 : d / Swift.max(Swift.abs(reference), 1e-300)
        if !(rel <= worst) { worst = rel.isNaN ? .infinity : rel; worstTag = tag }
    }
}

/// Runs `body`, expecting a `RadiomicsError` of `kind` whose one-line message starts with
/// `file` and contains every string of `contains`.
func assertRadiomicsError(_ kind: RadiomicsError.Kind, _ file: String, _ contains: [String],
                          line: UInt = #line, _ body: () throws -> Void) {
    XCTAssertThrowsError(try body(), line: line) { error in
        guard let e = error as? RadiomicsError else { return XCTFail("not a RadiomicsError: \(error)", line: line) }
        XCTAssertEqual(e.kind, kind, "\(e)", line: line)
        XCTAssertTrue(e.description.hasPrefix(file), "message must start with \(file): \(e)", line: line)
        XCTAssertFalse(e.description.contains("\n"), "one line: \(e)", line: line)
        for c in contains { XCTAssertTrue(e.description.contains(c), "'\(c)' missing from: \(e)", line: line) }
    }
}
