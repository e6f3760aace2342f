import Foundation
import XCTest

/// Package.swift lists the fuzz harnesses by name (a folder listing would be cached with the
/// evaluated manifest and go stale); every Sources/Fuzz<Name>/ folder must be on that list, and
/// the list must name no missing folder, or `make fuzz-build` fails with "no product named".
final class FuzzHarnessListTests: XCTestCase {
    func testPackageListsEveryHarnessFolder() throws {
        let root = URL(fileURLWithPath: FixturePath.root).deletingLastPathComponent()
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { $0.hasPrefix("Fuzz") }.sorted()
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let listed = manifest.split(separator: "\n")
            .compactMap { line -> String? in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("\"Fuzz"), let end = t.dropFirst().firstIndex(of: "\"") else { return nil }
                return String(t[t.index(after: t.startIndex)..<end])
            }.sorted()
        XCTAssertFalse(folders.isEmpty)
        XCTAssertEqual(listed, folders, "Package.swift's fuzzHarnesses and the Sources/Fuzz* folders differ")
    }
}
