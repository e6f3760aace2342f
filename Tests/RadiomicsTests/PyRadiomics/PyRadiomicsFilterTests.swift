import XCTest
@testable import Radiomics

/// pyradiomics image types against maps from Scripts/make_pyradiomics_filter_fixtures.py
/// (SimpleITK / pywt / numpy, as pyradiomics-bhklab 3.1.4 calls them).
final class PyRadiomicsFilterTests: XCTestCase {
    static func fixture(_ name: String) -> String { FixturePath.path("pyradiomics_filters/\(name).nii.gz") }

    /// Max |ours − reference| as a fraction of the reference range.
    func relativeError(_ spec: FilterSpec, _ name: String) throws -> Double {
        let input = try NIfTIReader.read(Self.fixture("input"))
        let ref = try NIfTIReader.read(Self.fixture(name))
        let out = try apply(spec, to: input)
        XCTAssertEqual(out.size, ref.size)
        let range = Double(ref.voxels.max()! - ref.voxels.min()!)
        var worst = 0.0
        for n in ref.voxels.indices { worst = max(worst, abs(Double(out.voxels[n]) - Double(ref.voxels[n]))) }
        print(String(format: "pyradiomics %@: max error %.2e of range", name, worst / range))
        return worst / range
    }

    func testWaveletMatchesPywtSwtn() throws {
        for band in ["LLL", "LLH", "HLH", "HHH"] {
            XCTAssertLessThan(try relativeError(.pyradiomicsWavelet(family: .coif1, band: band, startLevel: 0, level: 1),
                                                "wavelet-coif1-start0-\(band)"), 1e-12)
        }
        XCTAssertLessThan(try relativeError(.pyradiomicsWavelet(family: .haar, band: "LHL", startLevel: 1, level: 1),
                                            "wavelet-haar-start1-LHL"), 1e-12)
        XCTAssertLessThan(try relativeError(.pyradiomicsWavelet(family: .db2, band: "HLL", startLevel: 0, level: 2),
                                            "wavelet2-db2-start0-HLL"), 1e-12)
    }

    /// Measured: every map equal to numpy's bit for bit (wavelets summed in pywt's order).
    func testIntensityMaps() throws {
        XCTAssertEqual(try relativeError(.square, "square"), 0)
        XCTAssertEqual(try relativeError(.squareRoot, "squareroot"), 0)
        XCTAssertEqual(try relativeError(.logarithm, "logarithm"), 0)
        XCTAssertEqual(try relativeError(.exponential, "exponential"), 0)
    }

    func testLBP2DMatchesScikitImageUniform() throws {
        XCTAssertEqual(try relativeError(.lbp2D(radius: 1, samples: 8), "lbp-2D-R1-P8"), 0)
        XCTAssertEqual(try relativeError(.lbp2D(radius: 2.5, samples: 12), "lbp-2D-R2.5-P12"), 0)
    }

    func testGradientMagnitude() throws {
        XCTAssertEqual(try relativeError(.gradient(useSpacing: true), "gradient"), 0)
    }

    /// SimpleITK's LoG (ITK 5's recursive Deriche Gaussian with float32 intermediate images) is
    /// ported operation for operation, so the maps agree bit for bit (as the README claims).
    func testLoGAgreesWithSimpleITKRecursiveGaussian() throws {
        for (sigma, name) in [(0.5, "log-sigma-0-5"), (1.0, "log-sigma-1-0"), (2.0, "log-sigma-2-0"), (3.0, "log-sigma-3-0")] {
            let input = try NIfTIReader.read(Self.fixture("input"))
            let ref = try NIfTIReader.read(Self.fixture(name))
            let out = try apply(.pyradiomicsLoG(sigma: sigma), to: input)
            var exact = 0, worst = 0.0
            for n in ref.voxels.indices {
                if out.voxels[n] == ref.voxels[n] { exact += 1 }
                worst = max(worst, Double(abs(out.voxels[n] - ref.voxels[n])) / Double(abs(ref.voxels[n])))
            }
            print("pyradiomics \(name): \(exact)/\(ref.voxels.count) voxels bit-identical, max relative error \(worst)")
            XCTAssertEqual(exact, ref.voxels.count, name)
        }
    }

    /// pyradiomics skips a σ unless every axis has ⌈σ/spacing⌉ + 1 voxels (and LoG altogether
    /// below 4 voxels).
    func testLoGSigmaTooLargeForTheImageIsSkippedAsPyRadiomicsDoes() throws {
        let image = ImageVolume(geometry: Geometry(size: SIMD3(8, 7, 6), spacing: SIMD3(1, 1, 2)), repeating: 1)
        var settings = PyRadiomicsParameters.Settings()
        settings.sigma = [1, 9, 10, 11]   // needs ⌈σ⌉ + 1 ≤ 7 (y) and ⌈σ/2⌉ + 1 ≤ 6 (z): σ ≤ 6
        let maps = try Extractor.responseMaps([PyRadiomicsParameters.ImageType(kind: .log, settings: settings)],
                                                         image: image, roi: image.map { _ in UInt8(1) }, pixelType: .float32)
        XCTAssertEqual(maps.map(\.0), ["log-sigma-1-0-mm-3D"])
        settings.sigma = [6, 7]
        let more = try Extractor.responseMaps([PyRadiomicsParameters.ImageType(kind: .log, settings: settings)],
                                                         image: image, roi: image.map { _ in UInt8(1) }, pixelType: .float32)
        XCTAssertEqual(more.map(\.0), ["log-sigma-6-0-mm-3D"])
    }
}
