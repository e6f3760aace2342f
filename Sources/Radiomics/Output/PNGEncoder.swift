import CZlib
import Foundation

/// An 8-bit RGB picture, row by row from the top left.
public struct RGBCanvas: Sendable {
    public struct Colour: Equatable, Sendable {
        public var r, g, b: UInt8
        public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
        public static let black = Colour(0, 0, 0), white = Colour(255, 255, 255), grey = Colour(160, 160, 160)
    }

    public let width: Int
    public let height: Int
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: Colour = .black) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        if background != .black { fill(x: 0, y: 0, width: width, height: height, background) }
    }

    public subscript(x: Int, y: Int) -> Colour {
        get { let o = 3 * (x + width * y); return Colour(pixels[o], pixels[o + 1], pixels[o + 2]) }
        set {
            // Drawing is clipped to the canvas: labels and scale bars may overhang a panel.
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let o = 3 * (x + width * y)
            pixels[o] = newValue.r; pixels[o + 1] = newValue.g; pixels[o + 2] = newValue.b
        }
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ c: Colour) {
        for yy in max(y, 0)..<min(y + h, height) where w > 0 {
            for xx in max(x, 0)..<min(x + w, width) { self[xx, yy] = c }
        }
    }
}

/// PNG (8-bit truecolour, no interlace) over zlib: signature, IHDR, one IDAT, IEND.
public enum PNGEncoder {
    public static func encode(_ canvas: RGBCanvas) throws(RadiomicsError) -> Data {
        var raw = [UInt8]()
        raw.reserveCapacity((canvas.width * 3 + 1) * canvas.height)
        for y in 0..<canvas.height {
            raw.append(1)   // "Sub" filter: flat regions (panels, background) compress to almost nothing.
            let row = 3 * canvas.width * y
            for x in 0..<(3 * canvas.width) {
                let left = x >= 3 ? canvas.pixels[row + x - 3] : 0
                raw.append(canvas.pixels[row + x] &- left)
            }
        }
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(bigEndian: UInt32(canvas.width))
        header.append(bigEndian: UInt32(canvas.height))
        header.append(contentsOf: [8, 2, 0, 0, 0])   // depth 8, RGB, deflate, adaptive filters, no interlace
        chunk("IHDR", header, into: &out)
        chunk("IDAT", try deflate(raw), into: &out)
        chunk("IEND", Data(), into: &out)
        return out
    }

    static func chunk(_ type: String, _ body: Data, into out: inout Data) {
        out.append(bigEndian: UInt32(body.count))
        let typed = Data(type.utf8) + body
        out.append(typed)
        let crc = typed.withUnsafeBytes { p in crc32(0, p.bindMemory(to: Bytef.self).baseAddress, uInt(p.count)) }
        out.append(bigEndian: UInt32(crc))
    }

    /// A zlib stream (RFC 1950), as PNG's IDAT holds.
    static func deflate(_ bytes: [UInt8]) throws(RadiomicsError) -> Data {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(i.count), 6) }
        }
        guard status == Z_OK else { throw RadiomicsError(.internal, "zlib compress2 failed (\(status))") }
        return Data(out[0..<Int(size)])
    }
}

extension Data {
    mutating func append(bigEndian v: UInt32) {
        Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) }
    }
}
