import Foundation

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
