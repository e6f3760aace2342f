import XCTest
@testable import Radiomics

/// `ivh_auc` (no IBSI reference value) on intensity ramps whose IVH is known in closed form.
/// The AUC is ∫₀¹ ν dγ of the piecewise-linear IVH through (γ_k, ν_k), γ_k = k/K, k = 0…K: the
/// trapezoid sum (1/K) Σ_{k<K} (ν_k + ν_{k+1})/2 = (1/K) (Σ_{k=0}^{K} ν_k − (ν_0 + ν_K)/2).
final class IntensityVolumeHistogramTests: XCTestCase {
    /// An ROI whose intensity mask holds exactly `values` (one voxel each, in a row of slices).
    static func auc(_ values: [Double], _ configure: (inout ExtractionSettings) -> Void) throws -> Double {
        let g = Geometry(size: SIMD3(values.count, 1, 1))
        var image = ImageVolume(geometry: g, repeating: 0)
        let mask = MaskVolume(geometry: g, repeating: 1)
        for (n, v) in values.enumerated() { image.voxels[n] = Float(v) }
        var settings = ExtractionSettings()
        configure(&settings)
        let roi = ROIContext.discretise(image: image, morphologicalMask: mask, intensityMask: mask, settings: settings)
        return try XCTUnwrap(IntensityVolumeHistogram.features(roi).first { $0.tag == "ivh_auc" }?.value)
    }

    /// Discrete IVH (no discretisation) of the ramp 0, 1, …, N−1, m voxels each: K = N − 1,
    /// ν_k = (N − k)/N, so AUC = (N + 1)/(2N) (→ ½, the continuous ramp's ∫(1 − γ)dγ).
    /// Exact up to the rounding of a sum of ≤ 100 terms: tolerance 10⁻¹⁴ (all four tests).
    func testUniformRampDiscrete() throws {
        for (n, m) in [(2, 1), (10, 3), (101, 2)] {
            let values = (0..<n).flatMap { i in [Double](repeating: Double(i), count: m) }
            let got = try Self.auc(values.shuffledDeterministically()) { $0.ivhDiscretisation = .none }
            XCTAssertEqual(got, Double(n + 1) / Double(2 * n), accuracy: 1e-14, "N \(n)")
        }
    }

    /// Intensity i ∈ {0…N−1} held by i + 1 voxels: ν_k = 1 − k(k+1)/(N(N+1)), Σν_k = N − (N−1)/3,
    /// ν_0 = 1, ν_{N−1} = 2/(N+1), so AUC = (N − (N−1)/3 − ½ − 1/(N+1)) / (N − 1).
    func testTriangularRampDiscrete() throws {
        for n in [3, 10, 40] {
            let values = (0..<n).flatMap { i in [Double](repeating: Double(i) - 300, count: i + 1) }
            let got = try Self.auc(values.shuffledDeterministically()) { $0.ivhDiscretisation = .none }
            let nn = Double(n)
            XCTAssertEqual(got, (nn - (nn - 1) / 3 - 0.5 - 1 / (nn + 1)) / (nn - 1), accuracy: 1e-14, "N \(n)")
        }
    }

    /// A continuous ramp binned with a fixed bin size w = 2.5 from −100: 16 bins, 3 voxels each (at
    /// 0.1, 0.5 and 0.9 of the bin). Bin centres are the grid i_k, K = 15: the uniform ramp again,
    /// AUC = 17/32. With a re-segmentation range [−100, 60) the grid runs to bin 64, K = 63, and
    /// ν_k = 0 beyond k = 15: AUC = (Σ_{k≤15} (16 − k)/16 − ½)/63 = (8.5 − 0.5)/63 = 8/63.
    func testFixedBinSizeRamp() throws {
        let values = (0..<16).flatMap { b in [0.1, 0.5, 0.9].map { -100 + 2.5 * (Double(b) + $0) } }
        XCTAssertEqual(try Self.auc(values) { $0.ivhDiscretisation = .fixedBinSize(2.5, lowerBound: -100) }, 17.0 / 32, accuracy: 1e-14)
        let ranged = try Self.auc(values) {
            $0.ivhDiscretisation = .fixedBinSize(2.5, lowerBound: nil)
            $0.resegmentationLower = -100
            $0.resegmentationUpper = 60
        }
        XCTAssertEqual(ranged, 8.0 / 63, accuracy: 1e-14)
    }

    /// Arbitrary units (fixed bin number N_g = 8 over [min, max] = [10, 42]): 2 voxels at each bin
    /// start 10 + 4b (b = 0…7) and the maximum 42, which falls in bin 8: grid 1…8 (K = 7),
    /// ν_k = (17 − 2k)/17, AUC = (Σ ν_k − (ν_0 + ν_7)/2)/7 = (80/17 − 10/17)/7 = 10/17.
    func testFixedBinNumberRamp() throws {
        let values: [Double] = (0..<8).flatMap { b -> [Double] in [Double](repeating: 10 + 4 * Double(b), count: 2) } + [42]
        XCTAssertEqual(try Self.auc(values) { $0.ivhDiscretisation = .fixedBinNumber(8) }, 10.0 / 17, accuracy: 1e-14)
    }
}

private extension Array {
    /// A fixed permutation (the order of voxels must not matter).
    func shuffledDeterministically() -> [Element] {
        var out = self, state: UInt64 = 12345
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
        return out
    }
}
