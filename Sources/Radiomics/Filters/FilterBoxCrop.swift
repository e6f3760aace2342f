/// The response map on `box` exactly (`radiomics filter --crop-to`). `applyCropped` filters the
/// box plus the kernel's support, but that margin itself sees the crop's edge instead of the
/// image beyond it, so its values differ from whole-image filtering: it is cut off here.
public func applyOnBox(_ spec: FilterSpec, to image: ImageVolume, box: IndexBox) throws(RadiomicsError) -> ImageVolume {
    let filtered = try applyCropped(spec, to: image, around: box)
    return filtered.map.cropped(to: IndexBox(lower: box.lower &- filtered.box.lower, upper: box.upper &- filtered.box.lower))
}
