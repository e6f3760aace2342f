import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics extract IMAGE MASK`: features of one image and its ROI(s).
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract features from one image and its mask.",
            discussion: """
                IMAGE: a NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) file or a DICOM series folder. \
                MASK: a label map on the image grid (NIfTI/NRRD), a DICOM RTSTRUCT or a DICOM SEG. \
                The image is read once for all ROIs (--label all / --roi all: one row per ROI). \
                Columns: image, mask, roi, then every feature the settings produce (NaN when a \
                value cannot be computed), in the order of 'radiomics features'. With a \
                pyradiomics parameter file as --config: Image, Mask, Label, then pyradiomics' columns.

                Examples:
                  radiomics extract ct.nii.gz gtv.nii.gz
                  radiomics extract ct.nii.gz labels.nii.gz --label all -o features.csv
                  radiomics extract dicom/ct/ rtstruct.dcm --roi GTV-1 --preset ibsi1-config-c
                  radiomics extract ct.nii.gz gtv.nii.gz --config settings.yaml --format long
                """)

        @Argument(help: "Image file or DICOM folder.") var image: String
        @Argument(help: "Mask: label map, RTSTRUCT or DICOM SEG.") var mask: String
        // .unconditional: '--label -1' reaches our one-line check instead of the parser's usage dump.
        @Option(parsing: .unconditional, help: "Label value of a label map, or 'all' for one row per label (default: 1 if present, else the only label).")
        var label: String?
        @Option(help: "RTSTRUCT ROI name or SEG segment (number or label), or 'all'.") var roi: String?
        @Option(help: "DICOM SeriesInstanceUID, when the image folder holds several series.") var series: String?
        @Option(help: "0-based volume of a 4D image.") var volume: Int?
        @OptionGroup var settings: ConfigOptions
        @Option(help: "Output format: wide, long or jsonl.") var format: String = "wide"
        @Option(name: .shortAndLong, help: "Output file ('-' or absent: stdout).") var output: String?
        @Option(help: ArgumentHelp("Provenance sidecar (default: OUTPUT.provenance.json when -o is a file).", valueName: "file"))
        var provenance: String?
        @OptionGroup var pet: PETOptions
        @OptionGroup var guards: GuardOptions
        @OptionGroup var regions: RegionOptions
        @Option(help: "Largest number of voxels accepted in one image.") var maxVoxels: Int = ReadLimits.default.maxVoxels
        @Option(help: ArgumentHelp("ibsi (default) or pyradiomics: pyradiomics' definitions and column names (implied by a pyradiomics parameter file given to --config).", valueName: "name"))
        var flavour: String?
        @OptionGroup var log: LogOptions

        func run() throws {
            try reportingErrors {
                let started = Date()
                let tableFormat = try tableFormat(format)
                var config = try settings.resolve(flavour: flavour)
                config.suv = try pet.options() ?? config.suv
                config.guards = guards.rails
                config.petThreshold = try pet.threshold() ?? config.petThreshold
                try regions.apply(to: &config, selecting: label != nil ? "--label" : roi != nil ? "--roi" : nil)
                if settings.dumpConfig {
                    // A parameter file is its own config: it cannot be printed back as our YAML.
                    if config.pyradiomics != nil { throw RadiomicsError.usage("--dump-config is not available in pyradiomics mode (the parameter file is the config)") }
                    return try emit(config.yaml, to: output)
                }
                let table = TableLayout(keyNames: config.keyNames(batch: false), configuration: config, format: tableFormat, errorColumn: false)
                let selection = try CaseRunner.selection(label: label ?? (roi == nil ? config.label : nil),
                                                         roi: roi ?? (label == nil ? config.roi : nil))
                let options = ReadOptions(series: series, volumeIndex: volume, limits: guards.limits(maxVoxels: maxVoxels))
                let times = log.verbose ? StageTimes() : nil
                let sidecar = provenancePath(explicit: provenance, output: output)
                let sums = sidecar.map { _ in PendingChecksums([image, mask] + (settings.config.map { [$0] } ?? []), started: started) }
                let outcome = try CaseRunner.run(image: image, mask: mask, selection: selection, options: options,
                                                 configuration: config, stopOnError: true, times: times)
                var text = table.header
                var dropped = Set<String>()
                for r in outcome.rois {
                    let line = table.render(keys: [image, mask, r.roi], features: r.features, error: nil, warnings: outcome.warnings)
                    text += line.text
                    dropped.formUnion(line.dropped)
                }
                for w in outcome.warnings { log.warn("\(image): \(w)") }
                if !dropped.isEmpty { log.warn("features without a catalogue entry left out: \(dropped.sorted().joined(separator: ", "))") }
                try times.measure("write") { () throws(RadiomicsError) in try emit(text, to: output) }
                log.detail("\(image): \(outcome.rois.count) ROI(s) in \(String(format: "%.3f", outcome.seconds)) s")
                if let times { log.detail("stages (seconds summed over parallel runs): \(times.summary)") }
                if let path = sidecar, let sums {
                    var timing = Provenance.CaseTiming(id: "1", seconds: outcome.seconds, rows: outcome.rois.count, error: nil)
                    timing.suv = outcome.suv
                    if !outcome.warnings.isEmpty { timing.warnings = outcome.warnings }
                    let (inputs, preamble) = sums.wait()
                    let p = Provenance(arguments: CommandLine.arguments, document: config.document, output: output ?? "-", format: format,
                                       preamble: preamble, inputs: inputs, cases: [timing])
                    try p.write(to: path)
                }
            }
        }
    }
}
