import CZlib
import Foundation

/// The gzip stream of a map file whose voxels are one constant value except at a few positions
/// (a map: the ROI's values, `outside` everywhere else), encoded without the whole grid.
///
/// One deflate block with the fixed Huffman codes (RFC 1951 §3.2.6): the header and every ROI
/// voxel as literals; each run of outside voxels as its first 4 bytes and then copies at
/// distance 4 (258 bytes per 13-bit code), so a 315 MB grid of which 1 % is ROI costs
/// milliseconds where zlib level 1 scanned every byte (0.4 s a map). The CRC-32 of a run comes
/// from the pattern's CRC by `crc32_combine` doubling. Any gzip reader decodes it; the voxel
/// bytes equal the full grid's.
struct SparseMapGzip {
    private var out: [UInt8] = []
    private var bits: UInt64 = 0
    private var used = 0
    private var crc: UInt = 0
    private var size = 0

    /// gzip of `prefix` then `count` little-endian float32 voxels: `values[k]` at `positions[k]`
    /// (ascending), `outside` elsewhere.
    static func encode(prefix: [UInt8], count: Int, positions: [Int], values: [Float], outside: Float) -> Data {
        var z = SparseMapGzip()
        z.out.reserveCapacity(prefix.count + positions.count * 5 + count / 150 + 64)
        z.out += [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]   // gzip header: deflate, no name, mtime 0, Unix
        z.put(1, 1)   // BFINAL
        z.put(1, 2)   // BTYPE 01: fixed Huffman codes
        z.literals(prefix)
        var next = 0
        for (k, n) in positions.enumerated() {
            z.run(outside, count: n - next)
            z.literals(withUnsafeBytes(of: values[k].bitPattern.littleEndian, Array.init))
            next = n + 1
        }
        z.run(outside, count: count - next)
        z.symbol(256)   // end of block
        if z.used > 0 { z.out.append(UInt8(truncatingIfNeeded: z.bits)) }
        for v in [UInt32(truncatingIfNeeded: z.crc), UInt32(truncatingIfNeeded: z.size)] {
            withUnsafeBytes(of: v.littleEndian) { z.out += $0 }
        }
        return Data(z.out)
    }

    /// Appends the low `n` bits of `value`, least significant first.
    private mutating func put(_ value: UInt64, _ n: Int) {
        bits |= value << UInt64(used)
        used += n
        while used >= 8 {
            out.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
            used -= 8
        }
    }

    /// Fixed Huffman code of literal/length symbol `s`, bit-reversed for the LSB-first stream.
    private static func code(_ s: Int) -> (UInt64, Int) {
        let (c, n) = s < 144 ? (0x30 + s, 8) : s < 256 ? (0x190 + s - 144, 9) : s < 280 ? (s - 256, 7) : (0xC0 + s - 280, 8)
        var r = 0
        for b in 0..<n where c & (1 << b) != 0 { r |= 1 << (n - 1 - b) }
        return (UInt64(r), n)
    }

    private static let codes: [(UInt64, Int)] = (0..<288).map(code)
    /// Length symbols 257…285: base lengths and extra bits (RFC 1951 §3.2.5).
    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]

    private mutating func symbol(_ s: Int) {
        let (c, n) = Self.codes[s]
        put(c, n)
    }

    private mutating func literals(_ bytes: [UInt8]) {
        for b in bytes { symbol(Int(b)) }
        crc = bytes.withUnsafeBufferPointer { crc32_z(crc, $0.baseAddress, $0.count) }
        size += bytes.count
    }

    /// A copy of `length` (3…258) bytes from distance 4 (distance code 3, 5 bits, no extra).
    private mutating func copy(_ length: Int) {
        var s = Self.lengthBase.count - 1
        while Self.lengthBase[s] > length { s -= 1 }
        symbol(257 + s)
        if Self.lengthExtra[s] > 0 { put(UInt64(length - Self.lengthBase[s]), Self.lengthExtra[s]) }
        put(0b11000, 5)   // distance code 3 (00011), bit-reversed
    }

    /// `count` voxels of `value`.
    private mutating func run(_ value: Float, count: Int) {
        guard count > 0 else { return }
        let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
        let crcBefore = crc, sizeBefore = size
        literals(pattern)
        var left = 4 * (count - 1)
        // Four 258-byte copies (52 bits) at a time, then the rest; never a copy under 3 bytes.
        let (c285, n285) = Self.codes[285]
        let four = (0..<4).reduce(UInt64(0)) { acc, k in acc | ((c285 | 0b11000 << UInt64(n285)) << UInt64(13 * k)) }
        while left >= 4 * 258 + 3 { put(four, 52); left -= 4 * 258 }
        while left >= 258 + 3 { copy(258); left -= 258 }
        if left > 258 { copy(left - 3); left = 3 }
        if left >= 3 { copy(left); left = 0 }
        for k in 0..<left { symbol(Int(pattern[(4 - left + k) % 4])) }   // the run's last bytes
        crc = Self.runCRC(crcBefore, pattern: pattern, count: count)
        size = sizeBefore + 4 * count
    }

    /// CRC-32 after appending `count` copies of the 4-byte `pattern` to a stream whose CRC is `crc`.
    private static func runCRC(_ crc: UInt, pattern: [UInt8], count: Int) -> UInt {
        var power = pattern.withUnsafeBufferPointer { crc32_z(0, $0.baseAddress, 4) }   // CRC of 4·2^k bytes
        var length = 4
        var runCRC: UInt = 0, runLength = 0
        var k = count
        while k > 0 {
            if k & 1 != 0 {
                runCRC = runLength == 0 ? power : crc32_combine(runCRC, power, off_t(length))
                runLength += length
            }
            k >>= 1
            if k > 0 {
                power = crc32_combine(power, power, off_t(length))
                length *= 2
            }
        }
        return crc32_combine(crc, runCRC, off_t(runLength))
    }
}
