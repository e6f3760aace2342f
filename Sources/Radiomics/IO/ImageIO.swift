import Foundation

/// Options that steer reading an image.
public struct ReadOptions: Sendable {
    /// DICOM SeriesInstanceUID to read when a folder holds several series.
    public var series: String?
    /// 0-based volume of a 4D NIfTI/NRRD file.
    public var volumeIndex: Int?
    public var limits: ReadLimits
    public init(series: String? = nil, volumeIndex: Int? = nil, limits: ReadLimits = .default) {
        self.series = series
        self.volumeIndex = volumeIndex
        self.limits = limits
    }
}

/// The on-disk formats we read, recognised by name and content.
public enum FileFormat: String, Sendable {
    case nifti, nrrd, dicomSeries, dicomFile
    /// MetaImage, VTK, GIPL, MINC, MRC, Analyze 7.5: read through the ITK shim (`ITKImageReader`).
    case itk

    public static func detect(_ path: String) throws(RadiomicsError) -> FileFormat {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .missing(path) }
        if isDir.boolValue { return .dicomSeries }
        let lower = path.lowercased()
        if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") { return .nifti }
        if lower.hasSuffix(".nrrd") || lower.hasSuffix(".nhdr") { return .nrrd }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .missing(path, "cannot be opened") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 352)) ?? Data()
        if head.count >= 132, head[head.startIndex + 128..<head.startIndex + 132].elementsEqual("DICM".utf8) { return .dicomFile }
        if head.starts(with: "NRRD".utf8) { return .nrrd }
        if head.count >= 348 {
            let b = [UInt8](head)
            let r = ByteReader(bytes: b, bigEndian: false)
            if [348, 540].contains(r.i32(0)) || [348, 540].contains(r.i32(0).byteSwapped) {
                // Analyze 7.5: a 348-byte header without NIfTI's "ni1"/"n+1" magic, read through ITK.
                let magic = b[344] == 0x6E && (b[345] == 0x69 || b[345] == 0x2B) && b[346] == 0x31
                if lower.hasSuffix(".hdr"), r.i32(0) == 348 || r.i32(0).byteSwapped == 348, !magic { return .itk }
                return .nifti
            }
        }
        if lower.hasSuffix(".dcm") || lower.hasSuffix(".ima") { return .dicomFile }
        if ITKImageReader.extensions.contains(where: { lower.hasSuffix($0) }) { return .itk }
        throw .badInput(path, "unknown image format (expected .nii, .nii.gz, .nrrd, .nhdr, a DICOM file or folder, "
                            + "or through ITK .mha, .mhd, .vtk, .gipl, .mnc, .mrc, Analyze .hdr)")
    }
}

/// Reads any supported image into an LPS `ImageVolume`.
public enum ImageIO {
    public static func readImage(_ path: String, options: ReadOptions = ReadOptions()) throws(RadiomicsError) -> ImageVolume {
        switch try FileFormat.detect(path) {
        case .nifti: return try NIfTIReader.read(path, volumeIndex: options.volumeIndex, limits: options.limits)
        case .nrrd: return try NRRDReader.read(path, volumeIndex: options.volumeIndex, limits: options.limits)
        case .dicomSeries: return try DICOMSeriesReader.read(directory: path, series: options.series, limits: options.limits)
        case .dicomFile: return try DICOMSeriesReader.read(file: path, series: options.series, limits: options.limits)
        case .itk: return try ITKImageReader.read(path, volumeIndex: options.volumeIndex, limits: options.limits)
        }
    }
}
