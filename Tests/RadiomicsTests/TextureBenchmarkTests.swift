import Dispatch
import XCTest
@testable import Radiomics

/// Timings of the texture stage (matrices + features of the 7 texture families, after
/// processing). Opt-in: `RADIOMICS_BENCH=1`; meaningful only in a release build:
///   swift build -c release --build-tests -Xswiftc -enable-testing
///   RADIOMICS_BENCH=1 swift test -c release --skip-build --filter TextureBenchmarkTests
final class TextureBenchmarkTests: XCTestCase {
    static let families: [ExtractionSettings.Family] = [.glcm, .glrlm, .glszm, .gldzm, .ngtdm, .ngldm, .gldm]

    private func time(_ label: String, _ roi: ROIContext) {
        var total = 0.0
        for family in Self.families {
            let start = DispatchTime.now().uptimeNanoseconds
            let features = FamilyRegistry.features(family, roi)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            total += seconds
            print(String(format: "%@ | %@: %.3f s (%d features)", label, family.rawValue, seconds, features.count))
        }
        print(String(format: "%@ | texture stage: %.3f s", label, total))
    }

    func testConfigurationATextureStage() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["RADIOMICS_BENCH"] == "1", "set RADIOMICS_BENCH=1")
        let image = try NIfTIReader.read(FixturePath.ctImage)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        var settings = ExtractionSettings()
        settings.roundInitialIntensities = true
        settings.resegmentationLower = -500
        settings.resegmentationUpper = 400
        settings.discretisation = .fixedBinSize(25, lowerBound: -500)
        for dimension in [ExtractionSettings.TextureDimension.twoD, .threeD] {
            settings.textureDimension = dimension
            let roi = try Preprocessor.prepare(image: image, mask: mask, settings: settings).context
            time("config A (\(roi.intensityMask.count) voxels, \(dimension.rawValue))", roi)
        }
    }

    /// A 256 × 256 × 160 textured volume with an ellipsoidal ROI of about 3.5 million voxels, 32 bins.
    func testLargeSyntheticROITextureStage() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["RADIOMICS_BENCH"] == "1", "set RADIOMICS_BENCH=1")
        let (roi, count) = Self.syntheticROI(size: SIMD3(256, 256, 160))
        for dimension in [ExtractionSettings.TextureDimension.twoD, .threeD] {
            var r = roi
            r.settings.textureDimension = dimension
            time("synthetic (\(count) voxels, \(dimension.rawValue))", r)
        }
    }

    /// Sequential vs slab-parallel 3D zone labelling on the synthetic ROI, alternated to share the machine's load.
    func testZoneLabellingSpeedUp() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["RADIOMICS_BENCH"] == "1", "set RADIOMICS_BENCH=1")
        let (roi, _) = Self.syntheticROI(size: SIMD3(256, 256, 160))
        let grid = TextureGrid(roi, padding: 1)
        var best = [Int: Double]()
        for _ in 0..<3 {
            for slabs in [1, TextureAggregation.cores] {
                let start = DispatchTime.now().uptimeNanoseconds
                let zones = Zones.find(grid, z: nil, slabs: slabs)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                best[slabs] = min(best[slabs] ?? .infinity, seconds)
                XCTAssertFalse(zones.isEmpty)
            }
        }
        for (slabs, seconds) in best.sorted(by: { $0.key < $1.key }) {
            print(String(format: "3D zones, %d slab(s): best of 3 %.3f s", slabs, seconds))
        }
    }

    static func syntheticROI(size: SIMD3<Int>) -> (ROIContext, Int) {
        let g = Geometry(size: size)
        var image = ImageVolume(geometry: g, repeating: 0), mask = MaskVolume(geometry: g, repeating: 0)
        var state: UInt64 = 0x9E3779B97F4A7C15
        let c = SIMD3<Double>(size) / 2
        for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 40) / Double(1 << 24)
            let x = Double(i), y = Double(j), z = Double(k)
            image[i, j, k] = Float(100 * sin(x / 7) * cos(y / 5) + 50 * sin(z / 4) + 40 * noise)
            let d = (SIMD3(x, y, z) - c) / (c * 0.95)
            if (d * d).sum() <= 1 { mask[i, j, k] = 1 }
        } } }
        var settings = ExtractionSettings()
        settings.discretisation = .fixedBinNumber(32)
        return (ROIContext(image: image, morphologicalMask: mask, intensityMask: mask, settings: settings), mask.count)
    }
}
