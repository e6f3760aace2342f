import Foundation

/// pyradiomics' voxel-based extraction (`RadiomicsFeatureExtractor.execute(voxelBased=True)`,
/// base.py `_calculateVoxels`) on the shared pyradiomics kernels:
/// - the image is cropped to the ROI's box padded by the kernel radius (`cropToTumorMask`);
/// - grey levels are binned once, over the ROI (masked kernel) or over that whole crop
///   (`maskedKernel: false`), not per kernel (`_initVoxelBasedCalculation`);
/// - each ROI voxel's kernel is the box of ±kernelRadius voxels, clipped to the crop and, when
///   masked, intersected with the ROI; firstorder and each texture class are computed on it;
/// - voxels outside the ROI hold `initValue`. Shape classes have no maps (pyradiomics skips
///   them in voxel mode). `voxelBatch` bounds pyradiomics' memory, and changes one thing:
///   which voxels' Joint Average is NaN (`markJointAverage`).
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
        let directions = PyRadiomicsTexture.Directions(settings: s, spacing: img.geometry.spacing)
        let slidesGLCM = classes.contains { $0.name == "glcm" }
        // Resolved once, per class: where each column's value lies in the class's kernel values.
        let firstOrder = PyRadiomicsFirstOrder.columns(classes.first { $0.name == "firstorder" }?.features ?? [])
        let plans = classes.map { c in
            let kernel = PyRadiomicsTexture.kernel(c.name)
            return PyRadiomicsTexture.columns(c.name, kernel: kernel, enabled: c.features, mccIndex: kernel.count)
        }
        let wantsMCC = classes.contains { $0.name == "glcm" && $0.features.contains("MCC") }
        let padding = classes.filter { $0.name != "firstorder" && $0.name != "glcm" }
            .map { PyRadiomicsTexture.padding($0.name, settings: s) }.max() ?? 1
        let conventions = s.conventions, voxelVolume = img.geometry.voxelVolume
        let size = img.size, codes = levels.voxels, intensities = img.voxels
        // A voxel is in a kernel when its level is non-zero: the ROI when masked, the whole crop
        // (binned over it) when not.
        let perRow = Parallel.map(count: rows.count, dynamic: true) { row -> [(values: [Float], directions: UInt32)] in
            var glcm = SlidingCooccurrence(levels: codes, size: size, levelCount: slidesGLCM ? ng : 0,
                                           displacements: slidesGLCM ? directions.displacements : [], symmetric: conventions.symmetricGLCM)
            // The first-order values of a kernel, refilled per voxel of the row.
            var x: [Double] = [], g: [Int] = []
            return InlineParallelism.run { rows[row].map { v -> (values: [Float], directions: UInt32) in
                let box = FeatureMaps.kernelBox(at: voxels[v], size: size, radius: r)
                // The GLCM directions with a pair in this kernel (bit d: displacement d).
                var nonEmpty: UInt32 = 0
                var out: [Float] = []
                out.reserveCapacity(columns.count)
                // The other classes share one grid: the kernel's levels, zero-padded.
                var grid: TextureGrid?
                for (c, cls) in classes.enumerated() {
                    let values: [Double]
                    switch cls.name {
                    case "firstorder":
                        x.removeAll(keepingCapacity: true)
                        g.removeAll(keepingCapacity: true)
                        for k in box.lower.z...box.upper.z {
                            for j in box.lower.y...box.upper.y {
                                let base = size.x * (j + size.y * k)
                                for n in (base + box.lower.x)...(base + box.upper.x) where codes[n] > 0 {
                                    x.append(intensities[n])
                                    g.append(Int(codes[n]))
                                }
                            }
                        }
                        out += PyRadiomicsFirstOrder.compute(values: x, greyLevels: g, voxelVolume: voxelVolume,
                                                             conventions: conventions, columns: firstOrder).map(Float.init)
                        continue
                    case "glcm":
                        glcm.move(to: box)
                        let ms = glcm.matrices()   // on the present levels
                        for (d, m) in ms.enumerated() where m.counts.contains(where: { $0 != 0 }) { nonEmpty |= 1 << UInt32(d) }
                        values = GLCMFeatures.compute(directions: ms, weights: directions.weights, conventions: conventions,
                                                      mccPresentLevels: wantsMCC ? ms.first?.levels?.count ?? 0 : nil)
                    default:
                        if grid == nil { grid = TextureGrid(levels: codes, size: size, box: box, levelCount: ng, padding: padding) }
                        values = PyRadiomicsTexture.values(cls.name, grid: grid!, directions: directions, settings: s, mccPresentLevels: nil)
                    }
                    for index in plans[c] { out.append(index.map { Float(values.indices.contains($0) ? values[$0] : .nan) } ?? .nan) }
                }
                return (out, nonEmpty)
            } }
        }
        var rowsOut: [[Float]] = [], nonEmpty: [UInt32] = []
        rowsOut.reserveCapacity(voxels.count)
        nonEmpty.reserveCapacity(voxels.count)
        for result in perRow { for voxel in result { rowsOut.append(voxel.values); nonEmpty.append(voxel.directions) } }
        if conventions.weightingNorm == nil, let jointAverage = columns.firstIndex(of: "original_glcm_JointAverage") {
            markJointAverage(&rowsOut, column: jointAverage, nonEmpty: nonEmpty, batch: s.voxelBatch)
        }
        // Back onto the image grid: crop voxel (i, j, k) is image voxel crop.lower + (i, j, k).
        let cs = img.size
        let onImage = voxels.map { n in
            image.linearIndex(crop.lower.x + n % cs.x, crop.lower.y + (n / cs.x) % cs.y, crop.lower.z + n / (cs.x * cs.y))
        }
        return FeatureMaps(columns: columns, roi: onImage, rows: rowsOut, geometry: image.geometry, outside: Float(s.initValue))
    }

    /// pyradiomics' Joint Average in voxel mode (glcm.py): the ROI's voxels are taken in batches
    /// of `voxelBatch` (all at once when it is not positive), in their linear order; a direction
    /// is deleted when it holds no pair in any kernel of the batch, and the others are kept for
    /// every voxel of the batch, an empty one normalised to NaN. Every feature but Joint Average
    /// averages the directions with nanmean; Joint Average takes a plain mean, so it is NaN at a
    /// voxel whose kernel lacks a direction that another kernel of its batch has.
    static func markJointAverage(_ rows: inout [[Float]], column: Int, nonEmpty: [UInt32], batch: Int) {
        let size = batch > 0 ? batch : Swift.max(nonEmpty.count, 1)
        for start in stride(from: 0, to: nonEmpty.count, by: size) {
            let members = start..<Swift.min(start + size, nonEmpty.count)
            let kept = members.reduce(UInt32(0)) { $0 | nonEmpty[$1] }
            for v in members where nonEmpty[v] != kept { rows[v][column] = .nan }
        }
    }
}
