// Scaffolding: replaced by the real NRRD / DICOM readers (issue 2). Each throws a clear error.
public enum NRRDReader {
    public static func read(_ path: String, volumeIndex: Int?, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        throw .badInput(path, "NRRD is not supported yet")
    }
}
public enum DICOMObjectKind: Sendable { case image, rtstruct, segmentation
    public static func of(_ path: String) throws(RadiomicsError) -> DICOMObjectKind? { nil }
}
public enum DICOMSeriesReader {
    public static func read(directory: String, series: String?, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        throw .badInput(directory, "DICOM is not supported yet")
    }
    public static func read(file: String, series: String?, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        throw .badInput(file, "DICOM is not supported yet")
    }
}
public enum RTStructReader {
    public static func masks(_ path: String, on image: Geometry, selection: ROISelection) throws(RadiomicsError) -> [NamedMask] {
        throw .badInput(path, "RTSTRUCT is not supported yet")
    }
}
public enum DICOMSegReader {
    public static func masks(_ path: String, on image: Geometry, selection: ROISelection) throws(RadiomicsError) -> [NamedMask] {
        throw .badInput(path, "DICOM SEG is not supported yet")
    }
}
