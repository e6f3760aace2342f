import XCTest
@testable import Radiomics

/// The 8 first-level sub-bands computed together (shared separable passes) are each band's map
/// computed alone, bit for bit, on odd and even sizes and with an axis left out (force2D).
final class WaveletSharedPassesTests: XCTestCase {
    func testSharedBandsEqualSeparateBands() {
        for size in [SIMD3(9, 8, 7), SIMD3(10, 6, 8)] {
            var state: UInt64 = 12345
            let data = (0..<(size.x * size.y * size.z)).map { _ -> Double in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Double(Int((state >> 33) % 2000)) - 1000
            }
            let g = FilterGrid(size: size, spacing: SIMD3(0.7, 0.8, 1.25), data: data)
            let names = ["LLL", "LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"]
            for (family, start, level) in [(WaveletFamily.coif1, 0, 1), (.haar, 1, 1), (.db2, 0, 2)] {
                let bands = names.map { PyRadiomicsFilters.waveletBand($0)! }
                let shared = PyRadiomicsFilters.waveletBands(g, family: family, bands: bands, startLevel: start, level: level)
                for (n, band) in bands.enumerated() {
                    let alone = PyRadiomicsFilters.wavelet(g, family: family, band: band, startLevel: start, level: level)
                    XCTAssertEqual(shared[n].size, alone.size)
                    XCTAssertEqual(shared[n].data.map(\.bitPattern), alone.data.map(\.bitPattern), "\(family) \(names[n]) \(size)")
                }
            }
            let flat = ["LL-", "LH-", "HL-", "HH-"].map { PyRadiomicsFilters.waveletBand($0)! }
            let shared = PyRadiomicsFilters.waveletBands(g, family: .coif1, bands: flat, startLevel: 0, level: 1)
            XCTAssertEqual(shared.map { $0.data.map(\.bitPattern) },
                           flat.map { PyRadiomicsFilters.wavelet(g, family: .coif1, band: $0, startLevel: 0, level: 1).data.map(\.bitPattern) })
        }
    }

    /// `sharedFilterGroups`: the bands of one decomposition form one group, in run order.
    func testGroupsOfOneDecomposition() {
        let w = { (b: String, l: Int) in FilterSpec.pyradiomicsWavelet(family: .coif1, band: b, startLevel: 0, level: l) }
        XCTAssertEqual(sharedFilterGroups([nil, w("LLH", 1), .pyradiomicsLoG(sigma: 1), w("HHH", 1), w("LLH", 2), w("LL-", 1)]),
                       [[0], [1, 3], [2], [4], [5]])
    }
}
