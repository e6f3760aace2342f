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

/// `Fixtures/generated/expected.json`: what SimpleITK reads from each generated fixture
/// (written by Scripts/make_fixtures.py).
struct GeneratedExpectations: Decodable {
    struct Image: Decodable {
        var file: String
        var size: [Int]
        var spacing: [Double]
        var origin: [Double]
        var direction: [Double]
        var samples: [[Double]]
        var sum: Double
        var weighted_sum: Double
        var series: String?
        var transfer_syntax: String?
    }
    struct Mask: Decodable {
        var image: String
        var mask: String
        var roi: String
        var segment: Int?
        var voxels: [Int]
    }
    struct BadInput: Decodable {
        var file: String
        var image: String?
        var roi: String?
        var kind: String
        var contains: [String]
    }
    var images: [Image]
    var masks: [Mask]
    var errors: [BadInput]

    static func load() throws -> GeneratedExpectations {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePath.path("generated/expected.json")))
        return try JSONDecoder().decode(GeneratedExpectations.self, from: data)
    }
}
