import Foundation
import Radiomics
import XCTest

/// `radiomics map` and `radiomics habitats` as a user runs them.
final class MapCLITests: XCTestCase {
    let image = CLI.fixtures + "/pyradiomics_maps/image.nii.gz"
    let mask = CLI.fixtures + "/pyradiomics_maps/mask.nii.gz"

    func testMapWritesOneFilePerFeatureNamedByColumn() throws {
        let dir = try CLI.temporaryFolder(for: self).appendingPathComponent("maps").path
        let r = try CLI.run(["map", image, mask, "--features", "stat_mean,cm_contrast_3D_avg", "--kernel-radius", "2mm", "-o", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["cm_contrast_3D_avg.nii.gz", "stat_mean.nii.gz"])
        let map = try NIfTIReader.read(dir + "/stat_mean.nii.gz")
        let roi = try NIfTIReader.read(mask)
        XCTAssertEqual(map.geometry.size, roi.geometry.size)
        for n in roi.voxels.indices { XCTAssertEqual(map.voxels[n].isNaN, roi.voxels[n] == 0, "voxel \(n)") }
    }

    func testMapPyRadiomicsKeysAndInitValue() throws {
        let dir = try CLI.temporaryFolder(for: self).path
        let r = try CLI.run(["map", image, mask, "--config", CLI.fixtures + "/pyradiomics_maps/params/unmasked_r2.yaml",
                             "--features", "original_firstorder_Mean", "-o", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let map = try NIfTIReader.read(dir + "/original_firstorder_Mean.nii.gz")
        XCTAssertEqual(map.voxels[0], -1)   // initValue
    }

    func testBadInputIsOneLineWithItsExitCode() throws {
        let tmp = try CLI.temporaryFolder(for: self)
        let file = tmp.appendingPathComponent("file").path
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let cases: [([String], Int32)] = [
            (["map", image, mask, "--kernel-radius", "two", "-o", tmp.path], 64),
            (["map", image, mask, "--features", "no_such_feature", "-o", tmp.path], 64),
            (["map", image, tmp.path + "/missing.nii.gz", "-o", tmp.path], 66),
            (["map", image, mask, "--features", "stat_mean", "-o", file], 73),
            (["habitats", image, mask, "--maps", "stat_mean", "--k", "0", "-o", tmp.path + "/h.nii.gz"], 64),
            (["habitats", image, mask, "--maps", "stat_mean", "--k", "2", "-o", tmp.path + "/h.csv"], 64),
        ]
        for (args, code) in cases {
            let r = try CLI.run(args)
            XCTAssertEqual(r.status, code, args.joined(separator: " ") + ": " + r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssert(r.stderr.hasPrefix("radiomics: error: "), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path + "/h.nii.gz"))
    }

    func testHabitatsWritesLabelsAndOneRowPerHabitat() throws {
        let tmp = try CLI.temporaryFolder(for: self)
        let out = tmp.appendingPathComponent("h.nii.gz").path, csv = tmp.appendingPathComponent("h.csv").path
        let r = try CLI.run(["habitats", image, mask, "--maps", "stat_mean,stat_var", "--k", "3", "-o", out, "--features", csv, "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let labels = try NIfTIReader.read(out), roi = try NIfTIReader.read(mask)
        XCTAssertEqual(Set(labels.voxels.indices.filter { roi.voxels[$0] != 0 }.map { labels.voxels[$0] }), [1, 2, 3])
        XCTAssert(labels.voxels.indices.filter { roi.voxels[$0] == 0 }.allSatisfy { labels.voxels[$0] == 0 })
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssert(lines[0].hasPrefix("image,mask,roi,"))
        XCTAssertEqual(lines.dropFirst().map { $0.split(separator: ",")[2] }, ["1", "2", "3"])
        // The same run again: the same labels, byte for byte.
        let again = tmp.appendingPathComponent("h2.nii.gz").path
        XCTAssertEqual(try CLI.run(["habitats", image, mask, "--maps", "stat_mean,stat_var", "--k", "3", "-o", again, "-q"]).status, 0)
        XCTAssertEqual(try NIfTIReader.read(again).voxels, labels.voxels)
    }
}
