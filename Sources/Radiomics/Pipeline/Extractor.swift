/// Runs the IBSI pipeline on one image and one ROI: geometry check → processing → features.
public enum Extractor {
    /// Features of one ROI, in the stable family order of `ExtractionSettings.Family`.
    /// - Throws: `RadiomicsError` for a grid mismatch, an empty ROI or non-finite intensities in it.
    public static func extract(image: ImageVolume, mask: MaskVolume, settings: ExtractionSettings,
                               imageFile: String? = nil, maskFile: String? = nil) throws(RadiomicsError) -> [Feature] {
        if let why = image.geometry.mismatch(with: mask.geometry) {
            throw .badInput(maskFile, "mask grid does not match the image: \(why)")
        }
        guard let box = mask.boundingBox else { throw .badInput(maskFile, "the ROI is empty (no voxel in the mask)") }
        _ = box
        for n in mask.voxels.indices where mask.voxels[n] != 0 && !image.voxels[n].isFinite {
            throw .badInput(imageFile, "the image holds NaN or infinite intensities inside the ROI")
        }
        let prepared = try Preprocessor.prepare(image: image, mask: mask, settings: settings, maskFile: maskFile)
        var features: [Feature] = []
        let wantDiagnostics = settings.families.contains(.diagnostics)
        if wantDiagnostics { features += prepared.diagnostics }
        for family in settings.families.sorted() where family != .diagnostics {
            features += FamilyRegistry.features(family, prepared.context)
        }
        return features
    }
}
