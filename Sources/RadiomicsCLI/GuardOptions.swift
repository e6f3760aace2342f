import ArgumentParser
import Radiomics

/// Guard rails on suspicious input (README "Guard rails"): `extract` and `batch`.
struct GuardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Most labels '--label all' takes from one label map; more distinct values than this and 255 are refused as a swapped image.",
                               valueName: "n"))
    var maxLabels: Int = ReadLimits.defaultMaxLabels
    @Option(help: ArgumentHelp("Fewest ROI voxels accepted after interpolation and re-segmentation.", valueName: "n"))
    var minROIVoxels: Int = GuardRails.defaultMinROIVoxels
    @Flag(help: "Accept an image that holds only 0 and 1 (refused by default as a likely swap of image and mask).")
    var allowBinaryImage = false

    func validate() throws {
        if maxLabels < 1 { throw ValidationError("--max-labels must be at least 1") }
        if minROIVoxels < 1 { throw ValidationError("--min-roi-voxels must be at least 1") }
    }

    func limits(maxVoxels: Int) -> ReadLimits { ReadLimits(maxVoxels: maxVoxels, maxLabels: maxLabels) }
    var rails: GuardRails? { GuardRails(minROIVoxels: minROIVoxels, allowBinaryImage: allowBinaryImage).nonDefault }
}
