import Foundation
import Radiomics
import XCTest

/// `--ring`, `--components` and `regions:` through extract and batch, in both flavours, with
/// label maps, RTSTRUCT and SEG masks.
final class RegionCLITests: XCTestCase {
    static let generated = CLI.fixtures + "/generated/"

    /// A 20×16×8 image (0.8 × 0.8 × 2.5 mm): a 6×6×2 tumour (label 1) with a 2×2×2 core (label 2),
    /// a 2-voxel lesion (label 1) far from it, body (label 4) on x ≥ 3, air (−1000) on x < 3.
    static func writeCase(_ dir: URL) throws -> (image: String, mask: String) {
        let g = Geometry(size: SIMD3(20, 16, 8), spacing: SIMD3(0.8, 0.8, 2.5))
        var image = ImageVolume(geometry: g, repeating: 0), labels = ImageVolume(geometry: g, repeating: 0)
        for k in 0..<8 { for j in 0..<16 { for i in 0..<20 {
            image[i, j, k] = i < 3 ? -1000 : Float((i * 7 + j * 3 + k * 11) % 40)
            labels[i, j, k] = i < 3 ? 0 : 4
        } } }
        for k in 3...4 { for j in 5...10 { for i in 8...13 { labels[i, j, k] = 1 } } }
        for k in 3...4 { for j in 7...8 { for i in 10...11 { labels[i, j, k] = 2 } } }
        labels[17, 1, 7] = 1; labels[18, 1, 7] = 1
        let imagePath = dir.appendingPathComponent("ct.nii.gz").path, maskPath = dir.appendingPathComponent("labels.nii.gz").path
        try NIfTIWriter.write(image, to: imagePath)
        try NIfTIWriter.write(labels, to: maskPath, datatype: .uint8)   // read as bytes
        try NIfTIWriter.write(labels.map { $0 == 4 ? 1 : 0 }, to: dir.appendingPathComponent("body.nii.gz").path)
        return (imagePath, maskPath)
    }

    func config(_ dir: URL, _ text: String = "features:\n  families: [diagnostics, statistics]\n") throws -> String {
        let path = dir.appendingPathComponent("c-\(UUID()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// roi → feature → value of a long table (`keys` key columns).
    func rows(_ text: String, keys: Int = 3) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[f[keys - 1], default: [:]][f[keys]] = f[keys + 1]
        }
        return out
    }

    /// The brute-force count of voxels with A < d ≤ B around `mask` ∩ `within`.
    func bruteForceRing(_ maskPath: String, label: Float, _ a: Double, _ b: Double, within: Float? = nil) throws -> Int {
        let labels = try ImageIO.readImage(maskPath)
        let s = labels.size, sp = labels.geometry.spacing
        var roi: [SIMD3<Int>] = [], non: [SIMD3<Int>] = []
        for k in 0..<s.z { for j in 0..<s.y { for i in 0..<s.x { (labels[i, j, k] == label ? { roi.append(SIMD3(i, j, k)) } : { non.append(SIMD3(i, j, k)) })() } } }
        func dist(_ p: SIMD3<Int>, _ list: [SIMD3<Int>]) -> Double {
            list.map { q -> Double in let d = SIMD3<Double>(p &- q) * sp; return (d * d).sum() }.min()!.squareRoot()
        }
        var n = 0
        for k in 0..<s.z { for j in 0..<s.y { for i in 0..<s.x {
            let p = SIMD3(i, j, k)
            let d = labels[i, j, k] == label ? -dist(p, non) : dist(p, roi)
            if d > a, d <= b, within.map({ labels[i, j, k] == $0 }) ?? true { n += 1 }
        } } }
        return n
    }

    func testRingRowCountsTheRingsOwnVoxels() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try Self.writeCase(dir)
        let cfg = try config(dir)
        for (ring, within) in [("0:5", nil), ("-3:0", nil), ("0:5", "4"), ("2:4.5", "4")] as [(String, String?)] {
            let r = try CLI.run(["extract", image, mask, "--ring", ring, "--config", cfg, "--format", "long"] + (within.map { ["--ring-within", $0] } ?? []))
            XCTAssertEqual(r.status, 0, r.stderr)
            let bounds = ring.split(separator: ":").map { Double($0)! }
            let expected = try bruteForceRing(mask, label: 1, bounds[0], bounds[1], within: within.map { Float($0)! })
            XCTAssertGreaterThan(expected, 0)
            XCTAssertEqual(rows(r.stdout)["1.ring" + ring]?["int_mask_vox_count_init_roi"], String(expected), ring)
        }
        // A body mask file in place of label 4.
        let file = try CLI.run(["extract", image, mask, "--ring", "0:5", "--ring-within", dir.appendingPathComponent("body.nii.gz").path,
                                "--config", cfg, "--format", "long"])
        XCTAssertEqual(file.status, 0, file.stderr)
        XCTAssertEqual(rows(file.stdout)["1.ring0:5"]?["int_mask_vox_count_init_roi"], String(try bruteForceRing(mask, label: 1, 0, 5, within: 4)))
        // --ring-range: air (x < 3) left out, like --ring-within 4 here (labels 1 and 2 are not air but are in the ring).
        let air = try CLI.run(["extract", image, mask, "--ring", "0:5", "--ring-range", "-500:500", "--config", cfg, "--format", "long"])
        let all = try bruteForceRing(mask, label: 1, 0, 5), body = try bruteForceRing(mask, label: 1, 0, 5, within: 4)
        let core = try bruteForceRing(mask, label: 1, 0, 5, within: 2)
        XCTAssertLessThan(body + core, all)
        XCTAssertEqual(rows(air.stdout)["1.ring0:5"]?["int_mask_vox_count_init_roi"], String(body + core))
    }

    func testPyRadiomicsModeWithARingGivesARow() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try Self.writeCase(dir)
        let r = try CLI.run(["extract", image, mask, "--flavour", "pyradiomics", "--ring", "0:5", "--format", "long"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let row = try XCTUnwrap(rows(r.stdout)["1.ring0:5"])
        XCTAssertEqual(row["diagnostics_Mask-original_VoxelNum"], String(try bruteForceRing(mask, label: 1, 0, 5)))
        XCTAssertNotNil(row["original_firstorder_Mean"].flatMap(Double.init))
    }

    func testComponentsAreOrderedBySizeWithAMinimum() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try Self.writeCase(dir)
        let cfg = try config(dir)
        let r = try CLI.run(["extract", image, mask, "--components", "--config", cfg, "--format", "long"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let t = rows(r.stdout)
        XCTAssertEqual(Set(t.keys), ["1.c1", "1.c2"])
        XCTAssertEqual(t["1.c1"]?["int_mask_vox_count_init_roi"], "64")   // 72 − the 8 core voxels
        XCTAssertEqual(t["1.c2"]?["int_mask_vox_count_init_roi"], "2")
        let big = try CLI.run(["extract", image, mask, "--components", "--min-component-voxels", "3", "--config", cfg, "--format", "long"])
        XCTAssertEqual(Set(rows(big.stdout).keys), ["1.c1"])
        // No component large enough: the row's error, exit 65 like an empty ROI.
        let none = try CLI.run(["extract", image, mask, "--components", "--min-component-voxels", "1000", "--config", cfg])
        XCTAssertEqual(none.status, 65)
        XCTAssertTrue(none.stderr.contains("region '1.c1' is empty"), none.stderr)
    }

    func testRegionsSectionGivesOneRowPerName() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try Self.writeCase(dir)
        let cfg = try config(dir, """
            features:
              families: [diagnostics]
            regions:
              core: 2
              tumour: [1, 2]
              rim: {of: [1, 2], minus: 2}
              peritumoral: {ring: [0, 5], of: 1, within: 4}
            """)
        let r = try CLI.run(["extract", image, mask, "--config", cfg, "--format", "long"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let t = rows(r.stdout)
        XCTAssertEqual(r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }.reduce(into: [Substring]()) { if $0.last != $1 { $0.append($1) } },
                       ["core", "tumour", "rim", "peritumoral"])
        XCTAssertEqual(t["core"]?["int_mask_vox_count_init_roi"], "8")
        XCTAssertEqual(t["tumour"]?["int_mask_vox_count_init_roi"], "74")
        XCTAssertEqual(t["rim"]?["int_mask_vox_count_init_roi"], "66")
        XCTAssertEqual(t["peritumoral"]?["int_mask_vox_count_init_roi"], String(try bruteForceRing(mask, label: 1, 0, 5, within: 4)))
        // In batch, the same rows for every case.
        let manifest = dir.appendingPathComponent("cases.csv").path
        try "id,image,mask\na,\(image),\(mask)\nb,\(image),\(mask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let b = try CLI.run(["batch", manifest, "--config", cfg, "--format", "long", "--jobs", "2"])
        XCTAssertEqual(b.status, 0, b.stderr)
        for line in r.stdout.split(separator: "\n").dropFirst() {
            XCTAssertTrue(b.stdout.contains("a," + line + ","), String(line))
            XCTAssertTrue(b.stdout.contains("b," + line + ","), String(line))
        }
    }

    func testBatchRingOptionHoldsForEveryCase() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try Self.writeCase(dir)
        let cfg = try config(dir)
        let manifest = dir.appendingPathComponent("cases.csv").path
        try "id,image,mask\na,\(image),\(mask)\nb,\(image),\(mask)\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let b = try CLI.run(["batch", manifest, "--config", cfg, "--ring", "-3:0", "--format", "long"])
        XCTAssertEqual(b.status, 0, b.stderr)
        let e = try CLI.run(["extract", image, mask, "--config", cfg, "--ring", "-3:0", "--format", "long"])
        for line in e.stdout.split(separator: "\n").dropFirst() {
            XCTAssertTrue(line.contains(",1.ring-3:0,"))
            XCTAssertTrue(b.stdout.contains("a," + line + ","), String(line))
            XCTAssertTrue(b.stdout.contains("b," + line + ","), String(line))
        }
    }

    func testRTStructAndSegMasks() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let ct = Self.generated + "dicom/explicit_le", rt = Self.generated + "rtstruct/rtstruct.dcm", seg = Self.generated + "seg/binary.dcm"
        let cfg = try config(dir, "features:\n  families: [diagnostics]\nregions:\n  ring: Ring\n  shell: {ring: [0, 3], of: Ring, minus: Box}\n")
        let named = try CLI.run(["extract", ct, rt, "--config", cfg, "--format", "long"])
        XCTAssertEqual(named.status, 0, named.stderr)
        let plain = try CLI.run(["extract", ct, rt, "--roi", "Ring", "--config", try config(dir, "features:\n  families: [diagnostics]\n"), "--format", "long"])
        XCTAssertEqual(rows(named.stdout)["ring"]?["int_mask_vox_count_init_roi"], rows(plain.stdout)["Ring"]?["int_mask_vox_count_init_roi"])
        // --ring over named regions: the ring of each.
        let rings = try CLI.run(["extract", ct, rt, "--ring", "0:3", "--config", cfg, "--format", "long"])
        XCTAssertEqual(rings.status, 0, rings.stderr)
        XCTAssertEqual(Set(rows(rings.stdout).keys), ["ring.ring0:3", "shell.ring0:3"])
        let diagnostics = try config(dir, "features:\n  families: [diagnostics]\n")
        let ring = try CLI.run(["extract", ct, rt, "--roi", "Ring", "--ring", "0:3", "--config", diagnostics, "--format", "long"])
        let kept = try CLI.run(["extract", ct, rt, "--roi", "Ring", "--ring", "0:3", "--ring-within", "Box", "--config", diagnostics, "--format", "long"])
        XCTAssertEqual(ring.status, 0, ring.stderr)
        XCTAssertEqual(kept.status, 0, kept.stderr)
        let all = try XCTUnwrap(rows(ring.stdout)["Ring.ring0:3"]?["int_mask_vox_count_init_roi"].flatMap(Int.init))
        let inBox = try XCTUnwrap(rows(kept.stdout)["Ring.ring0:3"]?["int_mask_vox_count_init_roi"].flatMap(Int.init))
        XCTAssertLessThan(inBox, all)
        let s = try CLI.run(["extract", ct, seg, "--roi", "node", "--ring", "-2:0", "--format", "long",
                             "--config", try config(dir, "features:\n  families: [diagnostics]\n")])
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertNotNil(rows(s.stdout)["node.ring-2:0"]?["int_mask_vox_count_init_roi"])
    }

    func testErrors() throws {
        let dir = try CLI.temporaryFolder(for: self)
        let (image, mask) = try Self.writeCase(dir)
        let cfg = try config(dir)
        func run(_ args: [String]) throws -> CLI.Result { try CLI.run(["extract", image, mask, "--config", cfg] + args) }
        let backwards = try run(["--ring", "5:0"])
        XCTAssertEqual(backwards.status, 64)
        XCTAssertTrue(backwards.stderr.contains("--ring: the lower distance 5 must be below the upper 0"), backwards.stderr)
        XCTAssertEqual(try run(["--ring", "3:3"]).status, 64)
        let unknown = try run(["--ring", "0:5", "--ring-within", "9"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("label 9 is absent (labels present: 1, 2, 4)"), unknown.stderr)
        XCTAssertEqual(try run(["--ring-within", "4"]).status, 64)   // without --ring
        XCTAssertEqual(try run(["--min-component-voxels", "3"]).status, 64)   // without --components
        // An empty ring (no voxel in range): exit 65 and the region named, as for an empty ROI.
        let empty = try run(["--ring", "0:5", "--ring-range", "5000:6000"])
        XCTAssertEqual(empty.status, 65)
        XCTAssertTrue(empty.stderr.contains("region '1.ring0:5' is empty"), empty.stderr)
        XCTAssertEqual(empty.stdout, "")
        let badRegion = try CLI.run(["extract", image, mask, "--config", try config(dir, "regions:\n  core: 7\n")])
        XCTAssertEqual(badRegion.status, 64)
        XCTAssertTrue(badRegion.stderr.contains("region 'core': label 7 is absent"), badRegion.stderr)
        let both = try CLI.run(["extract", image, mask, "--label", "2", "--config", try config(dir, "regions:\n  core: 2\n")])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("--label cannot be combined with a config's 'regions:' section"), both.stderr)
    }
}
