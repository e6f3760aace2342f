import Foundation

extension QCSnapshot {
    /// Reads an image and its ROI(s) and writes the QC picture as PNG (atomically).
    /// - Parameter window: nil chooses it from the intensities (`QCWindow.automatic`).
    /// - Returns: the ROI voxel count shown in the picture.
    @discardableResult
    public static func write(image: String, mask: String, selection: ROISelection, options: ReadOptions = ReadOptions(),
                             caseID: String, window: QCWindow?, to output: String) throws(RadiomicsError) -> Int {
        guard output.lowercased().hasSuffix(".png") else { throw .usage("\(output): the QC picture is a PNG; give a .png file name") }
        try AtomicFile.checkFolder(of: output)
        let volume = try ImageIO.readImage(image, options: options)
        let masks = try MaskIO.readMasks(mask, image: volume.geometry, selection: selection, options: options, imageSource: image)
        let regions = masks.map { Region(name: $0.name, mask: $0.mask) }
        let canvas: RGBCanvas
        do { canvas = try render(image: volume, regions: regions, caseID: caseID, window: window ?? .automatic(for: volume)) } catch {
            throw RadiomicsError(error.kind, file: error.file ?? mask, error.message)
        }
        try AtomicFile.write(try PNGEncoder.encode(canvas), to: output)
        return regions.reduce(0) { $0 + $1.mask.count }
    }

    /// The QC picture of a batch case: `<folder>/<id>.png`, the id made safe as a file name.
    public static func path(folder: String, caseID: String) -> String {
        let safe = String(caseID.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return (folder as NSString).appendingPathComponent((safe.isEmpty || safe.hasPrefix(".") ? "case" + safe : safe) + ".png")
    }
}
