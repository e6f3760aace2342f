import ArgumentParser
import Foundation
import Radiomics

/// The options `map` and `habitats` share: which ROI, which settings, which kernel.
struct MapOptions: ParsableArguments {
    @Argument(help: "Image file or DICOM folder.") var image: String
    @Argument(help: "Mask: label map, RTSTRUCT or DICOM SEG (one ROI).") var mask: String
    @Option(parsing: .unconditional, help: "Label value of a label map (default: 1 if present, else the only label).")
    var label: String?
    @Option(help: "RTSTRUCT ROI name or SEG segment.") var roi: String?
    @OptionGroup var settings: ConfigOptions
    @Option(help: ArgumentHelp("ibsi (default) or pyradiomics (implied by a pyradiomics parameter file given to --config).", valueName: "name"))
    var flavour: String?
    @Option(help: ArgumentHelp("Kernel radius: voxels (2) or millimetres (2.5mm) each side of the voxel (default: 1 voxel; pyradiomics mode: voxelSetting kernelRadius).", valueName: "R"))
    var kernelRadius: String?
    @Flag(help: "Kernel of every voxel in the box, not only the ROI's (pyradiomics: maskedKernel: false).") var unmaskedKernel = false
    @Option(help: "Largest number of voxels accepted in one image.") var maxVoxels: Int = ReadLimits.default.maxVoxels

    /// The configuration, image and ROI, and the kernel settings.
    func load(features patterns: [String]) throws(RadiomicsError) -> (RunConfiguration, ImageVolume, NamedMask, KernelRadius?, Bool?) {
        if settings.dumpConfig { throw .usage("--dump-config is an extract option") }
        let config = try FeatureMaps.selecting(patterns, in: try settings.resolve(flavour: flavour))
        let radius = try kernelRadius.map { r throws(RadiomicsError) in try KernelRadius(parsing: r) }
        let selection = try CaseRunner.selection(label: label ?? (roi == nil ? config.label : nil), roi: roi ?? (label == nil ? config.roi : nil))
        let (img, m) = try FeatureMaps.readInput(image: image, mask: mask, selection: selection,
                                                 options: ReadOptions(limits: ReadLimits(maxVoxels: maxVoxels)), configuration: config)
        return (config, img, m, radius, unmaskedKernel ? false : nil)
    }
}

/// Comma-separated feature patterns.
func featurePatterns(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

extension RadiomicsCommand {
    /// `radiomics map IMAGE MASK -o DIR`: one voxel-wise map per feature.
    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write voxel-wise feature maps (one float32 NIfTI per feature).",
            discussion: """
                Each ROI voxel's value is the feature computed on its kernel: the voxels within \
                the kernel radius along each axis (a box), clipped to the image and, unless \
                --unmasked-kernel, to the ROI. IBSI mode: a normal extraction on that kernel ROI. \
                pyradiomics mode (a pyradiomics parameter file as --config): pyradiomics' \
                voxel-based extraction, its voxelSetting honoured (kernelRadius, maskedKernel, \
                initValue, and voxelBatch, which decides where Joint Average is NaN as in pyradiomics). Maps lie on the image grid; voxels \
                outside the ROI are NaN (pyradiomics mode: initValue). Files are named by the \
                feature's column: DIR/cm_contrast_3D_avg.nii.gz, DIR/original_glcm_Contrast.nii.gz. \
                Not supported yet: interpolation, filters / image types other than the original.

                Examples:
                  radiomics map ct.nii.gz gtv.nii.gz --features 'stat_mean,cm_contrast*' \\
                      -o maps/
                  radiomics map ct.nii.gz gtv.nii.gz --kernel-radius 5mm -o maps/
                  radiomics map mr.nii.gz roi.nii.gz --config Params.yaml -o maps/
                """)

        @OptionGroup var input: MapOptions
        @Option(help: ArgumentHelp("Only these features: comma-separated columns or patterns (* globs; IBSI stems such as cm_contrast).", valueName: "list"))
        var features: String?
        @Option(name: .shortAndLong, help: "Output folder (created if missing).") var output: String
        @OptionGroup var log: LogOptions

        func run() throws {
            try reportingErrors {
                let started = Date()
                let (config, img, m, radius, masked) = try input.load(features: featurePatterns(features))
                let maps = try FeatureMaps.compute(image: img, mask: m.mask, configuration: config, radius: radius, masked: masked,
                                                   imageFile: input.image, maskFile: input.mask)
                try FeatureMaps.write(maps, to: output)
                log.detail("\(maps.columns.count) maps of \(m.mask.count) voxels in \(String(format: "%.3f", Date().timeIntervalSince(started))) s")
            }
        }
    }
}
