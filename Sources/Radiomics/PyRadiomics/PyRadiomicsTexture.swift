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
        var withMCC = values
        withMCC.append(mcc)
        let at = columns(cls, kernel: kernel, enabled: enabled, mccIndex: values.count)
        return Dictionary(uniqueKeysWithValues: zip(enabled, at).map { ($0, $1.map { withMCC[$0] } ?? .nan) })
    }

    /// Where each enabled pyradiomics feature lies in the kernel's values (`kernel` order; MCC at
    /// `mccIndex`), nil for a name without a kernel feature: resolved once, read per voxel by maps.
    static func columns(_ cls: String, kernel: [String], enabled: [String], mccIndex: Int) -> [Int?] {
        let map = kernelNames[cls] ?? [:]
        return enabled.map { name in
            if name == "MCC" && cls == "glcm" { return mccIndex }
            guard let k = map[name] else { return nil }
            return kernel.firstIndex(of: k)
        }
    }

    /// The kernel feature names of a texture class, in its `compute` order.
    static func kernel(_ cls: String) -> [String] {
        switch cls {
        case "glcm": GLCMFeatures.names
        case "glrlm": GLRLMFeatures.names
        case "glszm": GLSZMFeatures.names
        case "gldm": GLDMFeatures.names
        case "ngtdm": NGTDMFeatures.names
        default: []
        }
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
        guard classes.contains(cls) else { throw .usage("featureClass '\(cls)' is not a pyradiomics texture class") }
        let prepared = Prepared(levels: levels, intensityMask: intensityMask, morphologicalMask: morphologicalMask, settings: s,
                                classes: [cls], binCount: binCount, levelCount: levelCount)
        return try features(cls, prepared: prepared, spacing: spacing, settings: s, enabled: enabled)
    }

    /// Features of one texture class on grids prepared once for every class of a response map.
    static func features(_ cls: String, prepared: Prepared, spacing: SIMD3<Double>, settings s: PyRadiomicsParameters.Settings,
                         enabled: [String]) throws(RadiomicsError) -> [String: Double] {
        guard classes.contains(cls) else { throw .usage("featureClass '\(cls)' is not a pyradiomics texture class") }
        guard let grid = prepared.grids[padding(cls, settings: s)] else {
            throw .usage("featureClass '\(cls)' was not prepared for this response map")
        }
        let geometry = Directions(settings: s, spacing: spacing)
        let v = values(cls, grid: grid, directions: geometry, settings: s,
                       mccPresentLevels: enabled.contains("MCC") ? prepared.presentLevelCount : nil)
        let kernel = kernel(cls)
        return named(cls, Array(v.prefix(kernel.count)), kernel: kernel, enabled: enabled, mcc: v.count > kernel.count ? v.last! : .nan)
    }

    /// The grey levels of one response map as its texture classes read them, built once for all
    /// of them (the grids depend on the class only through its padding): Ng, the number of grey
    /// levels present in the ROI (the MCC's) and one `TextureGrid` per padding the classes need.
    struct Prepared: Sendable {
        var levelCount: Int
        var presentLevelCount: Int
        var grids: [Int: TextureGrid] = [:]

        init(levels: Volume<Int32>, intensityMask: MaskVolume, morphologicalMask: MaskVolume, settings s: PyRadiomicsParameters.Settings,
             classes: some Sequence<String>, binCount: Int = 0, levelCount: Int? = nil) {
            let (highest, present) = PyRadiomicsTexture.presentLevels(levels.voxels, mask: intensityMask.voxels)
            let top = Swift.max(highest, levelCount ?? 0)
            self.levelCount = s.conventions.presentGreyLevelsOnly ? top : Swift.max(top, binCount)
            presentLevelCount = present
            for p in Set(classes.filter(PyRadiomicsTexture.classes.contains).map { padding($0, settings: s) }).sorted() {
                grids[p] = TextureGrid(levels: levels, levelCount: self.levelCount, intensityMask: intensityMask,
                                       morphologicalMask: morphologicalMask, padding: p)
            }
        }
    }

    /// The highest grey level in the mask (1 when the mask is empty) and the number of distinct levels.
    static func presentLevels(_ levels: [Int32], mask: [UInt8]) -> (highest: Int, count: Int) {
        var lo = Int32.max, hi = Int32.min
        for n in mask.indices where mask[n] != 0 {
            lo = Swift.min(lo, levels[n])
            hi = Swift.max(hi, levels[n])
        }
        guard lo <= hi else { return (1, 0) }
        guard Int(hi) - Int(lo) < 1 << 24 else {
            var present = Set<Int32>()
            for n in mask.indices where mask[n] != 0 { present.insert(levels[n]) }
            return (Int(hi), present.count)
        }
        // Grey levels are a narrow range of integers: a table, not a hash set (5 % of a run).
        var seen = [Bool](repeating: false, count: Int(hi) - Int(lo) + 1)
        var count = 0
        for n in mask.indices where mask[n] != 0 {
            let k = Int(levels[n] - lo)
            if !seen[k] { seen[k] = true; count += 1 }
        }
        return (Int(hi), count)
    }

    /// GLCM, NGTDM and GLDM reach max(distances) voxels out; GLSZM and GLRLM one.
    static func padding(_ cls: String, settings s: PyRadiomicsParameters.Settings) -> Int {
        ["glcm", "ngtdm", "gldm"].contains(cls) ? (s.distances.max() ?? 1) : 1
    }

    /// pyradiomics' direction sets and weights for a parameter file's settings, built once (maps
    /// reuse them for every kernel).
    struct Directions: Sendable {
        /// GLCM angles (numpy z, y, x), their (x, y, z) displacements and weights.
        var angles: [SIMD3<Int>], displacements: [SIMD3<Int>], weights: [Double]
        /// GLRLM's unit angles as (x, y, z) displacements, and their weights.
        var runDisplacements: [SIMD3<Int>], runWeights: [Double]
        /// NGTDM and GLDM: every offset with Chebyshev norm in `distances` (none across
        /// `force2Ddimension` with force2D), both signs, (x, y, z).
        var neighbours: [SIMD3<Int>]

        init(settings s: PyRadiomicsParameters.Settings, spacing: SIMD3<Double>) {
            let c = s.conventions
            angles = TextureDirections.pyradiomics(distances: s.distances, force2D: s.force2D, dimension: s.force2Ddimension)
            displacements = angles.map(xyz)
            weights = c.directionWeights(angles, spacing: spacing, runLength: false)
            let runAngles = TextureDirections.pyradiomics(distances: [1], force2D: s.force2D, dimension: s.force2Ddimension)
            runDisplacements = runAngles.map(xyz)
            runWeights = c.directionWeights(runAngles, spacing: spacing, runLength: true)
            neighbours = TextureDirections.pyradiomicsNeighbourhood(distances: s.distances, force2D: s.force2D,
                                                                    dimension: s.force2Ddimension).map(xyz)
        }
    }

    /// One texture class's kernel values (its `names` order) on `grid`; GLCM appends the MCC when
    /// `mccPresentLevels` (the ROI's grey-level count) is given.
    static func values(_ cls: String, grid: TextureGrid, directions g: Directions, settings s: PyRadiomicsParameters.Settings,
                       mccPresentLevels: Int?) -> [Double] {
        let c = s.conventions
        let ng = grid.levelCount
        switch cls {
        case "glcm":
            let ms = CooccurrenceMatrix.displacements(grid, g.displacements, symmetric: c.symmetricGLCM)
            return GLCMFeatures.compute(directions: ms, weights: g.weights, conventions: c, mccPresentLevels: mccPresentLevels)
        case "glrlm":
            let d = g.runDisplacements
            let ms = parallelMap(d.count) { RunLengthMatrix.displacement(grid, d[$0], conventions: c) }
            return GLRLMFeatures.compute(directions: ms, weights: g.runWeights, conventions: c)
        case "glszm":
            // force2D: zones linked within the planes across `force2Ddimension`, merged over them.
            let m: LevelMatrix
            if s.force2D {
                let planes = grid.planes(across: s.force2Ddimension)
                m = LevelMatrix.merged(planes.occupiedSlices.map { SizeZoneMatrix.slice(planes, z: $0) }, levelCount: ng)
            } else {
                m = SizeZoneMatrix.volume(grid)
            }
            return GLSZMFeatures.compute(LevelMatrixSums(m, logEpsilon: c.logEpsilon))
        case "gldm":
            // |i − j| ≤ a on integer grey levels is |i − j| ≤ ⌊a⌋.
            let m = NeighbouringGreyLevelDependenceMatrix.volume(grid, neighbours: g.neighbours, coarseness: Int(s.gldmA.rounded(.down)))
            return GLDMFeatures.compute(LevelMatrixSums(m, logEpsilon: c.logEpsilon))
        default:   // ngtdm
            let m = NeighbourhoodGreyToneDifferenceMatrix.volume(grid, neighbours: g.neighbours, countIsolated: c.countIsolatedVoxels)
            return NGTDMFeatures.compute(m)
        }
    }

    /// numpy (z, y, x) offset → our (x, y, z).
    static func xyz(_ a: SIMD3<Int>) -> SIMD3<Int> { SIMD3(a.z, a.y, a.x) }
}
