import XCTest
@testable import Radiomics

/// uint8 label maps are read as bytes (`NIfTIReader.readLabelMap`): the same masks and the
/// same errors as through 4-byte floats, with a quarter of the memory.
final class LabelMapBytesTests: XCTestCase {
    func testBytesAndFloatsGiveTheSameMasks() throws {
        var labels = ImageVolume(geometry: Geometry(size: SIMD3(40, 30, 7), spacing: SIMD3(0.7, 0.8, 2)), repeating: 0)
        for n in labels.voxels.indices where n % 7 == 0 { labels.voxels[n] = Float(n % 3 + 1) }
        labels.voxels[labels.voxels.count - 1] = 200
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("radiomics-labels-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, type) in [("u8.nii.gz", NIfTIWriter.DataType.uint8), ("u8.nii", .uint8), ("i16.nii.gz", .int16)] {
            let path = dir.appendingPathComponent(name).path
            try NIfTIWriter.write(labels, to: path, datatype: type)
            let map = try NIfTIReader.readLabelMap(path)
            let read = try NIfTIReader.read(path)
            switch (map, type) {
            case (.bytes, .uint8), (.floats, .int16): break
            default: XCTFail("\(name): \(map)")
            }
            for selection in [ROISelection.all, .automatic, .label(2), .label(200), .roi("3")] {
                let ours = try MaskIO.readMasks(path, image: read.geometry, selection: selection)
                let floats = try MaskIO.selectLabels(read, selection: selection, file: path)
                XCTAssertEqual(ours.map(\.name), floats.map(\.name), name)
                XCTAssertEqual(ours.map(\.mask.voxels), floats.map(\.mask.voxels), name)
                XCTAssertEqual(ours.map(\.mask.geometry), floats.map(\.mask.geometry), name)
            }
            for selection in [ROISelection.label(9), .roi("GTV")] {
                var ours = "", floats = ""
                do { _ = try MaskIO.readMasks(path, image: read.geometry, selection: selection) } catch { ours = "\(error)" }
                do { _ = try MaskIO.selectLabels(read, selection: selection, file: path) } catch { floats = "\(error)" }
                XCTAssertFalse(ours.isEmpty, "\(name) \(selection)")
                XCTAssertEqual(ours, floats, name)
            }
        }
        // A binary map is its own mask.
        var binary = labels
        binary.voxels = binary.voxels.map { $0 != 0 ? 1 : 0 }
        let path = dir.appendingPathComponent("binary.nii.gz").path
        try NIfTIWriter.write(binary, to: path, datatype: .uint8)
        let mask = try XCTUnwrap(try MaskIO.readMasks(path, image: binary.geometry, selection: .automatic).first)
        XCTAssertEqual(mask.mask.voxels, binary.voxels.map { UInt8($0) })
    }
}
