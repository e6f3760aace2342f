import Foundation
import XCTest
@testable import Radiomics

/// IBSI-mode texture options against pyradiomics-bhklab 3.1.4 where both define the same quantity
/// (Fixtures/ibsi_options/pyradiomics_texture_options.json, made by
/// Scripts/make_ibsi_option_fixtures.py; the cases are Fixtures/pyradiomics/cases).
///
/// Discretisation: IBSI fixed bin size 25 with the lower bound set to pyradiomics' first bin edge
/// (`getBinEdges`: min − (min mod 25)), so bin k of both is [edge + 25(k−1), edge + 25k): the same
/// grey levels, integer intensities, no rounding question.
///
/// Where the definitions coincide (read in radiomics/{glcm,gldm,ngtdm}.py and the C matrices):
/// - `gldm_*` (our pyradiomics GLDM in IBSI mode, `texture.gldm_alpha` α) is pyradiomics' GLDM
///   with `gldm_a` α, `distances` [1], feature for feature.
/// - IBSI NGLDM (`ngl_*_3D`, `ngldm_distance` δ, `ngldm_coarseness` α) is pyradiomics' GLDM with
///   `distances` [1 … δ] (pyradiomics takes every offset whose Chebyshev norm is in `distances`)
///   and `gldm_a` α: the same matrix (dependence = 1 + dependent neighbours inside the mask), and
///   14 of the 17 IBSI features have a pyradiomics twin (not ngl_glnu_norm, ngl_dc_perc, ngl_dc_energy).
/// - IBSI NGTDM (`ngt_*_3D`, `ngtdm_distance` δ) is pyradiomics' NGTDM with `distances` [1 … δ];
///   all 5 features are defined alike.
/// - IBSI GLCM (`cm_*_3D_avg/_comb`, `glcm_distance` δ) uses the 13 offsets δ·m; pyradiomics'
///   `distances` [δ] uses all 49 (δ = 2) or 109 (δ = 3) offsets of norm δ, so the fixture keeps
///   pyradiomics' matrices of the 13 offsets δ·m (averaged: `_3D_avg`; summed: `_3D_comb`).
///   22 of the 25 IBSI features have a twin; cm_sum_var is pyradiomics' ClusterTendency (Σ(k − μ_{x+y})²
///   p_{x+y}(k) = Σ(i + j − μ_i − μ_j)² p_ij), cm_dissimilarity its DifferenceAverage.
final class TextureOptionsAgreementTests: XCTestCase {
    var infoCorrelation = Agreement()
    static let cases = ["sphere", "ellipsoid_aniso", "blob_irregular", "multilabel"]

    nonisolated(unsafe) static let reference: [String: Any] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: FixturePath.path("ibsi_options/pyradiomics_texture_options.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static func entry(_ c: String) -> [String: Any] { (reference["cases"] as! [String: Any])[c] as! [String: Any] }
    static func values(_ c: String, _ key: String) -> [String: Double] {
        (entry(c)[key] as! [String: Any]).mapValues { ($0 as! NSNumber).doubleValue }
    }

    static let gldmNames = ["SmallDependenceEmphasis", "LargeDependenceEmphasis", "GrayLevelNonUniformity",
                            "DependenceNonUniformity", "DependenceNonUniformityNormalized", "GrayLevelVariance",
                            "DependenceVariance", "DependenceEntropy", "LowGrayLevelEmphasis", "HighGrayLevelEmphasis",
                            "SmallDependenceLowGrayLevelEmphasis", "SmallDependenceHighGrayLevelEmphasis",
                            "LargeDependenceLowGrayLevelEmphasis", "LargeDependenceHighGrayLevelEmphasis"]
    static let ngldm: [(String, String)] = [
        ("ngl_lde", "SmallDependenceEmphasis"), ("ngl_hde", "LargeDependenceEmphasis"),
        ("ngl_lgce", "LowGrayLevelEmphasis"), ("ngl_hgce", "HighGrayLevelEmphasis"),
        ("ngl_ldlge", "SmallDependenceLowGrayLevelEmphasis"), ("ngl_ldhge", "SmallDependenceHighGrayLevelEmphasis"),
        ("ngl_hdlge", "LargeDependenceLowGrayLevelEmphasis"), ("ngl_hdhge", "LargeDependenceHighGrayLevelEmphasis"),
        ("ngl_glnu", "GrayLevelNonUniformity"), ("ngl_dcnu", "DependenceNonUniformity"),
        ("ngl_dcnu_norm", "DependenceNonUniformityNormalized"), ("ngl_gl_var", "GrayLevelVariance"),
        ("ngl_dc_var", "DependenceVariance"), ("ngl_dc_entr", "DependenceEntropy"),
    ]
    static let ngtdm: [(String, String)] = [
        ("ngt_coarseness", "Coarseness"), ("ngt_contrast", "Contrast"), ("ngt_busyness", "Busyness"),
        ("ngt_complexity", "Complexity"), ("ngt_strength", "Strength"),
    ]
    static let glcm: [(String, String)] = [
        ("cm_joint_max", "MaximumProbability"), ("cm_joint_avg", "JointAverage"), ("cm_joint_var", "SumSquares"),
        ("cm_joint_entr", "JointEntropy"), ("cm_diff_avg", "DifferenceAverage"), ("cm_diff_var", "DifferenceVariance"),
        ("cm_diff_entr", "DifferenceEntropy"), ("cm_sum_avg", "SumAverage"), ("cm_sum_var", "ClusterTendency"),
        ("cm_sum_entr", "SumEntropy"), ("cm_energy", "JointEnergy"), ("cm_contrast", "Contrast"),
        ("cm_dissimilarity", "DifferenceAverage"), ("cm_inv_diff", "Id"), ("cm_inv_diff_norm", "Idn"),
        ("cm_inv_diff_mom", "Idm"), ("cm_inv_diff_mom_norm", "Idmn"), ("cm_inv_var", "InverseVariance"),
        ("cm_corr", "Correlation"), ("cm_auto_corr", "Autocorrelation"), ("cm_clust_tend", "ClusterTendency"),
        ("cm_clust_shade", "ClusterShade"), ("cm_clust_prom", "ClusterProminence"),
        ("cm_info_corr1", "Imc1"), ("cm_info_corr2", "Imc2"),
    ]

    static func config(lowerBound: Double, glcm: Int, ngtdm: Int, ngldm: Int, coarseness: Int, alpha: Int) -> String {
        """
        discretisation:
          texture: {method: fixed_bin_size, bin_size: 25, lower_bound: \(lowerBound)}
        texture:
          dimension: 3D
          glcm_distance: \(glcm)
          ngtdm_distance: \(ngtdm)
          ngldm_distance: \(ngldm)
          ngldm_coarseness: \(coarseness)
          gldm_alpha: \(alpha)
        features:
          families: [glcm, ngtdm, ngldm, gldm]
        """
    }

    static func ours(_ c: String, glcm: Int, ngtdm: Int, ngldm: Int, coarseness: Int, alpha: Int) throws -> [String: Double] {
        let e = entry(c)
        let edge = (e["firstBinEdge"] as! NSNumber).doubleValue
        return try IBSIMode.features(config: config(lowerBound: edge, glcm: glcm, ngtdm: ngtdm, ngldm: ngldm, coarseness: coarseness, alpha: alpha),
                                     image: FixturePath.path("pyradiomics/cases/\(c)_image.nii.gz"),
                                     mask: FixturePath.path("pyradiomics/cases/\(c)_mask.nii.gz"),
                                     label: (e["label"] as! NSNumber).intValue)
    }

    /// Compares `pairs` (our tag without suffix, pyradiomics name) and returns the agreement.
    func compare(_ ours: [String: Double], suffix: String, _ pairs: [(String, String)], _ reference: [String: Double],
                 _ what: String, into a: inout Agreement, file: StaticString = #filePath, line: UInt = #line) {
        for (tag, name) in pairs {
            guard let o = ours[tag + suffix], let r = reference[name] else {
                XCTFail("\(what): missing \(tag + suffix) or \(name)", file: file, line: line); continue
            }
            // Information correlation 2 is √(1 − e^{−2(HXY2 − HXY)}) of a difference of entropies
            // (cancellation): its rounding is two orders above the other features'; kept apart.
            if tag.hasPrefix("cm_info_corr") {
                infoCorrelation.add("\(what) \(tag + suffix)", ours: o, reference: r, floor: 1e-14)
            } else {
                a.add("\(what) \(tag + suffix)", ours: o, reference: r, floor: 1e-14)
            }
        }
    }

    static func assertDiffers(_ c: String, _ pairs: [(String, String, String)], file: StaticString = #filePath, line: UInt = #line) {
        for (a, b, name) in pairs {
            let x = values(c, a)[name]!, y = values(c, b)[name]!
            XCTAssertGreaterThan(Swift.abs(x - y), 1e-3 * Swift.abs(y), "\(c): \(a) and \(b) give the same \(name)", file: file, line: line)
        }
    }

    /// Tolerance: measured agreement with a ~10× margin (see each test).
    func check(_ a: Agreement, _ tolerance: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        print("agreement \(what): \(a.count) values, worst relative \(String(format: "%.2e", a.worst)) (\(a.worstTag))")
        XCTAssertGreaterThan(a.count, 0, what, file: file, line: line)
        XCTAssertLessThanOrEqual(a.worst, tolerance, "\(what): worst \(a.worstTag)", file: file, line: line)
    }

    /// The fixture's lower bound is pyradiomics' first edge computed from the Minimum pyradiomics
    /// itself reports (original_bw25.csv), so the discretisation is tied to pyradiomics' own output.
    func testFirstBinEdgeIsPyRadiomicsOwn() throws {
        let rows = try PyRadiomicsAgreementTests.readCSV(FixturePath.path("pyradiomics/expected/original_bw25.csv"))
        for c in Self.cases {
            let row = try XCTUnwrap(rows.first { $0["Case"] == c })
            let minimum = try XCTUnwrap(Double(row["original_firstorder_Minimum"] ?? ""))
            let edge = (Self.entry(c)["firstBinEdge"] as! NSNumber).doubleValue
            XCTAssertEqual(IBSIMode.pyradiomicsFirstEdge(minimum: minimum, binWidth: 25), edge, c)
            XCTAssertEqual(edge.truncatingRemainder(dividingBy: 25), 0, c)
        }
    }

    /// IBSI-mode `gldm_*` with α = 0 against pyradiomics' GLDM in original_bw25.csv, every case of it
    /// (5, the multilabel one on label 1). Measured worst relative difference 4.7·10⁻¹⁵
    /// (DependenceEntropy); tolerance 5·10⁻¹⁴.
    func testGLDMDefaultAgainstPyRadiomicsCSV() throws {
        let rows = try PyRadiomicsAgreementTests.readCSV(FixturePath.path("pyradiomics/expected/original_bw25.csv"))
        XCTAssertEqual(rows.count, 5)
        var a = Agreement()
        for row in rows {
            let c = row["Case"]!
            let minimum = try XCTUnwrap(Double(row["original_firstorder_Minimum"] ?? ""))
            let yaml = Self.config(lowerBound: IBSIMode.pyradiomicsFirstEdge(minimum: minimum, binWidth: 25),
                                   glcm: 1, ngtdm: 1, ngldm: 1, coarseness: 0, alpha: 0)
            let ours = try IBSIMode.features(config: yaml, image: FixturePath.path("pyradiomics/" + row["Image"]!),
                                             mask: FixturePath.path("pyradiomics/" + row["Mask"]!))
            XCTAssertEqual(ours.keys.filter { $0.hasPrefix("gldm_") }.count, 14, c)
            for name in Self.gldmNames {
                let want = try XCTUnwrap(Double(row["original_gldm_" + name] ?? ""), "\(c) \(name)")
                a.add("\(c) gldm_\(name)", ours: try XCTUnwrap(ours["gldm_" + name]), reference: want, floor: 1e-14)
            }
        }
        XCTAssertEqual(a.count, 70)
        check(a, 5e-14, "gldm α 0 vs original_bw25.csv")
    }

    /// Defaults (every distance 1, α 0): GLDM, NGLDM, NGTDM, GLCM `_3D_avg` over the 13 directions.
    /// Measured worst: 3.5·10⁻¹⁴ (cm_clust_shade), 3.2·10⁻¹³ (cm_info_corr2); tolerances 5·10⁻¹³, 10⁻¹¹.
    func testDefaultsAgainstPyRadiomics() throws {
        var a = Agreement()
        for c in Self.cases {
            let ours = try Self.ours(c, glcm: 1, ngtdm: 1, ngldm: 1, coarseness: 0, alpha: 0)
            compare(ours, suffix: "", Self.gldmNames.map { ("gldm_" + $0, $0) }, Self.values(c, "gldm_a0_d1"), "\(c) gldm", into: &a)
            compare(ours, suffix: "_3D", Self.ngldm, Self.values(c, "gldm_a0_d1"), "\(c) ngldm", into: &a)
            compare(ours, suffix: "_3D", Self.ngtdm, Self.values(c, "ngtdm_d1"), "\(c) ngtdm", into: &a)
            compare(ours, suffix: "_3D_avg", Self.glcm, Self.values(c, "glcm_d1_avg"), "\(c) glcm", into: &a)
        }
        check(a, 5e-13, "defaults")
        check(infoCorrelation, 1e-11, "defaults" + ", cm_info_corr*")
    }

    /// δ = 2 everywhere, NGLDM α 0, GLDM α 1. Measured worst: 3.4·10⁻¹³ (cm_clust_shade_3D_comb,
    /// a third central moment that nearly cancels), 8.1·10⁻¹³ (cm_info_corr2); tolerances 5·10⁻¹², 10⁻¹¹.
    func testDistance2AndGLDMAlpha1AgainstPyRadiomics() throws {
        var a = Agreement()
        for c in Self.cases {
            let ours = try Self.ours(c, glcm: 2, ngtdm: 2, ngldm: 2, coarseness: 0, alpha: 1)
            // Each option changes the reference: a setting that were ignored would fail here.
            Self.assertDiffers(c, [("gldm_a1_d1", "gldm_a0_d1", "SmallDependenceEmphasis"), ("gldm_a0_d2", "gldm_a0_d1", "LargeDependenceEmphasis"),
                                   ("ngtdm_d2", "ngtdm_d1", "Coarseness"), ("glcm_d2_avg", "glcm_d1_avg", "Contrast"),
                                   ("glcm_d2_comb", "glcm_d2_avg", "JointEntropy")])
            compare(ours, suffix: "", Self.gldmNames.map { ("gldm_" + $0, $0) }, Self.values(c, "gldm_a1_d1"), "\(c) gldm α1", into: &a)
            compare(ours, suffix: "_3D", Self.ngldm, Self.values(c, "gldm_a0_d2"), "\(c) ngldm δ2", into: &a)
            compare(ours, suffix: "_3D", Self.ngtdm, Self.values(c, "ngtdm_d2"), "\(c) ngtdm δ2", into: &a)
            compare(ours, suffix: "_3D_avg", Self.glcm, Self.values(c, "glcm_d2_avg"), "\(c) glcm δ2 avg", into: &a)
            compare(ours, suffix: "_3D_comb", Self.glcm, Self.values(c, "glcm_d2_comb"), "\(c) glcm δ2 comb", into: &a)
        }
        check(a, 5e-12, "δ 2, gldm α 1")
        check(infoCorrelation, 1e-11, "δ 2, gldm α 1" + ", cm_info_corr*")
    }

    /// δ = 3 everywhere, NGLDM coarseness 1, GLDM α 2. Measured worst: 3.1·10⁻¹⁴ (ngl_dc_entr),
    /// 3.9·10⁻¹³ (cm_info_corr2); tolerances 5·10⁻¹³, 10⁻¹¹.
    func testDistance3CoarsenessAndGLDMAlpha2AgainstPyRadiomics() throws {
        var a = Agreement()
        for c in Self.cases {
            let ours = try Self.ours(c, glcm: 3, ngtdm: 3, ngldm: 3, coarseness: 1, alpha: 2)
            Self.assertDiffers(c, [("gldm_a2_d1", "gldm_a1_d1", "SmallDependenceEmphasis"), ("gldm_a1_d3", "gldm_a0_d2", "LargeDependenceEmphasis"),
                                   ("ngtdm_d3", "ngtdm_d2", "Coarseness"), ("glcm_d3_avg", "glcm_d2_avg", "Contrast")])
            compare(ours, suffix: "", Self.gldmNames.map { ("gldm_" + $0, $0) }, Self.values(c, "gldm_a2_d1"), "\(c) gldm α2", into: &a)
            compare(ours, suffix: "_3D", Self.ngldm, Self.values(c, "gldm_a1_d3"), "\(c) ngldm δ3 α1", into: &a)
            compare(ours, suffix: "_3D", Self.ngtdm, Self.values(c, "ngtdm_d3"), "\(c) ngtdm δ3", into: &a)
            compare(ours, suffix: "_3D_avg", Self.glcm, Self.values(c, "glcm_d3_avg"), "\(c) glcm δ3 avg", into: &a)
        }
        check(a, 5e-13, "δ 3, ngldm α 1, gldm α 2")
        check(infoCorrelation, 1e-11, "δ 3, ngldm α 1, gldm α 2" + ", cm_info_corr*")
    }
}
