import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics qc IMAGE MASK -o case.png`: a picture to check that the mask sits on the lesion.
    struct QC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qc",
            abstract: "Write a PNG to check an image and its mask by eye.",
            discussion: """
                Four panels: axial, coronal and sagittal slices through the ROI's centroid, and \
                a zoom on the axial slice of largest ROI area. Each ROI's contour is drawn in its \
                own colour (legend below), with orientation letters from the direction matrix \
                (radiological views: patient's right on the left), a scale bar in mm, the case \
                id and the ROI voxel count.

                Window: --window LO:HI, else [-1000, 400] for CT (an image whose minimum is at \
                most -500: air and scanner padding), else the image's 1st-99th percentiles \
                (MR, PET).

                Examples:
                  radiomics qc ct.nii.gz gtv.nii.gz -o case1.png
                  radiomics qc ct.nii.gz labels.nii.gz --label all --window -160:240 -o c.png
                  radiomics qc dicom/CT/ RS.dcm --roi all --case-id P001 -o P001.png
                """)

        @Argument(help: "Image file or DICOM folder.") var image: String
        @Argument(help: "Mask: label map, RTSTRUCT or DICOM SEG.") var mask: String
        // .unconditional: '--label -1' and '--window -160:240' reach our checks, not the parser.
        @Option(parsing: .unconditional, help: "Label value, or 'all' for every label (default: 1 if present, else the only label).")
        var label: String?
        @Option(help: "RTSTRUCT ROI name or SEG segment, or 'all'.") var roi: String?
        @Option(help: "DICOM SeriesInstanceUID, when the image folder holds several series.") var series: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Grey-level window in image units (default: by modality, see above).", valueName: "LO:HI"))
        var window: String?
        @Option(help: "Case id written on the picture (default: the image's file name).") var caseId: String?
        @Option(name: .shortAndLong, help: "Output PNG file.") var output: String

        func validate() throws {
            if let window, QCWindow.parse(window) == nil { throw ValidationError("--window must be LO:HI with LO < HI, not '\(window)'") }
        }

        func run() throws {
            try reportingErrors {
                let selection = try CaseRunner.selection(label: label, roi: roi)
                let id = caseId ?? URL(fileURLWithPath: image).lastPathComponent
                try QCSnapshot.write(image: image, mask: mask, selection: selection, options: ReadOptions(series: series),
                                     caseID: id, window: window.flatMap(QCWindow.parse), to: output)
            }
        }
    }
}
