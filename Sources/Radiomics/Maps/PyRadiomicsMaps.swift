import Foundation

/// pyradiomics' voxel-based extraction (`RadiomicsFeatureExtractor.execute(voxelBased=True)`,
/// base.py `_calculateVoxels`) on the shared pyradiomics kernels:
/// - the image is cropped to the ROI's box padded by the kernel radius (`cropToTumorMask`);
/// - grey levels are binned once, over the ROI (masked kernel) or over that whole crop
///   (`maskedKernel: false`), not per kernel (`_initVoxelBasedCalculation`);
/// - each ROI voxel's kernel is the box of ±kernelRadius voxels, clipped to the crop and, when
///   masked, intersected with the ROI; firstorder and each texture class are computed on it;
/// - voxels outside the ROI hold `initValue`. Shape classes have no maps (pyradiomics skips
///   them in voxel mode). `voxelBatch` only bounds pyradiomics' memory: it never changes a value.
///
/// A kernel's matrices hold the grey levels present in it; Ng (GLCM Idmn, Idn) is the binned
/// region's highest level, as pyradiomics'.
enum PyRadiomicsMaps {
    static func compute(image: ImageVolume, mask: MaskVolume, parameters p: PyRadiomicsParameters,
                        radius: KernelRadius?, masked: Bool?, imageFile: String?, maskFile: String?) throws(RadiomicsError) -> FeatureMaps {
        try p.check()
        guard let original0 = p.imageTypes.first, p.imageTypes.count == 1, original0.kind == .original else {
            throw .usage("map: only imageType Original is supported in pyradiomics mode (not yet \(p.imageTypes.map(\.kind.rawValue).filter { $0 != "Original" }.joined(separator: ", ")))")
        }
        let s = original0.settings
        if s.resampledPixelSpacing != nil { throw .usage("map: setting 'resampledPixelSpacing' is not supported (maps lie on the image grid)") }
        if s.resegmentRange != nil { throw .usage("map: setting 'resegmentRange' is not yet supported in pyradiomics mode") }
        // A normalised image is float64, as SimpleITK's (`PyRadiomicsVoxel`).
        let normalized = s.normalize ? PyRadiomicsPreprocessing.normalize(image, scale: s.normalizeScale, removeOutliers: s.removeOutliers, as: Double.self) : nil
        let roiBox = try PyRadiomicsPreprocessing.checkMask(mask, settings: s, file: maskFile)
        let r = (radius ?? .voxels(s.kernelRadius)).perAxis(spacing: image.geometry.spacing)
        let isMasked = masked ?? s.maskedKernel
        // cropToTumorMask(padDistance: kernelRadius): every kernel of a ROI voxel lies in it.
        let crop = IndexBox(lower: pointwiseMax(roiBox.lower &- r, .zero), upper: pointwiseMin(roiBox.upper &+ r, image.size &- 1))
        let img = normalized?.cropped(to: crop) ?? image.cropped(to: crop).map { Double($0) }
        var roi = mask.cropped(to: crop)
        for i in roi.voxels.indices where roi.voxels[i] != 0 { roi.voxels[i] = 1 }
        for i in roi.voxels.indices where roi.voxels[i] != 0 && !img.voxels[i].isFinite {
            throw .badInput(imageFile, "the image holds NaN or infinite intensities inside the ROI")
        }
        let binningMask = isMasked ? roi : MaskVolume(geometry: roi.geometry, repeating: 1)
        let values = img.voxels
        var inBinning: [Double] = []
        for i in values.indices where binningMask.voxels[i] != 0 { inBinning.append(values[i]) }
        let edges = PyRadiomicsBinning.edges(inBinning, binWidth: s.binWidth, binCount: s.binCount)
        var levels = Volume<Int32>(geometry: img.geometry, repeating: 0)
        for i in values.indices where binningMask.voxels[i] != 0 { levels.voxels[i] = Int32(PyRadiomicsBinning.digitize(values[i], edges)) }
        // pyradiomics' Ng: the highest grey level of the binned region (the ROI when masked).
        let ng = Int(levels.voxels.max() ?? 1)

        let classes = p.featureClasses.filter { !$0.name.hasPrefix("shape") }
            .map { (name: $0.name, features: PyRadiomicsFeatureNames.enabled($0.name, list: $0.features)) }
        if let bad = classes.first(where: { $0.name != "firstorder" && !PyRadiomicsTexture.classes.contains($0.name) }) {
            throw .usage("featureClass '\(bad.name)' is not yet implemented in pyradiomics mode")
        }
        let columns = classes.flatMap { c in c.features.map { "original_\(c.name)_\($0)" } }
        let voxels = FeatureMaps.roiVoxels(roi)
        // Rows of ROI voxels (one y, z): each row slides one GLCM kernel along x (SlidingCooccurrence).
        var rows: [Range<Int>] = []
        var start = 0
        for v in voxels.indices.dropFirst() where voxels[v] / img.size.x != voxels[v - 1] / img.size.x {
            rows.append(start..<v)
            start = v
        }
        if !voxels.isEmpty { rows.append(start..<voxels.count) }
        let angles = TextureDirections.pyradiomics(distances: s.distances, force2D: s.force2D, dimension: s.force2Ddimension)
        let slidesGLCM = classes.contains { $0.name == "glcm" }
        let perRow = Parallel.map(count: rows.count, dynamic: true) { row -> Result<[[Float]], RadiomicsError> in
            var glcm = SlidingCooccurrence(levels: levels.voxels, size: img.size, levelCount: slidesGLCM ? ng : 0,
                                           displacements: slidesGLCM ? angles.map(PyRadiomicsTexture.xyz) : [])
            return Result { () throws(RadiomicsError) in
                try InlineParallelism.run { () throws(RadiomicsError) in try rows[row].map { v throws(RadiomicsError) -> [Float] in
                    let box = FeatureMaps.kernelBox(at: voxels[v], size: img.size, radius: r)
                    let kMask = isMasked ? roi.cropped(to: box) : MaskVolume(geometry: Geometry(size: box.size, spacing: img.geometry.spacing), repeating: 1)
                    let kLevels = levels.cropped(to: box)
                    var out: [Float] = []
                    out.reserveCapacity(columns.count)
                    for c in classes {
                        let r: [String: Double]
                        switch c.name {
                        case "firstorder":
                            let kImage = img.cropped(to: box)
                            var x: [Double] = [], g: [Int] = []
                            for i in kMask.voxels.indices where kMask.voxels[i] != 0 {
                                x.append(kImage.voxels[i])
                                g.append(Int(kLevels.voxels[i]))
                            }
                            r = PyRadiomicsFirstOrder.features(values: x, greyLevels: g, voxelVolume: img.geometry.voxelVolume,
                                                               conventions: s.conventions, enabled: c.features)
                        case "glcm":
                            glcm.move(to: box)
                            // The kernel's counts through the GLCM kernel with pyradiomics' conventions,
                            // as PyRadiomicsTexture runs it on a recounted matrix.
                            let conventions = s.conventions
                            let ms = glcm.counts.map { t -> CooccurrenceMatrix in
                                guard conventions.symmetricGLCM else { return CooccurrenceMatrix(levelCount: ng, counts: t) }
                                var sym = t
                                for a in 0..<ng { for b in 0..<ng { sym[a * ng + b] = t[a * ng + b] + t[b * ng + a] } }
                                return CooccurrenceMatrix(levelCount: ng, counts: sym)
                            }
                            let v = GLCMFeatures.compute(directions: ms,
                                                         weights: conventions.directionWeights(angles, spacing: img.geometry.spacing, runLength: false),
                                                         conventions: conventions,
                                                         mccPresentLevels: c.features.contains("MCC") ? glcm.presentLevels.count : nil)
                            r = PyRadiomicsTexture.named("glcm", v, kernel: GLCMFeatures.names, enabled: c.features,
                                                         mcc: v.count > GLCMFeatures.names.count ? v.last! : .nan)
                        default:
                            r = try PyRadiomicsTexture.features(c.name, levels: kLevels, intensityMask: kMask, morphologicalMask: kMask,
                                                                spacing: img.geometry.spacing, settings: s, enabled: c.features, levelCount: ng)
                        }
                        out += c.features.map { Float(r[$0] ?? .nan) }
                    }
                    return out
                } }
            }
        }
        var rowsOut: [[Float]] = []
        rowsOut.reserveCapacity(voxels.count)
        for result in perRow { rowsOut += try result.get() }   // the first failure in voxel order
        // Back onto the image grid: crop voxel (i, j, k) is image voxel crop.lower + (i, j, k).
        let cs = img.size
        let onImage = voxels.map { n in
            image.linearIndex(crop.lower.x + n % cs.x, crop.lower.y + (n / cs.x) % cs.y, crop.lower.z + n / (cs.x * cs.y))
        }
        return FeatureMaps(columns: columns, roi: onImage, rows: rowsOut, geometry: image.geometry, outside: Float(s.initValue))
    }
}
