import CZlib
import Foundation

/// The gzip stream of a map file whose voxels are one constant value except at a few positions
/// (a map: the ROI's values, `outside` everywhere else), encoded without the whole grid.
///
/// One deflate block with the fixed Huffman codes (RFC 1951 §3.2.6): the header and every ROI
/// voxel as literals; each run of outside voxels as its first 4 bytes and then copies at
/// distance 4 (258 bytes per 13-bit code), so a 315 MB grid of which 1 % is ROI costs
/// milliseconds where zlib level 1 scanned every byte (0.4 s a map). The CRC-32 of a run comes
/// from the pattern's CRC by `crc32_combine` doubling, once per ROI (`Layout`). Any gzip reader decodes it; the voxel
/// bytes equal the full grid's.
struct SparseMapGzip {
    private var out: [UInt8] = []
    private var bits: UInt64 = 0
    private var used = 0
    private var crc: UInt = 0
    private var size = 0

    /// What every map of one ROI shares: the runs of outside voxels around the ROI's voxels,
    /// each with the CRC-32 of its bytes and the `crc32_combine` operator of its length, so a
    /// map's CRC costs one `crc32_combine_op` per run (not a doubling of combines per run and map).
    struct Layout: Sendable {
        let count: Int
        let positions: [Int]
        let outside: Float
        /// The run before `positions[k]` at k, the run after the last position at the end.
        fileprivate let runs: [Run]

        fileprivate struct Run: Sendable {
            var count: Int
            var crc: UInt
            var combine: UInt
        }

        /// `count` voxels, `positions` (ascending) the ROI's, `outside` everywhere else.
        init(count: Int, positions: [Int], outside: Float) {
            self.count = count
            self.positions = positions
            self.outside = outside
            let pattern = withUnsafeBytes(of: outside.bitPattern.littleEndian, Array.init)
            var next = 0
            runs = (positions + [count]).map { n in
                defer { next = n + 1 }
                let length = n - next
                guard length > 0 else { return Run(count: 0, crc: 0, combine: 0) }
                return Run(count: length, crc: SparseMapGzip.runCRC(pattern: pattern, count: length), combine: crc32_combine_gen(off_t(4 * length)))
            }
        }
    }

    /// gzip of `prefix` then `count` little-endian float32 voxels: `values[k]` at `positions[k]`
    /// (ascending), `outside` elsewhere.
    static func encode(prefix: [UInt8], count: Int, positions: [Int], values: [Float], outside: Float) -> Data {
        encode(prefix: prefix, values: values, layout: Layout(count: count, positions: positions, outside: outside))
    }

    /// gzip of `prefix` then the layout's voxels, `values[k]` at `layout.positions[k]`.
    static func encode(prefix: [UInt8], values: [Float], layout: Layout) -> Data {
        var z = SparseMapGzip()
        z.out.reserveCapacity(prefix.count + layout.positions.count * 5 + layout.count / 150 + 64)
        z.out += [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]   // gzip header: deflate, no name, mtime 0, Unix
        z.put(1, 1)   // BFINAL
        z.put(1, 2)   // BTYPE 01: fixed Huffman codes
        z.literals(prefix)
        let pattern = withUnsafeBytes(of: layout.outside.bitPattern.littleEndian, Array.init)
        for (k, run) in layout.runs.enumerated() {
            z.run(pattern, run)
            if k < values.count {
                var bytes = values[k].bitPattern.littleEndian
                withUnsafeBytes(of: &bytes) { z.literals($0) }
            }
        }
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
        bytes.withUnsafeBytes { literals($0) }
    }

    private mutating func literals(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes { symbol(Int(b)) }
        crc = crc32_z(crc, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
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

    /// The 4-byte `pattern` repeated over `run`: its first copy as literals, then copies at
    /// distance 4; the CRC from the run's own by its precomputed operator.
    private mutating func run(_ pattern: [UInt8], _ run: Layout.Run) {
        guard run.count > 0 else { return }
        let crcBefore = crc, sizeBefore = size
        literals(pattern)
        var left = 4 * (run.count - 1)
        // Four 258-byte copies (52 bits) at a time, then the rest; never a copy under 3 bytes.
        while left >= 4 * 258 + 3 { put(Self.fourCopies, 52); left -= 4 * 258 }
        while left >= 258 + 3 { copy(258); left -= 258 }
        if left > 258 { copy(left - 3); left = 3 }
        if left >= 3 { copy(left); left = 0 }
        for k in 0..<left { symbol(Int(pattern[(4 - left + k) % 4])) }   // the run's last bytes
        crc = crc32_combine_op(crcBefore, run.crc, run.combine)
        size = sizeBefore + 4 * run.count
    }

    /// Four copies of 258 bytes at distance 4 (4 × 13 bits).
    private static let fourCopies: UInt64 = {
        let (c285, n285) = codes[285]
        return (0..<4).reduce(UInt64(0)) { acc, k in acc | ((c285 | 0b11000 << UInt64(n285)) << UInt64(13 * k)) }
    }()

    /// CRC-32 of `count` copies of the 4-byte `pattern`, by doubling: the CRC of 4·2^k bytes
    /// combined into the CRCs of the set bits of `count`.
    fileprivate static func runCRC(pattern: [UInt8], count: Int) -> UInt {
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
        return runCRC
    }
}
