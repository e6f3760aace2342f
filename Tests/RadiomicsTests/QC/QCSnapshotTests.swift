import CZlib
import Foundation
import XCTest
@testable import Radiomics

/// A PNG read back independently of the encoder: chunks and CRCs, zlib inflate, the five
/// scanline filters.
struct DecodedPNG {
    var width = 0, height = 0
    var rgb: [UInt8] = []

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure("no PNG signature") }
        var at = 8, idat: [UInt8] = [], sawEnd = false
        func u32(_ o: Int) -> Int { Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]) }
        while at + 12 <= bytes.count {
            let length = u32(at), type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
            let body = Array(bytes[(at + 8)..<(at + 8 + length)])
            let crc = bytes[(at + 4)..<(at + 8 + length)].withContiguousStorageIfAvailable { crc32(0, $0.baseAddress, uInt($0.count)) }
                ?? Array(bytes[(at + 4)..<(at + 8 + length)]).withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            guard Int(crc) == u32(at + 8 + length) else { throw Failure("bad CRC in \(type)") }
            switch type {
            case "IHDR":
                width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
                height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
                guard body[8] == 8, body[9] == 2 else { throw Failure("not 8-bit RGB") }
            case "IDAT": idat += body
            case "IEND": sawEnd = true
            default: break
            }
            at += 12 + length
        }
        guard sawEnd, width > 0, height > 0 else { throw Failure("missing IHDR or IEND") }
        let stride = 3 * width
        var raw = [UInt8](repeating: 0, count: (stride + 1) * height)
        var size = uLong(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { r in idat.withUnsafeBufferPointer { uncompress(r.baseAddress, &size, $0.baseAddress, uLong($0.count)) } }
        guard status == Z_OK, Int(size) == raw.count else { throw Failure("inflate failed (\(status), \(size) bytes)") }
        rgb = [UInt8](repeating: 0, count: stride * height)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let v = raw[y * (stride + 1) + 1 + x]
                let a = x >= 3 ? Int(rgb[y * stride + x - 3]) : 0, b = y > 0 ? Int(rgb[(y - 1) * stride + x]) : 0
                let c = x >= 3 && y > 0 ? Int(rgb[(y - 1) * stride + x - 3]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Failure("filter \(filter)")
                }
                rgb[y * stride + x] = v &+ UInt8(predictor & 0xFF)
            }
        }
    }

    func pixel(_ x: Int, _ y: Int) -> RGBCanvas.Colour { let o = 3 * (x + width * y); return .init(rgb[o], rgb[o + 1], rgb[o + 2]) }
    func count(_ c: RGBCanvas.Colour) -> Int { (0..<(width * height)).filter { pixel($0 % width, $0 / width) == c }.count }

    struct Failure: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }
}

final class QCSnapshotTests: XCTestCase {
    func testPNGRoundTripsEveryPixel() throws {
        var canvas = RGBCanvas(width: 37, height: 11)
        for y in 0..<11 { for x in 0..<37 { canvas[x, y] = .init(UInt8(x * 7 % 256), UInt8(y * 23 % 256), UInt8((x * y) % 256)) } }
        let png = try DecodedPNG(try PNGEncoder.encode(canvas))
        XCTAssertEqual(png.width, 37)
        XCTAssertEqual(png.height, 11)
        XCTAssertEqual(png.rgb, canvas.pixels)
    }

    func testCTPhantomPictureHasContourWindowAndLetters() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("qc-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let count = try QCSnapshot.write(image: FixturePath.ctImage, mask: FixturePath.ctMask, selection: .automatic,
                                         caseID: "PAT1", window: nil, to: out)
        XCTAssertEqual(count, 125256)   // the phantom's ROI (int_mask_vox_count_init_roi)
        let png = try DecodedPNG(try Data(contentsOf: URL(fileURLWithPath: out)))
        XCTAssertGreaterThan(png.width, 4 * 100)
        XCTAssertGreaterThan(png.height, 150)
        // Contour pixels in the first region's colour, in all four panels.
        let red = QCSnapshot.palette[0]
        XCTAssertGreaterThan(png.count(red), 500)
        let quarters = (0..<4).map { q in (0..<png.height).reduce(0) { n, y in
            n + ((q * png.width / 4)..<((q + 1) * png.width / 4)).filter { png.pixel($0, y) == red }.count } }
        XCTAssertTrue(quarters.allSatisfy { $0 > 20 }, "\(quarters)")
        // Orientation letters and the scale bar label.
        XCTAssertGreaterThan(png.count(.init(255, 230, 90)), 100)
        let image = try ImageIO.readImage(FixturePath.ctImage)
        XCTAssertEqual(QCWindow.automatic(for: image), .ct)
    }

    func testWindowRuleUsesPercentilesWithoutNegativeValues() {
        let g = Geometry(size: SIMD3(10, 10, 10))
        let mr = ImageVolume(geometry: g, voxels: (0..<1000).map { Float($0) })
        let w = QCWindow.automatic(for: mr)
        XCTAssertEqual(w.rule, "P1-P99")
        XCTAssertEqual(w.lower, 9, accuracy: 1)
        XCTAssertEqual(w.upper, 989, accuracy: 1)
        XCTAssertEqual(QCWindow.parse("-160:240"), QCWindow(lower: -160, upper: 240, rule: "given"))
        XCTAssertNil(QCWindow.parse("240:-160"))
    }

    func testOrientationLettersFollowTheDirectionMatrix() {
        let identity = Geometry(size: SIMD3(4, 4, 4))
        let axial = QCView(.axial, geometry: identity)
        XCTAssertEqual([axial.left, axial.right, axial.top, axial.bottom], ["R", "L", "A", "P"])
        XCTAssertFalse(axial.flipHorizontal)
        let coronal = QCView(.coronal, geometry: identity)
        XCTAssertEqual([coronal.left, coronal.right, coronal.top, coronal.bottom], ["R", "L", "S", "I"])
        XCTAssertTrue(coronal.flipVertical)
        let sagittal = QCView(.sagittal, geometry: identity)
        XCTAssertEqual([sagittal.left, sagittal.right, sagittal.top, sagittal.bottom], ["A", "P", "S", "I"])
        // i runs to the patient's right (RAS-like x) and the axes are permuted: j is S→I, k is A→P.
        let odd = Geometry(size: SIMD3(4, 4, 4), direction: [-1, 0, 0, 0, 0, 1, 0, -1, 0])
        let v = QCView(.axial, geometry: odd)
        XCTAssertEqual(v.fixed, 1)
        XCTAssertEqual(v.vertical, 2)
        XCTAssertTrue(v.flipHorizontal)
        XCTAssertEqual([v.left, v.right, v.top, v.bottom], ["R", "L", "A", "P"])
    }

    /// Two ROIs: each contour in its own colour, and a legend line (swatch) per ROI.
    func testEachRegionHasItsColourAndLegend() throws {
        let g = Geometry(size: SIMD3(40, 30, 20), spacing: SIMD3(1, 1, 2))
        let image = ImageVolume(geometry: g, voxels: (0..<g.voxelCount).map { Float($0 % 97) * 10 })
        var a = MaskVolume(geometry: g, repeating: 0), b = MaskVolume(geometry: g, repeating: 0)
        for k in 5..<15 { for j in 5..<12 { for i in 5..<15 { a[i, j, k] = 1 } } }
        for k in 8..<12 { for j in 18..<26 { for i in 22..<35 { b[i, j, k] = 1 } } }
        let canvas = try QCSnapshot.render(image: image, regions: [.init(name: "1", mask: a), .init(name: "2", mask: b)],
                                           caseID: "two", window: QCWindow(lower: 0, upper: 960, rule: "given"))
        let png = try DecodedPNG(try PNGEncoder.encode(canvas))
        let first = png.count(QCSnapshot.palette[0]), second = png.count(QCSnapshot.palette[1])
        XCTAssertGreaterThan(first, 14 * 14 + 100)    // contours plus the 14×14 legend swatch
        XCTAssertGreaterThan(second, 14 * 14 + 100)
        XCTAssertEqual(png.count(QCSnapshot.palette[2]), 0)
    }

    func testEmptyROIIsAnError() {
        let g = Geometry(size: SIMD3(4, 4, 4))
        let image = ImageVolume(geometry: g, repeating: 0)
        XCTAssertThrowsError(try QCSnapshot.render(image: image, regions: [.init(name: "1", mask: MaskVolume(geometry: g, repeating: 0))],
                                                   caseID: "x", window: .ct))
    }
}
