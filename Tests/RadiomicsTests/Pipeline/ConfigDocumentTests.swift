import Foundation
import XCTest
@testable import Radiomics

/// `--dump-config` and the provenance sidecar: the resolved settings in the config file's keys.
final class ConfigDocumentTests: XCTestCase {
    func testEveryPresetRoundTripsThroughItsYAML() throws {
        for p in Presets.all {
            let config = try RunConfiguration.preset(p.name)
            let back = try ConfigFile.parse(config.yaml, file: "dump.yaml")
            XCTAssertEqual(back, config, "\(p.name):\n\(config.yaml)")
        }
    }

    func testAConfigWithEverySectionRoundTrips() throws {
        let text = """
            preset: default
            round_initial_intensities: true
            interpolation: {spacing: [2, 2.5, 3], in_plane_only: false, image_interpolator: tricubic-spline, mask_interpolator: linear, round_intensities: true, partial_volume_threshold: 0.4}
            resegmentation: {range: [-1000, null], outlier_sigma: 3}
            discretisation:
              texture: {method: fixed_bin_number, bins: 32}
              ivh: {method: fixed_bin_size, bin_size: 2.5, lower_bound: null}
              bin_origin: roi_minimum
            texture: {dimension: all, glcm_distance: 2, ngldm_coarseness: 1}
            features: {families: [glcm, statistics, morphology], include: ["cm_*", "stat_mean"], exclude: ["*_2D_avg"]}
            image_types:
              - original
              - {type: log, sigma: 1.5, boundary: mirror, in_plane: true}
            roi: "GTV 1"
            """
        let config = try ConfigFile.parse(text, file: "c.yaml")
        let dumped = config.yaml
        XCTAssertEqual(try ConfigFile.parse(dumped, file: "dump.yaml"), config, dumped)
        XCTAssertTrue(dumped.contains("families: [morphology, statistics, glcm]\n"), dumped)
        XCTAssertTrue(dumped.contains("texture: {method: fixed_bin_number, bins: 32}"), dumped)
        XCTAssertTrue(dumped.contains("include: [\"cm_*\", \"stat_mean\"]"), dumped)
    }

    func testProvenanceUsesConfigKeysInAFixedOrder() throws {
        var settings = ExtractionSettings()
        settings.discretisation = .fixedBinSize(25, lowerBound: -1000)
        let config = RunConfiguration(preset: "default", settings: settings)
        let encode = { () throws -> String in
            let p = Provenance(arguments: [], configuration: config, output: nil, format: "wide", started: Date(), inputs: [], cases: [])
            let json = try JSONSerialization.jsonObject(with: try p.json()) as! [String: Any]
            let c = json["configuration"] as! [String: Any]
            return String(decoding: try JSONSerialization.data(withJSONObject: c, options: [.sortedKeys]), as: UTF8.self)
        }
        let first = try encode()
        for _ in 0..<5 { XCTAssertEqual(try encode(), first) }
        XCTAssertFalse(first.contains("_0"), first)
        XCTAssertTrue(first.contains("\"bin_size\":25"), first)
        XCTAssertTrue(first.contains("\"families\":[\"diagnostics\",\"morphology\",\"local-intensity\""), first)
    }
}
