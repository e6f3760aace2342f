/// Built-in named settings (`--preset NAME`; `radiomics presets` lists them).
public struct Preset: Sendable {
    public var name: String
    public var summary: String
    public var settings: ExtractionSettings
}

public enum Presets {
    public static var all: [Preset] {
        [
            Preset(name: "default", summary: "IBSI definitions, no interpolation, fixed bin size 25, 3D texture, all families",
                   settings: ExtractionSettings()),
        ] + ibsi1 + ibsi2Phase2
    }

    /// IBSI 2 phase 2 (`Fixtures/ibsi/ibsi2/config.md`): the 18 `stat_*` features of the CT
    /// phantom's filtered image inside the ROI. "A": 2D, no interpolation; "B": 3D, 1 mm tricubic
    /// B-spline, intensities rounded, mask trilinear ≥ 0.5. Both: range [−1000, 400] HU on the
    /// unfiltered intensities, mirror padding, the whole image filtered before masking.
    static var ibsi2Phase2: [Preset] {
        FilterPresets.all.filter { $0.id.hasPrefix("ibsi2-phase2-") && $0.unavailableReason == nil }.map { filter in
            var s = ExtractionSettings()
            s.roundInitialIntensities = true
            if filter.id.hasSuffix(".B") {
                s.interpolation = ExtractionSettings.Interpolation(spacing: SIMD3(1, 1, 1), inPlaneOnly: false, imageInterpolator: .cubicSpline,
                                                                   maskInterpolator: .linear, roundIntensities: true, partialVolumeThreshold: 0.5)
            }
            s.resegmentationLower = -1000
            s.resegmentationUpper = 400
            s.discretisation = .fixedBinNumber(32)   // unused by statistics; keeps grey levels in range
            s.families = [.statistics]
            s.filter = filter.spec
            return Preset(name: filter.id, summary: "IBSI 2 phase 2: " + filter.summary + "; statistics of the response map", settings: s)
        }
    }

    public static func named(_ name: String) -> Preset? {
        all.first { $0.name == name }
    }

    /// The IBSI 1 reference settings (`Fixtures/ibsi/config.md`, IBSI 1 manual ch. 5).
    static var ibsi1: [Preset] {
        var phantom = ExtractionSettings()
        phantom.discretisation = .none
        phantom.ivhDiscretisation = .none
        phantom.textureDimension = .all

        // Shared by the CT configurations: NIfTI intensities rounded after reading, δ = 1, α = 0.
        var ct = ExtractionSettings()
        ct.roundInitialIntensities = true
        let inPlane = ExtractionSettings.Interpolation(spacing: SIMD3(2, 2, 2), inPlaneOnly: true, imageInterpolator: .linear,
                                                      maskInterpolator: .linear, roundIntensities: true, partialVolumeThreshold: 0.5)
        var volumetric = inPlane
        volumetric.inPlaneOnly = false

        var a = ct
        a.resegmentationLower = -500
        a.resegmentationUpper = 400
        a.discretisation = .fixedBinSize(25, lowerBound: -500)
        a.ivhDiscretisation = .none
        a.textureDimension = .twoD

        var b = ct
        b.interpolation = inPlane
        b.resegmentationLower = -500
        b.resegmentationUpper = 400
        b.discretisation = .fixedBinNumber(32)
        b.ivhDiscretisation = .none
        b.textureDimension = .twoD

        var c = ct
        c.interpolation = volumetric
        c.resegmentationLower = -1000
        c.resegmentationUpper = 400
        c.discretisation = .fixedBinSize(25, lowerBound: -1000)
        c.ivhDiscretisation = .fixedBinSize(2.5, lowerBound: -1000)
        c.textureDimension = .threeD

        var d = ct
        d.interpolation = volumetric
        d.outlierSigma = 3
        d.discretisation = .fixedBinNumber(32)
        d.ivhDiscretisation = .none
        d.textureDimension = .threeD

        var e = ct
        e.interpolation = volumetric
        e.interpolation?.imageInterpolator = .cubicSpline
        e.resegmentationLower = -1000
        e.resegmentationUpper = 400
        e.outlierSigma = 3
        e.discretisation = .fixedBinNumber(32)
        e.ivhDiscretisation = .fixedBinNumber(1000)
        e.ivhIgnoresResegmentationRange = true
        e.textureDimension = .threeD

        return [
            Preset(name: "ibsi1-digital-phantom", summary: "IBSI 1 digital phantom: no processing, grey levels as stored, every texture aggregation",
                   settings: phantom),
            Preset(name: "ibsi1-config-a", summary: "IBSI 1 CT config A: 2D, no interpolation, range [-500, 400], FBS 25, IVH discrete",
                   settings: a),
            Preset(name: "ibsi1-config-b", summary: "IBSI 1 CT config B: 2D, bilinear to 2×2 mm in-plane, range [-500, 400], FBN 32, IVH discrete",
                   settings: b),
            Preset(name: "ibsi1-config-c", summary: "IBSI 1 CT config C: 3D, trilinear to 2 mm, range [-1000, 400], FBS 25, IVH FBS 2.5",
                   settings: c),
            Preset(name: "ibsi1-config-d", summary: "IBSI 1 CT config D: 3D, trilinear to 2 mm, outliers ±3 SD, FBN 32, IVH discrete",
                   settings: d),
            Preset(name: "ibsi1-config-e", summary: "IBSI 1 CT config E: 3D, tricubic spline to 2 mm, range [-1000, 400] + outliers ±3 SD, FBN 32, IVH FBN 1000",
                   settings: e),
        ]
    }
}
