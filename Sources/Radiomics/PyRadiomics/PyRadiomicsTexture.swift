import Foundation

/// pyradiomics' texture classes (glcm, glrlm, glszm, ngtdm, gldm) as the recipe runs them: the
/// shared matrix builders (Texture/) and IBSI kernels (Features/) with `Conventions.pyradiomics`,
/// pyradiomics' direction sets, and its feature names.
///
/// pyradiomics' geometry honoured here (with `force2D` no angle has a component along
/// `force2Ddimension`): GLCM per angle over `distances` (every offset whose Chebyshev norm is one
/// of the distances, one of each ± pair), over the whole volume; GLRLM on the 13 (or 4) unit
/// angles; NGTDM and GLDM over the neighbourhood of those angles in both signs; GLSZM with
/// 26-connected zones, or 8-connected in the planes across `force2Ddimension`.
enum PyRadiomicsTexture {
    static let classes: Set<String> = ["glcm", "glrlm", "glszm", "ngtdm", "gldm"]

    /// pyradiomics feature name → kernel feature name, per class, from the families' catalogue
    /// lines (`rlm_sre` ↔ `original_glrlm_ShortRunEmphasis`); deprecated names are left out.
    static let kernelNames: [String: [String: String]] = {
        var out: [String: [String: String]] = [:]
        for family in FamilyRegistry.families {
            guard let cls = family.pyradiomicsClass else { continue }
            for entry in family.catalogue {
                guard let name = entry.pyradiomics else { continue }
                let deprecated = PyRadiomicsFeatureNames.all[cls]?.contains { $0.name == name && $0.deprecated } ?? true
                guard !deprecated, out[cls]?[name] == nil, let cut = entry.stem.firstIndex(of: "_") else { continue }
                out[cls, default: [:]][name] = String(entry.stem[entry.stem.index(after: cut)...])
            }
        }
        return out
    }()

    /// Kernel values (in the kernel's `names` order) under pyradiomics' names; a name without a
    /// kernel feature (a deprecated one, enabled by name) is NaN, MCC is `mcc`.
    static func named(_ cls: String, _ values: [Double], kernel: [String], enabled: [String], mcc: Double = .nan) -> [String: Double] {
        let map = kernelNames[cls] ?? [:]
        return Dictionary(uniqueKeysWithValues: enabled.map { name in
            if name == "MCC" && cls == "glcm" { return (name, mcc) }
            guard let k = map[name], let i = kernel.firstIndex(of: k) else { return (name, Double.nan) }
            return (name, values[i])
        })
    }

    /// Features of one texture class, keyed by pyradiomics feature name.
    /// - Parameters:
    ///   - levels: grey level per voxel (1…Ng inside `intensityMask`), image grid.
    ///   - spacing: (x, y, z) mm.
    ///   - binCount: the binning's bins (N_g unless `Conventions.presentGreyLevelsOnly`).
    ///   - levelCount: Ng when the grey levels were binned over a larger region than the ROI
    ///     (voxel-based maps: the whole ROI's highest level, which GLCM's Idmn and Idn divide by).
    static func features(_ cls: String, levels: Volume<Int32>, intensityMask: MaskVolume, morphologicalMask: MaskVolume,
                         spacing: SIMD3<Double>, settings s: PyRadiomicsParameters.Settings,
                         enabled: [String], binCount: Int = 0, levelCount: Int? = nil) throws(RadiomicsError) -> [String: Double] {
        let c = s.conventions
        var present = Set<Int32>()
        for n in intensityMask.voxels.indices where intensityMask.voxels[n] != 0 { present.insert(levels.voxels[n]) }
        let highest = Swift.max(Int(present.max() ?? 1), levelCount ?? 0)
        let ng = c.presentGreyLevelsOnly ? highest : Swift.max(highest, binCount)
        // GLCM, NGTDM and GLDM reach max(distances) voxels out; GLSZM and GLRLM one.
        let pad = ["glcm", "ngtdm", "gldm"].contains(cls) ? (s.distances.max() ?? 1) : 1
        let grid = TextureGrid(levels: levels, levelCount: ng, intensityMask: intensityMask,
                               morphologicalMask: morphologicalMask, padding: pad)
        // NGTDM and GLDM: every offset with Chebyshev norm in `distances` (none across
        // `force2Ddimension` with force2D), over the whole volume.
        let neighbours = TextureDirections.pyradiomicsNeighbourhood(distances: s.distances, force2D: s.force2D,
                                                                    dimension: s.force2Ddimension).map(xyz)
        switch cls {
        case "glcm":
            let angles = TextureDirections.pyradiomics(distances: s.distances, force2D: s.force2D, dimension: s.force2Ddimension)
            let ms = CooccurrenceMatrix.displacements(grid, angles.map(xyz), symmetric: c.symmetricGLCM)
            let v = GLCMFeatures.compute(directions: ms, weights: c.directionWeights(angles, spacing: spacing, runLength: false),
                                         conventions: c, mccPresentLevels: enabled.contains("MCC") ? present.count : nil)
            return named(cls, v, kernel: GLCMFeatures.names, enabled: enabled, mcc: v.count > GLCMFeatures.names.count ? v.last! : .nan)
        case "glrlm":
            let angles = TextureDirections.pyradiomics(distances: [1], force2D: s.force2D, dimension: s.force2Ddimension)
            let displacements = angles.map(xyz)
            let ms = parallelMap(displacements.count) { RunLengthMatrix.displacement(grid, displacements[$0], conventions: c) }
            let v = GLRLMFeatures.compute(directions: ms, weights: c.directionWeights(angles, spacing: spacing, runLength: true), conventions: c)
            return named(cls, v, kernel: GLRLMFeatures.names, enabled: enabled)
        case "glszm":
            // force2D: zones linked within the planes across `force2Ddimension`, merged over them.
            let planes = grid.planes(across: s.force2Ddimension)
            let m = s.force2D ? LevelMatrix.merged(planes.occupiedSlices.map { SizeZoneMatrix.slice(planes, z: $0) }, levelCount: ng)
                              : SizeZoneMatrix.volume(grid)
            return named(cls, GLSZMFeatures.compute(LevelMatrixSums(m, logEpsilon: c.logEpsilon)), kernel: GLSZMFeatures.names, enabled: enabled)
        case "gldm":
            // |i − j| ≤ a on integer grey levels is |i − j| ≤ ⌊a⌋.
            let m = NeighbouringGreyLevelDependenceMatrix.volume(grid, neighbours: neighbours, coarseness: Int(s.gldmA.rounded(.down)))
            return named(cls, GLDMFeatures.compute(LevelMatrixSums(m, logEpsilon: c.logEpsilon)), kernel: GLDMFeatures.names, enabled: enabled)
        case "ngtdm":
            let m = NeighbourhoodGreyToneDifferenceMatrix.volume(grid, neighbours: neighbours, countIsolated: c.countIsolatedVoxels)
            return named(cls, NGTDMFeatures.compute(m), kernel: NGTDMFeatures.names, enabled: enabled)
        default:
            throw .usage("featureClass '\(cls)' is not a pyradiomics texture class")
        }
    }

    /// numpy (z, y, x) offset → our (x, y, z).
    static func xyz(_ a: SIMD3<Int>) -> SIMD3<Int> { SIMD3(a.z, a.y, a.x) }
}
