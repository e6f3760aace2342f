import XCTest
@testable import Radiomics

/// A textured synthetic volume with an ellipsoidal ROI, for texture tests that need more than
/// the phantoms (slab partitions, aggregation dimensions). Timings live in `make bench` and
/// `bench-data --profile`, not in the test suite.
enum SyntheticTexture {
    static let families: [ExtractionSettings.Family] = [.glcm, .glrlm, .glszm, .gldzm, .ngtdm, .ngldm, .gldm]

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
        return (ROIContext.discretise(image: image, morphologicalMask: mask, intensityMask: mask, settings: settings), mask.count)
    }
}
