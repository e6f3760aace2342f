import ArgumentParser
import Foundation
import Radiomics

/// Options of `radiomics filter IMAGE --filter n4`: N4 bias-field correction through the ITK
/// shim (loaded only for this filter), written as float32 NIfTI on the input grid.
struct N4FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("N4: fit the bias field inside this mask only (any non-zero label; default: the whole image).",
                               valueName: "FILE")) var mask: String?
    @Option(help: "N4: shrink factor of the grid the bias field is fitted on.") var shrink: Int = N4Settings.standard.shrink
    @Option(help: "N4: maximum iterations per fitting level, comma-separated (one per level).")
    var iterations: String = N4Settings.standard.iterations.map(String.init).joined(separator: ",")

    func settings() throws(RadiomicsError) -> N4Settings {
        let parts = iterations.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
            throw .usage("--iterations must be integers separated by commas, like 50,50,30,20, not '\(iterations)'")
        }
        let settings = N4Settings(shrink: shrink, iterations: parts.map { $0! })
        if let problem = settings.problem { throw .usage(problem) }
        return settings
    }

    /// Reads `image` (and the mask), corrects it and writes the result to `output`.
    func run(image path: String, output: String, limits: ReadLimits) throws(RadiomicsError) {
        let settings = try settings()
        let image = try ImageIO.readImage(path, options: ReadOptions(limits: limits))
        var fitMask: MaskVolume?
        if let mask {
            let labels = try ImageIO.readImage(mask, options: ReadOptions(limits: limits))
            if let why = image.geometry.mismatch(with: labels.geometry) {
                throw .badInput(mask, "mask grid does not match the image: \(why)")
            }
            fitMask = labels.map { $0 != 0 ? 1 : 0 }
        }
        let corrected = try N4BiasFieldCorrection.correct(image, mask: fitMask, settings: settings, file: mask ?? path)
        try NIfTIWriter.write(corrected, to: output)
    }
}
