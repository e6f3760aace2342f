import Foundation
import XCTest
@testable import Radiomics

/// The seeds of the DICOM SEG and detached-NRRD fuzz harnesses (Fixtures/fuzz/DICOMSeg,
/// Fixtures/fuzz/NRRDDetached), replayed the way the harnesses read them: each is read, or
/// refused with one line naming the file (no trap, no read of a device). A header may name a data
/// file anywhere (`../../etc/passwd`, as NRRD allows paths): it is read as data and refused by size.
final class NewHarnessSeedTests: XCTestCase {
    func seeds(_ harness: String) throws -> [String] {
        let dir = FixturePath.path("fuzz/" + harness)
        return try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { dir + "/" + $0 }
    }

    func testDetachedNRRDSeedsReadOrGiveOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nhdr-seeds-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["detached_gzip.raw.gz", "detached_raw_bigendian.raw"] {
            try FileManager.default.copyItem(atPath: FixturePath.path("generated/nrrd/" + name), toPath: dir.appendingPathComponent(name).path)
        }
        var outcomes: [String: String] = [:]
        for seed in try seeds("NRRDDetached") {
            let name = (seed as NSString).lastPathComponent
            let header = dir.appendingPathComponent("input.nhdr").path
            try? FileManager.default.removeItem(atPath: header)
            try FileManager.default.copyItem(atPath: seed, toPath: header)
            do {
                let v = try NRRDReader.read(header, volumeIndex: nil, limits: ReadLimits(maxVoxels: 1 << 20))
                outcomes[name] = "read \(v.size)"
            } catch {
                XCTAssertTrue(error.description.hasPrefix(dir.path) || error.description.hasPrefix("/dev/zero: "), "\(name): \(error)")
                XCTAssertFalse(error.description.contains("\n"), "\(name): one line: \(error)")
                outcomes[name] = "\(error.kind): \(error.message)"
            }
        }
        for (k, v) in outcomes.sorted(by: { $0.key < $1.key }) { print("  \(k): \(v)") }
        XCTAssertTrue(outcomes["detached_gzip.nhdr"]?.hasPrefix("read") ?? false, "\(outcomes)")
        XCTAssertTrue(outcomes["detached_raw_bigendian.nhdr"]?.hasPrefix("read") ?? false, "\(outcomes)")
        for refused in ["devzero.nhdr", "list.nhdr", "pattern.nhdr", "self.nhdr", "parent.nhdr"] {
            XCTAssertFalse(outcomes[refused]?.hasPrefix("read") ?? true, "\(refused): \(outcomes[refused] ?? "absent")")
        }
    }

    func testDICOMSegSeedsAreReadOnTheirSeries() throws {
        let grid = try ImageIO.readImage(FixturePath.path("generated/dicom/explicit_le")).geometry
        for seed in try seeds("DICOMSeg") {
            let all = try MaskIO.readMasks(seed, image: grid, selection: .all)
            XCTAssertFalse(all.isEmpty, seed)
            XCTAssertEqual(try MaskIO.readMasks(seed, image: grid, selection: .roi("1")).count, 1, seed)
        }
    }
}
