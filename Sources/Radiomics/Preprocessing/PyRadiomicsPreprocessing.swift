import Foundation

/// pyradiomics' intensity preprocessing (radiomics/imageoperations.py, pyradiomics-bhklab 3.1.4).
public enum PyRadiomicsPreprocessing {
    /// `normalizeImage`: SimpleITK `Normalize` over the whole image — (x + (−mean)) · (1/σ), as ITK's
    /// ShiftScaleImageFilter computes it (x − mean / σ differs in the last bit), σ the sample
    /// standard deviation (n − 1, ITK StatisticsImageFilter) — then outliers clipped to
    /// ±`removeOutliers`, then × `scale`. pyradiomics holds the result as float64 (`Double`).
    /// With `box`, only that part of the (whole image's) result.
    public static func normalize<In: BinaryFloatingPoint, Out: BinaryFloatingPoint>(_ image: Volume<In>, scale: Double, removeOutliers: Double?,
                                                                                    in box: IndexBox? = nil, as: Out.Type) -> Volume<Out> {
        let n = Double(image.voxels.count)
        var sum = 0.0, sumSq = 0.0
        for v in image.voxels { sum += Double(v); sumSq += Double(v) * Double(v) }
        let mean = sum / n
        let sigma = ((sumSq - sum * sum / n) / (n - 1)).squareRoot()
        let shift = -mean, factor = 1 / sigma
        return (box.map { image.cropped(to: $0) } ?? image).map { v in
            var x = (Double(v) + shift) * factor
            if let o = removeOutliers { x = Swift.min(Swift.max(x, -o), o) }
            return Out(x * scale)
        }
    }

    /// `normalize` rounded to `Float` (the IBSI recipe's `normalise: pyradiomics`, voxel maps).
    public static func normalize(_ image: ImageVolume, scale: Double, removeOutliers: Double?) -> ImageVolume {
        normalize(image, scale: scale, removeOutliers: removeOutliers, as: Float.self)
    }

    /// `resegmentMask`: keeps ROI voxels within the thresholds (absolute values; fractions of the
    /// ROI maximum for `relative`; mean + k·σ (population σ) for `sigma`). Fewer than 2 voxels left is an error.
    public static func resegment<V: BinaryFloatingPoint>(image: Volume<V>, mask: MaskVolume, range: [Double],
                                 mode: PyRadiomicsParameters.ResegmentMode, file: String?) throws(RadiomicsError) -> MaskVolume {
        var roi: [Double] = []
        for n in mask.voxels.indices where mask.voxels[n] != 0 { roi.append(Double(image.voxels[n])) }
        let sortedRange = range.sorted()
        let thresholds: [Double]
        switch mode {
        case .absolute: thresholds = sortedRange
        case .relative:
            let mx = roi.max() ?? 0
            thresholds = sortedRange.map { mx * $0 }
        case .sigma:
            let mean = roi.reduce(0, +) / Double(roi.count)
            let sd = (roi.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(roi.count)).squareRoot()
            thresholds = sortedRange.map { mean + sd * $0 }
        }
        var out = mask
        var kept = 0
        for n in mask.voxels.indices where mask.voxels[n] != 0 {
            let v = Double(image.voxels[n])
            var keep = v >= thresholds[0]
            if thresholds.count == 2 { keep = keep && v <= thresholds[1] }
            out.voxels[n] = keep ? 1 : 0
            if keep { kept += 1 }
        }
        if kept <= 1 {
            throw .badInput(file, "Resegmentation excluded too many voxels (retained \(kept) voxel(s))! Cannot extract features")
        }
        return out
    }

    /// pyradiomics `_correctMask`: checks that the ROI's bounding box lies inside the image's
    /// physical extent (tolerance 1e-3 voxel), then re-samples the label map onto the image grid
    /// with nearest-neighbour interpolation (ITK: round half up, 0 outside the mask grid).
    static func correctMask(_ labels: ImageVolume, onto g: Geometry, label: Float?, file: String) throws(RadiomicsError) -> ImageVolume {
        // The selected label's box (every label's with --label all / --roi all).
        guard let box = labels.map({ v in (label.map { v == $0 } ?? (v != 0)) ? UInt8(1) : 0 }).boundingBox else {
            throw .badInput(file, label.map { "label \(Int($0)) not present in mask" } ?? "the mask is empty")
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
                let line = toMask.scanline(of: g, j, k)        // ResampleImageFilter's arithmetic
                for i in 0..<g.size.x {
                    let ci = line.continuousIndex(i)
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
    static func cropWithPad<V>(_ image: Volume<V>, _ mask: MaskVolume, pad: Int) -> (Volume<V>, MaskVolume) {
        guard let box = mask.boundingBox else { return (image, mask) }
        let lo = pointwiseMax(box.lower &- pad, .zero)
        let hi = pointwiseMin(box.upper &+ pad, image.size &- 1)
        let padded = IndexBox(lower: lo, upper: hi)
        return (image.cropped(to: padded), mask.cropped(to: padded))
    }

    /// pyradiomics `checkMask`: the ROI's bounding box, with its minimum-dimension and size checks.
    static func checkMask(_ mask: MaskVolume, settings s: PyRadiomicsParameters.Settings, file: String?) throws(RadiomicsError) -> IndexBox {
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
}
