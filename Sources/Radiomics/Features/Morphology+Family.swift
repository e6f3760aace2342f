extension ExtractionSettings.Family {
    public static let morphology = Self("morphology")
}

/// Morphological features (IBSI 1 §3.1).
/// Its id, place in the pipeline and catalogue (one line per feature, in output order);
/// the formulas are in Morphology.swift.
struct MorphologyFamily: FeatureFamily {
    let id = ExtractionSettings.Family.morphology
    let tagPrefix = "morph_"
    let pyradiomicsClass: String? = "shape"
    /// The mesh-based features and Moran's I / Geary's C, each as long as the other families of
    /// a large ROI together: two parallel pieces, concatenated in part order.
    let parts = 2

    func stageName(part: Int) -> String { part == 1 ? "morphology (Moran, Geary)" : id.rawValue }
    func cost(part: Int) -> Int { part == 0 ? 100 : 60 }

    func features(part: Int, _ roi: ROIContext) -> [Feature] {
        part == 0 ? Morphology.shapeFeatures(roi, shape: roi.morphologyShape) : Morphology.autocorrelationFeatures(roi)
    }

    /// IBSI tag stem, name, IBSI identifier, pyradiomics name, definition.
    let catalogue: [CatalogueEntry] = [
        .init("morph_volume", "Volume (mesh)", ibsi: "RNU0", pyradiomics: "MeshVolume", "V: volume enclosed by the ROI's triangle mesh (mm³)"),
        .init("morph_vol_approx", "Volume (voxel counting)", ibsi: "YEKZ", pyradiomics: "VoxelVolume", "N_v · voxel volume (mm³)"),
        .init("morph_area_mesh", "Surface area (mesh)", ibsi: "C0JK", pyradiomics: "SurfaceArea", "A: total area of the ROI's triangle mesh (mm²)"),
        .init("morph_av", "Surface to volume ratio", ibsi: "2PR5", pyradiomics: "SurfaceVolumeRatio", "A / V"),
        .init("morph_comp_1", "Compactness 1", ibsi: "SKGS", pyradiomics: "Compactness1", "V / (π^½ · A^{3/2})"),
        .init("morph_comp_2", "Compactness 2", ibsi: "BQWJ", pyradiomics: "Compactness2", "36π · V² / A³"),
        .init("morph_sph_dispr", "Spherical disproportion", ibsi: "KRCK", pyradiomics: "SphericalDisproportion", "A / (36π V²)^{1/3}"),
        .init("morph_sphericity", "Sphericity", ibsi: "QCFX", pyradiomics: "Sphericity", "(36π V²)^{1/3} / A"),
        .init("morph_asphericity", "Asphericity", ibsi: "25C7", pyradiomics: nil, "(A³ / (36π V²))^{1/3} − 1"),
        .init("morph_com", "Centre of mass shift", ibsi: "KLMA", pyradiomics: nil, "distance between the geometric centre of the morphological mask and the intensity-weighted centre of the intensity mask"),
        .init("morph_diam", "Maximum 3D diameter", ibsi: "L0JK", pyradiomics: "Maximum3DDiameter", "largest distance between two mesh vertices"),
        .init("morph_pca_maj_axis", "Major axis length", ibsi: "TDIC", pyradiomics: "MajorAxisLength", "4 √λ_major (eigenvalues of the voxel-position covariance)"),
        .init("morph_pca_min_axis", "Minor axis length", ibsi: "P9VJ", pyradiomics: "MinorAxisLength", "4 √λ_minor"),
        .init("morph_pca_least_axis", "Least axis length", ibsi: "7J51", pyradiomics: "LeastAxisLength", "4 √λ_least"),
        .init("morph_pca_elongation", "Elongation", ibsi: "Q3CK", pyradiomics: "Elongation", "√(λ_minor / λ_major)"),
        .init("morph_pca_flatness", "Flatness", ibsi: "N17B", pyradiomics: "Flatness", "√(λ_least / λ_major)"),
        .init("morph_vol_dens_aabb", "Volume density (AABB)", ibsi: "PBX1", pyradiomics: nil, "V / volume of the axis-aligned bounding box"),
        .init("morph_area_dens_aabb", "Area density (AABB)", ibsi: "R59B", pyradiomics: nil, "A / area of the axis-aligned bounding box"),
        .init("morph_vol_dens_ombb", "Volume density (OMBB)", ibsi: "ZH1A", pyradiomics: nil, "V / volume of the oriented minimum bounding box"),
        .init("morph_area_dens_ombb", "Area density (OMBB)", ibsi: "IQYR", pyradiomics: nil, "A / area of the oriented minimum bounding box"),
        .init("morph_vol_dens_aee", "Volume density (AEE)", ibsi: "6BDE", pyradiomics: nil, "V / volume of the approximate enclosing ellipsoid (PCA axes)"),
        .init("morph_area_dens_aee", "Area density (AEE)", ibsi: "RDD2", pyradiomics: nil, "A / area of the approximate enclosing ellipsoid"),
        .init("morph_vol_dens_mvee", "Volume density (MVEE)", ibsi: "SWZ1", pyradiomics: nil, "V / volume of the minimum-volume enclosing ellipsoid"),
        .init("morph_area_dens_mvee", "Area density (MVEE)", ibsi: "BRI8", pyradiomics: nil, "A / area of the minimum-volume enclosing ellipsoid"),
        .init("morph_vol_dens_conv_hull", "Volume density (convex hull)", ibsi: "R3ER", pyradiomics: nil, "V / volume of the convex hull of the mesh"),
        .init("morph_area_dens_conv_hull", "Area density (convex hull)", ibsi: "7T7F", pyradiomics: nil, "A / area of the convex hull of the mesh"),
        .init("morph_integ_int", "Integrated intensity", ibsi: "99N0", pyradiomics: nil, "V · mean intensity in the intensity mask"),
        .init("morph_moran_i", "Moran's I index", ibsi: "N365", pyradiomics: nil, "Moran's I spatial autocorrelation of intensities, weights 1/distance"),
        .init("morph_geary_c", "Geary's C measure", ibsi: "NPT7", pyradiomics: nil, "Geary's C spatial autocorrelation of intensities, weights 1/distance"),
    ]
}
