import Foundation
import XCTest
@testable import Radiomics

final class PyRadiomicsParametersTests: XCTestCase {
    func testEveryExampleParameterFileParses() throws {
        let dir = FixturePath.path("pyradiomics-params")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(files.count, 8)
        for f in files {
            XCTAssertNoThrow(try PyRadiomicsParameters.load(path: dir + "/" + f), f)
        }
        let ours = FixturePath.path("pyradiomics/params")
        for f in try FileManager.default.contentsOfDirectory(atPath: ours) where f.hasSuffix(".yaml") {
            XCTAssertNoThrow(try PyRadiomicsParameters.load(path: ours + "/" + f), f)
        }
    }

    func testParamsYaml() throws {
        let p = try PyRadiomicsParameters.load(path: FixturePath.path("pyradiomics-params/Params.yaml"))
        XCTAssertEqual(p.settings.binWidth, 25)
        XCTAssertEqual(p.settings.label, 1)
        XCTAssertEqual(p.settings.interpolator, .bSpline)
        XCTAssertNil(p.settings.resampledPixelSpacing)
        XCTAssertNil(p.settings.weightingNorm)
        XCTAssertEqual(p.imageTypes.map(\.kind), [.original])
        XCTAssertEqual(p.featureClasses.map(\.name), ["shape", "firstorder", "glcm", "glrlm", "glszm", "gldm"])
        XCTAssertNil(p.featureClasses[0].features)
        XCTAssertNil(p.featureClasses[1].features)  // [] means all
        XCTAssertEqual(p.featureClasses[2].features?.count, 22)
        XCTAssertFalse(p.featureClasses[2].features!.contains("SumAverage"))
    }

    func testExampleCTAndMR2D() throws {
        let ct = try PyRadiomicsParameters.load(path: FixturePath.path("pyradiomics-params/exampleCT.yaml"))
        XCTAssertEqual(ct.imageTypes.map(\.kind), [.original, .log, .wavelet])
        XCTAssertEqual(ct.imageTypes[1].settings.sigma, [1, 2, 3, 4, 5])
        XCTAssertEqual(ct.imageTypes[2].settings.wavelet, "coif1")
        XCTAssertEqual(ct.settings.resampledPixelSpacing, [1, 1, 1])
        XCTAssertEqual(ct.settings.padDistance, 10)
        XCTAssertEqual(ct.settings.voxelArrayShift, 1000)
        let mr = try PyRadiomicsParameters.load(path: FixturePath.path("pyradiomics-params/MR_2D_extraction.yaml"))
        XCTAssertTrue(mr.settings.normalize)
        XCTAssertEqual(mr.settings.normalizeScale, 100)
        XCTAssertEqual(mr.settings.resampledPixelSpacing, [2, 2, 0])
        XCTAssertTrue(mr.settings.preCrop)
        XCTAssertTrue(mr.settings.force2D)
        XCTAssertEqual(mr.settings.binWidth, 5)
        XCTAssertEqual(mr.settings.voxelArrayShift, 300)
        XCTAssertEqual(mr.featureClasses.first?.name, "shape2D")
        let voxel = try PyRadiomicsParameters.load(path: FixturePath.path("pyradiomics-params/exampleVoxel.yaml"))
        XCTAssertEqual(voxel.settings.kernelRadius, 2)
        XCTAssertTrue(voxel.settings.initValue.isNaN)
        XCTAssertEqual(voxel.featureClasses.map(\.name), ["glcm"])
        XCTAssertEqual(voxel.featureClasses[0].features, ["JointEntropy"])
    }

    func testEverySettingKeyOfTheIssue() throws {
        let yaml = """
        imageType:
          Original: {}
          LoG: {sigma: [1.0, 3.0], binWidth: 5}
          Wavelet: {wavelet: db2, start_level: 1, level: 2}
          Square: {}
          SquareRoot: {}
          Logarithm: {}
          Exponential: {}
          Gradient: {}
          LBP2D: {}
          LBP3D: {}
        featureClass:
          firstorder: [Mean, Kurtosis]
          shape:
        setting:
          binWidth: 10
          binCount: 32
          label: 3
          resampledPixelSpacing: [0.5, 0.5, 2]
          interpolator: sitkLinear
          padDistance: 7
          normalize: true
          normalizeScale: 100
          removeOutliers: 3
          resegmentRange: [-100, 400]
          resegmentMode: sigma
          resegmentShape: true
          preCrop: true
          force2D: true
          force2Ddimension: 2
          voxelArrayShift: 1000
          distances: [1, 2]
          symmetricalGLCM: false
          weightingNorm: euclidean
          gldm_a: 1
          minimumROIDimensions: 3
          minimumROISize: 20
          geometryTolerance: 0.001
          correctMask: true
          additionalInfo: false
        """
        let p = try PyRadiomicsParameters.parse(yaml: yaml)
        let s = p.settings
        XCTAssertEqual(s.binWidth, 10); XCTAssertEqual(s.binCount, 32); XCTAssertEqual(s.label, 3)
        XCTAssertEqual(s.resampledPixelSpacing, [0.5, 0.5, 2]); XCTAssertEqual(s.interpolator, .linear)
        XCTAssertEqual(s.padDistance, 7); XCTAssertTrue(s.normalize); XCTAssertEqual(s.normalizeScale, 100)
        XCTAssertEqual(s.removeOutliers, 3); XCTAssertEqual(s.resegmentRange, [-100, 400]); XCTAssertEqual(s.resegmentMode, .sigma)
        XCTAssertTrue(s.resegmentShape); XCTAssertTrue(s.preCrop); XCTAssertTrue(s.force2D); XCTAssertEqual(s.force2Ddimension, 2)
        XCTAssertEqual(s.voxelArrayShift, 1000); XCTAssertEqual(s.distances, [1, 2]); XCTAssertFalse(s.symmetricalGLCM)
        XCTAssertEqual(s.weightingNorm, .euclidean); XCTAssertEqual(s.gldmA, 1); XCTAssertEqual(s.minimumROIDimensions, 3)
        XCTAssertEqual(s.minimumROISize, 20); XCTAssertEqual(s.geometryTolerance, 0.001); XCTAssertTrue(s.correctMask)
        XCTAssertFalse(s.additionalInfo)
        XCTAssertEqual(p.imageTypes.map(\.kind), PyRadiomicsParameters.ImageType.Kind.allCases)
        XCTAssertEqual(p.imageTypes[1].settings.sigma, [1, 3])
        XCTAssertEqual(p.imageTypes[1].settings.binWidth, 5)
        XCTAssertEqual(p.imageTypes[0].settings.binWidth, 10)
        XCTAssertEqual(p.imageTypes[2].settings.wavelet, "db2")
        XCTAssertEqual(p.imageTypes[2].settings.startLevel, 1)
        XCTAssertEqual(p.imageTypes[2].settings.level, 2)
        XCTAssertEqual(p.featureClasses[0].features ?? [], ["Mean", "Kurtosis"])
    }

    func testKeysThatCannotBeHonouredAreErrorsNamingTheKey() {
        let bad: [(String, String)] = [
            ("setting:\n  binWidht: 25\n", "binWidht"),
            ("setting:\n  interpolator: sitkLabelGaussian\n", "interpolator"),
            ("setting:\n  weightingNorm: chebyshev\n", "weightingNorm"),
            ("setting:\n  resampledPixelSpacing: [1, 1]\n", "resampledPixelSpacing"),
            ("setting:\n  label_channel: 1\n", "label_channel"),
            ("imageType:\n  Sobel: {}\n", "Sobel"),
            ("featureClass:\n  glcm: [Contrastt]\n", "Contrastt"),
            ("featureClass:\n  texture:\n", "texture"),
            ("voxelSetting:\n  kernelRadiuss: 2\n", "kernelRadiuss"),
            ("settings:\n  binWidth: 2\n", "settings"),
        ]
        for (yaml, key) in bad {
            XCTAssertThrowsError(try PyRadiomicsParameters.parse(yaml: yaml, file: "p.yaml")) { error in
                let e = error as? RadiomicsError
                XCTAssertEqual(e?.kind, .usage, yaml)
                XCTAssert("\(error)".contains(key), "\(error) should name \(key)")
                // Setting errors name the key's line; file-level ones the file.
                XCTAssert("\(error)".hasPrefix(yaml.hasPrefix("setting:") || yaml.hasPrefix("voxelSetting:") ? "p.yaml:2: " : "p.yaml: "), "\(error)")
            }
        }
    }

    func testASettingTypoSuggestsTheSettingMeant() {
        for (typo, meant) in [("binwidth", "binWidth"), ("binWidht", "binWidth"), ("resampledPixelSpaceing", "resampledPixelSpacing")] {
            XCTAssertThrowsError(try PyRadiomicsParameters.parse(yaml: "setting:\n  label: 1\n  \(typo): 25\n", file: "p.yaml")) { error in
                XCTAssertTrue("\(error)".hasPrefix("p.yaml:3: setting '\(typo)'"), "\(error)")
                XCTAssertTrue("\(error)".hasSuffix("(did you mean \(meant)?)"), "\(error)")
            }
        }
        XCTAssertNil(PyRadiomicsParameters.suggestion(for: "completelyDifferent"))
    }
}
