extension ExtractionSettings.Family {
    public static let diagnostics = Self("diagnostics")
}

/// The IBSI diagnostics (`Diagnostics-*` rows of the reference tables): no features of their own
/// and no piece of work; the extractor takes them from the preprocessing stage.
/// Their tags are listed stage by stage; the values are computed in Diagnostics.swift.
struct DiagnosticsFamily: FeatureFamily {
    let id = ExtractionSettings.Family.diagnostics
    let tagPrefix = ""
    let parts = 0
    let catalogue: [CatalogueEntry] = []

    func cost(part: Int) -> Int { 1 }
    func features(part: Int, _ roi: ROIContext) -> [Feature] { [] }
    func tags(dimension: ExtractionSettings.TextureDimension) -> [String] { Self.tags }

    static let tags: [String] = {
        let img = ["img_dim_x", "img_dim_y", "img_dim_z", "vox_dim_x", "vox_dim_y", "vox_dim_z", "mean_int", "min_int", "max_int"]
        let roi = ["int_mask_dim_x", "int_mask_dim_y", "int_mask_dim_z", "int_mask_bb_dim_x", "int_mask_bb_dim_y", "int_mask_bb_dim_z",
                   "morph_mask_bb_dim_x", "morph_mask_bb_dim_y", "morph_mask_bb_dim_z", "int_mask_vox_count", "morph_mask_vox_count",
                   "int_mask_mean_int", "int_mask_min_int", "int_mask_max_int"]
        return ["init", "interp"].flatMap { s in img.map { "\($0)_\(s)_img" } }
            + ["init", "interp", "reseg"].flatMap { s in roi.map { "\($0)_\(s)_roi" } }
    }()
}
