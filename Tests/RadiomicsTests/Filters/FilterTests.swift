import XCTest
@testable import Radiomics

final class FilterTests: XCTestCase {
    func testBoundaryModes() {
        // Axis of 3 voxels a b c, positions −4 … 6.
        let p = Array(-4...6)
        XCTAssertEqual(p.map { BoundaryMode.zero.source($0, 3) ?? -1 }, [-1, -1, -1, -1, 0, 1, 2, -1, -1, -1, -1])
        XCTAssertEqual(p.map { BoundaryMode.nearest.source($0, 3)! }, [0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2])
        XCTAssertEqual(p.map { BoundaryMode.periodic.source($0, 3)! }, [2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        // … c b a | a b c | c b a …
        XCTAssertEqual(p.map { BoundaryMode.mirror.source($0, 3)! }, [2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0])
    }

    func testRotationsAreTheProperCubeGroup() {
        let r = RightAngleRotation.all3D
        XCTAssertEqual(r.count, 24)
        let g = FilterGrid(size: SIMD3(2, 3, 4), spacing: SIMD3(1, 2, 3), data: (0..<24).map(Double.init))
        var seen: Set<[Double]> = []
        for rot in r {
            let back = rot.unrotate(rot.rotate(g))
            XCTAssertEqual(back.data, g.data)
            XCTAssertEqual(back.spacing, g.spacing)
            seen.insert(rot.rotate(FilterGrid(size: SIMD3(2, 2, 2), spacing: .one, data: (0..<8).map(Double.init))).data)
        }
        XCTAssertEqual(seen.count, 24)
    }

    func testFFTMatchesDirectDFTForAnyLength() {
        for n in [1, 2, 5, 8, 12, 64, 97] {
            let x = (0..<n).map { sin(Double($0) * 0.7) + Double($0 % 3) }
            var re = x, im = [Double](repeating: 0, count: n)
            FFTPlan(n).transform(&re, &im, inverse: false)
            for k in 0..<n {
                var sr = 0.0, si = 0.0
                for t in 0..<n { let a = -2 * Double.pi * Double(k * t) / Double(n); sr += x[t] * cos(a); si += x[t] * sin(a) }
                XCTAssertEqual(re[k], sr, accuracy: 1e-9 * Double(n))
                XCTAssertEqual(im[k], si, accuracy: 1e-9 * Double(n))
            }
            FFTPlan(n).transform(&re, &im, inverse: true)
            for t in 0..<n { XCTAssertEqual(re[t], x[t], accuracy: 1e-9) }
        }
    }

    /// The 3D grid transform (radix 2, radix 3·2^a, Bluestein lines) equals the direct DFT along
    /// each axis, leaves all-zero lines alone, and inverts.
    func testGridTransformEqualsDirectDFT() {
        for size in [SIMD3(6, 12, 3), SIMD3(8, 5, 24), SIMD3(1, 48, 7)] {
            var grid = ComplexGrid(size: size)
            let count = size.x * size.y * size.z
            for n in 0..<count where n % 7 != 3 {     // some zero lines stay zero
                grid.re[n] = sin(Double(n) * 0.37) + Double(n % 5)
                grid.im[n] = cos(Double(n) * 0.11)
            }
            let original = grid
            grid.transform(axes: [0, 1, 2], inverse: false)
            // Direct 3D DFT.
            var worst = 0.0
            for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
                var sr = 0.0, si = 0.0
                for z in 0..<size.z { for y in 0..<size.y { for x in 0..<size.x {
                    let a = -2 * Double.pi * (Double(i * x) / Double(size.x) + Double(j * y) / Double(size.y) + Double(k * z) / Double(size.z))
                    let n = x + size.x * (y + size.y * z)
                    sr += original.re[n] * cos(a) - original.im[n] * sin(a)
                    si += original.re[n] * sin(a) + original.im[n] * cos(a)
                } } }
                let n = i + size.x * (j + size.y * k)
                worst = max(worst, abs(grid.re[n] - sr), abs(grid.im[n] - si))
            } } }
            XCTAssertLessThan(worst, 1e-9, "size \(size)")
            grid.transform(axes: [2, 0, 1], inverse: true)
            for n in 0..<count {
                XCTAssertEqual(grid.re[n], original.re[n], accuracy: 1e-12)
                XCTAssertEqual(grid.im[n], original.im[n], accuracy: 1e-12)
            }
        }
        XCTAssertEqual((1...20).map { ComplexGrid.fastLength(atLeast: $0) },
                       [1, 2, 3, 4, 6, 6, 8, 8, 12, 12, 12, 12, 16, 16, 16, 16, 24, 24, 24, 24])
    }

    /// Filtering the ROI box plus the support gives the whole-image response inside the box.
    func testCroppedFilteringEqualsWholeImage() throws {
        let image = try NIfTIReader.read(IBSI2Phase1Tests.phantom("sphere"))
        let box = IndexBox(lower: SIMD3(3, 20, 40), upper: SIMD3(30, 40, 60))
        let specs: [FilterSpec] = [
            .mean(support: 5, dimension: .threeD, padding: .mirror),
            .laplacianOfGaussian(sigma: 3, truncate: 4, dimension: .twoD, padding: .nearest),
            .laws(kernel: "E5L5S5", dimension: .threeD, padding: .mirror, pooling: .max, energyDistance: 2),
            .wavelet(family: .db2, band: "LHH", level: 2, invariant: true, padding: .zero),
            .gabor(sigma: 4, lambda: 4, gamma: 1.5, theta: 0, thetaStep: .pi / 2, dimension: .threeD, padding: .mirror),
            .pyradiomicsWavelet(family: .coif1, band: "HLH", startLevel: 0, level: 1),
            .pyradiomicsWavelet(family: .coif1, band: "LLH", startLevel: 1, level: 1),
            .pyradiomicsLoG(sigma: 3),
        ]
        for spec in specs {
            let whole = try apply(spec, to: image)
            let (part, grown) = try applyCropped(spec, to: image, around: box)
            var worst: Float = 0
            for k in box.lower.z...box.upper.z {
                for j in box.lower.y...box.upper.y {
                    for i in box.lower.x...box.upper.x {
                        let p = SIMD3(i, j, k) &- grown.lower
                        worst = max(worst, abs(whole[i, j, k] - part[p.x, p.y, p.z]))
                    }
                }
            }
            // Identical, except where the arithmetic itself depends on the grid: the FFT's
            // rounding (Gabor, measured 1.2·10⁻¹⁰) and the recursive LoG's infinite support
            // (measured 1.5·10⁻⁵ on responses of magnitude ~10³: float32 rounding).
            let bound: Float = spec.columnPrefix.hasPrefix("gabor") ? 1e-9 : (spec.columnPrefix.hasPrefix("log-sigma") ? 1e-4 : 0)
            XCTAssertLessThanOrEqual(worst, bound, spec.columnPrefix)
        }
    }

    /// pyradiomics LoG is recursive (infinite support): on the box grown by its support radius the
    /// response must still equal the whole-image one to 10⁻⁶ of the response range.
    func testPyRadiomicsLoGOnCropEqualsWholeImageToOnePartPerMillion() throws {
        let size = SIMD3(100, 90, 60)
        var rng = MorphologyTestRandom(seed: 7)
        var image = ImageVolume(geometry: Geometry(size: size, spacing: SIMD3(0.7, 0.8, 1.5)), repeating: 0)
        for n in image.voxels.indices { image.voxels[n] = Float(Int(rng.next() % 1400) - 1000) }
        let box = IndexBox(lower: SIMD3(45, 40, 27), upper: SIMD3(55, 48, 32))
        for sigma in [0.5, 1.5] {
            let spec = FilterSpec.pyradiomicsLoG(sigma: sigma)
            let whole = try apply(spec, to: image)
            let (part, grown) = try applyCropped(spec, to: image, around: box)
            XCTAssertNotEqual(grown.size, image.size, "the crop must be a real crop")
            var worst: Float = 0, lo = Float.infinity, hi = -Float.infinity
            for k in box.lower.z...box.upper.z {
                for j in box.lower.y...box.upper.y {
                    for i in box.lower.x...box.upper.x {
                        let p = SIMD3(i, j, k) &- grown.lower
                        worst = max(worst, abs(whole[i, j, k] - part[p.x, p.y, p.z]))
                        lo = min(lo, whole[i, j, k]); hi = max(hi, whole[i, j, k])
                    }
                }
            }
            print("pyradiomics LoG σ \(sigma) on crop \(grown.size) of \(size): max difference \(worst / (hi - lo)) of range")
            // Measured 2.2·10⁻⁸ (σ 0.5) and 4.7·10⁻⁸ (σ 1.5): float32 rounding of the response.
            XCTAssertLessThan(worst / (hi - lo), 1e-7)
        }
    }

    func testColumnPrefixes() {
        XCTAssertEqual(FilterSpec.pyradiomicsLoG(sigma: 1).columnPrefix, "log-sigma-1-0-mm-3D")
        XCTAssertEqual(FilterSpec.pyradiomicsLoG(sigma: 2.5).columnPrefix, "log-sigma-2-5-mm-3D")
        XCTAssertEqual(FilterSpec.pyradiomicsWavelet(family: .coif1, band: "LLH", startLevel: 0, level: 1).columnPrefix, "wavelet-LLH")
        XCTAssertEqual(FilterSpec.pyradiomicsWavelet(family: .coif1, band: "HHH", startLevel: 0, level: 2).columnPrefix, "wavelet2-HHH")
        XCTAssertEqual(FilterSpec.squareRoot.columnPrefix, "squareroot")
        XCTAssertEqual(FilterSpec.mean(support: 5, dimension: .twoD, padding: .mirror).columnPrefix, "mean-5-2D")
    }

    func testSpecRoundTripsThroughJSON() throws {
        for p in FilterPresets.all {
            guard let spec = p.spec else { continue }
            let data = try JSONEncoder().encode(spec)
            XCTAssertEqual(try JSONDecoder().decode(FilterSpec.self, from: data), spec, p.id)
        }
    }

    func testInvalidSpecsAreUsageErrors() {
        let image = ImageVolume(geometry: Geometry(size: SIMD3(4, 4, 4)), repeating: 1)
        XCTAssertThrowsError(try apply(.mean(support: 4, dimension: .threeD, padding: .zero), to: image))
        XCTAssertThrowsError(try apply(.laws(kernel: "L5S5", dimension: .threeD, padding: .zero, pooling: nil, energyDistance: nil), to: image))
        XCTAssertThrowsError(try apply(.wavelet(family: .db2, band: "LXH", level: 1, invariant: false, padding: .zero), to: image))
    }
}
