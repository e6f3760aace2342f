import Foundation

/// pyradiomics' texture classes (glcm, glrlm, glszm, ngtdm, gldm) on pyradiomics' grey levels:
/// the matrices come from the shared builders in Texture/, the post-processing and formulas
/// from PyRadiomicsGLCM / PyRadiomicsGLRLM / PyRadiomicsZoneFeatures.
///
/// pyradiomics conventions honoured here: GLCM per angle over `distances` (every offset whose
/// Chebyshev norm is one of the distances, one of each ± pair), computed over the whole volume
/// (with `force2D` the angles simply have no component along `force2Ddimension`); GLRLM on the
/// 13 (or 4) unit angles; GLSZM/NGTDM/GLDM with 26-neighbourhoods, or 8 in-plane per slice with
/// `force2D`.
enum PyRadiomicsTexture {
    static let classes: Set<String> = ["glcm", "glrlm", "glszm", "ngtdm", "gldm"]

    /// pyradiomics `generateAngles`: (z, y, x) offsets with Chebyshev norm in `distances`, first
    /// non-zero component positive, in descending lexicographic order; none along
    /// `force2Ddimension` (numpy axis) with `force2D`.
    static func angles(distances: [Int], force2D: Bool, dimension: Int) -> [SIMD3<Int>] {
        let m = distances.max() ?? 1
        var out: [SIMD3<Int>] = []
        for a in stride(from: m, through: -m, by: -1) {
            for b in stride(from: m, through: -m, by: -1) {
                for c in stride(from: m, through: -m, by: -1) {
                    let v = SIMD3(a, b, c)
                    let norm = Swift.max(abs(a), abs(b), abs(c))
                    guard distances.contains(norm) else { continue }
                    let first = [a, b, c].first { $0 != 0 }!
                    guard first > 0 else { continue }
                    if force2D && v[dimension] != 0 { continue }
                    out.append(v)
                }
            }
        }
        return out
    }

    /// Features of one texture class, keyed by pyradiomics feature name.
    /// - Parameters:
    ///   - levels: grey level per voxel (1…Ng inside `intensityMask`), image grid.
    ///   - spacing: (x, y, z) mm.
    ///   - levelCount: Ng when the grey levels were binned over a larger region than the ROI
    ///     (voxel-based maps: the whole ROI's highest level, which GLCM's Idmn and Idn divide by).
    static func features(_ cls: String, levels: Volume<Int32>, intensityMask: MaskVolume, morphologicalMask: MaskVolume,
                         spacing: SIMD3<Double>, settings s: PyRadiomicsParameters.Settings,
                         enabled: [String], levelCount: Int? = nil) throws(RadiomicsError) -> [String: Double] {
        var present = Set<Int32>()
        for n in intensityMask.voxels.indices where intensityMask.voxels[n] != 0 { present.insert(levels.voxels[n]) }
        let greyLevels = present.map(Int.init).sorted()
        let ng = Swift.max(greyLevels.last ?? 1, levelCount ?? 0)
        let planarKinds = ["glszm", "ngtdm", "gldm"]
        if s.force2D && s.force2Ddimension != 0 && planarKinds.contains(cls) {
            throw .usage("setting 'force2Ddimension' \(s.force2Ddimension) is not yet implemented for '\(cls)' in pyradiomics mode (only 0)")
        }
        if s.distances != [1] && ["ngtdm", "gldm"].contains(cls) {
            throw .usage("setting 'distances' other than [1] is not yet implemented for '\(cls)' in pyradiomics mode")
        }
        let pad = cls == "glcm" ? (s.distances.max() ?? 1) : 1
        let grid = TextureGrid(levels: levels, levelCount: ng, intensityMask: intensityMask,
                               morphologicalMask: morphologicalMask, padding: pad)
        switch cls {
        case "glcm":
            let angles = Self.angles(distances: s.distances, force2D: s.force2D, dimension: s.force2Ddimension)
            let counts = CooccurrenceMatrix.displacements(grid, angles.map(xyz), symmetric: false).map { $0.counts.map(Double.init) }
            let m = PyRadiomicsGLCM.matrices(counts: counts, ng: ng, greyLevels: greyLevels, angles: angles, spacing: spacing,
                                             symmetrical: s.symmetricalGLCM, weightingNorm: s.weightingNorm)
            return PyRadiomicsGLCM.features(m, enabled: enabled)
        case "glrlm":
            let angles = Self.angles(distances: [1], force2D: s.force2D, dimension: s.force2Ddimension)
            let displacements = angles.map(xyz)
            let ms = parallelMap(displacements.count) { RunLengthMatrix.displacement(grid, displacements[$0]) }
            let nr = Swift.max(1, ms.compactMap { $0.columns.last }.max() ?? 1)
            let counts = ms.map { dense($0, ng: ng, width: nr) }
            return PyRadiomicsGLRLM.features(counts: counts, ng: ng, nr: nr, greyLevels: greyLevels, angles: angles,
                                             spacing: spacing, weightingNorm: s.weightingNorm, enabled: enabled)
        case "glszm", "gldm":
            let m: LevelMatrix
            if cls == "glszm" {
                m = s.force2D ? LevelMatrix.merged(grid.occupiedSlices.map { SizeZoneMatrix.slice(grid, z: $0) }, levelCount: ng)
                              : SizeZoneMatrix.volume(grid)
            } else {
                // |i − j| ≤ a on integer grey levels is |i − j| ≤ ⌊a⌋.
                m = GreyLevelDependenceMatrix.build(grid, alpha: Int(s.gldmA.rounded(.down)), planar: s.force2D)
            }
            let ns = Swift.max(1, m.columns.last ?? 1)
            return PyRadiomicsZoneFeatures.features(cls == "glszm" ? .glszm : .gldm, counts: dense(m, ng: ng, width: ns), ng: ng, ns: ns,
                                                    greyLevels: greyLevels, enabled: enabled)
        case "ngtdm":
            let m = s.force2D
                ? NeighbourhoodGreyToneDifferenceMatrix.merged(grid.occupiedSlices.map { NeighbourhoodGreyToneDifferenceMatrix.slice(grid, z: $0, distance: 1) },
                                                               levelCount: ng)
                : NeighbourhoodGreyToneDifferenceMatrix.volume(grid, distance: 1)
            return PyRadiomicsNGTDM.features(n: m.n.map(Double.init), s: m.s, i: (1...ng).map(Double.init), enabled: enabled)
        default:
            throw .usage("featureClass '\(cls)' is not a pyradiomics texture class")
        }
    }

    /// numpy (z, y, x) offset → our (x, y, z).
    static func xyz(_ a: SIMD3<Int>) -> SIMD3<Int> { SIMD3(a.z, a.y, a.x) }

    /// A LevelMatrix as a dense row-major ng × width count matrix (column c holds j = c + 1).
    static func dense(_ m: LevelMatrix, ng: Int, width: Int) -> [Double] {
        var out = [Double](repeating: 0, count: ng * width)
        let k = m.columns.count
        for i in 0..<Swift.min(ng, m.levelCount) {
            for (c, j) in m.columns.enumerated() { out[i * width + (j - 1)] = Double(m.counts[i * k + c]) }
        }
        return out
    }
}
