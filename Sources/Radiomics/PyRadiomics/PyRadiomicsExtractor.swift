import Foundation

/// The pyradiomics-compatible extraction (pyradiomics-bhklab 3.1.4 `RadiomicsFeatureExtractor.execute`):
/// its mask checks, bounding-box crop, re-segmentation and normalisation, then the enabled feature
/// classes, with pyradiomics' column names (`original_firstorder_Mean`, `diagnostics_…`).
///
/// Implemented here: image types Original, LoG, Wavelet, Square, SquareRoot, Logarithm, Exponential,
/// Gradient, LBP2D (not fixture-checked end to end), LBP3D; resampling (B-spline, linear, nearest); every feature class (firstorder, shape, shape2D,
/// glcm, glrlm, glszm, ngtdm, gldm); numeric diagnostics. Anything else the parameters ask for
/// (LBP2D other than 'uniform' on axial slices, `force2Ddimension` ≠ 0 for glszm/ngtdm/gldm, `distances` ≠ [1] for
/// ngtdm/gldm) is a `RadiomicsError.usage` naming it, never a silent omission.
public enum PyRadiomicsExtractor {
    public static func extract(imagePath: String, maskPath: String,
                               parameters p: PyRadiomicsParameters) throws(RadiomicsError) -> [Feature] {
        let s = p.settings
        var image = try ImageIO.readImage(imagePath)
        var labels = try ImageIO.readImage(maskPath)
        let label = Float(s.label)
        if let why = labels.geometry.mismatch(with: image.geometry, lengthTolerance: s.geometryTolerance ?? 1e-4,
                                              directionTolerance: s.geometryTolerance ?? 1e-6, names: ("mask", "image")) {
            guard s.correctMask else {
                throw .badInput(maskPath, "Image/Mask geometry mismatch (\(why)); enable correctMask to re-sample the mask onto the image grid")
            }
            labels = try correctMask(labels, onto: image.geometry, label: label, file: maskPath)
        }
        var mask: MaskVolume = labels.map { $0 == label ? 1 : 0 }
        guard mask.voxels.contains(1) else {
            let present = Set(labels.voxels.filter { $0 != 0 }).sorted().map { String(Int($0)) }
            throw .badInput(maskPath, "label \(s.label) not present in mask (labels: \(present.joined(separator: ", ")))")
        }
        var out: [Feature] = []
        if s.additionalInfo {
            let v = image.voxels.map(Double.init)
            out.append(Feature("diagnostics_Image-original_Mean", v.reduce(0, +) / Double(v.count)))
            out.append(Feature("diagnostics_Image-original_Minimum", v.min()!))
            out.append(Feature("diagnostics_Image-original_Maximum", v.max()!))
            out.append(Feature("diagnostics_Mask-original_VoxelNum", Double(mask.count)))
            out.append(Feature("diagnostics_Mask-original_VolumeNum", Double(connectedComponents26(mask))))
        }
        if s.normalize { image = PyRadiomicsPreprocessing.normalize(image, scale: s.normalizeScale, removeOutliers: s.removeOutliers) }
        if let spacing = s.resampledPixelSpacing {
            let type = PyRadiomicsResampling.pixelType(ofFile: imagePath)
            if let (img, m) = PyRadiomicsResampling.resample(image: image, mask: mask, spacing: spacing, padDistance: s.padDistance,
                                                             interpolator: s.interpolator, pixelType: type) {
                image = img
                mask = m
            } else {
                (image, mask) = cropWithPad(image, mask, pad: s.padDistance)
            }
            guard mask.voxels.contains(1) else { throw .badInput(maskPath, "the ROI vanished after resampling") }
            if s.additionalInfo {
                let v = image.voxels.map(Double.init)
                out.append(Feature("diagnostics_Image-interpolated_Mean", v.reduce(0, +) / Double(v.count)))
                out.append(Feature("diagnostics_Image-interpolated_Minimum", v.min()!))
                out.append(Feature("diagnostics_Image-interpolated_Maximum", v.max()!))
                out.append(Feature("diagnostics_Mask-interpolated_VoxelNum", Double(mask.count)))
                out.append(Feature("diagnostics_Mask-interpolated_VolumeNum", Double(connectedComponents26(mask))))
                var roi: [Double] = []
                for n in mask.voxels.indices where mask.voxels[n] != 0 { roi.append(Double(image.voxels[n])) }
                out.append(Feature("diagnostics_Mask-interpolated_Mean", roi.reduce(0, +) / Double(roi.count)))
                out.append(Feature("diagnostics_Mask-interpolated_Minimum", roi.min()!))
                out.append(Feature("diagnostics_Mask-interpolated_Maximum", roi.max()!))
            }
        } else if s.preCrop {
            (image, mask) = cropWithPad(image, mask, pad: s.padDistance)
        }
        var box = try checkMask(mask, settings: s, file: maskPath)
        var intensityMask = mask
        if let range = s.resegmentRange {
            intensityMask = try PyRadiomicsPreprocessing.resegment(image: image, mask: mask, range: range, mode: s.resegmentMode, file: maskPath)
            box = try checkMask(intensityMask, settings: s, file: maskPath)
        }
        let shapeMask = s.resegmentShape ? intensityMask : mask

        for (cls, list) in p.featureClasses where cls.hasPrefix("shape") {
            let m = shapeMask.cropped(to: box)
            let names = PyRadiomicsFeatureNames.enabled(cls, list: list)
            if cls == "shape" {
                let values = PyRadiomicsShape.features(mask: m, spacing: image.geometry.spacing, enabled: names)
                for n in names { out.append(Feature("original_shape_\(n)", values[n]!)) }
                continue
            }
            // shape2D: pyradiomics computes it only with force2D and a ROI one voxel thick along
            // force2Ddimension (numpy axis: 0 = z, 1 = y, 2 = x); otherwise it logs and skips it.
            let d = s.force2Ddimension
            let thickness = [box.size.z, box.size.y, box.size.x][d]
            guard s.force2D, thickness == 1 else { continue }
            let values = PyRadiomicsShape2D.features(mask: m, spacing: image.geometry.spacing, dimension: d, enabled: names)
            for n in names { out.append(Feature("original_shape2D_\(n)", values[n]!)) }
        }
        // The numpy dtype pyradiomics' LBP3D samples take: the file's, or float64 after normalisation.
        let pixelType: PyRadiomicsResampling.PixelType = s.normalize ? .float64 : PyRadiomicsResampling.pixelType(ofFile: imagePath)
        for (prefix, filtered, ts) in try responseMaps(p.imageTypes, image: image, roi: intensityMask, pixelType: pixelType) {
            // The ROI voxels in numpy (z, y, x) order, which is our linear order.
            var values: [Double] = []
            for n in intensityMask.voxels.indices where intensityMask.voxels[n] != 0 { values.append(filtered[n]) }
            let edges = PyRadiomicsBinning.edges(values, binWidth: ts.binWidth, binCount: ts.binCount)
            let levels = values.map { PyRadiomicsBinning.digitize($0, edges) }
            var levelVolume: Volume<Int32>? = nil
            for (cls, list) in p.featureClasses where !cls.hasPrefix("shape") {
                let names = PyRadiomicsFeatureNames.enabled(cls, list: list)
                if PyRadiomicsTexture.classes.contains(cls) {
                    if levelVolume == nil {
                        var lv = Volume<Int32>(geometry: image.geometry, repeating: 0)
                        var k = 0
                        for n in intensityMask.voxels.indices where intensityMask.voxels[n] != 0 { lv.voxels[n] = Int32(levels[k]); k += 1 }
                        levelVolume = lv
                    }
                    let r = try PyRadiomicsTexture.features(cls, levels: levelVolume!, intensityMask: intensityMask, morphologicalMask: mask,
                                                            spacing: image.geometry.spacing, settings: ts, enabled: names)
                    for n in names { out.append(Feature("\(prefix)_\(cls)_\(n)", r[n]!)) }
                    continue
                }
                guard cls == "firstorder" else { throw .usage("featureClass '\(cls)' is not yet implemented in pyradiomics mode") }
                let r = PyRadiomicsFirstOrder.features(values: values, greyLevels: levels, voxelVolume: image.geometry.voxelVolume,
                                                       voxelArrayShift: ts.voxelArrayShift, enabled: names)
                for n in names { out.append(Feature("\(prefix)_firstorder_\(n)", r[n]!)) }
            }
        }
        return out
    }

    /// The derived images of every enabled image type, in pyradiomics' order, each with its column
    /// prefix and settings. As pyradiomics does, each filter sees the whole (resampled or
    /// pre-cropped) image; features are then taken inside the mask. LBP3D is computed at the
    /// `roi` voxels only, its samples stored as `pixelType`.
    static func responseMaps(_ types: [PyRadiomicsParameters.ImageType], image: ImageVolume, roi: MaskVolume,
                             pixelType: PyRadiomicsResampling.PixelType) throws(RadiomicsError) -> [(String, [Double], PyRadiomicsParameters.Settings)] {
        var out: [(String, [Double], PyRadiomicsParameters.Settings)] = []
        for type in types {
            let ts = type.settings
            switch type.kind {
            case .log:
                // pyradiomics skips LoG (with a warning) when an axis has fewer than 4 voxels.
                guard (0..<3).allSatisfy({ image.size[$0] >= 4 }) else { continue }
                let g = FilterGrid(image)
                for sigma in ts.sigma {
                    guard sigma > 0 else { throw .usage("imageType 'LoG': sigma must be > 0, got \(sigma)") }
                    // pyradiomics skips (with a warning) a σ with size < ⌈σ/spacing⌉ + 1 on some axis.
                    guard (0..<3).allSatisfy({ Double(image.size[$0]) >= (sigma / image.geometry.spacing[$0]).rounded(.up) + 1 }) else { continue }
                    let spec = FilterSpec.pyradiomicsLoG(sigma: sigma)
                    // SimpleITK's LaplacianRecursiveGaussian returns float32 (the map already holds float32 values).
                    out.append((spec.columnPrefix, PyRadiomicsFilters.log(g, sigma: sigma).data, ts))
                }
            case .wavelet:
                guard let family = WaveletFamily(rawValue: ts.wavelet) else {
                    throw .usage("imageType 'Wavelet': wavelet '\(ts.wavelet)' is not implemented (use one of \(WaveletFamily.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let g = FilterGrid(image)
                // pywt keys per level: the 7 detail bands (numpy axes z, y, x), then the last approximation.
                var bands: [(String, Int)] = []
                for level in 1...Swift.max(1, ts.level) {
                    for b in ["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"] { bands.append((b, level)) }
                }
                bands.append(("LLL", Swift.max(1, ts.level)))
                for (b, level) in bands {
                    let spec = FilterSpec.pyradiomicsWavelet(family: family, band: b, startLevel: ts.startLevel, level: level)
                    // pyradiomics' band letters apply to the sitk image axes x, y, z in that order.
                    let r = PyRadiomicsFilters.wavelet(g, family: family, band: b.map { $0 == "H" }, startLevel: ts.startLevel, level: level)
                    out.append((spec.columnPrefix, r.data, ts))
                }
            case .lbp2D:
                // skimage local_binary_pattern per numpy slice along force2Ddimension.
                guard ts.lbp2DMethod == "uniform" else {
                    throw .usage("imageType 'LBP2D': lbp2DMethod '\(ts.lbp2DMethod)' is not implemented (only 'uniform')")
                }
                guard ts.force2Ddimension == 0 else {
                    throw .usage("imageType 'LBP2D': force2Ddimension \(ts.force2Ddimension) is not implemented (only 0)")
                }
                let spec = FilterSpec.lbp2D(radius: ts.lbp2DRadius, samples: ts.lbp2DSamples)
                out.append((spec.columnPrefix, LBPFilter.apply(FilterGrid(image), radius: ts.lbp2DRadius, samples: ts.lbp2DSamples).data, ts))
            case .lbp3D:
                // lbp3DLevels 1 makes pyradiomics fail (its harmonics table is then 1-D: IndexError).
                guard ts.lbp3DLevels >= 2, ts.lbp3DIcosphereRadius > 0, (0...5).contains(ts.lbp3DIcosphereSubdivision) else {
                    throw .usage("imageType 'LBP3D': lbp3DLevels must be ≥ 2 (pyradiomics fails on 1), lbp3DIcosphereRadius > 0 and lbp3DIcosphereSubdivision 0…5")
                }
                let maps = LBP3DFilter.apply(FilterGrid(image), roi: roi.voxels.map { $0 != 0 }, levels: ts.lbp3DLevels,
                                             radius: ts.lbp3DIcosphereRadius, subdivisions: ts.lbp3DIcosphereSubdivision,
                                             pixelType: pixelType)
                for level in 1...ts.lbp3DLevels {
                    out.append((FilterSpec.lbp3D(level: level, radius: ts.lbp3DIcosphereRadius, subdivisions: ts.lbp3DIcosphereSubdivision).columnPrefix,
                                maps[level - 1], ts))
                }
                out.append((FilterSpec.lbp3DKurtosis(radius: ts.lbp3DIcosphereRadius, subdivisions: ts.lbp3DIcosphereSubdivision).columnPrefix,
                            maps[ts.lbp3DLevels], ts))
            default:
                guard let prefix = PyRadiomicsSimpleFilters.prefix(type.kind),
                      let filtered = PyRadiomicsSimpleFilters.apply(type.kind, image: image, useSpacing: ts.gradientUseSpacing) else {
                    throw .usage("imageType '\(type.kind.rawValue)' is not yet implemented in pyradiomics mode")
                }
                out.append((prefix, filtered, ts))
            }
        }
        return out
    }

    /// pyradiomics `_correctMask`: checks that the ROI's bounding box lies inside the image's
    /// physical extent (tolerance 1e-3 voxel), then re-samples the label map onto the image grid
    /// with nearest-neighbour interpolation (ITK: round half up, 0 outside the mask grid).
    static func correctMask(_ labels: ImageVolume, onto g: Geometry, label: Float, file: String) throws(RadiomicsError) -> ImageVolume {
        guard let box = labels.map({ $0 == label ? UInt8(1) : 0 }).boundingBox else {
            throw .badInput(file, "label \(Int(label)) not present in mask")
        }
        let toImage = PhysicalToIndex(g)
        let lo = toImage.continuousIndex(labels.geometry.point(SIMD3<Double>(box.lower) - 0.5))
        let hi = toImage.continuousIndex(labels.geometry.point(SIMD3<Double>(box.upper) + 0.5))
        for a in 0..<3 where Swift.min(lo[a], hi[a]) < -0.5 - 1e-3 || Swift.max(lo[a], hi[a]) > Double(g.size[a]) - 0.5 + 1e-3 {
            throw .badInput(file, "Bounding box of ROI is larger than image space")
        }
        let toMask = PhysicalToIndex(labels.geometry)
        let ms = SIMD3<Double>(labels.geometry.size)
        var out = ImageVolume(geometry: g, repeating: 0)
        for k in 0..<g.size.z {
            for j in 0..<g.size.y {
                for i in 0..<g.size.x {
                    let ci = toMask.continuousIndex(g.point(SIMD3(Double(i), Double(j), Double(k))))
                    guard (0..<3).allSatisfy({ ci[$0] >= -0.5 && ci[$0] < ms[$0] - 0.5 }) else { continue }
                    let n = SIMD3<Int>((ci + 0.5).rounded(.down))
                    out[i, j, k] = labels[n.x, n.y, n.z]
                }
            }
        }
        return out
    }

    /// pyradiomics `cropToTumorMask` with `padDistance` (used by `preCrop`, and when the requested
    /// spacing equals the image's); cropping never changes a feature value of the Original image.
    static func cropWithPad(_ image: ImageVolume, _ mask: MaskVolume, pad: Int) -> (ImageVolume, MaskVolume) {
        guard let box = mask.boundingBox else { return (image, mask) }
        let lo = pointwiseMax(box.lower &- pad, .zero)
        let hi = pointwiseMin(box.upper &+ pad, image.size &- 1)
        let padded = IndexBox(lower: lo, upper: hi)
        return (image.cropped(to: padded), mask.cropped(to: padded))
    }

    /// pyradiomics `checkMask`: the ROI's bounding box, with its minimum-dimension and size checks.
    static func checkMask(_ mask: MaskVolume, settings s: PyRadiomicsParameters.Settings, file: String) throws(RadiomicsError) -> IndexBox {
        guard let box = mask.boundingBox else { throw .badInput(file, "the ROI is empty") }
        let dims = (0..<3).filter { box.size[$0] > 1 }.count
        if dims == 0 { throw .badInput(file, "mask only contains 1 segmented voxel! Cannot extract features for a single voxel.") }
        if dims < s.minimumROIDimensions {
            throw .badInput(file, "mask has too few dimensions (number of dimensions \(dims), minimum required \(s.minimumROIDimensions))")
        }
        if let minSize = s.minimumROISize, mask.count <= minSize {
            throw .badInput(file, "Size of the ROI is too small (minimum size: \(minSize), ROI size: \(mask.count))")
        }
        return box
    }

    /// Number of 26-connected components (SimpleITK ConnectedComponent, fully connected).
    static func connectedComponents26(_ mask: MaskVolume) -> Int {
        let s = mask.size
        var seen = [Bool](repeating: false, count: mask.voxels.count)
        var count = 0
        var stack: [SIMD3<Int>] = []
        for k in 0..<s.z { for j in 0..<s.y { for i in 0..<s.x {
            let n = mask.linearIndex(i, j, k)
            guard mask.voxels[n] != 0, !seen[n] else { continue }
            count += 1
            seen[n] = true
            stack.append(SIMD3(i, j, k))
            while let p = stack.popLast() {
                for dz in -1...1 { for dy in -1...1 { for dx in -1...1 {
                    let q = p &+ SIMD3(dx, dy, dz)
                    guard q.x >= 0, q.y >= 0, q.z >= 0, q.x < s.x, q.y < s.y, q.z < s.z else { continue }
                    let m = mask.linearIndex(q.x, q.y, q.z)
                    if mask.voxels[m] != 0 && !seen[m] { seen[m] = true; stack.append(q) }
                } } }
            }
        } } }
        return count
    }
}
