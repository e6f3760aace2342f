import Foundation
import XCTest
@testable import Radiomics

/// pyradiomics holds a normalised image in float64 (SimpleITK Normalize outputs double for every
/// input type), and so does the recipe (`PyRadiomicsVoxel`): on the corpus case
/// int16_normalize_binwidth5_filters (Scripts/pyradiomics_corpus.py, pyradiomics-bhklab 3.1.4)
/// two first-order values of filtered images miss pyradiomics by more than 1e-6 when the
/// normalised image is rounded to float32, and match in float64.
final class PyRadiomicsPrecisionTests: XCTestCase {
    static let dir = "\(FixturePath.path("pyradiomics-corpus"))/cases/int16_normalize_binwidth5_filters"
    static let columns = ["wavelet-HHH_firstorder_Median", "log-sigma-2-0-mm-3D_firstorder_Maximum"]

    func expected() throws -> [String: Double] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(Self.dir)/expected.json"))) as! [String: Any]
        let values = json["expected"] as! [String: Any]
        return Dictionary(uniqueKeysWithValues: Self.columns.map { ($0, values[$0] as! Double) })
    }

    static func relative(_ a: Double, _ b: Double) -> Double { Swift.abs(a - b) / Swift.abs(b) }

    func testNormalisedImageIsFloat64() throws {
        let p = try PyRadiomicsParameters.load(path: "\(Self.dir)/params.yaml")
        XCTAssertTrue(p.settings.normalize)
        let want = try expected()
        let got = try Extractor.extract(imagePath: "\(Self.dir)/image.nii.gz", maskPath: "\(Self.dir)/mask.nii.gz", pyradiomics: p)
        for c in Self.columns {
            let ours = try XCTUnwrap(got.first { $0.tag == c }?.value, c)
            XCTAssertLessThan(Self.relative(ours, want[c]!), 1e-6, "\(c): ours \(ours), pyradiomics \(want[c]!)")
        }
        // The same recipe on the normalised image rounded to float32 (the earlier handling).
        let (image, masks) = try MaskIO.readImageAndMasks(image: "\(Self.dir)/image.nii.gz", mask: "\(Self.dir)/mask.nii.gz",
                                                          selection: .label(p.settings.label), options: ReadOptions(), pyradiomics: p.settings)
        let rounded = PyRadiomicsPreprocessing.normalize(image, scale: p.settings.normalizeScale, removeOutliers: p.settings.removeOutliers)
        var single = p
        single.settings.normalize = false
        for i in single.imageTypes.indices { single.imageTypes[i].settings.normalize = false }
        let float32 = try Extractor.extract(image: rounded, mask: masks[0].mask, imageFile: nil, maskFile: nil, pyradiomics: single)
        for c in Self.columns {
            let ours = try XCTUnwrap(float32.first { $0.tag == c }?.value, c)
            XCTAssertGreaterThan(Self.relative(ours, want[c]!), 1e-6, "\(c) should move under float32 rounding")
        }
    }

    /// A float64 file is float64 in pyradiomics from the start: on the corpus case
    /// float64_nifti_filters three first-order values of wavelet bands miss by more than 1e-6
    /// when the image is read as float32 (no file to re-read it from), and match in float64.
    func testFloat64FileStaysFloat64() throws {
        let dir = "\(FixturePath.path("pyradiomics-corpus"))/cases/float64_nifti_filters"
        let columns = ["wavelet-HLH_firstorder_Median", "wavelet-HLH_firstorder_Skewness", "wavelet-LHH_firstorder_Mean"]
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/expected.json"))) as! [String: Any]
        let want = json["expected"] as! [String: Any]
        let p = try PyRadiomicsParameters.load(path: "\(dir)/params.yaml")
        let (image, masks) = try MaskIO.readImageAndMasks(image: "\(dir)/image.nii.gz", mask: "\(dir)/mask.nii.gz",
                                                          selection: .label(p.settings.label), options: ReadOptions(), pyradiomics: p.settings)
        XCTAssertNotNil(PyRadiomicsImage.float64(file: "\(dir)/image.nii.gz", matching: image))
        let float64 = try Extractor.extract(image: image, mask: masks[0].mask, imageFile: "\(dir)/image.nii.gz", maskFile: nil, pyradiomics: p)
        let float32 = try Extractor.extract(image: image, mask: masks[0].mask, imageFile: nil, maskFile: nil, pyradiomics: p)
        for c in columns {
            let w = try XCTUnwrap(want[c] as? Double, c)
            let ours = try XCTUnwrap(float64.first { $0.tag == c }?.value, c), single = try XCTUnwrap(float32.first { $0.tag == c }?.value, c)
            XCTAssertLessThan(Self.relative(ours, w), 1e-6, "\(c): ours \(ours), pyradiomics \(w)")
            XCTAssertGreaterThan(Self.relative(single, w), 1e-6, "\(c) should move under float32 rounding")
        }
        // An image that is not the file as read (here every voxel + 1) keeps its own values.
        XCTAssertNil(PyRadiomicsImage.float64(file: "\(dir)/image.nii.gz", matching: image.map { $0 + 1 }))
    }

    /// With `normalize` and no resampling only the box the extraction reads becomes float64: the
    /// same voxels as the whole normalised image's, the same diagnostics, a smaller image.
    func testNormalisedBoxIsPartOfTheWholeImage() throws {
        // The corpus image is small: its wavelet wraps to the far border, LoG reaches 12σ, Square … read it all.
        let p = try PyRadiomicsParameters.load(path: "\(Self.dir)/params.yaml")
        let (small, masks) = try MaskIO.readImageAndMasks(image: "\(Self.dir)/image.nii.gz", mask: "\(Self.dir)/mask.nii.gz",
                                                          selection: .label(p.settings.label), options: ReadOptions(), pyradiomics: p.settings)
        XCTAssertNil(Extractor.normalizedBox(p, image: small, mask: masks[0].mask, whole: nil))
        // A 64×64×40 image with a 10-voxel ROI, LoG σ 1 mm.
        let q = try PyRadiomicsParameters.parse(yaml: "imageType: {Original: {}, LoG: {sigma: [1.0]}}\nsetting: {normalize: true, normalizeScale: 100, binWidth: 5}\n")
        let g = Geometry(size: SIMD3(64, 64, 40), spacing: SIMD3(0.8, 0.8, 2))
        var image = ImageVolume(geometry: g, repeating: 0), mask = MaskVolume(geometry: g, repeating: 0)
        var state: UInt64 = 14
        for n in image.voxels.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            image.voxels[n] = Float(Int(state >> 52) - 1500)
        }
        for k in 16..<24 { for j in 28..<38 { for i in 25..<35 { mask[i, j, k] = 1 } } }
        let box = try XCTUnwrap(Extractor.normalizedBox(q, image: image, mask: mask, whole: nil))
        XCTAssertLessThan(box.size.x * box.size.y * box.size.z, g.voxelCount)
        let whole = try PyRadiomicsPreparation(image: image, mask: mask, imageFile: nil, maskFile: nil, settings: q.settings)
        let part = try PyRadiomicsPreparation(image: image, mask: mask, imageFile: nil, maskFile: nil, settings: q.settings, normalizedBox: box)
        guard case .float64(let w) = whole.image, case .float64(let c) = part.image else { return XCTFail("a normalised image is float64") }
        XCTAssertEqual(w.cropped(to: box).voxels, c.voxels)
        XCTAssertEqual(c.geometry, w.croppedGeometry(box))
        XCTAssertEqual(whole.diagnostics.map(\.value), part.diagnostics.map(\.value))
        XCTAssertEqual(whole.morphologicalMask.cropped(to: box).voxels, part.morphologicalMask.voxels)
        // And the features: filtering the crop is filtering the whole image (LoG to float32 rounding).
        let a = try Extractor.extract(image: image, mask: mask, imageFile: nil, maskFile: nil, pyradiomics: q)
        let b = try Extractor.extract(image: image, mask: mask, imageFile: nil, maskFile: nil, pyradiomics: q, cropFirst: false)
        XCTAssertEqual(a.map(\.tag), b.map(\.tag))
        for (x, y) in zip(a, b) { XCTAssertEqual(x.value, y.value, accuracy: 1e-6 * Swift.max(1, Swift.abs(y.value)), x.tag) }
    }

    /// Normalize as ITK's ShiftScale computes it, (x + (−mean))·(1/σ), not (x − mean)/σ: the two
    /// differ in the last bit for many voxels, and pyradiomics' float64 values are ITK's.
    func testNormalizeIsITKArithmetic() {
        let g = Geometry(size: SIMD3(5, 1, 1))
        let image = ImageVolume(geometry: g, voxels: [1, 2, 4, 8, 13])
        let out = PyRadiomicsPreprocessing.normalize(image, scale: 100, removeOutliers: nil, as: Double.self)
        let mean = 28.0 / 5, sigma = ((1.0 + 4 + 16 + 64 + 169 - 28.0 * 28.0 / 5) / 4).squareRoot()
        XCTAssertEqual(out.voxels, image.voxels.map { (Double($0) + -mean) * (1 / sigma) * 100 })
        XCTAssertNotEqual(out.voxels, image.voxels.map { (Double($0) - mean) / sigma * 100 }, "two of these five differ in the last bit")
    }
}
