import Foundation
import XCTest
@testable import Radiomics

final class AtomicFileSetTests: XCTestCase {
    private func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("afs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    private func contents(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    func testStagedFilesAppearOnlyAtCommitWithTheirBytes() throws {
        let dir = try folder()
        // More files than flushing threads, and one replacing an existing file.
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/f3.bin"))
        var staged: [AtomicFileSet.Staged] = []
        for i in 0..<40 { staged.append(try AtomicFileSet.stage(Data(repeating: UInt8(i), count: 1000 + i), for: "\(dir)/f\(i).bin")) }
        XCTAssertEqual(try contents(dir).filter { !$0.hasPrefix(".") }, ["f3.bin"], "nothing but the old file before commit")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/f3.bin")), Data("old".utf8))
        try AtomicFileSet.commit(staged)
        XCTAssertEqual(try contents(dir).count, 40, "no temporary file is left")
        for i in 0..<40 {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/f\(i).bin")), Data(repeating: UInt8(i), count: 1000 + i))
        }
    }

    func testStageInAMissingFolderNamesTheFile() throws {
        let dir = try folder()
        assertRadiomicsError(.output, "\(dir)/missing/a.nii.gz", ["cannot be written"]) {
            _ = try AtomicFileSet.stage(Data([1, 2, 3]), for: "\(dir)/missing/a.nii.gz")
        }
    }

    func testAFailedCommitLeavesNoFile() throws {
        let dir = try folder()
        let staged = try (0..<5).map { try AtomicFileSet.stage(Data([UInt8($0)]), for: "\(dir)/m\($0).nii.gz") }
        // A temporary file that vanished before the flush (another process cleaned the folder).
        unlink(staged[2].temporary)
        assertRadiomicsError(.output, "\(dir)/m2.nii.gz", ["cannot be written", "No such file"]) {
            try AtomicFileSet.commit(staged)
        }
        XCTAssertEqual(try contents(dir), [], "every staged file removed, none renamed")
    }

    func testDiscardRemovesTheTemporaryFiles() throws {
        let dir = try folder()
        let staged = try (0..<3).map { try AtomicFileSet.stage(Data([UInt8($0)]), for: "\(dir)/d\($0).bin") }
        XCTAssertEqual(try contents(dir).count, 3)
        AtomicFileSet.discard(staged)
        XCTAssertEqual(try contents(dir), [])
    }
}
