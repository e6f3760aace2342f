/// The IBSI standing of a table column: which feature it is, on which image, and whether IBSI
/// standardised it (it has an IBSI identifier).
public struct FeatureStatus: Sendable, Equatable {
    public enum Kind: String, Sendable { case ibsi, diagnostic, pyradiomics, unknown }

    public var kind: Kind
    /// `original`, or the response map's prefix (`log-sigma-1-0-mm-3D`, `wavelet-LLH`).
    public var imageType: String
    /// The tag without image-type prefix (`cm_joint_max_3D_avg`), or the column for unknown ones.
    public var tag: String
    /// Report group: the family (`glcm`), `diagnostics`, or the pyradiomics class.
    public var group: String
    public var identifier: String?
    public var info: FeatureInfo?
    public var standardised: Bool { identifier != nil }

    public init(column: String) {
        imageType = "original"
        tag = column
        kind = .unknown
        group = "other"
        if FeatureCatalogue.diagnosticTags.contains(column) {
            kind = .diagnostic; group = "diagnostics"; return
        }
        var candidates = [("original", column)]
        if let cut = column.firstIndex(of: "_") {
            candidates.append((String(column[..<cut]), String(column[column.index(after: cut)...])))
        }
        for (image, rest) in candidates {
            if let info = FeatureCatalogue.info(forTag: rest) {
                self.imageType = image; tag = rest; kind = .ibsi; self.info = info
                group = info.family.rawValue
                identifier = info.ibsiIdentifier
                return
            }
        }
        // pyradiomics: <imageType>_<class>_<Feature>, diagnostics_<...>.
        let parts = column.split(separator: "_", maxSplits: 2).map(String.init)
        if parts.count == 3, PyRadiomicsFeatureNames.all[parts[1]] != nil {
            kind = .pyradiomics; imageType = parts[0]; tag = parts[2]; group = "pyradiomics " + parts[1]
        } else if parts.first == "diagnostics" {
            kind = .diagnostic; group = "diagnostics"
        }
    }
}
