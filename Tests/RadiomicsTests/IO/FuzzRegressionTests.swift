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
        assertRadiomicsError(kind, file, contains, line: line, body)
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
        } catch {
            XCTAssertTrue(error.description.hasPrefix(p), "\(error)")
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
    /// The series inputs also hold earlier FuzzDICOMSeries out-of-memory and slow units
    /// (`dicom_series_gdcm_oom_*`, `_slow_*`), now plain errors.
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
        for name in names where name.hasPrefix("dicom_series_gdcm_") {
            XCTAssertNotNil(try seriesError(dir + "/" + name), name)
        }
    }

    /// FuzzRTStruct slow units (5) and out-of-memory (6): a damaged element inside a defined-length
    /// sequence (which the structural walk used to skip whole) made GDCM misread it — e.g. an
    /// invalid VR retried as implicit VR — and allocate up to ~1.5 GB for 20–60 s. The walk now
    /// enters defined-length sequences: each is an error at once, before GDCM allocates.
    /// `_slow_no_meta_*`: the meta group's first tag mutated, so that it had no transfer
    /// syntax; GDCM guessed big endian and allocated byte-swapped lengths (26 s). A Part 10
    /// file without (0002,0010) is now an error.
    func testDamagedDefinedLengthSequencesFailFast() throws {
        let dir = FixturePath.path("fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().filter { $0.hasPrefix("rtstruct_gdcm_slow_") || $0.hasPrefix("rtstruct_gdcm_oom_") }
        XCTAssertEqual(names.count, 13)
        let grid = try ImageIO.readImage(Self.generated("dicom/explicit_le")).geometry
        for name in names {
            let p = dir + "/" + name
            let start = Date()
            expectError(p, ["DICOM file is truncated or malformed"]) { _ = try MaskIO.readMasks(p, image: grid, selection: .all) }
            XCTAssertLessThan(Date().timeIntervalSince(start), 2, name)
        }
        // Intact defined-length sequences (the seed RTSTRUCT has them) still read.
        XCTAssertEqual(try MaskIO.readMasks(FixturePath.path("fuzz/RTStruct/rtstruct.dcm"), image: grid, selection: .all).count, 2)
    }

    /// FuzzDICOMSeries out-of-memory: the sequence delimiter after the last JPEG fragment
    /// declared 0xFFFFFFF6 bytes, which GDCM allocated (4 GiB) before reading. Delimiters must
    /// declare 0 bytes; anything else is an error before GDCM runs.
    func testDelimiterWithALengthIsAnError() throws {
        let e = try seriesError(FixturePath.path("fuzz/regressions/dicom_series_gdcm_oom_delimiter_2437ac22.bin"))
        XCTAssertTrue(e?.description.contains("delimiter (FFFE,E0DD) at byte 1942 declares 4294967286 bytes, not 0") == true, "\(String(describing: e))")
    }

    /// FuzzDICOMSeries campaign timeout (10 s under load; 0.5 s and 830 MB alone): a slice whose
    /// file meta group is repeated (a second group length and transfer syntax after (0002,0012)).
    /// GDCM then read the data set in another syntax than the walk, took the text "1000" as a
    /// length and allocated 808 MB. Meta elements must ascend: an error at once.
    func testRepeatedMetaGroupIsAnError() throws {
        let input = Self.regression("dicom_series_gdcm_oom_meta_repeated_dabdc47f.bin")
        let start = Date()
        XCTAssertNotNil(try seriesError(input))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        // The series error names the first bad slice; the third is the one GDCM misread.
        let separator = Data("\n--radiomics-fuzz-next-file--\n".utf8)
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        let third = try XCTUnwrap(data.ranges(of: separator).last)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("radiomics-meta-repeated-\(getpid()).dcm").path
        try Data(data[third.upperBound...]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectError(path, ["file meta element (0002,0000) at byte 350 follows (0002,0012): elements out of order or repeated"]) {
            _ = try DICOMStructure.check(path)
        }
    }

    /// FuzzDICOMSeries campaign out-of-memory: a Deflated Explicit VR Little Endian file whose
    /// data set is not a deflate stream went to GDCM unchecked (2.2 GB). The walk now inflates
    /// the data set (under a cap) and checks it: an error naming the stream, in milliseconds.
    func testCorruptDeflatedDataSetIsAnError() throws {
        let start = Date()
        let e = try seriesError(Self.regression("dicom_series_deflate_oom_8e99cc50.bin"))
        XCTAssertTrue(e?.description.contains("deflated data set") == true, "\(String(describing: e))")
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    /// FuzzDICOMSeries (CI smoke pass): a JPEG 2000 COD segment whose length ran past the
    /// fragment made GDCM 3.0.21's marker walk (`parsej2k_imp`, which trusts every length) read
    /// far outside it: SEGV while opening the slice. The structural walk replays GDCM's walk
    /// with bounds checks first.
    func testJPEG2000MarkerWalkStaysInside() throws {
        let e = try seriesError(Self.regression("dicom_series_gdcm_j2k_segv_7c540aa4.bin"))
        XCTAssertTrue(e?.description.contains("JPEG 2000") == true, "\(String(describing: e))")

        // The codestream of a valid slice passes, and so does one cut after a whole segment
        // (GDCM stops there); cut inside the COD segment GDCM reads, or with a marker segment
        // longer than the bytes left, it does not.
        let slice = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.generated("dicom/jpeg2000/ct_oblique_000.dcm"))))
        let soc = try XCTUnwrap((0..<(slice.count - 3)).first { slice[$0...].starts(with: [0xFF, 0x4F, 0xFF, 0x51]) })
        let codestream = Array(slice[soc...])
        XCTAssertNil(codestream.withUnsafeBytes { JPEG2000Structure.problem($0) })
        XCTAssertEqual(Array(codestream.prefix(50)).withUnsafeBytes { JPEG2000Structure.problem($0) }, "JPEG 2000 COD segment at byte 45 runs past the frame's 50 bytes")
        XCTAssertNil(Array(codestream.prefix(61)).withUnsafeBytes { JPEG2000Structure.problem($0) })
        var long = codestream
        long[4] = 0xFF; long[5] = 0xF0   // SIZ declares 65520 bytes
        XCTAssertEqual(long.withUnsafeBytes { JPEG2000Structure.problem($0) }, "JPEG 2000 marker at byte 65524 runs past the frame's \(long.count) bytes")
        XCTAssertNotNil([UInt8](repeating: 0, count: 11).withUnsafeBytes { JPEG2000Structure.problem($0) })

        // A codestream larger than the header's rows × columns (GDCM would copy it past the
        // frame buffer, silently corrupting the heap: a later ASan check failure in fuzzing).
        XCTAssertEqual(codestream.withUnsafeBytes { JPEG2000Structure.size($0) }?.components, 1)
        var wide = slice
        wide[soc + 11] &+= 1   // Xsiz
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("radiomics-j2k-size-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(wide).write(to: folder.appendingPathComponent("slice.dcm"))
        XCTAssertThrowsError(try DICOMSeriesReader.read(directory: folder.path, series: nil, limits: .default)) { error in
            XCTAssertTrue("\(error)".contains("JPEG 2000 pixel data fragment 1 holds"), "\(error)")
        }

        // JP2: a box whose length sends GDCM's cursor outside, and one that reaches the codestream.
        let signature = JPEG2000Structure.jp2Signature
        let outside = signature + [0x00, 0x10, 0x00, 0x00, 0x66, 0x74, 0x79, 0x70] + [UInt8](repeating: 0, count: 8)
        XCTAssertNotNil(outside.withUnsafeBytes { JPEG2000Structure.problem($0) })
        let wrapped = signature + [0, 0, 0, 0, 0x6A, 0x70, 0x32, 0x63] + codestream
        XCTAssertNil(wrapped.withUnsafeBytes { JPEG2000Structure.problem($0) })
    }

    /// Writes a FuzzDICOMSeries input (1–3 files separated as the harness does) to a scratch
    /// folder and reads it as a series: the one-line error, which must name the folder (nil
    /// when the series reads).
    func seriesError(_ input: String, line: UInt = #line) throws -> RadiomicsError? {
        let separator = Data("\n--radiomics-fuzz-next-file--\n".utf8)
        let name = (input as NSString).lastPathComponent
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
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
        do {
            _ = try DICOMSeriesReader.read(directory: folder.path, series: nil, limits: .default)
            return nil
        } catch {
            XCTAssertTrue(error.description.hasPrefix(folder.path), "\(name): \(error)", line: line)
            XCTAssertFalse(error.description.contains("\n"), "\(name): \(error)", line: line)
            return error
        }
    }

    /// FuzzDICOMSeries timeouts: JPEG pixel data GDCM's built-in codec rejects made GDCM run
    /// the external pvrg-jpeg program (already while reading the file), which spun forever on
    /// these inputs. JPEG transfer syntaxes are now decoded by the built-in codec alone, and
    /// such data is an error naming the file and the transfer syntax, at once.
    func testCorruptJPEGNeverRunsPVRG() throws {
        let dir = FixturePath.path("fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().filter { $0.hasPrefix("dicom_series_pvrg_hang_") }
        XCTAssertEqual(names.count, 4)
        var jpegErrors = 0
        for name in names {
            let start = Date()
            let e = try seriesError(dir + "/" + name)
            XCTAssertNotNil(e, name)
            XCTAssertLessThan(Date().timeIntervalSince(start), 5, name)
            if let e {
                // One of them (8fc2f678) also has an item delimiter with a length: since the
                // structural walk checks those, it stops there, before any decoding.
                let jpeg = e.description.contains("1.2.840.10008.1.2.4.") && e.description.contains("pvrg-jpeg fallback is never run")
                XCTAssertTrue(jpeg || e.description.contains("delimiter (FFFE,E00D)"), "\(name): \(e)")
                if jpeg { jpegErrors += 1 }
            }
        }
        XCTAssertEqual(jpegErrors, 3)
        // A valid JPEG baseline slice whose stream is cut after the start-of-image marker.
        let slice = Self.generated("dicom/jpeg_baseline/mr_uint8_000.dcm")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: slice)))
        let soi = try XCTUnwrap((0..<(bytes.count - 3)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xD8 && bytes[$0 + 2] == 0xFF })
        let eoi = try XCTUnwrap((soi..<(bytes.count - 1)).last { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xD9 })
        for n in (soi + 2)..<eoi { bytes[n] = 0 }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("radiomics-bad-jpeg-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("slice.dcm")
        try Data(bytes).write(to: file)
        expectError(folder.path, ["slice.dcm", "1.2.840.10008.1.2.4.50 (JPEG Baseline", "pvrg-jpeg fallback is never run"]) { _ = try ImageIO.readImage(folder.path) }
    }

    // MARK: Hostile config files

    /// pyradiomics mode read parameter files with Yams alone: 100 000 nested brackets overflowed
    /// its recursive composer's stack, and aliases could expand exponentially. The pyradiomics
    /// reader (and the check that routes a --config file to it) now run ConfigFile's prescan.
    func testPyRadiomicsParameterFileNestingAndAliases() {
        let deep = "setting:\n  binWidth: " + String(repeating: "[", count: 100_000) + "\n"
        expectError("p.yaml", ["nesting deeper than 16"], kind: .usage) { _ = try PyRadiomicsParameters.parse(yaml: deep, file: "p.yaml") }
        expectError("c.yaml", ["nesting deeper than 16"], kind: .usage) { _ = try ConfigFile.parse(deep, file: "c.yaml") }
        let aliases = "setting: &a {binWidth: 25}\nvoxelSetting: *a\n"
        expectError("p.yaml", ["alias"], kind: .usage) { _ = try PyRadiomicsParameters.parse(yaml: aliases, file: "p.yaml") }
        XCTAssertEqual(try PyRadiomicsParameters.parse(yaml: "setting: {binWidth: 10}\n", file: "p.yaml").settings.binWidth, 10)
    }

    /// FuzzConfig: a whole number beyond Int's range (`label: 1666…6`, 73 digits) trapped
    /// converting it to Int in the pyradiomics parameter reader; so did huge or infinite
    /// `distances`. Each is now an error naming the setting.
    func testPyRadiomicsHugeIntegersAreErrors() throws {
        let p = FixturePath.path("fuzz/regressions/config_pyradiomics_huge_label.yaml")
        let text = try String(contentsOfFile: p, encoding: .utf8)
        expectError(p, ["setting 'label' must be an integer"], kind: .usage) { _ = try PyRadiomicsParameters.parse(yaml: text, file: p) }
        for d in ["1e30", ".inf", "[1, 1e300]"] {
            expectError("p.yaml", ["'distances' must be a list of positive integers"], kind: .usage) {
                _ = try PyRadiomicsParameters.parse(yaml: "setting:\n  distances: \(d)\n", file: "p.yaml")
            }
        }
        XCTAssertEqual(try PyRadiomicsParameters.parse(yaml: "setting:\n  distances: [1, 2]\n  label: 3\n").settings.distances, [1, 2])
    }

    /// FuzzConfig campaign: YAML 1.1 reads `1:30` as the sexagesimal integer 90, and Yams
    /// multiplied the components unchecked, so a scalar with many or large `:` parts trapped.
    /// It is now read with overflow checks: too large is the setting's error, a small one its value.
    func testSexagesimalOverflowIsAnError() throws {
        let p = FixturePath.path("fuzz/regressions/config_sexagesimal_overflow_1b5f58b6.yaml")
        let text = try String(contentsOfFile: p, encoding: .utf8)
        expectError(p, ["resegmentRange"], kind: .usage) { _ = try PyRadiomicsParameters.parse(yaml: text, file: p) }
        expectError("p.yaml", ["setting 'label' must be an integer"], kind: .usage) {
            _ = try PyRadiomicsParameters.parse(yaml: "setting:\n  label: 1:1:1:1:1:1:1:1:1:1:1:1:1\n", file: "p.yaml")
        }
        XCTAssertEqual(try PyRadiomicsParameters.parse(yaml: "setting:\n  label: 1:30\n").settings.label, 90)
        XCTAssertEqual(try PyRadiomicsParameters.parse(yaml: "setting:\n  binWidth: 1:00\n").settings.binWidth, 60)
    }

    /// FuzzConfig campaign: nested explicit `? ` keys make mappings and sequences keys, and Yams'
    /// duplicate-key check hashes each whole key at every level (3 KB took 0.3 s; 1 MiB would
    /// run for hours). Both readers refuse them before Yams composes the file.
    func testComplexMappingKeysAreRefusedBeforeParsing() throws {
        for name in ["config_complex_keys_timeout_d2468830.yaml", "config_complex_keys_slow_b012abfa.yaml"] {
            let p = FixturePath.path("fuzz/regressions/" + name)
            let text = try String(contentsOfFile: p, encoding: .utf8)
            expectError(p, ["complex mapping keys"], kind: .usage) { _ = try PyRadiomicsParameters.parse(yaml: text, file: p) }
            expectError(p, ["complex mapping keys"], kind: .usage) { _ = try ConfigFile.parse(text, file: p) }
        }
        for text in ["? [a, b]\n: 1\n", "setting:\n  - ? x\n    : 1\n", "setting: {? a: 1}\n", "setting: [1, ? b]\n"] {
            expectError("c.yaml", ["complex mapping keys"], kind: .usage) { _ = try ConfigFile.parse(text, file: "c.yaml") }
        }
        // A question mark in a value, a plain scalar or a comment is not a key indicator.
        XCTAssertEqual(try PyRadiomicsParameters.parse(yaml: "setting:  # why?\n  binWidth: 5\nimageType: {Original: {}}\n").settings.binWidth, 5)
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
