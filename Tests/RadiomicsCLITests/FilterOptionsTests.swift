import Foundation
import Radiomics
import XCTest

/// `radiomics filter`: every kind through its command-line options. IBSI 2 kinds must give the
/// preset's map bit for bit (and so the reference map within the phase 1 rule); pyradiomics
/// kinds must give the maps of SimpleITK / pywt / numpy / scikit-image in
/// Fixtures/pyradiomics_filters.
final class FilterOptionsTests: XCTestCase {
    static let phantoms = CLI.fixtures + "/ibsi/ibsi2/digital_phantoms/nifti/"
    static let pyradiomics = CLI.fixtures + "/pyradiomics_filters/"

    func temporaryFolder() throws -> URL { try CLI.temporaryFolder(for: self) }

    func map(_ arguments: [String], in dir: URL, file: StaticString = #filePath, line: UInt = #line) throws -> ImageVolume {
        let out = dir.appendingPathComponent("\(UUID()).nii.gz").path
        let r = try CLI.run(["filter"] + arguments + ["-o", out])
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try NIfTIReader.read(out)
    }

    func testEveryIBSIKindFromItsOptionsEqualsThePreset() throws {
        let dir = try temporaryFolder()
        let cases: [(String, String, [String])] = [
            ("1.a.3", "checkerboard", ["--filter", "mean", "--support", "15", "--dimension", "3D", "--padding", "periodic"]),
            ("1.b.1", "impulse", ["--filter", "mean", "--support", "15", "--dimension", "2D", "--padding", "zero"]),
            ("2.c", "checkerboard", ["--filter", "log", "--sigma", "5", "--dimension", "2D", "--padding", "mirror"]),
            ("3.b.3", "checkerboard", ["--filter", "laws", "--kernel", "E3W5R5", "--pooling", "max", "--energy-distance", "7",
                                        "--dimension", "3D", "--padding", "mirror"]),
            ("4.a.1", "impulse", ["--filter", "gabor", "--sigma", "10", "--lambda", "4", "--gamma", "0.5", "--theta", "\(Double.pi / 3)",
                                  "--dimension", "2D", "--padding", "zero"]),
            ("4.b.2", "sphere", ["--filter", "gabor", "--sigma", "20", "--lambda", "8", "--gamma", "2.5", "--theta-step", "\(Double.pi / 8)",
                                 "--dimension", "3D", "--padding", "mirror"]),
            ("6.a.2", "sphere", ["--filter", "wavelet", "--wavelet", "coif1", "--band", "HHL", "--level", "1", "--invariant", "--padding", "periodic"]),
            ("7.a.1", "checkerboard", ["--filter", "wavelet", "--wavelet", "haar", "--band", "LLL", "--level", "2", "--invariant", "--padding", "mirror"]),
            ("8.a.2", "checkerboard", ["--filter", "simoncelli", "--level", "2", "--dimension", "3D", "--padding", "periodic"]),
            ("9.a", "impulse", ["--filter", "riesz-log", "--sigma", "3", "--order", "1,0,0", "--padding", "zero"]),
            ("10.b.1", "pattern_1", ["--filter", "riesz-simoncelli", "--level", "1", "--order", "0,2,0", "--padding", "nearest"]),
        ]
        for (id, phantom, options) in cases {
            let image = Self.phantoms + "\(phantom)/image/\(phantom).nii.gz"
            let preset = try map([image, "--preset", "ibsi2-\(id)"], in: dir)
            let generic = try map([image] + options, in: dir)
            XCTAssertEqual(generic.voxels, preset.voxels, "\(id): the options give another map than the preset")
            XCTAssertNil(generic.geometry.mismatch(with: try NIfTIReader.read(image).geometry), "\(id): the map is on the input grid")
        }
        // --spec-json: the same filter as JSON.
        let image = Self.phantoms + "checkerboard/image/checkerboard.nii.gz"
        let json = try map([image, "--spec-json", #"{"mean":{"support":15,"dimension":"3D","padding":"periodic"}}"#], in: dir)
        XCTAssertEqual(json.voxels, try map([image, "--preset", "ibsi2-1.a.3"], in: dir).voxels)
    }

    /// The pyradiomics kinds against their reference maps (measured bit-identical in the library tests).
    func testPyRadiomicsKindsFromTheirOptions() throws {
        let dir = try temporaryFolder()
        let input = Self.pyradiomics + "input.nii.gz"
        let cases: [(String, [String])] = [
            ("square", ["--filter", "square"]), ("squareroot", ["--filter", "squareroot"]),
            ("logarithm", ["--filter", "logarithm"]), ("exponential", ["--filter", "exponential"]),
            ("gradient", ["--filter", "gradient"]),
            ("lbp-2D-R2.5-P12", ["--filter", "lbp2d", "--lbp-radius", "2.5", "--lbp-samples", "12"]),
            ("log-sigma-2-0", ["--filter", "pyradiomics-log", "--sigma", "2"]),
            ("wavelet-coif1-start0-LLH", ["--filter", "pyradiomics-wavelet", "--wavelet", "coif1", "--band", "LLH"]),
            ("wavelet-haar-start1-LHL", ["--filter", "pyradiomics-wavelet", "--wavelet", "haar", "--band", "LHL", "--start-level", "1"]),
            ("wavelet2-db2-start0-HLL", ["--filter", "pyradiomics-wavelet", "--wavelet", "db2", "--band", "HLL", "--level", "2"]),
        ]
        for (name, options) in cases {
            let ours = try map([input] + options, in: dir)
            let reference = try NIfTIReader.read(Self.pyradiomics + name + ".nii.gz")
            XCTAssertEqual(ours.size, reference.size, name)
            let range = Double(reference.voxels.max()! - reference.voxels.min()!)
            let worst = zip(ours.voxels, reference.voxels).map { Swift.abs(Double($0) - Double($1)) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(worst / range, 1e-12, name)
        }
        // --no-spacing changes the gradient (anisotropic input), so the flag is read.
        let noSpacing = try map([input, "--filter", "gradient", "--no-spacing"], in: dir)
        XCTAssertNotEqual(noSpacing.voxels, try map([input, "--filter", "gradient"], in: dir).voxels)
    }

    /// LBP3D level and kurtosis maps against pyradiomics' own getLBP3DImage at the ROI voxels
    /// (the map is written as float32). Outside pyradiomics mode the sphere is sampled in float64,
    /// where pyradiomics samples in the image's type (float32 here): level maps, which only
    /// compare samples with the centre, agree to float32 rounding; the kurtosis of the samples
    /// moves by up to 2.6·10⁻³ (measured).
    func testLBP3DOptions() throws {
        let dir = try temporaryFolder()
        let image = Self.pyradiomics + "lbp3d-float32-image.nii.gz"
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.pyradiomics + "lbp3d.json")))
        let reference = try XCTUnwrap(((json as? [String: Any])?["cases"] as? [String: Any])?["float32"] as? [String: [String: [String]]])
        let mask = try NIfTIReader.read(Self.pyradiomics + "lbp3d-mask.nii.gz")
        let roi = mask.voxels.indices.filter { mask.voxels[$0] != 0 }
        for (settingName, options) in [("default", [String]()), ("levels3-r1.5-sub2", ["--lbp-radius", "1.5", "--icosphere-subdivision", "2"])] {
            let maps = try XCTUnwrap(reference[settingName], settingName)
            for (mapName, values) in maps {
                let which = mapName == "lbp-3D-k" ? ["--kurtosis"] : ["--level", String(mapName.dropFirst("lbp-3D-m".count))]
                let ours = try map([image, "--filter", "lbp3d"] + which + options, in: dir)
                XCTAssertEqual(roi.count, values.count)
                var worst = 0.0
                for (n, text) in zip(roi, values) {
                    let want = Double(text)!
                    worst = Swift.max(worst, Swift.abs(Double(ours.voxels[n]) - want) / Swift.max(Swift.abs(want), 1e-30))
                }
                XCTAssertLessThan(worst, mapName == "lbp-3D-k" ? 5e-3 : 1e-6, "\(settingName) \(mapName)")
            }
        }
    }

    /// --crop-to: inside the mask's box, the values of whole-image filtering (mapped by the
    /// written grid's origin).
    func testCropToGivesTheWholeImageValuesInsideTheBox() throws {
        let dir = try temporaryFolder()
        let image = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz"
        let mask = CLI.fixtures + "/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz"
        let whole = try map([image, "--filter", "mean", "--support", "3", "--padding", "mirror"], in: dir)
        let cropped = try map([image, "--filter", "mean", "--support", "3", "--padding", "mirror", "--crop-to", mask], in: dir)
        let m = try NIfTIReader.read(mask)
        // The whole grid's index of the crop's voxel (0, 0, 0): where its point lies.
        var offset: SIMD3<Int>?
        for k in 0..<m.size.z { for j in 0..<m.size.y { for i in 0..<m.size.x {
            let d = whole.geometry.point(SIMD3(Double(i), Double(j), Double(k))) - cropped.geometry.origin
            if (d * d).sum() < 1e-12 { offset = SIMD3(i, j, k) }
        } } }
        let o = try XCTUnwrap(offset, "the crop's grid is a sub-grid of the image's")
        var compared = 0
        for k in 0..<m.size.z { for j in 0..<m.size.y { for i in 0..<m.size.x where m[i, j, k] != 0 {
            let c = SIMD3(i, j, k) &- o
            XCTAssertEqual(cropped[c.x, c.y, c.z], whole[i, j, k], "voxel \(i),\(j),\(k)")
            compared += 1
        } } }
        XCTAssertEqual(compared, 74)
    }
}
