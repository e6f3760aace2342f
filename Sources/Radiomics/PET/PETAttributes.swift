import CGDCM
import Foundation

/// The attributes of one PET DICOM image that SUV needs, as stored (trimmed strings; "" when
/// absent). The radiopharmaceutical attributes are those of the first item of
/// RadiopharmaceuticalInformationSequence (0054,0016).
public struct PETAttributes: Sendable, Equatable {
    public var modality = "", units = "", decayCorrection = "", correctedImage = "", manufacturer = ""
    public var seriesDate = "", seriesTime = "", acquisitionDate = "", acquisitionTime = "", acquisitionDateTime = ""
    public var patientWeight = "", patientSize = "", patientSex = ""
    public var radiopharmaceuticalStartTime = "", radiopharmaceuticalStartDateTime = ""
    public var radionuclideTotalDose = "", radionuclideHalfLife = ""
    public var philipsSUVScale = "", philipsActivityScale = ""
    public var seriesUID = ""
    public var radiopharmaceuticalItems = 0

    public init() {}

    /// Reads the attributes of one file.
    public static func read(_ path: String) throws(RadiomicsError) -> PETAttributes {
        var p = cgdcm_pet()
        var err = [CChar](repeating: 0, count: 512)
        guard cgdcm_read_pet(path, &p, &err, err.count) == 0 else {
            throw .badInput(path, "cannot read the PET attributes (\(String(cString: err)))")
        }
        func s<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var a = PETAttributes()
        a.modality = s(p.modality); a.units = s(p.units); a.decayCorrection = s(p.decay_correction)
        a.correctedImage = s(p.corrected_image); a.manufacturer = s(p.manufacturer)
        a.seriesDate = s(p.series_date); a.seriesTime = s(p.series_time)
        a.acquisitionDate = s(p.acquisition_date); a.acquisitionTime = s(p.acquisition_time)
        a.acquisitionDateTime = s(p.acquisition_datetime)
        a.patientWeight = s(p.patient_weight); a.patientSize = s(p.patient_size); a.patientSex = s(p.patient_sex)
        a.radiopharmaceuticalStartTime = s(p.radiopharmaceutical_start_time)
        a.radiopharmaceuticalStartDateTime = s(p.radiopharmaceutical_start_datetime)
        a.radionuclideTotalDose = s(p.radionuclide_total_dose); a.radionuclideHalfLife = s(p.radionuclide_half_life)
        a.philipsSUVScale = s(p.philips_suv_scale); a.philipsActivityScale = s(p.philips_activity_scale)
        a.seriesUID = s(p.series_uid)
        a.radiopharmaceuticalItems = Int(p.radiopharmaceutical_items)
        return a
    }

    /// The attributes of every image of the series at `path` (a DICOM folder: series `series`,
    /// or its only series; or one DICOM file), or nil when `path` is not DICOM. `firstOnly`:
    /// stop at the first image (enough to tell a PET series from another).
    public static func series(at path: String, series: String?, firstOnly: Bool = false) throws(RadiomicsError) -> [PETAttributes]? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .missing(path) }
        let files = isDir.boolValue ? try DICOMSeriesReader.listFiles(path) : [path]
        var out: [PETAttributes] = []
        for file in files {
            guard let h = try DICOMHeader.read(file), h.kind == .image, h.hasPixelData else { continue }
            if let series, h.seriesUID != series { continue }
            out.append(try read(file))
            if firstOnly { break }
        }
        return out.isEmpty ? nil : out
    }
}
