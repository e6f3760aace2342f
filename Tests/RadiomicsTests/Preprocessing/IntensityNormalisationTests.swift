import Foundation
import XCTest
@testable import Radiomics

/// `preprocess: {normalise: …}`: z-score and percentile scaling over the ROI, an Otsu body mask
/// or the image; pyradiomics' normalize/normalizeScale/removeOutliers semantics.
final class IntensityNormalisationTests: XCTestCase {
    /// 10×8×6 voxels with a ramp plus a bright block; the ROI is a 4×4×3 box.
    func fixture() -> (ImageVolume, MaskVolume) {
        let g = Geometry(size: SIMD3(10, 8, 6), spacing: SIMD3(1, 1, 2))
        var image = ImageVolume(geometry: g, repeating: 0), roi = MaskVolume(geometry: g, repeating: 0)
        for k in 0..<6 { for j in 0..<8 { for i in 0..<10 {
            image[i, j, k] = Float(10 * i + 3 * j + k) + (i > 6 ? 500 : 0)
            if (2..<6).contains(i), (2..<6).contains(j), (1..<4).contains(k) { roi[i, j, k] = 1 }
        } } }
        return (image, roi)
    }

    func values(_ image: ImageVolume, _ mask: MaskVolume) -> [Double] {
        mask.voxels.indices.compactMap { mask.voxels[$0] != 0 ? Double(image.voxels[$0]) : nil }
    }

    func testZScoreWithinTheROIGivesMeanZeroAndUnitSampleSD() throws {
        let (image, roi) = fixture()
        let out = try IntensityNormalisation(method: .zscore, region: .roi, scale: 100).apply(to: image, rois: [roi])
        let v = values(out, roi), n = Double(v.count)
        let mean = v.reduce(0, +) / n
        let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 1e-4)
        XCTAssertEqual(sd, 100, accuracy: 1e-3)
        // The transform applies to the whole image: outside voxels move with the same line.
        let a = Double(image[0, 0, 0]), b = Double(image[9, 7, 5])
        XCTAssertEqual((Double(out[9, 7, 5]) - Double(out[0, 0, 0])) / (b - a), 100 / sdOf(values(image, roi)), accuracy: 1e-5)
    }

    func sdOf(_ v: [Double]) -> Double {
        let mean = v.reduce(0, +) / Double(v.count)
        return (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1)).squareRoot()
    }

    func testZScoreClipsOutliers() throws {
        let (image, roi) = fixture()
        let out = try IntensityNormalisation(method: .zscore, region: .roi, removeOutliers: 2).apply(to: image, rois: [roi])
        XCTAssertEqual(out.voxels.max()!, 2)
        XCTAssertEqual(out.voxels.min()!, -2)
    }

    func testPercentileScalingMapsTheRegionsPercentilesToZeroAndScale() throws {
        let (image, roi) = fixture()
        let out = try IntensityNormalisation(method: .percentile, region: .image, scale: 1, percentiles: [0, 100]).apply(to: image, rois: [roi])
        XCTAssertEqual(out.voxels.min()!, 0, accuracy: 1e-6)
        XCTAssertEqual(out.voxels.max()!, 1, accuracy: 1e-6)
        // numpy.percentile([1, 2, 3, 4], 25) = 1.75 (linear).
        XCTAssertEqual(percentile([1, 2, 3, 4], 25), 1.75)
        XCTAssertEqual(percentile([1, 2, 3, 4], 99), 3.97, accuracy: 1e-12)
    }

    func testPyRadiomicsMethodIsPyRadiomicsNormalize() throws {
        let (image, roi) = fixture()
        let out = try IntensityNormalisation(method: .pyradiomics, region: .image, scale: 100, removeOutliers: 3).apply(to: image, rois: [roi])
        XCTAssertEqual(out.voxels, PyRadiomicsPreprocessing.normalize(image, scale: 100, removeOutliers: 3).voxels)
        XCTAssertThrowsError(try IntensityNormalisation(method: .pyradiomics, region: .roi).apply(to: image, rois: [roi]))
    }

    func testConstantRegionIsABadInput() {
        let g = Geometry(size: SIMD3(4, 4, 4))
        let flat = ImageVolume(geometry: g, repeating: 7), roi = MaskVolume(geometry: g, repeating: 1)
        XCTAssertThrowsError(try IntensityNormalisation(method: .zscore).apply(to: flat, rois: [roi], file: "f.nii")) { error in
            XCTAssertEqual("\(error)", "f.nii: intensity normalisation: constant intensity in the region (σ = 0)")
        }
    }

    func testConfigSectionIsReadAndValidated() throws {
        let c = try ConfigFile.parse("preprocess:\n  n4: {}\n  normalise: {method: zscore, region: body.nii.gz, scale: 100, remove_outliers: 3}\n", file: "/cfg/c.yaml")
        XCTAssertEqual(c.preprocess?.normalise, IntensityNormalisation(method: .zscore, region: .file("/cfg/body.nii.gz"), scale: 100, removeOutliers: 3))
        XCTAssertEqual(c.preprocess?.n4, ImagePreprocessing.N4Step())
        let p = try ConfigFile.parse("preprocess: {normalize: {method: pyradiomics, scale: 100}}\n", file: "c.yaml")
        XCTAssertEqual(p.preprocess?.normalise?.region, .image)
        func error(_ text: String) -> String {
            do { _ = try ConfigFile.parse(text, file: "c.yaml"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(error("preprocess:\n  normalise: {method: zscore, scaling: 2}\n"), "c.yaml:2: unknown key 'preprocess.normalise.scaling'")
        XCTAssertTrue(error("preprocess:\n  normalise: {region: roi}\n").contains("'preprocess.normalise.method' is required"))
        XCTAssertTrue(error("preprocess:\n  normalise: {method: minmax}\n").contains("c.yaml:2"))
        XCTAssertTrue(error("preprocess:\n  normalise: {method: percentile, percentiles: [99, 1]}\n").contains("is not below upper"))
        XCTAssertTrue(error("preprocess:\n  normalise: {method: zscore, percentiles: [1, 99]}\n").contains("method percentile only"))
        XCTAssertTrue(error("preprocess:\n  normalise: {method: pyradiomics, region: roi}\n").contains("whole image"))
    }

    /// Through an extraction: IBSI statistics of the ROI after a z-score within the ROI.
    func testZScoreInAnExtractionGivesROIMeanZero() throws {
        let config = try ConfigFile.parse("features: {families: [statistics]}\npreprocess:\n  normalise: {method: zscore, region: roi}\n", file: "c.yaml")
        let outcome = try CaseRunner.run(image: FixturePath.path("itk/n4/mr.nii.gz"), mask: FixturePath.path("itk/n4/head.nii.gz"),
                                         selection: .automatic, options: ReadOptions(), configuration: config, stopOnError: true)
        let f = Dictionary(uniqueKeysWithValues: outcome.rois[0].features!.map { ($0.tag, $0.value) })
        XCTAssertEqual(try XCTUnwrap(f["stat_mean"]), 0, accuracy: 1e-5)
        let n = try XCTUnwrap(f.first { $0.key.hasPrefix("stat_var") }).value
        XCTAssertEqual(n, 1, accuracy: 1e-3)   // population variance (n−1)/n of a unit sample SD, n ≈ 2·10⁴
    }
}
