import Foundation
import XCTest
@testable import Radiomics

/// IBSI-mode features of filtered images (`image_types:` with `pyradiomics-log` σ 1, 2 mm and
/// `pyradiomics-wavelet` coif1, its 8 first-level bands) against pyradiomics-bhklab 3.1.4's
/// `log-sigma-…` / `wavelet-…` features of the same case (Fixtures/pyradiomics/expected/
/// log_wavelet.csv: binWidth 10, voxelArrayShift 0, cases sphere and ellipsoid_aniso).
///
/// Where the definitions coincide (radiomics/firstorder.py against IBSI 1 §3.3):
/// stat_mean = Mean, stat_var = Variance (population), stat_skew = Skewness,
/// stat_kurt + 3 = Kurtosis (pyradiomics' is not excess kurtosis), stat_median = Median,
/// stat_min/max = Minimum/Maximum, stat_p10/p90 = 10Percentile/90Percentile (both numpy's linear
/// interpolation), stat_iqr = InterquartileRange, stat_range = Range, stat_mad = MeanAbsoluteDeviation,
/// stat_rmad = RobustMeanAbsoluteDeviation, stat_rms = RootMeanSquared and stat_energy = Energy
/// (Σ(x + c)², c = voxelArrayShift = 0), and after a conversion stat_cov = √Variance / Mean.
/// No twin: stat_medad (IBSI's mean absolute deviation from the median), stat_qcod (needs p25, p75).
///
/// Texture, where the binning can be made identical: one image type per run, IBSI fixed bin size 10
/// with the lower bound at pyradiomics' first edge for that map (min − (min mod 10) of the Minimum
/// pyradiomics reports for it). Then GLCM `_3D_avg` (pyradiomics averages its 13 symmetric
/// distance-1 matrices' features, no weighting), GLRLM `_3D_avg` (same 13 directions), GLSZM and
/// NGTDM `_3D` (one matrix, 26-connectivity / 26-neighbourhood) and GLDM are the same quantities.
final class FilteredFeaturesAgreementTests: XCTestCase {
    /// pyradiomics' rows (a missing or unreadable file is an error, not an empty table).
    static func rows() throws -> [[String: String]] {
        let rows = try PyRadiomicsAgreementTests.readCSV(FixturePath.path("pyradiomics/expected/log_wavelet.csv"))
        XCTAssertEqual(rows.map { $0["Case"] ?? "" }, ["sphere", "ellipsoid_aniso"])
        return rows
    }

    static let statistics: [(String, String)] = [
        ("stat_mean", "Mean"), ("stat_var", "Variance"), ("stat_skew", "Skewness"), ("stat_median", "Median"),
        ("stat_min", "Minimum"), ("stat_p10", "10Percentile"), ("stat_p90", "90Percentile"), ("stat_max", "Maximum"),
        ("stat_iqr", "InterquartileRange"), ("stat_range", "Range"), ("stat_mad", "MeanAbsoluteDeviation"),
        ("stat_rmad", "RobustMeanAbsoluteDeviation"), ("stat_rms", "RootMeanSquared"), ("stat_energy", "Energy"),
    ]
    static let glrlm: [(String, String)] = [
        ("rlm_sre", "ShortRunEmphasis"), ("rlm_lre", "LongRunEmphasis"), ("rlm_lgre", "LowGrayLevelRunEmphasis"),
        ("rlm_hgre", "HighGrayLevelRunEmphasis"), ("rlm_srlge", "ShortRunLowGrayLevelEmphasis"),
        ("rlm_srhge", "ShortRunHighGrayLevelEmphasis"), ("rlm_lrlge", "LongRunLowGrayLevelEmphasis"),
        ("rlm_lrhge", "LongRunHighGrayLevelEmphasis"), ("rlm_glnu", "GrayLevelNonUniformity"),
        ("rlm_glnu_norm", "GrayLevelNonUniformityNormalized"), ("rlm_rlnu", "RunLengthNonUniformity"),
        ("rlm_rlnu_norm", "RunLengthNonUniformityNormalized"), ("rlm_r_perc", "RunPercentage"),
        ("rlm_gl_var", "GrayLevelVariance"), ("rlm_rl_var", "RunVariance"), ("rlm_rl_entr", "RunEntropy"),
    ]
    static let glszm: [(String, String)] = [
        ("szm_sze", "SmallAreaEmphasis"), ("szm_lze", "LargeAreaEmphasis"), ("szm_lgze", "LowGrayLevelZoneEmphasis"),
        ("szm_hgze", "HighGrayLevelZoneEmphasis"), ("szm_szlge", "SmallAreaLowGrayLevelEmphasis"),
        ("szm_szhge", "SmallAreaHighGrayLevelEmphasis"), ("szm_lzlge", "LargeAreaLowGrayLevelEmphasis"),
        ("szm_lzhge", "LargeAreaHighGrayLevelEmphasis"), ("szm_glnu", "GrayLevelNonUniformity"),
        ("szm_glnu_norm", "GrayLevelNonUniformityNormalized"), ("szm_zsnu", "SizeZoneNonUniformity"),
        ("szm_zsnu_norm", "SizeZoneNonUniformityNormalized"), ("szm_z_perc", "ZonePercentage"),
        ("szm_gl_var", "GrayLevelVariance"), ("szm_zs_var", "ZoneVariance"), ("szm_zs_entr", "ZoneEntropy"),
    ]

    /// (our column prefix, pyradiomics' image type prefix, image_types entry)
    static let imageTypes: [(String, String, String)] = [
        ("", "original", "original"),
        ("log-sigma-1-0-mm-3D_", "log-sigma-1-0-mm-3D", "{type: pyradiomics-log, sigma: 1}"),
        ("log-sigma-2-0-mm-3D_", "log-sigma-2-0-mm-3D", "{type: pyradiomics-log, sigma: 2}"),
    ] + ["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL"].map {
        ("wavelet-\($0)_", "wavelet-\($0)", "{type: pyradiomics-wavelet, wavelet: coif1, response: \($0)}")
    }

    func run(_ row: [String: String], yaml: String) throws -> [String: Double] {
        try IBSIMode.features(config: yaml, image: FixturePath.path("pyradiomics/" + row["Image"]!),
                              mask: FixturePath.path("pyradiomics/" + row["Mask"]!))
    }

    func value(_ row: [String: String], _ column: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        guard let text = row[column], let v = Double(text) else {
            XCTFail("log_wavelet.csv has no column \(column)", file: file, line: line); return nil
        }
        return v
    }

    /// The README's `image_types:` list in one config (original, LoG σ 1 and 2, the 8 coif1 bands):
    /// the 14 + 1 first-order twins on every image type.
    /// Measured worst relative difference: original 3.8·10⁻¹⁵, LoG 7.3·10⁻¹⁵ (tolerance 10⁻¹³);
    /// wavelet 8.5·10⁻⁷ (tolerance 10⁻⁵). The wavelet difference is not arithmetic: IBSI mode keeps
    /// every response map as float32 (`ImageVolume`), pyradiomics keeps pywt's float64 output, so
    /// each voxel differs by up to 2⁻²⁴ relative (stat_min/stat_max are exactly the float32 rounding
    /// of pyradiomics' values, asserted), and moments of near-symmetric bands amplify it (stat_skew
    /// 0.009 of HHH: 8.5·10⁻⁷). pyradiomics' LoG is itself float32 (SimpleITK), hence exact there.
    func testFirstOrderOfEveryImageType() throws {
        let yaml = """
            image_types:
              - original
              - {type: pyradiomics-log, sigma: 1}
              - {type: pyradiomics-log, sigma: 2}
              - {type: pyradiomics-wavelet, wavelet: coif1}
            features:
              families: [statistics]
            """
        var byType: [String: Agreement] = [:]
        for row in try Self.rows() {
            let c = row["Case"]!
            let ours = try run(row, yaml: yaml)
            XCTAssertEqual(ours.count, 11 * 18, c)
            for (prefix, theirs, _) in Self.imageTypes {
                var a = byType[theirs.hasPrefix("wavelet") ? "wavelet" : theirs] ?? Agreement()
                for (tag, name) in Self.statistics {
                    guard let r = value(row, "\(theirs)_firstorder_\(name)") else { continue }
                    a.add("\(c) \(prefix)\(tag)", ours: try XCTUnwrap(ours[prefix + tag], prefix + tag), reference: r, floor: 1e-12)
                    if theirs.hasPrefix("wavelet") && (tag == "stat_min" || tag == "stat_max") {
                        // The float32 rounding of pyradiomics' float64 extreme, exactly.
                        XCTAssertEqual(ours[prefix + tag]!, Double(Float(r)), "\(c) \(prefix)\(tag)")
                    }
                }
                if let k = value(row, "\(theirs)_firstorder_Kurtosis") {
                    a.add("\(c) \(prefix)stat_kurt", ours: try XCTUnwrap(ours[prefix + "stat_kurt"]) + 3, reference: k)
                }
                if let m = value(row, "\(theirs)_firstorder_Mean"), let v = value(row, "\(theirs)_firstorder_Variance") {
                    a.add("\(c) \(prefix)stat_cov", ours: try XCTUnwrap(ours[prefix + "stat_cov"]), reference: v.squareRoot() / m)
                }
                byType[theirs.hasPrefix("wavelet") ? "wavelet" : theirs] = a
            }
        }
        for (name, a) in byType.sorted(by: { $0.key < $1.key }) {
            print("agreement first-order \(name): \(a.count) values, worst relative \(String(format: "%.2e", a.worst)) (\(a.worstTag))")
            XCTAssertLessThanOrEqual(a.worst, name == "wavelet" ? 1e-5 : 1e-13, "\(name): \(a.worstTag)")
        }
        XCTAssertEqual(byType.values.map(\.count).reduce(0, +), 2 * 11 * 16)
    }

    /// Texture of each image type with pyradiomics' binning (one run per image type, the lower bound
    /// its first bin edge). Measured worst relative difference over original, LoG and wavelet maps:
    /// GLCM 5.1·10⁻¹² (cm_info_corr1 of wavelet-LLH; 1.1·10⁻¹² on the original image), tolerance
    /// 5·10⁻¹¹; GLRLM, GLSZM, NGTDM, GLDM ≤ 9.3·10⁻¹⁵, tolerance 10⁻¹³. The float32 maps do not
    /// show here: no voxel of these maps lies within float32 rounding of a bin edge.
    func testTextureOfEveryImageTypeWithPyRadiomicsBinning() throws {
        var byFamily: [String: Agreement] = [:]
        for row in try Self.rows() {
            let c = row["Case"]!
            for (prefix, theirs, entry) in Self.imageTypes {
                guard let minimum = value(row, "\(theirs)_firstorder_Minimum") else { continue }
                let edge = IBSIMode.pyradiomicsFirstEdge(minimum: minimum, binWidth: 10)
                let yaml = """
                    discretisation:
                      texture: {method: fixed_bin_size, bin_size: 10, lower_bound: \(edge)}
                    image_types:
                      - \(entry)
                    features:
                      families: [glcm, glrlm, glszm, ngtdm, gldm]
                    """
                let ours = try run(row, yaml: yaml)
                let families: [(String, String, [(String, String)])] = [
                    ("glcm", "_3D_avg", TextureOptionsAgreementTests.glcm), ("glrlm", "_3D_avg", Self.glrlm),
                    ("glszm", "_3D", Self.glszm), ("ngtdm", "_3D", TextureOptionsAgreementTests.ngtdm),
                    ("gldm", "", TextureOptionsAgreementTests.gldmNames.map { ("gldm_" + $0, $0) }),
                ]
                for (family, suffix, pairs) in families {
                    let key = family + (theirs.hasPrefix("wavelet") ? " wavelet" : theirs.hasPrefix("log") ? " log" : " original")
                    var a = byFamily[key] ?? Agreement()
                    for (tag, name) in pairs {
                        guard let r = value(row, "\(theirs)_\(family)_\(name)") else { continue }
                        a.add("\(c) \(prefix)\(tag)\(suffix)", ours: try XCTUnwrap(ours[prefix + tag + suffix], prefix + tag + suffix),
                              reference: r, floor: 1e-14)
                    }
                    byFamily[key] = a
                }
            }
        }
        XCTAssertEqual(byFamily.count, 15)
        XCTAssertEqual(byFamily.values.map(\.count).reduce(0, +), 2 * 11 * (25 + 16 + 16 + 5 + 14))
        for (name, a) in byFamily.sorted(by: { $0.key < $1.key }) {
            print("agreement \(name): \(a.count) values, worst relative \(String(format: "%.2e", a.worst)) (\(a.worstTag))")
            XCTAssertLessThanOrEqual(a.worst, name.hasPrefix("glcm") ? 5e-11 : 1e-13, "\(name): \(a.worstTag)")
        }
    }
}
