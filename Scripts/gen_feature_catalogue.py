#!/usr/bin/env python3
"""Generates Sources/Radiomics/Features/FeatureCatalogue+Table.swift from the IBSI 1 digital
phantom reference table (tag stems, families, names) and the one-line definitions below.
Run from the repository root: python3 Scripts/gen_feature_catalogue.py"""
import csv, re

D = {
 # Morphology (IBSI 1 §3.1): V mesh volume, A mesh area, N_v voxel count
 "morph_volume": "V: volume enclosed by the ROI's triangle mesh (mm³)",
 "morph_vol_approx": "N_v · voxel volume (mm³)",
 "morph_area_mesh": "A: total area of the ROI's triangle mesh (mm²)",
 "morph_av": "A / V",
 "morph_comp_1": "V / (π^½ · A^{3/2})",
 "morph_comp_2": "36π · V² / A³",
 "morph_sph_dispr": "A / (36π V²)^{1/3}",
 "morph_sphericity": "(36π V²)^{1/3} / A",
 "morph_asphericity": "(A³ / (36π V²))^{1/3} − 1",
 "morph_com": "distance between the geometric centre of the morphological mask and the intensity-weighted centre of the intensity mask",
 "morph_diam": "largest distance between two mesh vertices",
 "morph_pca_maj_axis": "4 √λ_major (eigenvalues of the voxel-position covariance)",
 "morph_pca_min_axis": "4 √λ_minor",
 "morph_pca_least_axis": "4 √λ_least",
 "morph_pca_elongation": "√(λ_minor / λ_major)",
 "morph_pca_flatness": "√(λ_least / λ_major)",
 "morph_vol_dens_aabb": "V / volume of the axis-aligned bounding box",
 "morph_area_dens_aabb": "A / area of the axis-aligned bounding box",
 "morph_vol_dens_ombb": "V / volume of the oriented minimum bounding box",
 "morph_area_dens_ombb": "A / area of the oriented minimum bounding box",
 "morph_vol_dens_aee": "V / volume of the approximate enclosing ellipsoid (PCA axes)",
 "morph_area_dens_aee": "A / area of the approximate enclosing ellipsoid",
 "morph_vol_dens_mvee": "V / volume of the minimum-volume enclosing ellipsoid",
 "morph_area_dens_mvee": "A / area of the minimum-volume enclosing ellipsoid",
 "morph_vol_dens_conv_hull": "V / volume of the convex hull of the mesh",
 "morph_area_dens_conv_hull": "A / area of the convex hull of the mesh",
 "morph_integ_int": "V · mean intensity in the intensity mask",
 "morph_moran_i": "Moran's I spatial autocorrelation of intensities, weights 1/distance",
 "morph_geary_c": "Geary's C spatial autocorrelation of intensities, weights 1/distance",
 # Local intensity (§3.2)
 "loc_peak_loc": "mean intensity in a 1 cm³ sphere centred on the hottest voxel",
 "loc_peak_glob": "largest mean intensity in a 1 cm³ sphere centred on any ROI voxel",
 # Statistics (§3.3): X intensities of the intensity mask, N_v voxels
 "stat_mean": "μ = (1/N_v) Σ X_k",
 "stat_var": "(1/N_v) Σ (X_k − μ)²",
 "stat_skew": "(1/N_v) Σ (X_k − μ)³ / variance^{3/2}",
 "stat_kurt": "(1/N_v) Σ (X_k − μ)⁴ / variance² − 3",
 "stat_median": "median of X",
 "stat_min": "min X",
 "stat_p10": "10th percentile of X",
 "stat_p90": "90th percentile of X",
 "stat_max": "max X",
 "stat_iqr": "P75 − P25",
 "stat_range": "max X − min X",
 "stat_mad": "(1/N_v) Σ |X_k − μ|",
 "stat_rmad": "mean absolute deviation from the mean of the voxels within [P10, P90]",
 "stat_medad": "(1/N_v) Σ |X_k − median|",
 "stat_cov": "σ / μ",
 "stat_qcod": "(P75 − P25) / (P75 + P25)",
 "stat_energy": "Σ X_k²",
 "stat_rms": "√((1/N_v) Σ X_k²)",
 # Intensity histogram (§3.4): discretised grey levels, p_i bin probabilities
 "ih_mean": "mean grey level",
 "ih_var": "variance of the grey levels",
 "ih_skew": "skewness of the grey levels",
 "ih_kurt": "excess kurtosis of the grey levels",
 "ih_median": "median grey level",
 "ih_min": "minimum grey level",
 "ih_p10": "10th percentile of the grey levels",
 "ih_p90": "90th percentile of the grey levels",
 "ih_max": "maximum grey level",
 "ih_mode": "most frequent grey level (the lowest when tied with... nearest to the mean)",
 "ih_iqr": "P75 − P25 of the grey levels",
 "ih_range": "max − min grey level",
 "ih_mad": "mean absolute deviation of the grey levels",
 "ih_rmad": "robust mean absolute deviation of the grey levels within [P10, P90]",
 "ih_medad": "median absolute deviation of the grey levels",
 "ih_cov": "σ / μ of the grey levels",
 "ih_qcod": "(P75 − P25) / (P75 + P25) of the grey levels",
 "ih_entropy": "−Σ p_i log₂ p_i",
 "ih_uniformity": "Σ p_i²",
 "ih_max_grad": "maximum of the histogram gradient dH/di",
 "ih_max_grad_g": "grey level of the maximum histogram gradient",
 "ih_min_grad": "minimum of the histogram gradient dH/di",
 "ih_min_grad_g": "grey level of the minimum histogram gradient",
 # Intensity-volume histogram (§3.5)
 "ivh_v10": "volume fraction with intensity ≥ 10% of the intensity range",
 "ivh_v90": "volume fraction with intensity ≥ 90% of the intensity range",
 "ivh_i10": "lowest intensity of the 10% highest-intensity volume",
 "ivh_i90": "lowest intensity of the 90% highest-intensity volume",
 "ivh_diff_v10_v90": "V10 − V90",
 "ivh_diff_i10_i90": "I10 − I90",
 "ivh_auc": "area under the intensity-volume histogram curve",
 # GLCM (§3.6): p_ij normalised co-occurrence, p_{x−y}, p_{x+y}, μ_x, σ_x marginals
 "cm_joint_max": "max p_ij",
 "cm_joint_avg": "Σ i p_ij",
 "cm_joint_var": "Σ (i − μ)² p_ij",
 "cm_joint_entr": "−Σ p_ij log₂ p_ij",
 "cm_diff_avg": "Σ k p_{x−y}(k)",
 "cm_diff_var": "Σ (k − μ_{x−y})² p_{x−y}(k)",
 "cm_diff_entr": "−Σ p_{x−y}(k) log₂ p_{x−y}(k)",
 "cm_sum_avg": "Σ k p_{x+y}(k)",
 "cm_sum_var": "Σ (k − μ_{x+y})² p_{x+y}(k)",
 "cm_sum_entr": "−Σ p_{x+y}(k) log₂ p_{x+y}(k)",
 "cm_energy": "Σ p_ij²",
 "cm_contrast": "Σ (i − j)² p_ij",
 "cm_dissimilarity": "Σ |i − j| p_ij",
 "cm_inv_diff": "Σ p_ij / (1 + |i − j|)",
 "cm_inv_diff_norm": "Σ p_ij / (1 + |i − j| / N_g)",
 "cm_inv_diff_mom": "Σ p_ij / (1 + (i − j)²)",
 "cm_inv_diff_mom_norm": "Σ p_ij / (1 + (i − j)² / N_g²)",
 "cm_inv_var": "Σ_{i≠j} p_ij / (i − j)²",
 "cm_corr": "Σ (i − μ_x)(j − μ_y) p_ij / (σ_x σ_y)",
 "cm_auto_corr": "Σ i j p_ij",
 "cm_clust_tend": "Σ (i + j − μ_x − μ_y)² p_ij",
 "cm_clust_shade": "Σ (i + j − μ_x − μ_y)³ p_ij",
 "cm_clust_prom": "Σ (i + j − μ_x − μ_y)⁴ p_ij",
 "cm_info_corr1": "(HXY − HXY1) / max(HX, HY)",
 "cm_info_corr2": "√(1 − exp(−2 (HXY2 − HXY)))",
 # GLRLM (§3.7): r_ij runs of grey level i and length j, N_s runs, N_v voxels
 "rlm_sre": "Σ r_ij / j² / N_s",
 "rlm_lre": "Σ j² r_ij / N_s",
 "rlm_lgre": "Σ r_ij / i² / N_s",
 "rlm_hgre": "Σ i² r_ij / N_s",
 "rlm_srlge": "Σ r_ij / (i² j²) / N_s",
 "rlm_srhge": "Σ i² r_ij / j² / N_s",
 "rlm_lrlge": "Σ j² r_ij / i² / N_s",
 "rlm_lrhge": "Σ i² j² r_ij / N_s",
 "rlm_glnu": "Σ_i (Σ_j r_ij)² / N_s",
 "rlm_glnu_norm": "Σ_i (Σ_j r_ij)² / N_s²",
 "rlm_rlnu": "Σ_j (Σ_i r_ij)² / N_s",
 "rlm_rlnu_norm": "Σ_j (Σ_i r_ij)² / N_s²",
 "rlm_r_perc": "N_s / N_v",
 "rlm_gl_var": "Σ (i − μ)² p_ij, p_ij = r_ij / N_s",
 "rlm_rl_var": "Σ (j − μ)² p_ij",
 "rlm_rl_entr": "−Σ p_ij log₂ p_ij",
 # GLSZM (§3.8): s_ij zones of grey level i and size j, N_s zones
 "szm_sze": "Σ s_ij / j² / N_s",
 "szm_lze": "Σ j² s_ij / N_s",
 "szm_lgze": "Σ s_ij / i² / N_s",
 "szm_hgze": "Σ i² s_ij / N_s",
 "szm_szlge": "Σ s_ij / (i² j²) / N_s",
 "szm_szhge": "Σ i² s_ij / j² / N_s",
 "szm_lzlge": "Σ j² s_ij / i² / N_s",
 "szm_lzhge": "Σ i² j² s_ij / N_s",
 "szm_glnu": "Σ_i (Σ_j s_ij)² / N_s",
 "szm_glnu_norm": "Σ_i (Σ_j s_ij)² / N_s²",
 "szm_zsnu": "Σ_j (Σ_i s_ij)² / N_s",
 "szm_zsnu_norm": "Σ_j (Σ_i s_ij)² / N_s²",
 "szm_z_perc": "N_s / N_v",
 "szm_gl_var": "Σ (i − μ)² p_ij, p_ij = s_ij / N_s",
 "szm_zs_var": "Σ (j − μ)² p_ij",
 "szm_zs_entr": "−Σ p_ij log₂ p_ij",
 # GLDZM (§3.9): d_ij zones of grey level i at distance j from the ROI edge
 "dzm_sde": "Σ d_ij / j² / N_s",
 "dzm_lde": "Σ j² d_ij / N_s",
 "dzm_lgze": "Σ d_ij / i² / N_s",
 "dzm_hgze": "Σ i² d_ij / N_s",
 "dzm_sdlge": "Σ d_ij / (i² j²) / N_s",
 "dzm_sdhge": "Σ i² d_ij / j² / N_s",
 "dzm_ldlge": "Σ j² d_ij / i² / N_s",
 "dzm_ldhge": "Σ i² j² d_ij / N_s",
 "dzm_glnu": "Σ_i (Σ_j d_ij)² / N_s",
 "dzm_glnu_norm": "Σ_i (Σ_j d_ij)² / N_s²",
 "dzm_zdnu": "Σ_j (Σ_i d_ij)² / N_s",
 "dzm_zdnu_norm": "Σ_j (Σ_i d_ij)² / N_s²",
 "dzm_z_perc": "N_s / N_v",
 "dzm_gl_var": "Σ (i − μ)² p_ij, p_ij = d_ij / N_s",
 "dzm_zd_var": "Σ (j − μ)² p_ij",
 "dzm_zd_entr": "−Σ p_ij log₂ p_ij",
 # NGTDM (§3.10): s_i sum of |i − neighbourhood mean|, p_i grey level probability
 "ngt_coarseness": "1 / Σ p_i s_i",
 "ngt_contrast": "(Σ_i Σ_j p_i p_j (i − j)² / (N_g(N_g − 1))) · (Σ s_i / N_v)",
 "ngt_busyness": "Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|",
 "ngt_complexity": "Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (N_v (p_i + p_j))",
 "ngt_strength": "Σ_i Σ_j (p_i + p_j)(i − j)² / Σ s_i",
 # NGLDM (§3.11): s_ij voxels of grey level i with dependence count j, N_s = N_v
 "ngl_lde": "Σ s_ij / j² / N_s",
 "ngl_hde": "Σ j² s_ij / N_s",
 "ngl_lgce": "Σ s_ij / i² / N_s",
 "ngl_hgce": "Σ i² s_ij / N_s",
 "ngl_ldlge": "Σ s_ij / (i² j²) / N_s",
 "ngl_ldhge": "Σ i² s_ij / j² / N_s",
 "ngl_hdlge": "Σ j² s_ij / i² / N_s",
 "ngl_hdhge": "Σ i² j² s_ij / N_s",
 "ngl_glnu": "Σ_i (Σ_j s_ij)² / N_s",
 "ngl_glnu_norm": "Σ_i (Σ_j s_ij)² / N_s²",
 "ngl_dcnu": "Σ_j (Σ_i s_ij)² / N_s",
 "ngl_dcnu_norm": "Σ_j (Σ_i s_ij)² / N_s²",
 "ngl_dc_perc": "N_s / N_v (1 by definition of the count)",
 "ngl_gl_var": "Σ (i − μ)² p_ij, p_ij = s_ij / N_s",
 "ngl_dc_var": "Σ (j − μ)² p_ij",
 "ngl_dc_entr": "−Σ p_ij log₂ p_ij",
 "ngl_dc_energy": "Σ p_ij²",
}
D["ih_mode"] = "most frequent grey level (ties: the one closest to the mean)"

# pyradiomics GLDM (not IBSI): p(i,j) voxels of grey level i with j dependent neighbours (|Δ| ≤ α)
GLDM = [
 ("gldm_SmallDependenceEmphasis", "Small dependence emphasis", "Σ p(i,j) / j² / N_z"),
 ("gldm_LargeDependenceEmphasis", "Large dependence emphasis", "Σ j² p(i,j) / N_z"),
 ("gldm_GrayLevelNonUniformity", "Grey level non-uniformity", "Σ_i (Σ_j p(i,j))² / N_z"),
 ("gldm_DependenceNonUniformity", "Dependence non-uniformity", "Σ_j (Σ_i p(i,j))² / N_z"),
 ("gldm_DependenceNonUniformityNormalized", "Normalised dependence non-uniformity", "Σ_j (Σ_i p(i,j))² / N_z²"),
 ("gldm_GrayLevelVariance", "Grey level variance", "Σ (i − μ)² p(i,j) / N_z"),
 ("gldm_DependenceVariance", "Dependence variance", "Σ (j − μ)² p(i,j) / N_z"),
 ("gldm_DependenceEntropy", "Dependence entropy", "−Σ (p(i,j)/N_z) log₂ (p(i,j)/N_z)"),
 ("gldm_LowGrayLevelEmphasis", "Low grey level emphasis", "Σ p(i,j) / i² / N_z"),
 ("gldm_HighGrayLevelEmphasis", "High grey level emphasis", "Σ i² p(i,j) / N_z"),
 ("gldm_SmallDependenceLowGrayLevelEmphasis", "Small dependence low grey level emphasis", "Σ p(i,j) / (i² j²) / N_z"),
 ("gldm_SmallDependenceHighGrayLevelEmphasis", "Small dependence high grey level emphasis", "Σ i² p(i,j) / j² / N_z"),
 ("gldm_LargeDependenceLowGrayLevelEmphasis", "Large dependence low grey level emphasis", "Σ j² p(i,j) / i² / N_z"),
 ("gldm_LargeDependenceHighGrayLevelEmphasis", "Large dependence high grey level emphasis", "Σ i² j² p(i,j) / N_z"),
]

FAMILY = {
 "morph": ".morphology", "loc": ".localIntensity", "stat": ".statistics", "ih": ".intensityHistogram",
 "ivh": ".intensityVolumeHistogram", "cm": ".glcm", "rlm": ".glrlm", "szm": ".glszm", "dzm": ".gldzm",
 "ngt": ".ngtdm", "ngl": ".ngldm",
}

def esc(s): return s.replace("\\", "\\\\").replace('"', '\\"')

rows = list(csv.DictReader(open("Fixtures/ibsi/reference_values/ibsi1/ibsi1_digital_phantom.csv", encoding="utf-8")))
seen, out = set(), []
for r in rows:
    stem = re.sub(r"_(2D|2_5D|3D)(_avg|_comb)?$", "", r["tag"])
    if stem in seen: continue
    seen.add(stem)
    fam = FAMILY[stem.split("_")[0]]
    out.append(f'        FeatureInfo("{stem}", {fam}, "{esc(r["feature"])}", "{esc(D[stem])}"),')
for stem, name, d in GLDM:
    out.append(f'        FeatureInfo("{stem}", .gldm, "{esc(name)}", "{esc(d)}"),')
missing = set(D) - seen
assert not missing, missing

with open("Sources/Radiomics/Features/FeatureCatalogue+Table.swift", "w", encoding="utf-8") as f:
    f.write("// Generated by Scripts/gen_feature_catalogue.py from the IBSI 1 digital phantom reference\n")
    f.write("// table (tags, names) and the script's one-line definitions. Do not edit by hand.\n\n")
    f.write("extension FeatureCatalogue {\n")
    f.write("    /// Every feature stem (tag without aggregation suffix), in IBSI 1 reference-table order.\n")
    f.write("    public static let features: [FeatureInfo] = [\n")
    f.write("\n".join(out) + "\n    ]\n}\n")
print(len(out), "features")
