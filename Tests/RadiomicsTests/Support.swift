import Foundation

/// Paths of the committed fixtures, found relative to this source file.
enum FixturePath {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures").path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static let ctImage = path("ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz")
    static let ctMask = path("ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz")
    static let ctDICOM = path("ibsi/ibsi1/ct_phantom/dicom/image")
    static let ctRTSTRUCT = path("ibsi/ibsi1/ct_phantom/dicom/mask/DCM_RS_00060.dcm")
    static let digitalImage = path("ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz")
    static let digitalMask = path("ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz")
}
