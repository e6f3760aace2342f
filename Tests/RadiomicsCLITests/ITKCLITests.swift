import Foundation
import Radiomics
import XCTest

/// The ITK shim from the command line: a MetaImage gives the NIfTI copy's table, `filter --filter
/// n4` agrees with SimpleITK, and runs that need no ITK step never load it.
final class ITKCLITests: XCTestCase {
    let formats = CLI.fixtures + "/itk/formats"
    let n4 = CLI.fixtures + "/itk/n4"

    func table(_ csv: String) -> [String: String] {
        var rows: [String: String] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            rows[String(cells[cells.count - 2])] = String(cells[cells.count - 1])
        }
        return rows
    }

    func testMetaImageGivesTheTableOfItsNIfTICopy() throws {
        let mask = formats + "/oblique_mask.nii.gz"
        let mha = try CLI.run(["extract", formats + "/oblique.mha", mask, "--format", "long"])
        let nii = try CLI.run(["extract", formats + "/oblique.nii.gz", mask, "--format", "long"])
        XCTAssertEqual(mha.status, 0, mha.stderr)
        XCTAssertEqual(nii.status, 0, nii.stderr)
        let a = table(mha.stdout), b = table(nii.stdout)
        XCTAssertGreaterThan(a.count, 250)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        // NIfTI stores an oblique grid's spacing through float32 header fields (the MetaImage as
        // decimal text), so the spacing echoes and the distance-weighted features (Moran's I,
        // Geary's C) differ in the 8th digit; every other value is identical.
        let differing = a.filter { $0.value != b[$0.key] }
        XCTAssertLessThanOrEqual(differing.count, 10, "\(differing.keys.sorted())")
        for (feature, value) in differing {
            guard let x = Double(value), let y = Double(b[feature] ?? "") else { XCTFail("\(feature): \(value)"); continue }
            XCTAssertEqual(x, y, accuracy: 1e-7 * abs(x), feature)
        }
    }

    func testN4FilterAgreesWithSimpleITK() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("n4-\(UUID()).nii.gz").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["filter", n4 + "/mr.nii.gz", "--filter", "n4", "--mask", n4 + "/head.nii.gz", "--shrink", "2",
                             "--iterations", "50,50,30,20", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let ours = try ImageIO.readImage(out), expected = try ImageIO.readImage(n4 + "/mr_n4_mask_shrink2.nii.gz")
        let head = try ImageIO.readImage(n4 + "/head.nii.gz")
        XCTAssertEqual(ours.geometry, expected.geometry)
        var n = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
        for i in head.voxels.indices where head.voxels[i] != 0 {
            let x = Double(ours.voxels[i]), y = Double(expected.voxels[i])
            n += 1; sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y
        }
        let r2 = (sab - sa * sb / n) / ((saa - sa * sa / n) * (sbb - sb * sb / n)).squareRoot()
        XCTAssertGreaterThanOrEqual(r2, 0.999)
    }

    func testN4OptionsAreValidatedAsUsageErrors() throws {
        for (options, message) in [(["--iterations", "50,x"], "--iterations must be integers"),
                                   (["--shrink", "0"], "shrink factor must be 1…16")] {
            let r = try CLI.run(["filter", n4 + "/mr.nii.gz", "--filter", "n4", "-o", "/tmp/unused.nii"] + options)
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    /// The dynamic loader's own record (LD_DEBUG=libs): ITK's libraries are loaded for a
    /// MetaImage and not for a NIfTI extraction.
    func testITKIsLoadedOnlyWhenAnITKStepIsAskedFor() throws {
        let mask = formats + "/oblique_mask.nii.gz"
        let nifti = try CLI.run(["extract", formats + "/oblique.nii.gz", mask], environment: ["LD_DEBUG": "libs"])
        XCTAssertEqual(nifti.status, 0)
        XCTAssertFalse(nifti.stderr.contains("libITKCommon"), "a NIfTI extraction loaded ITK")
        XCTAssertFalse(nifti.stderr.contains("libCITK"))
        let mha = try CLI.run(["extract", formats + "/oblique.mha", mask], environment: ["LD_DEBUG": "libs"])
        XCTAssertEqual(mha.status, 0)
        XCTAssertTrue(mha.stderr.contains("libCITK.so"))
        XCTAssertTrue(mha.stderr.contains("libITKCommon-5.2.so"))
    }

    func testAMissingShimIsOneLineNamingWhereItWasLookedFor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("noshim-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("radiomics")
        try FileManager.default.copyItem(at: CLI.binary, to: copy)
        let r = try CLI.run(["extract", formats + "/oblique.mha", formats + "/oblique_mask.nii.gz"], executable: copy)
        XCTAssertEqual(r.status, 70, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("libCITK.so") && r.stderr.contains(dir.path), r.stderr)
    }
}
