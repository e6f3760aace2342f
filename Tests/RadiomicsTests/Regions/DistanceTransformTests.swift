import XCTest
@testable import Radiomics

/// The separable EDT against a brute-force search over every site, on anisotropic grids.
final class DistanceTransformTests: XCTestCase {
    /// ((sx²·dx²) + sy²·dy²) + sz²·dz² minimised over all sites: the definition, O(n²).
    static func bruteForce(sites: [Bool], size: SIMD3<Int>, spacing: SIMD3<Double>) -> [Double] {
        let s2 = spacing * spacing
        var list: [SIMD3<Int>] = []
        for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x where sites[i + size.x * (j + size.y * k)] { list.append(SIMD3(i, j, k)) } } }
        var out = [Double](repeating: .infinity, count: sites.count)
        for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
            var best = Double.infinity
            for p in list {
                let dx = Double(i - p.x), dy = Double(j - p.y), dz = Double(k - p.z)
                let xy: Double = (0 + s2.x * (dx * dx)) + s2.y * (dy * dy)
                best = Swift.min(best, xy + s2.z * (dz * dz))
            }
            out[i + size.x * (j + size.y * k)] = best
        } } }
        return out
    }

    func testEqualsBruteForceOnRandomAnisotropicGrids() {
        var rng = SplitMix(seed: 42)
        var exact = 0, total = 0
        for trial in 0..<40 {
            let size = SIMD3(rng.int(1...13), rng.int(1...11), rng.int(1...9))
            let spacing = SIMD3(rng.double(0.3...3), rng.double(0.3...3), rng.double(0.5...6))
            let density = [0.01, 0.05, 0.3, 0.9][trial % 4]
            let sites = (0..<(size.x * size.y * size.z)).map { _ in rng.next() < density }
            let fast = DistanceTransform.squared(sites: sites, size: size, spacing: spacing)
            let slow = Self.bruteForce(sites: sites, size: size, spacing: spacing)
            for n in fast.indices {
                total += 1
                if fast[n] == slow[n] { exact += 1; continue }
                XCTAssertEqual(fast[n], slow[n], accuracy: 1e-12 * Swift.max(1, slow[n]), "trial \(trial) voxel \(n) size \(size) spacing \(spacing)")
            }
        }
        // Near-ties may pick another parabola, a rounding apart; nearly all voxels are bit-equal.
        XCTAssertGreaterThan(Double(exact), 0.999 * Double(total), "\(exact) of \(total) bit-equal")
    }

    func testNoSiteIsInfiniteAndOneSiteIsItsDistance() {
        let size = SIMD3(5, 4, 3), spacing = SIMD3(0.5, 2.0, 3.0)
        XCTAssertTrue(DistanceTransform.squared(sites: [Bool](repeating: false, count: 60), size: size, spacing: spacing).allSatisfy { $0 == .infinity })
        var sites = [Bool](repeating: false, count: 60)
        sites[1 + 5 * (2 + 4 * 1)] = true   // (1, 2, 1)
        let d = DistanceTransform.squared(sites: sites, size: size, spacing: spacing)
        let expected: Double = (0.25 * 9 + 4.0 * 4) + 9.0 * 1
        XCTAssertEqual(d[4 + 5 * (0 + 4 * 2)], expected)   // (4, 0, 2): dx 3, dy −2, dz 1
        XCTAssertEqual(d[1 + 5 * (2 + 4 * 1)], 0)
    }

    func testSameResultForAnyThreadCount() {
        var rng = SplitMix(seed: 7)
        let size = SIMD3(40, 33, 17), spacing = SIMD3(0.7, 0.9, 2.5)
        let sites = (0..<(size.x * size.y * size.z)).map { _ in rng.next() < 0.002 }
        let one = Parallel.$threadCountOverride.withValue(1) { DistanceTransform.squared(sites: sites, size: size, spacing: spacing) }
        let four = Parallel.$threadCountOverride.withValue(4) { DistanceTransform.squared(sites: sites, size: size, spacing: spacing) }
        XCTAssertEqual(one, four)
    }
}

extension SplitMix {
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() * Double(r.count)) }
    mutating func double(_ r: ClosedRange<Double>) -> Double { r.lowerBound + next() * (r.upperBound - r.lowerBound) }
}
