import XCTest
@testable import Radiomics

/// The config's `regions:` section, and `RegionBuilder` on a small label map.
final class RegionConfigTests: XCTestCase {
    func parse(_ text: String) throws -> RunConfiguration { try ConfigFile.parse(text, file: "/cfg/r.yaml") }

    func error(_ text: String) -> String {
        do { _ = try parse(text); return "no error" } catch { return "\(error)" }
    }

    func testSectionParsesLabelsUnionsDifferencesAndRings() throws {
        let c = try parse("""
            regions:
              core: 1
              enhancing: [2, 3]
              peritumoral: {ring: [0, 5], of: 1, within: 4}
              oedema: {of: [1, 2, 3], minus: [2, 3], range: [-100, 200]}
              gtv: GTV-1
              body_ring: {ring: [-3, 0], of: GTV-1, within: {file: body.nii.gz}}
            """)
        let named = try XCTUnwrap(c.regions?.named)
        XCTAssertEqual(named.map(\.name), ["core", "enhancing", "peritumoral", "oedema", "gtv", "body_ring"])
        XCTAssertEqual(named[0].region, .roi("1"))
        XCTAssertEqual(named[1].region, .union([.roi("2"), .roi("3")]))
        XCTAssertEqual(named[2].region, .intersection(.ring(Ring(lower: 0, upper: 5, of: .roi("1"))), .roi("4")))
        XCTAssertEqual(named[3].region, .difference(.intersection(.union([.roi("1"), .roi("2"), .roi("3")]), .intensity(lower: -100, upper: 200)),
                                                    .union([.roi("2"), .roi("3")])))
        XCTAssertEqual(named[4].region, .roi("GTV-1"))
        XCTAssertEqual(named[5].region, .intersection(.ring(Ring(lower: -3, upper: 0, of: .roi("GTV-1"))), .file("/cfg/body.nii.gz")))
    }

    func testDumpedConfigReadsBackToTheSameRegions() throws {
        let c = try parse("""
            regions:
              core: 1
              enhancing: [2, 3]
              oedema: {of: [1, 2, 3], minus: [2, 3], range: [-100, 200]}
              body_ring: {ring: [-3, 0.5], of: GTV-1, within: {file: body.nii.gz}}
            """)
        XCTAssertEqual(try parse(c.yaml).regions, c.regions)
    }

    func testBadSectionsNameTheKey() {
        XCTAssertTrue(error("regions:\n  peri: {ring: [0, 5], of: 1, whithin: 4}\n").contains("unknown key 'regions.peri.whithin'"))
        XCTAssertTrue(error("regions:\n  peri: {ring: [5, 0], of: 1}\n").contains("'regions.peri.ring': the lower distance 5 must be below the upper 0"))
        XCTAssertTrue(error("regions:\n  peri: {ring: [0, 5]}\n").contains("'regions.peri.of' is required"))
        XCTAssertTrue(error("regions:\n  peri: {ring: [0], of: 1}\n").contains("'regions.peri.ring' must be [lower, upper]"))
        XCTAssertTrue(error("regions:\n  'a,b': 1\n").contains("region name 'a,b'"))
        XCTAssertTrue(error("regions: {}\n").contains("'regions' names no region"))
        XCTAssertTrue(error("regions:\n  x: []\n").contains("'regions.x' is an empty list"))
        XCTAssertTrue(error("regions:\n  x: {file: a.nii, of: 1}\n").contains("stands alone"))
    }

    func testRingBoundsFromTheCommandLine() throws {
        XCTAssertEqual(try Ring.bounds("-3:0"), RingBounds(lower: -3, upper: 0))
        XCTAssertEqual(try Ring.bounds("0:5").suffix, "ring0:5")
        for bad in ["5:0", "2:2", "0-5", "a:b", "1:2:3", "0:inf"] {
            XCTAssertThrowsError(try Ring.bounds(bad)) { XCTAssertEqual(($0 as? RadiomicsError)?.kind, .usage, bad) }
        }
    }

    /// A 6×6×3 label map: 1 in the middle, 2 beside it, 4 the "body" (left half).
    func writeCase() throws -> (image: String, mask: String, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regions-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let g = Geometry(size: SIMD3(6, 6, 3), spacing: SIMD3(1, 1, 2))
        var labels = ImageVolume(geometry: g, repeating: 0)
        var image = ImageVolume(geometry: g, repeating: 0)
        for k in 0..<3 { for j in 0..<6 { for i in 0..<6 {
            image[i, j, k] = Float(i * 10 + j)
            if i < 3 { labels[i, j, k] = 4 }
        } } }
        labels[2, 2, 1] = 1; labels[3, 2, 1] = 1
        labels[4, 4, 1] = 2
        let imagePath = dir.appendingPathComponent("image.nii").path, maskPath = dir.appendingPathComponent("labels.nii").path
        try NIfTIWriter.write(image, to: imagePath)
        try NIfTIWriter.write(labels, to: maskPath)
        return (imagePath, maskPath, dir)
    }

    func testBuilderEvaluatesNamedRegions() throws {
        let (imagePath, maskPath, _) = try writeCase()
        let image = try ImageIO.readImage(imagePath)
        var builder = RegionBuilder(image: image, imagePath: imagePath, maskPath: maskPath)
        var plan = RegionPlan()
        plan.named = [
            .init(name: "core", region: .roi("1")),
            .init(name: "both", region: .union([.roi("1"), .roi("2")])),
            .init(name: "ring", region: .ring(Ring(lower: 0, upper: 1, of: .roi("1")))),
            .init(name: "ring_body", region: .intersection(.ring(Ring(lower: 0, upper: 1, of: .roi("1"))), .roi("4"))),
            .init(name: "ring_bright", region: .intersection(.ring(Ring(lower: 0, upper: 1, of: .roi("1"))), .intensity(lower: 30, upper: 100))),
        ]
        let masks = try builder.apply(plan, to: [])
        XCTAssertEqual(masks.map(\.name), ["core", "both", "ring", "ring_body", "ring_bright"])
        XCTAssertEqual(masks.map(\.mask.count), [2, 3, 6, 3, 3])   // in-plane 6 neighbours; z is 2 mm away
        // The ring computed through the builder equals the library's ring of the label.
        plan = RegionPlan()
        plan.ring = RingBounds(lower: 0, upper: 2)
        plan.ringWithin = .roi("4")
        let ring = try builder.apply(plan, to: [NamedMask(name: "1", label: 1, mask: masks[0].mask)])
        XCTAssertEqual(ring.map(\.name), ["1.ring0:2"])
        let expected = RegionBuilder.combine(RegionBuilder.ring(of: masks[0].mask, RingBounds(lower: 0, upper: 2)), try builder.mask(.roi("4"))) { $0 & $1 }
        XCTAssertEqual(ring[0].mask.voxels, expected.voxels)
    }

    func testUnknownLabelIsAUsageErrorNamingRegionAndLabel() throws {
        let (imagePath, maskPath, _) = try writeCase()
        var builder = RegionBuilder(image: try ImageIO.readImage(imagePath), imagePath: imagePath, maskPath: maskPath)
        var plan = RegionPlan()
        plan.named = [.init(name: "core", region: .union([.roi("1"), .roi("7")]))]
        XCTAssertThrowsError(try builder.apply(plan, to: [])) { e in
            let error = e as? RadiomicsError
            XCTAssertEqual(error?.kind, .usage)
            XCTAssertEqual(error?.message, "region 'core': label 7 is absent (labels present: 1, 2, 4)")
        }
    }
}
