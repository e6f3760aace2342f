import Foundation
import XCTest
@testable import Radiomics

final class InterpolationTests: XCTestCase {
    /// The volume of Scripts/make_interpolation_fixture.py.
    private func fixtureVolume() -> ImageVolume {
        let size = SIMD3(9, 8, 7)
        var v = ImageVolume(geometry: Geometry(size: size, spacing: SIMD3(1.3, 0.9, 2.5), origin: SIMD3(-4, 7, 2)), repeating: 0)
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x { v[i, j, k] = Float(((i * 7 + j * 13 + k * 29) % 17) * 10 - 50 + (i * j) % 5) }
            }
        }
        return v
    }

    private func scipyReference() throws -> [Int: (SIMD3<Int>, [Double])] {
        let text = try String(contentsOfFile: FixturePath.path("interpolation/ibsi_grid_scipy.txt"), encoding: .utf8)
        var out: [Int: (SIMD3<Int>, [Double])] = [:], order = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("order") {
                let p = line.split(separator: " ").compactMap { Int($0) }
                order = p[0]
                out[order] = (SIMD3(p[1], p[2], p[3]), [])
            } else {
                out[order]!.1.append(Double(line)!)
            }
        }
        return out
    }

    /// Trilinear and cubic B-spline samples on the IBSI grid equal scipy.ndimage.map_coordinates
    /// (mode "nearest", order 1 and 3 with prefilter), edges included.
    func testMatchesScipyMapCoordinates() throws {
        let volume = fixtureVolume()
        let grid = InterpolationGrid(source: volume.geometry, spacing: SIMD3(1, 1, 1), inPlaneOnly: false)
        XCTAssertEqual(grid.target.size, SIMD3(12, 8, 18))
        let full = IndexBox(lower: .zero, upper: grid.target.size &- 1)
        for (order, interpolator) in [(1, ExtractionSettings.Interpolator.linear), (3, .cubicSpline)] {
            let (size, expected) = try XCTUnwrap(scipyReference()[order])
            XCTAssertEqual(size, grid.target.size)
            let got = GridResampling.resample(volume, grid: grid, region: full, interpolator: interpolator)
            var worst = 0.0
            for n in expected.indices { worst = max(worst, abs(got.voxels[n] - expected[n])) }
            XCTAssertLessThan(worst, 1e-6, "order \(order)")
        }
    }

    func testIntegralCheck() {
        for x: Float in [0, -0.0, 1, -1000, 3065, 4_194_303, 4_194_304, 8_388_607, 8_388_608, 1e30, -1e30] { XCTAssertTrue(isIntegral(x), "\(x)") }
        for x: Float in [0.5, -0.5, 0.49999997, -999.99994, 4_194_303.5, 4_194_304.5, .nan, 1e-30] { XCTAssertFalse(isIntegral(x), "\(x)") }
    }

    /// The centred grid: origin moves by (s_a(n_a − 1) − s_b(n_b − 1))/2 along each axis.
    func testGridIsCentredOnTheOriginalGrid() {
        let volume = fixtureVolume()
        let grid = InterpolationGrid(source: volume.geometry, spacing: SIMD3(1, 1, 1), inPlaneOnly: false)
        let expectedX: Double = -4 + (1.3 * 8 - 11) / 2
        let expectedZ: Double = 2 + (2.5 * 6 - 17) / 2
        XCTAssertEqual(grid.target.origin.x, expectedX, accuracy: 1e-12)
        XCTAssertEqual(grid.target.origin.z, expectedZ, accuracy: 1e-12)
        let inPlane = InterpolationGrid(source: volume.geometry, spacing: SIMD3(1, 1, 1), inPlaneOnly: true)
        XCTAssertEqual(inPlane.target.size.z, 7)
        XCTAssertEqual(inPlane.target.spacing.z, 2.5)
        XCTAssertEqual(inPlane.target.origin.z, 2)
    }

    /// Interpolating a sub-box gives the same samples as the whole grid (crop before interpolating).
    func testSubRegionEqualsWholeGrid() {
        var volume = ImageVolume(geometry: Geometry(size: SIMD3(80, 70, 30), spacing: SIMD3(0.7, 0.8, 2.2)), repeating: 0)
        for n in volume.voxels.indices { volume.voxels[n] = Float((n * 7919) % 1000) - 500 }
        let grid = InterpolationGrid(source: volume.geometry, spacing: SIMD3(2, 2, 2), inPlaneOnly: false)
        let full = IndexBox(lower: .zero, upper: grid.target.size &- 1)
        let box = IndexBox(lower: SIMD3(9, 8, 10), upper: SIMD3(17, 15, 20))
        for interpolator in ExtractionSettings.Interpolator.allCases {
            let whole = GridResampling.resample(volume, grid: grid, region: full, interpolator: interpolator)
            let part = GridResampling.resample(volume, grid: grid, region: box, interpolator: interpolator)
            var worst = 0.0
            for k in 0..<part.size.z {
                for j in 0..<part.size.y {
                    for i in 0..<part.size.x {
                        let p = box.lower &+ SIMD3(i, j, k)
                        worst = max(worst, abs(part[i, j, k] - whole[p.x, p.y, p.z]))
                    }
                }
            }
            XCTAssertLessThan(worst, 1e-9, "\(interpolator)")
        }
    }

    /// Without the diagnostics family only the ROI's neighbourhood is interpolated: same features.
    func testFeaturesDoNotDependOnInterpolatingTheWholeImage() throws {
        let image = try NIfTIReader.read(FixturePath.ctImage)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        for name in ["ibsi1-config-c", "ibsi1-config-e"] {
            var settings = try XCTUnwrap(Presets.named(name)).settings
            settings.families = [.diagnostics, .localIntensity, .statistics, .intensityHistogram, .intensityVolumeHistogram]
            let withDiagnostics = try Extractor.extract(image: image, mask: mask, settings: settings)
            settings.families.remove(.diagnostics)
            let without = try Extractor.extract(image: image, mask: mask, settings: settings)
            let reference = Dictionary(withDiagnostics.map { ($0.tag, $0.value) }, uniquingKeysWith: { a, _ in a })
            XCTAssertEqual(without.count, 50, name)
            for f in without { XCTAssertEqual(f.value, reference[f.tag]!, accuracy: 1e-9 * max(1, abs(f.value)), "\(name) \(f.tag)") }
        }
    }

    /// Range and outlier re-segmentation keep the intersection of both ranges; the outlier range
    /// comes from the whole ROI (population SD).
    func testRangeAndOutlierResegmentationIntersect() throws {
        let values: [Float] = [-900, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 2000]
        let g = Geometry(size: SIMD3(values.count, 1, 1))
        let image = ImageVolume(geometry: g, voxels: values)
        let mask = MaskVolume(geometry: g, repeating: 1)
        var settings = ExtractionSettings()
        settings.outlierSigma = 3
        let outliers = try XCTUnwrap(Resegmentation.range(image: image, morphologicalMask: mask, settings: settings))
        let x = values.map(Double.init), mean = x.reduce(0, +) / 20
        let sd = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20).squareRoot()
        XCTAssertEqual(outliers.lowerBound, mean - 3 * sd, accuracy: 1e-9)
        XCTAssertEqual(outliers.upperBound, mean + 3 * sd, accuracy: 1e-9)
        XCTAssertEqual(Resegmentation.intensityMask(image: image, morphologicalMask: mask, range: outliers).count, 19)
        // Outlier range ≈ [−1401, 1511]: the range bounds are the tighter ones here.
        settings.resegmentationLower = -800
        settings.resegmentationUpper = 5
        let both = Resegmentation.range(image: image, morphologicalMask: mask, settings: settings)
        XCTAssertEqual(both, -800...5)
        XCTAssertEqual(Resegmentation.intensityMask(image: image, morphologicalMask: mask, range: both).count, 9)
        settings.resegmentationLower = -1000
        settings.resegmentationUpper = 3000
        let outlierBound = try XCTUnwrap(Resegmentation.range(image: image, morphologicalMask: mask, settings: settings))
        XCTAssertEqual(outlierBound.lowerBound, -1000)
        XCTAssertEqual(outlierBound.upperBound, mean + 3 * sd, accuracy: 1e-9)
        XCTAssertEqual(Resegmentation.intensityMask(image: image, morphologicalMask: mask, range: outlierBound).count, 19)
        // Disjoint ranges keep nothing.
        settings.resegmentationLower = 1600
        settings.resegmentationUpper = 2500
        let none = Resegmentation.range(image: image, morphologicalMask: mask, settings: settings)
        XCTAssertNil(none)
        XCTAssertEqual(Resegmentation.intensityMask(image: image, morphologicalMask: mask, range: none).count, 0)
    }
}
