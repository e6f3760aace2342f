import Foundation

/// IBSI 1 morphological features (§3.1, 29 features, tags `morph_*`), always 3D, in mm.
///
/// Mask use follows the manual: the mesh, voxel-counting volume, principal axes and bounding
/// shapes come from the *morphological* mask; integrated intensity, Moran's I, Geary's C and the
/// intensity-weighted centre of mass use the *intensity* mask (after re-segmentation).
///
/// Notation: V mesh volume, A mesh area (marching cubes at iso-level 0.5 on the morphological
/// mask); λ_major ≥ λ_minor ≥ λ_least eigenvalues of the covariance of the morphological voxel
/// centres (physical space), a = 2√λ_major, b = 2√λ_minor, c = 2√λ_least.
public enum Morphology {
    public static func features(_ roi: ROIContext) -> [Feature] {
        shapeFeatures(roi) + autocorrelationFeatures(roi)
    }

    /// Moran's I and Geary's C (the last two features): a piece of their own, by FFT over the
    /// intensity mask, so that the pipeline can run them beside the mesh-based features.
    static func autocorrelationFeatures(_ roi: ROIContext) -> [Feature] {
        let autocorrelation = SpatialAutocorrelation.compute(image: roi.image, intensityMask: roi.intensityMask,
                                                             spectrum: roi.morphologyShape?.spectrum)
        return [
            Feature("morph_moran_i", autocorrelation.moransI),                              // N/Σw · Σ w zz / Σ z²
            Feature("morph_geary_c", autocorrelation.gearysC),                              // (N−1)/(2Σw) · Σ w (x−x)² / Σ z²
        ]
    }

    /// Every feature but Moran's I and Geary's C; `shape` is the morphological mask's part when
    /// it was computed beforehand (while the image was still being read).
    static func shapeFeatures(_ roi: ROIContext, shape: MorphologyShape? = nil) -> [Feature] {
        let s = shape ?? MorphologyShape(roi.morphologicalMask)
        let g = roi.morphologicalMask.geometry
        // Intensity mask: mean intensity and intensity-weighted centre of mass.
        let im = roi.intensityMask
        var intensitySum = 0.0, weighted = SIMD3<Double>.zero, nIntensity = 0
        let ib = im.boundingBox ?? IndexBox(lower: .zero, upper: SIMD3(repeating: -1))
        for k in stride(from: ib.lower.z, through: ib.upper.z, by: 1) {
            for j in ib.lower.y...ib.upper.y {
                let line = im.linearIndex(0, j, k)
                for i in ib.lower.x...ib.upper.x where im.voxels[line + i] != 0 {
                    let x = Double(roi.image.voxels[line + i])
                    intensitySum += x
                    weighted += x * g.point(SIMD3(Double(i), Double(j), Double(k)))
                    nIntensity += 1
                }
            }
        }
        // Undefined when the intensities sum to zero (the weighted centre does not exist).
        let intensityCentre = intensitySum != 0 ? weighted / intensitySum : SIMD3(repeating: .nan)
        let v = s.volume
        return s.leading
            + [Feature("morph_com", norm3(s.geometricCentre - intensityCentre))]                // ‖CoM_geom − CoM_gl‖
            + s.trailing
            + [Feature("morph_integ_int", nIntensity > 0 ? v * intensitySum / Double(nIntensity) : .nan)] // V · mean(X_gl)
    }
}
