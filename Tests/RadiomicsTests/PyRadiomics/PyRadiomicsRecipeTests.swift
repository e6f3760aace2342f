import Foundation
import XCTest
@testable import Radiomics

/// The pyradiomics recipe in the shared pipeline: its columns are known before a case is read,
/// and filtering the ROI box plus each filter's reach gives the whole-image table.
final class PyRadiomicsRecipeTests: XCTestCase {
    static let root = FixturePath.path("pyradiomics")
    static let parameterFiles = ["original_bw25", "original_bw10", "label2", "force2d", "normalize", "resegment_sigma",
                                 "resegment_absolute_shape", "simple_filters", "correct_mask", "shape2d", "resampled_bspline",
                                 "log_wavelet", "lbp3d", "lbp3d_levels3"]

    /// Every case of every fixture: the features come out in the order of the columns, and a
    /// column without a value is one pyradiomics itself skips on that case (a shape2D on a thick ROI).
    func testColumnsAreTheProducedTagsInOrder() throws {
        for name in Self.parameterFiles {
            let p = try PyRadiomicsParameters.load(path: "\(Self.root)/params/\(name).yaml")
            let columns = p.columns
            for row in try PyRadiomicsAgreementTests.readCSV("\(Self.root)/expected/\(name).csv") {
                let tags = try Extractor.extract(imagePath: "\(Self.root)/\(row["Image"]!)",
                                                            maskPath: "\(Self.root)/\(row["Mask"]!)", pyradiomics: p).map(\.tag)
                XCTAssertEqual(columns.filter(Set(tags).contains), tags, "\(name)/\(row["Case"]!): order")
                let missing = Set(columns).subtracting(tags)
                XCTAssert(missing.allSatisfy { $0.hasPrefix("original_shape2D_") }, "\(name)/\(row["Case"]!): no value for \(missing.sorted())")
            }
        }
    }

    /// Crop-first filtering against the whole image, as pyradiomics filters: identical except
    /// where the recursive LoG is cut at 12σ (float32 rounding of its map).
    func testCropFirstEqualsWholeImageFiltering() throws {
        for name in ["log_wavelet", "simple_filters", "lbp3d", "resampled_bspline", "original_bw25"] {
            let p = try PyRadiomicsParameters.load(path: "\(Self.root)/params/\(name).yaml")
            for row in try PyRadiomicsAgreementTests.readCSV("\(Self.root)/expected/\(name).csv") {
                let image = "\(Self.root)/\(row["Image"]!)", mask = "\(Self.root)/\(row["Mask"]!)"
                let (img, masks) = try MaskIO.readImageAndMasks(image: image, mask: mask, selection: .label(p.settings.label),
                                                                              options: ReadOptions(), pyradiomics: p.settings)
                let cropped = try Extractor.extract(image: img, mask: masks[0].mask, imageFile: image, maskFile: mask, pyradiomics: p)
                let whole = try Extractor.extract(image: img, mask: masks[0].mask, imageFile: image, maskFile: mask,
                                                             pyradiomics: p, cropFirst: false)
                XCTAssertEqual(cropped.map(\.tag), whole.map(\.tag))
                var identical = 0, worst = 0.0
                for (c, w) in zip(cropped, whole) {
                    if c.value == w.value || (c.value.isNaN && w.value.isNaN) { identical += 1; continue }
                    let rel = Swift.abs(c.value - w.value) / Swift.max(Swift.abs(w.value), 1e-12)
                    worst = Swift.max(worst, rel)
                    XCTAssert(c.tag.hasPrefix("log-sigma-") && rel < 1e-6, "\(name)/\(row["Case"]!) \(c.tag): \(c.value) vs \(w.value)")
                }
                print("crop-first \(name)/\(row["Case"]!): \(identical)/\(whole.count) bit-identical, worst relative \(worst)")
            }
        }
    }

    /// Image types and feature classes run in parallel: the same features for 1 and 2 threads.
    func testThreadCountDoesNotChangeTheFeatures() throws {
        let p = try PyRadiomicsParameters.load(path: "\(Self.root)/params/log_wavelet.yaml")
        func run(_ threads: Int) throws -> [Feature] {
            try Parallel.$threadCountOverride.withValue(threads) {
                try Extractor.extract(imagePath: "\(Self.root)/cases/blob_irregular_image.nii.gz",
                                                 maskPath: "\(Self.root)/cases/blob_irregular_mask.nii.gz", pyradiomics: p)
            }
        }
        let one = try run(1), two = try run(2)
        XCTAssertEqual(one.map(\.tag), two.map(\.tag))
        XCTAssertEqual(one.map(\.value.bitPattern), two.map(\.value.bitPattern))
    }
}
