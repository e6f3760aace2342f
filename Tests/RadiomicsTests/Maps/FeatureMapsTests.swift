import Foundation
@testable import Radiomics
import XCTest

/// Voxel-wise maps: each ROI voxel's value is a normal extraction on its kernel ROI (both
/// recipes), pyradiomics' voxel-based maps agree (fixtures), thread-count independence.
final class FeatureMapsTests: XCTestCase {
    /// A 9×8×6 grid (0.8 × 0.9 × 2 mm) with integer intensities; ROI: a box of 6×5×4 voxels
    /// with one corner voxel removed, so masked kernels differ from unmasked ones.
    static func synthetic(_ value: (Int, Int, Int) -> Float) -> (ImageVolume, MaskVolume) {
        let g = Geometry(size: SIMD3(9, 8, 6), spacing: SIMD3(0.8, 0.9, 2))
        var image = ImageVolume(geometry: g, repeating: 0), mask = MaskVolume(geometry: g, repeating: 0)
        for k in 0..<6 { for j in 0..<8 { for i in 0..<9 {
            let n = image.linearIndex(i, j, k)
            image.voxels[n] = value(i, j, k)
            if (1...6).contains(i) && (2...6).contains(j) && (1...4).contains(k) && !(i == 1 && j == 2 && k == 1) { mask.voxels[n] = 1 }
        } } }
        return (image, mask)
    }

    /// Deterministic pseudo-random integers 0..<m.
    static func noise(_ i: Int, _ j: Int, _ k: Int, _ m: Int) -> Int { (i * 7919 + j * 104_729 + k * 1_299_709 + (i * j * k) * 31) % m }

    /// The kernel ROI of voxel n on the whole grid (what a user would pass to extract).
    static func kernelMask(_ n: Int, _ mask: MaskVolume, radius: SIMD3<Int>, masked: Bool) -> MaskVolume {
        let box = FeatureMaps.kernelBox(at: n, size: mask.size, radius: radius)
        var out = MaskVolume(geometry: mask.geometry, repeating: 0)
        for k in box.lower.z...box.upper.z { for j in box.lower.y...box.upper.y { for i in box.lower.x...box.upper.x {
            let m = mask.linearIndex(i, j, k)
            out.voxels[m] = !masked || mask.voxels[m] != 0 ? 1 : 0
        } } }
        return out
    }

    func assertMapsEqualExtraction(_ config: RunConfiguration, image: ImageVolume, mask: MaskVolume, radius: KernelRadius,
                                   masked: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let maps = try FeatureMaps.compute(image: image, mask: mask, configuration: config, radius: radius, masked: masked)
        XCTAssertGreaterThan(maps.columns.count, 20, file: file, line: line)
        let r = radius.perAxis(spacing: image.geometry.spacing)
        var compared = 0
        for n in FeatureMaps.roiVoxels(mask) {
            let features = try config.extract(image: image, mask: Self.kernelMask(n, mask, radius: r, masked: masked), imageFile: nil, maskFile: nil)
            let byTag = Dictionary(features.map { ($0.tag, $0.value) }, uniquingKeysWith: { a, _ in a })
            for (c, column) in maps.columns.enumerated() {
                let expected = Float(try XCTUnwrap(byTag[column], "\(column) missing", file: file, line: line))
                let got = maps.map(c)[n]
                if expected.isNaN { XCTAssert(got.isNaN, "\(column) at \(n): \(got), expected NaN", file: file, line: line); continue }
                XCTAssertEqual(got, expected, accuracy: 1e-6 * Swift.max(1, abs(expected)), "\(column) at voxel \(n)", file: file, line: line)
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 1000, file: file, line: line)
        // Outside the ROI: NaN (IBSI) or initValue (pyradiomics).
        let outside = mask.voxels.firstIndex(of: 0)!
        let initValue = config.pyradiomics.map { Float($0.settings.initValue) }
        for c in maps.columns.indices { let m = maps.map(c); if let initValue { XCTAssertEqual(m[outside], initValue) } else { XCTAssert(m[outside].isNaN) } }
    }

    func testIBSIMapEqualsExtractionOnEachKernel() throws {
        let (image, mask) = Self.synthetic { i, j, k in Float(Self.noise(i, j, k, 90) + 10 * i) }
        var config = try RunConfiguration.preset("default")
        config.settings.families = [.statistics, .intensityHistogram, .glcm, .glrlm, .glszm, .gldzm, .ngtdm, .ngldm]
        config.settings.discretisation = .fixedBinNumber(8)
        try assertMapsEqualExtraction(config, image: image, mask: mask, radius: .voxels(1), masked: true)
        try assertMapsEqualExtraction(config, image: image, mask: mask, radius: .millimetres(1.8), masked: false)
    }

    /// pyradiomics bins the whole ROI once; a kernel's own extraction bins the kernel. They agree
    /// when every kernel holds the ROI's lowest and highest bins: voxels with x + y + z even are
    /// 0 (bin 1), odd ones with x even 99 (bin 4, binWidth 25), the rest anything between.
    func testPyRadiomicsMapEqualsExtractionOnEachKernel() throws {
        let (image, mask) = Self.synthetic { i, j, k in
            (i + j + k) % 2 == 0 ? 0 : i % 2 == 0 ? 99 : Float(1 + Self.noise(i, j, k, 98))
        }
        var p = PyRadiomicsParameters()
        p.featureClasses = ["firstorder", "glcm", "glrlm", "glszm", "ngtdm", "gldm"].map { ($0, nil) }
        let config = RunConfiguration.pyradiomics(p)
        try assertMapsEqualExtraction(config, image: image, mask: mask, radius: .voxels(1), masked: true)
    }

    func testPyRadiomicsVoxelMapsAgreeWithPyRadiomics() throws {
        let folder = FixturePath.path("pyradiomics_maps")
        // sparse_r1: a thin shell with holes and voxelBatch 40, where pyradiomics' Joint Average
        // is NaN at most voxels (`PyRadiomicsMaps.markJointAverage`).
        for (name, maskFile) in [("masked_r1", "mask"), ("unmasked_r2", "mask"), ("sparse_r1", "mask_sparse")] {
            let (image, masks) = try MaskIO.readImageAndMasks(image: folder + "/image.nii.gz", mask: folder + "/\(maskFile).nii.gz", selection: .label(1))
            let config = try ConfigFile.load(folder + "/params/\(name).yaml")
            let maps = try FeatureMaps.compute(image: image, mask: masks[0].mask, configuration: config)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/expected/\(name).json"))) as! [String: Any]
            let roi = json["roiVoxels"] as! [Int]
            let expected = json["maps"] as! [String: [Any]]
            XCTAssertEqual(Set(maps.columns), Set(expected.keys), name)
            XCTAssertEqual(roi, FeatureMaps.roiVoxels(masks[0].mask))
            var worst = (0.0, "")
            for (c, column) in maps.columns.enumerated() {
                for (v, n) in roi.enumerated() {
                    let got = Double(maps.values[c][v])
                    guard let e = expected[column]?[v] as? Double else { XCTAssert(got.isNaN, "\(name) \(column) at \(n)"); continue }
                    let err = abs(got - e) / Swift.max(1, abs(e))
                    if err > worst.0 { worst = (err, "\(column) at \(n): \(got) vs \(e)") }
                }
            }
            XCTAssertLessThan(worst.0, 1e-5, "\(name): worst \(worst.1)")
            let initValue = Float(config.pyradiomics!.settings.initValue)
            XCTAssertEqual(maps.map(0)[0], initValue)
        }
    }

    func testMapsAreIdenticalForAnyThreadCount() throws {
        let (image, mask) = Self.synthetic { i, j, k in Float(Self.noise(i, j, k, 200)) }
        var config = try RunConfiguration.preset("default")
        config.settings.families = [.statistics, .glcm, .glszm]
        let one = try Parallel.$threadCountOverride.withValue(1) { try FeatureMaps.compute(image: image, mask: mask, configuration: config) }
        let two = try Parallel.$threadCountOverride.withValue(3) { try FeatureMaps.compute(image: image, mask: mask, configuration: config) }
        XCTAssertEqual(one.columns, two.columns)
        for c in one.values.indices {
            XCTAssertEqual(one.values[c].map(\.bitPattern), two.values[c].map(\.bitPattern), one.columns[c])
        }
    }

    func testKernelRadiusParsing() throws {
        XCTAssertEqual(try KernelRadius(parsing: "2"), .voxels(2))
        XCTAssertEqual(try KernelRadius(parsing: "2.5mm"), .millimetres(2.5))
        XCTAssertEqual(KernelRadius.millimetres(2).perAxis(spacing: SIMD3(0.8, 1, 2.5)), SIMD3(2, 2, 0))
        for bad in ["-1", "x", "mm", "-2mm", ""] {
            XCTAssertThrowsError(try KernelRadius(parsing: bad)) { XCTAssertEqual(($0 as? RadiomicsError)?.kind, .usage) }
        }
    }

    func testUnsupportedSettingsAreRefused() throws {
        let (image, mask) = Self.synthetic { i, _, _ in Float(i) }
        var config = try RunConfiguration.preset("default")
        config.settings.interpolation = .init(spacing: SIMD3(1, 1, 1))
        XCTAssertThrowsError(try FeatureMaps.compute(image: image, mask: mask, configuration: config)) {
            XCTAssertEqual(($0 as? RadiomicsError)?.kind, .usage)
        }
        XCTAssertThrowsError(try FeatureMaps.compute(image: image, mask: MaskVolume(geometry: mask.geometry, repeating: 0),
                                                     configuration: try RunConfiguration.preset("default"))) {
            XCTAssertEqual(($0 as? RadiomicsError)?.kind, .badInput)
        }
    }
}
