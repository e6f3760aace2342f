import Foundation
import XCTest
@testable import Radiomics

final class ReportTests: XCTestCase {
    func testTableReaderSplitsKeysFeaturesAndText() throws {
        let csv = #"""
            id,image,mask,roi,stat_mean,note,log-sigma-1-0-mm-3D_stat_mean,error
            P1,a/ct.nii.gz,m.nii.gz,1,1.5,"x, y",NaN,
            P1,a/ct.nii.gz,m.nii.gz,2,2.5,z,-Inf,
            P2,b/ct.nii.gz,m.nii.gz,1,,w,3,"cannot read ""b"""

            """#
        let t = try FeatureTableData.parse(Data(csv.utf8), file: "t.csv")
        XCTAssertEqual(t.caseNames, ["P1 / 1", "P1 / 2", "P2"])
        XCTAssertEqual(t.featureNames, ["stat_mean", "log-sigma-1-0-mm-3D_stat_mean"])
        XCTAssertEqual(t.textColumns, ["note"])
        XCTAssertEqual(t.errors, ["", "", "cannot read \"b\""])
        XCTAssertEqual(t.values[0][1], 2.5)
        XCTAssertTrue(t.values[0][2].isNaN)
        XCTAssertEqual(t.values[1][1], -.infinity)
        XCTAssertThrowsError(try FeatureTableData.parse(Data("a,b\n1\n".utf8), file: "t.csv"))
    }

    func testSummaryFlagsConstantNearConstantAndOutliers() {
        let rows = Array(0..<100)
        let constant = FeatureSummary(name: "c", values: Array(repeating: 4, count: 100), rows: rows)
        XCTAssertTrue(constant.isConstant)
        XCTAssertFalse(constant.isNearConstant)
        var near = Array(repeating: 1.0, count: 100); near[3] = 2
        XCTAssertTrue(FeatureSummary(name: "n", values: near, rows: rows).isNearConstant)
        var spread = rows.map { Double($0 % 10) }; spread[42] = 1e6; spread[7] = .nan; spread[8] = .infinity
        let s = FeatureSummary(name: "s", values: spread, rows: rows)
        XCTAssertEqual(s.outliers.map(\.row), [42])
        XCTAssertEqual(s.nanCount, 1)
        XCTAssertEqual(s.infCount, 1)
        XCTAssertEqual(s.finiteCount, 98)
        XCTAssertEqual(s.histogram.reduce(0, +), 98)
    }

    func testSpearmanClustersGroupMonotoneFeaturesOnly() {
        let x = (0..<50).map { Double($0) }
        let noise = (0..<50).map { Double(($0 * 37) % 50) }
        let columns = [x, x.map { $0 * $0 * $0 + 1 }, noise, x.map { -2 * $0 }, noise.map { exp($0 / 10) }]
        let clusters = CorrelationClusters.find(columns)
        XCTAssertEqual(clusters.map(\.members), [[0, 1, 3], [2, 4]])
        XCTAssertEqual(clusters[0].strongest, 1, accuracy: 1e-5)
        XCTAssertEqual(CorrelationClusters.ranks([3, 1, 3, 2]), [3.5, 1, 3.5, 2])
    }

    func testStatusNamesTheIBSIFeatureOnEveryImageType() {
        let mean = FeatureStatus(column: "stat_mean")
        XCTAssertEqual(mean.kind, .ibsi)
        XCTAssertEqual(mean.identifier, "Q4LE")
        let filtered = FeatureStatus(column: "wavelet-LLH_cm_joint_max_3D_avg")
        XCTAssertEqual(filtered.imageType, "wavelet-LLH")
        XCTAssertEqual(filtered.identifier, "GYBY")
        XCTAssertEqual(filtered.group, "glcm")
        XCTAssertFalse(FeatureStatus(column: "gldm_DependenceEntropy").standardised)
        XCTAssertEqual(FeatureStatus(column: "int_mask_vox_count_init_roi").kind, .diagnostic)
        XCTAssertEqual(FeatureStatus(column: "original_glcm_Contrast").kind, .pyradiomics)
    }

    func testPageIsSelfContainedAndNamesFailuresAndOutliers() throws {
        var csv = "id,stat_mean,stat_var,error\n"
        for n in 0..<40 { csv += "C\(n),\(n == 13 ? 9999 : n % 7),\(n),\n" }
        csv += "BAD,NaN,NaN,<unreadable> file\n"
        let report = CohortReport(table: try FeatureTableData.parse(Data(csv.utf8), file: "f.csv"), source: "f.csv")
        let html = ReportHTML.render(report, thumbnails: [.init(caption: "C1", png: Data([1, 2, 3]), link: nil)])
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("&lt;unreadable&gt; file"))
        XCTAssertTrue(html.contains("C13 (9999)"))
        XCTAssertTrue(html.contains("Q4LE"))
        XCTAssertTrue(html.contains("data:image/png;base64,AQID"))
        for forbidden in ["<script", "http://", "https://", "@import", "url("] { XCTAssertFalse(html.contains(forbidden), forbidden) }
    }

    /// The size the report must stay usable at: 1,000 cases × 2,500 features.
    func testThousandCasesByTwoAndAHalfThousandFeatures() throws {
        let cases = 1000, features = 2500
        var csv = "id,image,mask,roi," + (0..<features).map { "f\($0)_stat_mean" }.joined(separator: ",") + ",error\n"
        var rng = SplitMix(seed: 7)
        for c in 0..<cases {
            var row = "P\(c),img\(c).nii.gz,m.nii.gz,1"
            let base = rng.next()
            for f in 0..<features {
                // Every 10th feature follows `base` (one big cluster); every 100th is constant.
                let v = f % 100 == 99 ? 1 : f % 10 == 0 ? base * Double(f + 1) : rng.next()
                row += "," + String(v)
            }
            row += c % 250 == 3 ? ",failed to read\n" : ",\n"
            csv += row
        }
        let started = Date()
        let table = try FeatureTableData.parse(Data(csv.utf8), file: "big.csv")
        let report = CohortReport(table: table, source: "big.csv")
        let html = ReportHTML.render(report)
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "report 1000 × 2500: %.2f s (correlation %.2f s), %.2f MB", seconds, report.seconds["correlation"] ?? 0, Double(html.utf8.count) / 1e6))
        XCTAssertEqual(report.goodRows.count, 996)
        XCTAssertEqual(report.summaries.filter(\.isConstant).count, 25)
        XCTAssertEqual(report.clusters.first?.members.count, 250)
        XCTAssertLessThan(html.utf8.count, 8_000_000)
        XCTAssertLessThan(seconds, 60)
    }
}

/// Deterministic uniform numbers in [0, 1) for synthetic tables.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
