import ArgumentParser
import Foundation
import Radiomics

/// `--ring A:B [--ring-within LABEL|FILE] [--ring-range LO:HI]`, `--components
/// [--min-component-voxels N]`: sub-regions of each selected ROI (or named region), shared by
/// extract and batch.
struct RegionOptions: ParsableArguments {
    // .unconditional: '-3:0' is a value, not an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("The ring of voxels at a signed distance d from the ROI with A < d ≤ B mm (outside d > 0, inside d ≤ 0): 0:5 is the 5 mm shell, -3:0 the 3 mm inner rim.", valueName: "A:B"))
    var ring: String?
    @Option(help: ArgumentHelp("Keep the ring inside this label (or ROI) of the mask file, or inside the non-zero voxels of this mask file on the image grid.", valueName: "LABEL|FILE"))
    var ringWithin: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Keep the ring's voxels whose intensity lies in LO…HI (e.g. -500:300 leaves out air).", valueName: "LO:HI"))
    var ringRange: String?
    @Flag(help: "One row per 26-connected component of each ROI: roi 1.c1, 1.c2, … by decreasing size.") var components = false
    @Option(help: ArgumentHelp("With --components, leave out components smaller than N voxels.", valueName: "N")) var minComponentVoxels: Int?

    /// Adds these options to `config`'s regions (a config's `regions:` section keeps its names).
    /// `selecting`: a --label or --roi given on the command line, which named regions replace.
    func apply(to config: inout RunConfiguration, selecting: String? = nil) throws(RadiomicsError) {
        if let selecting, !(config.regions?.named.isEmpty ?? true) {
            throw .usage("\(selecting) cannot be combined with a config's 'regions:' section (it names the regions)")
        }
        guard ring != nil || ringWithin != nil || ringRange != nil || components || minComponentVoxels != nil else { return }
        if ring == nil, ringWithin != nil || ringRange != nil { throw .usage("--ring-within and --ring-range go with --ring A:B") }
        if !components, minComponentVoxels != nil { throw .usage("--min-component-voxels goes with --components") }
        var plan = config.regions ?? RegionPlan()
        if let ring { plan.ring = try Ring.bounds(ring) }
        if let ringWithin {
            // An existing file that is not a plain label number is another mask file.
            let isFile = Int(ringWithin) == nil && FileManager.default.fileExists(atPath: ringWithin)
            plan.ringWithin = isFile ? .file(ringWithin) : .roi(ringWithin)
        }
        if let ringRange {
            let parts = ringRange.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite, lo <= hi else {
                throw .usage("--ring-range must be LO:HI with LO ≤ HI (e.g. -500:300), not '\(ringRange)'")
            }
            plan.ringRange = lo...hi
        }
        plan.components = components
        if let n = minComponentVoxels {
            guard n >= 1 else { throw .usage("--min-component-voxels must be at least 1, not \(n)") }
            plan.minComponentVoxels = n
        }
        config.regions = plan
    }
}
