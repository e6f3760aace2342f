import XCTest
@testable import Radiomics

/// The recursive LoG computed only on the lines a box needs (`PyRadiomicsFilters.log(_:sigma:keep:)`)
/// is the whole-grid map cropped to that box, bit for bit.
final class PyRadiomicsLoGKeepTests: XCTestCase {
    func testLoGOnKeptBoxIsTheWholeMapCroppedBitForBit() {
        let size = SIMD3(37, 29, 23)
        var rng = MorphologyTestRandom(seed: 11)
        let data = (0..<(size.x * size.y * size.z)).map { _ in Double(Int(rng.next() % 1400) - 1000) }
        let g = FilterGrid(size: size, spacing: SIMD3(0.7, 0.8, 1.5), data: data)
        let boxes = [IndexBox(lower: SIMD3(9, 7, 5), upper: SIMD3(20, 15, 11)),     // inside
                     IndexBox(lower: .zero, upper: SIMD3(4, 28, 3)),                 // touching three faces
                     IndexBox(lower: SIMD3(36, 0, 22), upper: SIMD3(36, 0, 22))]    // one corner voxel
        for sigma in [0.8, 2.0] {
            let whole = PyRadiomicsFilters.log(g, sigma: sigma)
            for box in boxes {
                let part = PyRadiomicsFilters.log(g, sigma: sigma, keep: box)
                XCTAssertEqual(part.size, box.size)
                let expected = FourierFilters.crop(whole, margin: box.lower, size: box.size)
                XCTAssertEqual(part.data.map(\.bitPattern), expected.data.map(\.bitPattern), "σ \(sigma), box \(box)")
            }
        }
    }

    /// `applyCropped` returns the LoG map on the box itself, equal to what the grown crop gave before.
    func testApplyCroppedLoGCoversTheBox() throws {
        var rng = MorphologyTestRandom(seed: 5)
        var image = ImageVolume(geometry: Geometry(size: SIMD3(60, 50, 30), spacing: SIMD3(0.7, 0.7, 1.25)), repeating: 0)
        for n in image.voxels.indices { image.voxels[n] = Float(Int(rng.next() % 1400) - 1000) }
        let box = IndexBox(lower: SIMD3(25, 20, 12), upper: SIMD3(34, 28, 17))
        let spec = FilterSpec.pyradiomicsLoG(sigma: 1)
        let (map, covered) = try applyCropped(spec, to: image, around: box)
        XCTAssertEqual(covered, box)
        let r = spec.supportRadius(spacing: image.geometry.spacing)!
        let grown = IndexBox(lower: pointwiseMax(box.lower &- r, .zero), upper: pointwiseMin(box.upper &+ r, image.size &- 1))
        let full = PyRadiomicsFilters.log(FilterGrid(image.cropped(to: grown)), sigma: 1)
        let expected = FourierFilters.crop(full, margin: box.lower &- grown.lower, size: box.size)
        XCTAssertEqual(map.voxels, expected.data.map(Float.init))
        XCTAssertEqual(map.geometry, image.croppedGeometry(box))
    }

    /// The IBSI LoG computed only where a box needs it is the whole map cropped, bit for bit.
    func testIBSILoGOnKeptBoxIsTheWholeMapCroppedBitForBit() {
        let size = SIMD3(31, 27, 21)
        var rng = MorphologyTestRandom(seed: 13)
        let data = (0..<(size.x * size.y * size.z)).map { _ in Double(Int(rng.next() % 1400) - 1000) }
        let g = FilterGrid(size: size, spacing: SIMD3(0.7, 0.8, 1.5), data: data)
        let boxes = [IndexBox(lower: SIMD3(9, 7, 5), upper: SIMD3(20, 15, 11)), IndexBox(lower: .zero, upper: SIMD3(4, 26, 3))]
        for (dimension, mode) in [(FilterDimension.threeD, BoundaryMode.mirror), (.twoD, .zero), (.threeD, .nearest)] {
            let whole = LoGFilter.apply(g, sigma: 2, truncate: 4, dimension: dimension, mode: mode)
            for box in boxes {
                let part = LoGFilter.apply(g, sigma: 2, truncate: 4, dimension: dimension, mode: mode, keep: box)
                let expected = FourierFilters.crop(whole, margin: box.lower, size: box.size)
                XCTAssertEqual(part.data.map(\.bitPattern), expected.data.map(\.bitPattern), "\(dimension) \(mode) \(box)")
            }
        }
    }
}
