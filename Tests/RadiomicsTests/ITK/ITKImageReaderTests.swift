import Foundation
import XCTest
@testable import Radiomics

/// Formats read through the ITK shim against SimpleITK's readings of the same files
/// (Fixtures/itk/formats.json, Scripts/make_itk_fixtures.py) and their NIfTI copies.
final class ITKImageReaderTests: XCTestCase {
    struct Expected: Decodable {
        var file: String
        var size: [Int]
        var spacing: [Double]
        var origin: [Double]
        var direction: [Double]
        var sum: Double
        var sum_of_squares: Double
    }

    func expectations() throws -> [Expected] {
        struct File: Decodable { var images: [Expected] }
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePath.path("itk/formats.json")))
        return try JSONDecoder().decode(File.self, from: data).images
    }

    func testEveryITKFormatGivesSimpleITKGeometryAndTheNIfTICopysVoxels() throws {
        let all = try expectations()
        let itkFiles = all.filter { !$0.file.hasSuffix(".nii.gz") }
        XCTAssertEqual(Set(itkFiles.map { URL(fileURLWithPath: $0.file).pathExtension }), ["mha", "mhd", "vtk", "gipl", "mnc", "mrc", "hdr"])
        for e in itkFiles {
            let path = FixturePath.root + "/" + e.file.replacingOccurrences(of: "Fixtures/", with: "")
            XCTAssertEqual(try FileFormat.detect(path), .itk, e.file)
            let image = try ImageIO.readImage(path)
            let g = image.geometry
            XCTAssertEqual([g.size.x, g.size.y, g.size.z], e.size, e.file)
            for a in 0..<3 {
                XCTAssertEqual(g.spacing[a], e.spacing[a], accuracy: 1e-9, e.file)
                XCTAssertEqual(g.origin[a], e.origin[a], accuracy: 1e-6, e.file)
            }
            for (ours, theirs) in zip(g.direction, e.direction) { XCTAssertEqual(ours, theirs, accuracy: 1e-6, e.file) }
            let sum = image.voxels.reduce(0.0) { $0 + Double($1) }
            let squares = image.voxels.reduce(0.0) { $0 + Double($1) * Double($1) }
            XCTAssertEqual(sum, e.sum, e.file)
            XCTAssertEqual(squares, e.sum_of_squares, e.file)
            // The NIfTI copy (read by radiomics' own reader) has the same voxels and grid.
            let stem = URL(fileURLWithPath: path).lastPathComponent.hasPrefix("oblique") ? "oblique" : "aligned"
            let nifti = try ImageIO.readImage(FixturePath.path("itk/formats/\(stem).nii.gz"))
            XCTAssertEqual(image.voxels.count, nifti.voxels.count, e.file)
            XCTAssertEqual(zip(image.voxels, nifti.voxels).filter { $0 != $1 }.count, 0, "voxels differ from the NIfTI copy: \(e.file)")
            // Analyze 7.5 has no origin or direction (ITK reads the origin as 0, like SimpleITK).
            if !path.hasSuffix(".hdr") {
                XCTAssertNil(g.mismatch(with: nifti.geometry, lengthTolerance: 1e-5, directionTolerance: 1e-6), e.file)
            }
        }
    }

    func testMetaImageHeaderWithoutElementDataFileIsRefusedNamingTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("noelement-\(UUID()).mha").path
        try Data("ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementType = MET_SHORT\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try ImageIO.readImage(path)) { error in
            let e = error as! RadiomicsError
            XCTAssertEqual(e.exitCode, 65)
            XCTAssertEqual(e.file, path)
            XCTAssertTrue(e.message.contains("ElementDataFile"), e.message)
        }
    }

    func testHeaderIsCheckedAgainstTheVoxelLimitBeforeReading() throws {
        let path = FixturePath.path("itk/formats/oblique.mha")
        XCTAssertThrowsError(try ImageIO.readImage(path, options: ReadOptions(limits: ReadLimits(maxVoxels: 1000)))) { error in
            let e = error as! RadiomicsError
            XCTAssertEqual(e.exitCode, 65)
            XCTAssertTrue(e.message.contains("13×11×9 voxels exceed the limit of 1000"), e.message)
        }
    }

    func testMetaImageWhoseDataFileIsShortIsABadInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("short-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementType = MET_SHORT\nElementDataFile = data.raw\n"
        try Data(header.utf8).write(to: dir.appendingPathComponent("short.mhd"))
        try Data(count: 10).write(to: dir.appendingPathComponent("data.raw"))
        XCTAssertThrowsError(try ImageIO.readImage(dir.appendingPathComponent("short.mhd").path)) { error in
            XCTAssertEqual((error as! RadiomicsError).exitCode, 65, "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("MetaImage data hold 10 bytes, the header announces 128"), "\(error)")
        }
    }
}
