import Foundation
import XCTest
@testable import Radiomics

/// Every reader against what SimpleITK reads from the generated fixtures (expected.json).
final class ReaderConformanceTests: XCTestCase {
    func testEveryImageMatchesSimpleITK() throws {
        let expected = try GeneratedExpectations.load()
        XCTAssertGreaterThan(expected.images.count, 40)
        for e in expected.images {
            let path = FixturePath.path("generated/" + e.file)
            let options = ReadOptions(series: e.series.flatMap { $0.isEmpty ? nil : $0 })
            let image: ImageVolume
            do { image = try ImageIO.readImage(path, options: options) } catch {
                XCTFail("\(e.file): \(error)")
                continue
            }
            let g = image.geometry
            XCTAssertEqual([g.size.x, g.size.y, g.size.z], e.size, e.file)
            guard [g.size.x, g.size.y, g.size.z] == e.size else { continue }
            for a in 0..<3 {
                XCTAssertEqual(g.spacing[a], e.spacing[a], accuracy: 1e-4, "\(e.file) spacing")
                XCTAssertEqual(g.origin[a], e.origin[a], accuracy: 1e-4, "\(e.file) origin")
            }
            for n in 0..<9 { XCTAssertEqual(g.direction[n], e.direction[n], accuracy: 1e-5, "\(e.file) direction \(g.direction) vs \(e.direction)") }
            for s in e.samples {
                let v = Double(image[Int(s[0]), Int(s[1]), Int(s[2])])
                XCTAssertEqual(v, s[3], accuracy: 1e-6 * Swift.max(1, Swift.abs(s[3])), "\(e.file) voxel \(s[0...2])")
            }
            var sum = 0.0, weighted = 0.0, magnitude = 0.0
            for (n, v) in image.voxels.enumerated() {
                sum += Double(v)
                weighted += Double(v) * Double(n % 7 + 1)
                magnitude += Swift.abs(Double(v)) * 7
            }
            XCTAssertEqual(sum, e.sum, accuracy: 1e-6 * Swift.max(1, magnitude), "\(e.file) sum")
            XCTAssertEqual(weighted, e.weighted_sum, accuracy: 1e-6 * Swift.max(1, magnitude), "\(e.file) weighted sum (voxel order)")
        }
    }

    func testRTStructAndSEGMasksMatchTheDrawnShapes() throws {
        let expected = try GeneratedExpectations.load()
        XCTAssertGreaterThanOrEqual(expected.masks.count, 5)
        for e in expected.masks {
            let image = try ImageIO.readImage(FixturePath.path("generated/" + e.image))
            let masks = try MaskIO.readMasks(FixturePath.path("generated/" + e.mask), image: image.geometry, selection: .roi(e.roi))
            XCTAssertEqual(masks.count, 1)
            let got = masks[0].mask.voxels.indices.filter { masks[0].mask.voxels[$0] != 0 }
            XCTAssertEqual(got, e.voxels, "\(e.mask) ROI \(e.roi)")
            if let segment = e.segment {
                let byNumber = try MaskIO.readMasks(FixturePath.path("generated/" + e.mask), image: image.geometry, selection: .label(segment))
                XCTAssertEqual(byNumber[0].mask.voxels, masks[0].mask.voxels, "\(e.mask) segment \(segment) by number")
            }
        }
    }

    func testEveryBadFixtureGivesItsError() throws {
        let expected = try GeneratedExpectations.load()
        for e in expected.errors {
            let path = FixturePath.path("generated/" + e.file)
            XCTAssertThrowsError(try {
                if let image = e.image {
                    let g = try ImageIO.readImage(FixturePath.path("generated/" + image)).geometry
                    _ = try MaskIO.readMasks(path, image: g, selection: e.roi.map { .roi($0) } ?? .automatic)
                } else {
                    _ = try ImageIO.readImage(path)
                }
            }(), e.file) { error in
                guard let r = error as? RadiomicsError else { return XCTFail("\(e.file): not a RadiomicsError: \(error)") }
                XCTAssertEqual("\(r.kind)", e.kind, "\(e.file): \(r)")
                // A folder's error may name the slice at fault, inside the folder.
                XCTAssertTrue(r.description.hasPrefix(path), "\(e.file): the message must start with the file: \(r)")
                XCTAssertFalse(r.description.contains("\n"), "\(e.file): one line: \(r)")
                for s in e.contains { XCTAssertTrue(r.description.contains(s), "\(e.file): '\(s)' missing from: \(r)") }
            }
        }
    }
}
