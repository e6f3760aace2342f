import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics extract IMAGE MASK`: features of one image and its ROI(s).
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract features from one image and its mask.",
            discussion: """
                IMAGE: a NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) file or a DICOM series folder.
                MASK: a label map on the image grid (NIfTI/NRRD), a DICOM RTSTRUCT or a DICOM SEG.

                Examples:
                  radiomics extract ct.nii.gz gtv.nii.gz
                  radiomics extract ct.nii.gz labels.nii.gz --label all -o features.csv
                  radiomics extract dicom/ct/ rtstruct.dcm --roi GTV-1 --preset ibsi1-config-c
                  radiomics extract ct.nrrd seg.nrrd --format long
                """)

        @Argument(help: "Image file or DICOM folder.") var image: String
        @Argument(help: "Mask: label map, RTSTRUCT or DICOM SEG.") var mask: String
        @Option(help: "Label value of a label map, or 'all' for one row per label (default: 1 if present, else the only label).")
        var label: String?
        @Option(help: "RTSTRUCT ROI name or SEG segment (number or label), or 'all'.") var roi: String?
        @Option(help: "DICOM SeriesInstanceUID, when the image folder holds several series.") var series: String?
        @Option(help: "0-based volume of a 4D image.") var volume: Int?
        @Option(help: "Built-in settings (see 'radiomics presets').") var preset: String = "default"
        @Option(help: "Output format: wide, long or jsonl.") var format: String = "wide"
        @Option(name: .shortAndLong, help: "Output file ('-' or absent: stdout).") var output: String?
        @Option(help: "Largest number of voxels accepted in one image.") var maxVoxels: Int = ReadLimits.default.maxVoxels

        func run() throws {
            try reportingErrors {
                guard let tableFormat = TableFormat(rawValue: format) else {
                    throw RadiomicsError.usage("--format must be wide, long or jsonl, not '\(format)'")
                }
                guard let settings = Radiomics.Presets.named(preset)?.settings else {
                    throw RadiomicsError.usage("unknown preset '\(preset)' (see 'radiomics presets')")
                }
                let selection = try roiSelection()
                let options = ReadOptions(series: series, volumeIndex: volume, limits: ReadLimits(maxVoxels: maxVoxels))
                let img = try ImageIO.readImage(image, options: options)
                let masks = try MaskIO.readMasks(mask, image: img.geometry, selection: selection, options: options, imageSource: image)
                var rows: [FeatureRow] = []
                for m in masks {
                    let features = try Extractor.extract(image: img, mask: m.mask, settings: settings, imageFile: image, maskFile: mask)
                    rows.append(FeatureRow(keys: [("image", image), ("mask", mask), ("roi", m.name)], features: features))
                }
                try emit(TableWriter.render(rows, format: tableFormat), to: output)
            }
        }

        func roiSelection() throws(RadiomicsError) -> ROISelection {
            switch (label, roi) {
            case (nil, nil): return .automatic
            case (let l?, nil):
                if l == "all" { return .all }
                guard let n = Int(l) else { throw .usage("--label must be an integer or 'all', not '\(l)'") }
                return .label(n)
            case (nil, let r?): return r == "all" ? .all : .roi(r)
            default: throw .usage("give --label or --roi, not both")
            }
        }
    }
}
