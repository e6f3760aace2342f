import Foundation
import XCTest
@testable import Radiomics

/// Issue 9: inputs that crashed a reader under libFuzzer (Fixtures/fuzz/regressions/), and the
/// hostile inputs of the issue not covered by BadInputTests (Fixtures/fuzz/hostile/, written by
/// Scripts/make_hostile_fixtures.py). Each must give one line naming the file and the problem.
final class FuzzRegressionTests: XCTestCase {
    static func hostile(_ p: String) -> String { FixturePath.path("fuzz/hostile/" + p) }
    static func regression(_ p: String) -> String { FixturePath.path("fuzz/regressions/" + p) }
    static func generated(_ p: String) -> String { FixturePath.path("generated/" + p) }

    func expectError(_ file: String, _ contains: [String], kind: RadiomicsError.Kind = .badInput,
                     line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), line: line) { error in
            guard let e = error as? RadiomicsError else { return XCTFail("not a RadiomicsError: \(error)", line: line) }
            XCTAssertEqual(e.kind, kind, "\(e)", line: line)
            XCTAssertTrue(e.description.hasPrefix(file), "message must start with \(file): \(e)", line: line)
            XCTAssertFalse(e.description.contains("\n"), "one line: \(e)", line: line)
            for c in contains { XCTAssertTrue(e.description.contains(c), "'\(c)' missing from: \(e)", line: line) }
        }
    }

    // MARK: Crashes found by the fuzz harnesses

    /// FuzzNRRD: a `key:=value` line skipped the scan index's increment, so the next line's
    /// range was inverted (trap "Range requires lowerBound <= upperBound").
    func testNRRDMetadataLineDoesNotTrap() throws {
        let p = Self.regression("nrrd_metadata_line.nrrd")
        expectError(p, ["NRRD"]) { _ = try ImageIO.readImage(p) }
        // The same construct in a valid file: the key:=value pair is skipped, the rest read.
        let text = "NRRD0004\ntype: uint8\nmodality:=CT\ndimension: 3\nsizes: 2 2 1\nencoding: raw\n\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("radiomics-kv-\(getpid()).nrrd")
        try (Data(text.utf8) + Data([1, 2, 3, 4])).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(try ImageIO.readImage(url.path).voxels, [1, 2, 3, 4])
    }

    /// FuzzNIfTI: a gzipped header with a vox_offset near 2⁶³ made the decoder reserve that
    /// many bytes up front (allocation trap); now it reserves at most what the stream can hold.
    func testNIfTIHugeVoxOffsetDoesNotAllocate() {
        let p = Self.regression("nifti_huge_vox_offset.nii")
        expectError(p, []) { _ = try ImageIO.readImage(p) }
    }

    /// FuzzNIfTI: a label map holding −1e30 trapped converting the label to Int.
    func testHugeLabelValueIsAnError() throws {
        let p = Self.regression("nifti_huge_label.nii")
        do {
            let v = try ImageIO.readImage(p, options: ReadOptions(volumeIndex: 1))
            expectError(p, ["too large for a label"]) { _ = try MaskIO.selectLabels(v, selection: .all, file: p) }
        } catch let e as RadiomicsError {
            XCTAssertTrue(e.description.hasPrefix(p), "\(e)")
        }
        var labels = ImageVolume(geometry: Geometry(size: SIMD3(2, 1, 1)), repeating: 0)
        labels.voxels[1] = -1e30
        expectError("m.nii", ["-1e+30", "too large for a label"]) { _ = try MaskIO.selectLabels(labels, selection: .all, file: "m.nii") }
    }

    /// FuzzRTStruct and FuzzDICOMSeries: files that made GDCM (built with assertions) abort
    /// the process — an unknown VR or a SQ in the file meta group, or elements GDCM's own
    /// parser trips on — and RLE fragments whose segment offsets point past the fragment, on
    /// which GDCM 3.0.21's RLE decoder reads out of bounds (SEGV). Now the structural walk
    /// rejects the unknown VRs, meta sequences and bad RLE headers, and the CGDCM shim's abort
    /// guard turns the remaining aborts into an error; either way one line naming the folder.
    func testGDCMAbortsBecomeErrors() throws {
        let dir = FixturePath.path("fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let grid = try ImageIO.readImage(Self.generated("dicom/explicit_le")).geometry
        var outcomes: [String] = []
        for name in names where name.hasPrefix("rtstruct_gdcm_abort_") {
            let p = dir + "/" + name
            expectError(p, []) { _ = try MaskIO.readMasks(p, image: grid, selection: .all) }
            outcomes.append((try? MaskIO.readMasks(p, image: grid, selection: .all)).map { _ in "read" } ?? "error")
        }
        XCTAssertEqual(outcomes.count, 6)
        // A series input holds 1–3 files separated as the harness does.
        let separator = Data("\n--radiomics-fuzz-next-file--\n".utf8)
        for name in names where name.hasPrefix("dicom_series_gdcm_") {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("radiomics-\(name)-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var rest = data[...], n = 0
            while n < 2, let r = rest.range(of: separator) {
                try Data(rest[..<r.lowerBound]).write(to: folder.appendingPathComponent("slice\(n).dcm"))
                rest = rest[r.upperBound...]
                n += 1
            }
            try Data(rest).write(to: folder.appendingPathComponent("slice\(n).dcm"))
            XCTAssertThrowsError(try DICOMSeriesReader.read(directory: folder.path, series: nil, limits: .default), name) { error in
                guard let e = error as? RadiomicsError else { return XCTFail("\(name): not a RadiomicsError: \(error)") }
                XCTAssertTrue(e.description.hasPrefix(folder.path), "\(name): \(e)")
                XCTAssertFalse(e.description.contains("\n"), "\(name): \(e)")
            }
        }
    }

    // MARK: Hostile images

    func testDimensionProductOverflow() {
        let p = Self.hostile("image/overflow.nrrd")
        expectError(p, ["4294967296 4294967296 4294967296", "overflow"]) { _ = try ImageIO.readImage(p) }
    }

    /// 82 bytes declaring 2 GiB of int16: decoding ends with the stream, nothing of the
    /// declared size is allocated up front.
    func testGzipBombDeclaringAHugeImage() {
        let p = Self.hostile("image/bomb_declared_2GiB.nii.gz")
        expectError(p, ["holds 4448 bytes but the header needs 2147484000", "1024×1024×1024 int16"]) { _ = try ImageIO.readImage(p) }
    }

    /// 64 KiB decoding to 64 MiB: reading stops at the 416 bytes the header declares.
    func testGzipBombBehindASmallImage() throws {
        let p = Self.hostile("image/bomb_trailing_64MiB.nii.gz")
        let v = try ImageIO.readImage(p)
        XCTAssertEqual(v.voxels, (0..<64).map(Float.init))
        let data = try Data(contentsOf: URL(fileURLWithPath: p))
        let head = try Gzip.decompress(data, file: p, limit: 1 << 30, exactly: 416)
        XCTAssertEqual(head.count, 416, "decoding must stop at the declared size")
        expectError(p, ["more than 1048576 bytes"]) { _ = try Gzip.decompress(data, file: p, limit: 1 << 20) }
    }

    func testNonFiniteSpacing() {
        for f in ["image/nan_pixdim.nii", "image/inf_pixdim.nii"] {
            let p = Self.hostile(f)
            expectError(p, ["spacing", "not positive and finite"]) { _ = try ImageIO.readImage(p) }
        }
        for f in ["image/nan_spacings.nrrd", "image/inf_spacings.nrrd"] {
            let p = Self.hostile(f)
            expectError(p, ["spacings", "not finite"]) { _ = try ImageIO.readImage(p) }
        }
        let dcm = Self.hostile("dicom_inf_spacing")
        expectError(dcm, ["PixelSpacing", "not positive"]) { _ = try ImageIO.readImage(dcm) }
    }

    func testNaNInDICOMOrientation() {
        let p = Self.hostile("dicom_nan_orientation")
        expectError(p, ["ImageOrientationPatient", "not two orthogonal unit vectors"]) { _ = try ImageIO.readImage(p) }
    }

    /// A NRRD naming a device as its data file must not read it forever.
    func testDetachedDataFileThatIsADevice() {
        let p = Self.hostile("image/device_data_file.nhdr")
        expectError("/dev/zero", ["not a regular file"]) { _ = try ImageIO.readImage(p) }
    }

    // MARK: Hostile DICOM series

    func testDICOMMixedOrientations() {
        let p = Self.hostile("dicom_mixed_orientation")
        expectError(p, ["slice_2.dcm", "mixed orientations"]) { _ = try ImageIO.readImage(p) }
    }

    func testDICOMMixedPixelTypes() {
        let p = Self.hostile("dicom_mixed_pixel_type")
        expectError(p, ["slice_2.dcm", "pixel type", "differs"]) { _ = try ImageIO.readImage(p) }
    }

    func testDICOMMissingSlice() {
        let p = Self.hostile("dicom_missing_slice")
        expectError(p, ["non-uniform slice spacing", "gap of 5", "mean 3.33", "missing"]) { _ = try ImageIO.readImage(p) }
    }

    // MARK: Hostile RTSTRUCT

    func masks(_ rt: String, imageSource: String? = nil) throws -> [NamedMask] {
        let image = Self.generated("dicom/explicit_le")
        let g = try ImageIO.readImage(image).geometry
        return try MaskIO.readMasks(rt, image: g, selection: .all, imageSource: imageSource ?? image)
    }

    func testRTSTRUCTReferencingTheImageReads() throws {
        let referenced = try masks(Self.hostile("rtstruct/references_image.dcm"))
        let plain = try masks(Self.generated("rtstruct/rtstruct.dcm"))
        XCTAssertEqual(referenced.map(\.name), ["Ring", "Box"])
        XCTAssertEqual(referenced.map(\.mask.voxels), plain.map(\.mask.voxels))
        // Its own series' folder read from a single file of it also passes.
        let one = Self.generated("dicom/explicit_le/ct_oblique_000.dcm")
        XCTAssertNotNil(try DICOMSeriesReader.reference(of: one, series: nil))
    }

    func testRTSTRUCTOfAnotherFrameOfReference() {
        let p = Self.hostile("rtstruct/other_frame.dcm")
        expectError(p, ["references frame of reference", "dicom/explicit_le", "drawn on another image"]) { _ = try masks(p) }
    }

    func testRTSTRUCTOfAnotherSeries() {
        let p = Self.hostile("rtstruct/other_series.dcm")
        expectError(p, ["references series", "dicom/explicit_le", "drawn on another image"]) { _ = try masks(p) }
        // Without knowing the image's identity (a NIfTI image of the same grid), only the geometry counts.
        XCTAssertEqual(try masks(p, imageSource: Self.generated("nifti/dtype_int16.nii.gz")).count, 2)
    }

    func testRTSTRUCTContoursOutsideTheImage() {
        let beyond = Self.hostile("rtstruct/beyond_last_slice.dcm")
        expectError(beyond, ["ROI 'Ring'", "lies outside the image", "slices 0…4"]) { _ = try masks(beyond) }
        let off = Self.hostile("rtstruct/off_the_slice.dcm")
        expectError(off, ["extends outside the image", "12×10 slice"]) { _ = try masks(off) }
    }
}
