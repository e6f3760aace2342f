import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics filter IMAGE --preset ID -o OUT`: writes a filter's response map.
    struct Filter: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the response map of an IBSI 2 filter or pyradiomics image type as float32 NIfTI or NRRD.",
            discussion: """
                The map is on the input image's grid (size, spacing, origin, direction); with \
                --crop-to, on the mask's bounding box exactly. The IBSI 2 phase 2 "B" presets \
                (ibsi2-phase2-N.B) first resample the image to 1 mm exactly as 'radiomics extract \
                --preset' does (tricubic B-spline, rounded) and write the map on that grid. The \
                output's extension chooses the format: .nii, .nii.gz (NIfTI) or .nrrd. Lengths \
                (--sigma, --lambda) are in mm. Give either --preset or --filter (or --spec-json).

                Filters (--filter) and the options they read:
                  original
                  mean               --support N (odd voxels) --dimension --padding
                  log                --sigma --truncate (4) --dimension --padding (IBSI LoG)
                  laws               --kernel E5L5S5|L5S5 --pooling max|average
                                     --energy-distance --dimension --padding
                  gabor              --sigma --lambda --gamma --theta | --theta-step
                                     --dimension (3D: 3 planes) --padding
                  wavelet            --wavelet haar|db2|db3|coif1|… --band LHL|LH --level
                                     --invariant --padding
                  simoncelli         --level --dimension --padding
                  riesz-log          --sigma --truncate --order 1,0,0 --padding
                  riesz-simoncelli   --level --order 0,2,0 --padding
                  pyradiomics-log    --sigma (pyradiomics LoG, σ²-normalised)
                  pyradiomics-wavelet --wavelet --band LLH --start-level --level   (pywt.swtn)
                  square | squareroot | logarithm | exponential | gradient [--no-spacing]
                  lbp2d              --lbp-radius (1) --lbp-samples (8)
                                     (scikit-image "uniform", axial)
                  lbp3d              --level N (map lbp-3D-mN) | --kurtosis, --lbp-radius (1)
                                     --icosphere-subdivision (1)
                  n4                 --mask FILE --shrink (4) --iterations (50,50,30,20)
                                     N4 bias-field correction (ITK)

                Examples:
                  radiomics filter impulse.nii.gz --preset ibsi2-2.a -o log.nii.gz
                  radiomics filter ct.nii.gz --filter log --sigma 1.5 --dimension 2D \\
                      --padding mirror -o log.nii
                  radiomics filter ct.nii.gz --filter laws --kernel L5E5E5 --pooling max \\
                      --energy-distance 7 -o laws.nii.gz
                  radiomics filter ct.nii.gz --filter wavelet --wavelet db3 --band LLH \\
                      --invariant -o llh.nii.gz
                  radiomics filter ct.nii.gz -o m.nii \\
                    --spec-json '{"mean":{"support":5,"dimension":"3D","padding":"mirror"}}'
                  radiomics filter ct.nii.gz --filter pyradiomics-log --sigma 2 \\
                      --crop-to gtv.nii.gz -o log2.nii.gz
                  radiomics filter --list
                """)

        @Argument(help: "Image file or DICOM folder.") var image: String?
        @Option(help: "A filter preset: ibsi2-1.a.1 … ibsi2-10.b.2, ibsi2-phase2-1.A … ibsi2-phase2-9.B (see --list).")
        var preset: String?
        @Option(help: "Filter kind (see below).") var filter: String?
        @Option(help: "The filter as FilterSpec JSON.") var specJson: String?
        @Flag(help: "List the filter presets and exit.") var list = false
        @Option(name: .shortAndLong, help: "Output file: .nii, .nii.gz or .nrrd.") var output: String?
        @Option(help: ArgumentHelp("Write only the mask's bounding box (filtered with the kernel's support around it: the values equal whole-image filtering).",
                                   valueName: "MASK")) var cropTo: String?
        @OptionGroup var parameters: FilterParameters
        @OptionGroup var n4: N4FilterOptions
        @Option(help: "Largest number of voxels accepted in one image.") var maxVoxels: Int = ReadLimits.default.maxVoxels

        func run() throws {
            try reportingErrors {
                if list {
                    let lines = FilterPresets.all.map { p in
                        "\(p.id)\t\(p.phantom)\t\(p.summary)" + (p.spec == nil ? "\t(unavailable: parameters unknown)" : "")
                    }
                    try emit(lines.joined(separator: "\n") + "\n", to: nil)
                    return
                }
                guard let image else { throw RadiomicsError.usage("give an IMAGE (or --list)") }
                if filter == "n4" {
                    guard let output else { throw RadiomicsError.usage("give the output file with -o OUT.nii[.gz] or OUT.nrrd") }
                    return try n4.run(image: image, output: output, limits: ReadLimits(maxVoxels: maxVoxels))
                }
                // The filter's own parameters first: a missing --sigma is the first thing to fix.
                let spec = try resolveSpec()
                guard let output else { throw RadiomicsError.usage("give the output file with -o OUT.nii[.gz] or OUT.nrrd") }
                _ = try ImageFileFormat.forOutput(output)
                var img = try ImageIO.readImage(image, options: ReadOptions(limits: ReadLimits(maxVoxels: maxVoxels)))
                // A preset that also names an extraction preset with interpolation (phase 2 "B")
                // filters the image that extraction filters: resampled the same way.
                if let preset, let settings = Radiomics.Presets.named(preset)?.settings, settings.interpolation != nil {
                    if cropTo != nil {
                        throw RadiomicsError.usage("--crop-to cannot be used with \(preset), which resamples the image (its mask is on the original grid)")
                    }
                    img = Preprocessor.processedImage(img, settings: settings)
                }
                if let cropTo {
                    let masks = try MaskIO.readMasks(cropTo, image: img.geometry, selection: .automatic, options: ReadOptions())
                    guard let box = masks.first?.mask.boundingBox else { throw RadiomicsError.badInput(cropTo, "the mask is empty") }
                    try ImageFileFormat.write(try Radiomics.applyOnBox(spec, to: img, box: box), to: output)
                } else {
                    try ImageFileFormat.write(try Radiomics.apply(spec, to: img), to: output)
                }
            }
        }

        func resolveSpec() throws(RadiomicsError) -> FilterSpec {
            let given = [preset != nil, filter != nil, specJson != nil].filter { $0 }.count
            guard given == 1 else { throw .usage("give exactly one of --preset, --filter and --spec-json") }
            if let preset {
                guard let p = FilterPresets.named(preset) else {
                    throw .usage("unknown filter preset '\(preset)' (see 'radiomics filter --list')")
                }
                guard let spec = p.spec else { throw .usage(p.unavailableReason ?? "preset \(preset) is unavailable") }
                return spec
            }
            if let specJson {
                do { return try JSONDecoder().decode(FilterSpec.self, from: Data(specJson.utf8)) } catch {
                    throw .usage("--spec-json is not a valid filter specification: \(error)")
                }
            }
            return try parameters.spec(kind: filter!)
        }
    }
}

/// Options of `radiomics filter --filter KIND`; each kind reads the ones listed in the help.
struct FilterParameters: ParsableArguments {
    @Option(help: "2D (axial slices; Gabor: axial plane) or 3D (Gabor: mean of the 3 orthogonal planes).") var dimension: String = "3D"
    @Option(help: "Boundary: zero, nearest, periodic or mirror (symmetric, edge voxel repeated).") var padding: String = "mirror"
    @Option(help: "Mean filter support in voxels (odd).") var support: Int?
    @Option(help: "σ in mm (LoG, Gabor, Riesz-LoG, pyradiomics LoG).") var sigma: Double?
    @Option(help: "LoG kernel cut-off in σ.") var truncate: Double = 4
    @Option(help: "Laws kernel such as E5L5S5 (3D) or L5S5 (2D).") var kernel: String?
    @Option(help: "Rotation pooling for Laws: max or average.") var pooling: String?
    @Option(help: "Laws energy-map distance δ (window 2δ+1).") var energyDistance: Int?
    @Option(help: "Gabor wavelength λ in mm.") var lambda: Double?
    @Option(help: "Gabor aspect ratio γ.") var gamma: Double?
    @Option(help: "Gabor angle θ in radians.") var theta: Double = 0
    @Option(help: "Gabor angle step in radians: average over θ, θ+step, … below θ+2π.") var thetaStep: Double?
    @Option(help: "Wavelet: haar, db1, db2, db3, sym2, sym3, coif1.") var wavelet: String = "coif1"
    @Option(help: "Wavelet sub-band: LHL (3D) or LH (2D); pyradiomics: 3 letters.") var band: String?
    @Option(help: "Wavelet / Simoncelli level (≥ 1).") var level: Int = 1
    @Flag(help: "Wavelet rotation invariance (average over the right-angle rotations).") var invariant = false
    @Option(help: "Riesz order l_i,l_j,l_k, e.g. 0,2,0.") var order: String?
    @Option(help: "pyradiomics wavelet start level (0-based).") var startLevel: Int = 0
    @Flag(help: "Gradient: ignore the voxel spacing.") var noSpacing = false
    @Option(help: "LBP2D radius / LBP3D icosphere radius in voxels.") var lbpRadius: Double = 1
    @Option(help: "LBP2D number of neighbours.") var lbpSamples: Int = 8
    @Option(help: "LBP3D icosphere subdivisions (the icosphere radius is --lbp-radius).") var icosphereSubdivision: Int = 1
    @Flag(help: "LBP3D: the kurtosis map (lbp-3D-k) instead of a level map.") var kurtosis = false

    func spec(kind: String) throws(RadiomicsError) -> FilterSpec {
        guard let dim = FilterDimension(rawValue: dimension.uppercased()) else { throw .usage("--dimension must be 2D or 3D, not '\(dimension)'") }
        guard let pad = BoundaryMode(rawValue: padding.lowercased()) else {
            throw .usage("--padding must be zero, nearest, periodic or mirror, not '\(padding)'")
        }
        func need<T>(_ v: T?, _ name: String) throws(RadiomicsError) -> T {
            guard let v else { throw .usage("--filter \(kind) needs --\(name)") }
            return v
        }
        func family() throws(RadiomicsError) -> WaveletFamily {
            guard let f = WaveletFamily(rawValue: wavelet.lowercased()) else {
                throw .usage("--wavelet must be one of \(WaveletFamily.allCases.map(\.rawValue).joined(separator: ", ")), not '\(wavelet)'")
            }
            return f
        }
        func rieszOrder() throws(RadiomicsError) -> [Int] {
            let parts = try need(order, "order").split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 3, let o = parts as? [Int] else { throw .usage("--order must be three integers like 0,2,0") }
            return o
        }
        switch kind.lowercased() {
        case "original": return .original
        case "mean": return .mean(support: try need(support, "support"), dimension: dim, padding: pad)
        case "log": return .laplacianOfGaussian(sigma: try need(sigma, "sigma"), truncate: truncate, dimension: dim, padding: pad)
        case "laws":
            var pool: Pooling? = nil
            if let pooling {
                guard let p = Pooling(rawValue: pooling.lowercased()) else { throw .usage("--pooling must be max or average") }
                pool = p
            }
            return .laws(kernel: try need(kernel, "kernel"), dimension: dim, padding: pad, pooling: pool, energyDistance: energyDistance)
        case "gabor":
            return .gabor(sigma: try need(sigma, "sigma"), lambda: try need(lambda, "lambda"), gamma: try need(gamma, "gamma"),
                          theta: theta, thetaStep: thetaStep, dimension: dim, padding: pad)
        case "wavelet":
            return .wavelet(family: try family(), band: try need(band, "band"), level: level, invariant: invariant, padding: pad)
        case "simoncelli": return .simoncelli(level: level, dimension: dim, padding: pad)
        case "riesz-log": return .rieszLoG(sigma: try need(sigma, "sigma"), truncate: truncate, order: try rieszOrder(), padding: pad)
        case "riesz-simoncelli": return .rieszSimoncelli(level: level, order: try rieszOrder(), padding: pad)
        case "pyradiomics-log": return .pyradiomicsLoG(sigma: try need(sigma, "sigma"))
        case "pyradiomics-wavelet":
            return .pyradiomicsWavelet(family: try family(), band: try need(band, "band"), startLevel: startLevel, level: level)
        case "square": return .square
        case "squareroot": return .squareRoot
        case "logarithm": return .logarithm
        case "exponential": return .exponential
        case "gradient": return .gradient(useSpacing: !noSpacing)
        case "lbp2d": return .lbp2D(radius: lbpRadius, samples: lbpSamples)
        case "lbp3d":
            return kurtosis ? .lbp3DKurtosis(radius: lbpRadius, subdivisions: icosphereSubdivision)
                : .lbp3D(level: level, radius: lbpRadius, subdivisions: icosphereSubdivision)
        default: throw .usage("unknown --filter '\(kind)' (see 'radiomics filter --help')")
        }
    }
}
