import XCTest
@testable import Radiomics

/// Every toleranced IBSI 1 texture row (GLCM, GLRLM, GLSZM, GLDZM, NGTDM, NGLDM), matched by the
/// official rule.
final class TextureConformanceTests: XCTestCase {
    static let textureFamilies: Set<ExtractionSettings.Family> = [.glcm, .glrlm, .glszm, .gldzm, .ngtdm, .ngldm]

    static func isTexture(_ family: String) -> Bool {
        ["Co-occurrence", "Run length", "Size zone", "Distance zone", "Neighbourhood grey tone", "Neighbouring grey level"]
            .contains { family.hasPrefix($0) }
    }

    private func check(_ features: [Feature], table: String, expectedRows: Int,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let rows = try IBSIReference.load(FixturePath.path("ibsi/reference_values/ibsi1/" + table))
        let report = IBSIConformanceReport.evaluate(features, against: rows, familyFilter: Self.isTexture)
        print(report.summary)
        print("\(report.dataset) | texture: \(report.matched)/\(report.total)")
        for miss in report.misses { print("MISS \(miss)") }
        XCTAssertEqual(report.total, expectedRows, "toleranced texture rows in \(table)", file: file, line: line)
        XCTAssertTrue(report.passed, "\(report.misses.count) texture rows missed in \(table)", file: file, line: line)
    }

    func testDigitalPhantomEveryAggregation() throws {
        let image = try NIfTIReader.read(FixturePath.digitalImage)
        let mask = try MaskIO.readMasks(FixturePath.digitalMask, image: image.geometry, selection: .automatic)[0].mask
        var settings = ExtractionSettings()
        settings.discretisation = .none
        settings.textureDimension = .all
        settings.families = Self.textureFamilies
        let features = try Extractor.extract(image: image, mask: mask, settings: settings)
        // 6 × (25 + 16) GLCM/GLRLM rows, 3 × (16 + 16 + 5 + 17) zone/neighbourhood rows.
        try check(features, table: "ibsi1_digital_phantom.csv", expectedRows: 408)
    }

    /// Configuration A: NIfTI CT phantom rounded to integers, no interpolation, re-segmented to
    /// [−500, 400] HU, fixed bin size 25 HU from −500, 2D aggregations.
    func testConfigurationA() throws {
        let image = try NIfTIReader.read(FixturePath.ctImage)
        let mask = try MaskIO.readMasks(FixturePath.ctMask, image: image.geometry, selection: .automatic)[0].mask
        var settings = ExtractionSettings()
        settings.roundInitialIntensities = true
        settings.resegmentationLower = -500
        settings.resegmentationUpper = 400
        settings.discretisation = .fixedBinSize(25, lowerBound: -500)
        settings.textureDimension = .twoD
        settings.families = Self.textureFamilies
        let features = try Extractor.extract(image: image, mask: mask, settings: settings)
        try check(features, table: "ibsi1_config_A.csv", expectedRows: 272)
    }

    /// IBSI-mode `gldm_*` (no IBSI reference exists) against pyradiomics-bhklab 3.1.4's own GLDM
    /// values on the committed fixtures (Fixtures/pyradiomics/expected): 3D on every case of
    /// `original_bw25`, in-plane (`.twoD`, pyradiomics `force2D`) on every case of `force2d`.
    /// pyradiomics bins with edges on multiples of the bin width, so the IBSI fixed bin size is
    /// given the lower bound min − (min mod 25): the same grey levels from an independent binning.
    func testGLDMFeaturesMatchPyRadiomics() throws {
        let root = PyRadiomicsAgreementTests.root
        for (table, dimension) in [("original_bw25", ExtractionSettings.TextureDimension.threeD), ("force2d", .twoD)] {
            let rows = try PyRadiomicsAgreementTests.readCSV("\(root)/expected/\(table).csv")
            XCTAssertGreaterThanOrEqual(rows.count, 2, table)
            for row in rows {
                let case_ = try XCTUnwrap(row["Case"])
                let image = try NIfTIReader.read("\(root)/\(try XCTUnwrap(row["Image"]))")
                let mask = try MaskIO.readMasks("\(root)/\(try XCTUnwrap(row["Mask"]))", image: image.geometry, selection: .label(1))[0].mask
                let lowest = Double(mask.voxels.indices.filter { mask.voxels[$0] != 0 }.map { image.voxels[$0] }.min()!)
                var settings = ExtractionSettings()
                settings.discretisation = .fixedBinSize(25, lowerBound: lowest - PyRadiomicsBinning.pyMod(lowest, 25))
                settings.textureDimension = dimension
                settings.families = [.gldm]
                let features = try Extractor.extract(image: image, mask: mask, settings: settings)
                XCTAssertEqual(features.count, GLDMFeatures.names.count, "\(table)/\(case_)")
                for f in features {
                    let column = "original_" + f.tag
                    let want = try XCTUnwrap(row[column].flatMap(Double.init), "\(table)/\(case_): no pyradiomics column \(column)")
                    XCTAssertEqual(f.value, want, accuracy: 1e-9 * Swift.max(1, Swift.abs(want)), "\(table)/\(case_) \(f.tag)")
                }
            }
        }
    }
}

/// Matrix building runs on several threads; the numbers must not depend on it.
final class TextureDeterminismTests: XCTestCase {
    func testRepeatedExtractionIsBitIdentical() {
        var (roi, _) = SyntheticTexture.syntheticROI(size: SIMD3(40, 36, 24))
        roi.settings.textureDimension = .all
        for family in SyntheticTexture.families {
            let a = FamilyRegistry.features(family, roi), b = FamilyRegistry.features(family, roi)
            XCTAssertFalse(a.isEmpty, family.rawValue)
            XCTAssertEqual(a.map(\.tag), b.map(\.tag), family.rawValue)
            XCTAssertEqual(a.map(\.value.bitPattern), b.map(\.value.bitPattern), family.rawValue)
            XCTAssertFalse(a.contains { $0.value.isNaN }, "\(family.rawValue): NaN on a large textured ROI")
        }
    }
}

extension TextureDeterminismTests {
    /// 3D zones are flood-filled in slabs and joined across slab boundaries: any partition
    /// must give the same GLSZM and GLDZM as one sequential fill.
    func testZonesDoNotDependOnSlabPartition() {
        let (roi, _) = SyntheticTexture.syntheticROI(size: SIMD3(30, 28, 19))
        let grid = TextureGrid(roi, padding: 1)
        let distances = Zones.distanceMap(grid, planar: false)
        func matrices(_ slabs: Int) -> (LevelMatrix, LevelMatrix) {
            let zones = Zones.find(grid, z: nil, distances: distances, slabs: slabs)
            return (LevelMatrix(entries: zones.map { ($0.level, $0.size) }, levelCount: grid.levelCount, voxelCount: grid.voxelCount),
                    LevelMatrix(entries: zones.map { ($0.level, $0.distance) }, levelCount: grid.levelCount, voxelCount: grid.voxelCount))
        }
        let reference = matrices(1)
        XCTAssertEqual(reference.0.cells.reduce(0) { $0 + $1.i * 0 + $1.j * $1.n }, grid.voxelCount, "zone sizes add up to N_v")
        for slabs in [2, 3, 7, 19] {
            let m = matrices(slabs)
            XCTAssertEqual(m.0, reference.0, "GLSZM with \(slabs) slabs")
            XCTAssertEqual(m.1, reference.1, "GLDZM with \(slabs) slabs")
        }
    }
}

final class TextureAggregationSelectionTests: XCTestCase {
    /// `.twoD` → the 2D and 2.5D forms, `.threeD` → 3D, `.all` → every form; every feature of every family.
    func testTextureDimensionSelectsAggregations() {
        var (roi, _) = SyntheticTexture.syntheticROI(size: SIMD3(20, 18, 8))
        let perFamily: [ExtractionSettings.Family: (features: Int, directional: Bool)] = [
            .glcm: (25, true), .glrlm: (16, true), .glszm: (16, false), .gldzm: (16, false), .ngtdm: (5, false), .ngldm: (17, false),
        ]
        let suffixes: [ExtractionSettings.TextureDimension: (directional: [String], planar: [String])] = [
            .twoD: (["_2D_avg", "_2D_comb", "_2_5D_avg", "_2_5D_comb"], ["_2D", "_2_5D"]),
            .threeD: (["_3D_avg", "_3D_comb"], ["_3D"]),
            .all: (["_2D_avg", "_2D_comb", "_2_5D_avg", "_2_5D_comb", "_3D_avg", "_3D_comb"], ["_2D", "_2_5D", "_3D"]),
        ]
        for (dimension, expected) in suffixes {
            roi.settings.textureDimension = dimension
            for (family, shape) in perFamily {
                let tags = FamilyRegistry.features(family, roi).map(\.tag)
                let wanted = shape.directional ? expected.directional : expected.planar
                XCTAssertEqual(tags.count, shape.features * wanted.count, "\(family.rawValue) \(dimension.rawValue)")
                for suffix in wanted {
                    XCTAssertEqual(tags.filter { $0.hasSuffix(suffix) && !$0.hasSuffix("_2" + suffix) }.count, shape.features,
                                   "\(family.rawValue) \(suffix)")
                }
            }
            let gldm = FamilyRegistry.features(.gldm, roi)
            XCTAssertEqual(gldm.count, 14)
            XCTAssertTrue(gldm.allSatisfy { $0.tag.hasPrefix("gldm_") && $0.value.isFinite })
        }
    }
}
