import Foundation

import CSHA256

/// SHA-256 (FIPS 180-4), streaming. Used for the input checksums of the provenance sidecar.
/// Whole 64-byte blocks go straight from the caller's bytes to the C compression function
/// (SHA extensions when the CPU has them); only a partial block is buffered.
public struct SHA256: Sendable {
    private var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        length &+= UInt64(bytes.count)
        if bytes.withContiguousStorageIfAvailable({ absorb($0) }) == nil {
            Array(bytes).withUnsafeBufferPointer { absorb($0) }
        }
    }

    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        while (buffer.count + tail.count) % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        buffer.append(contentsOf: tail)
        let last = buffer
        buffer = []
        last.withUnsafeBufferPointer { compress($0.baseAddress!, blocks: $0.count / 64) }
        return h.flatMap { w in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: w >> UInt32($0)) } }
    }

    private mutating func absorb(_ bytes: UnsafeBufferPointer<UInt8>) {
        var rest = bytes[...]
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, rest.count)
            buffer.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            guard buffer.count == 64 else { return }
            let block = buffer
            buffer.removeAll(keepingCapacity: true)
            block.withUnsafeBufferPointer { compress($0.baseAddress!, blocks: 1) }
        }
        let blocks = rest.count / 64
        if blocks > 0, let base = UnsafeBufferPointer(rebasing: rest).baseAddress {
            compress(base, blocks: blocks)
        }
        buffer.append(contentsOf: rest.dropFirst(blocks * 64))
    }

    private mutating func compress(_ data: UnsafePointer<UInt8>, blocks: Int) {
        h.withUnsafeMutableBufferPointer { csha256_blocks($0.baseAddress!, data, blocks) }
    }

    /// Lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = SHA256()
        s.update(bytes)
        return s.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Feeds the whole file at `path` to `s` in 4 MiB reads; false when it cannot be opened or
    /// read (the caller then tries FileHandle, which names the problem), with `s` untouched.
    private static func hashChunks(_ path: String, into s: inout SHA256) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let size = 1 << 22
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var copy = s
        while true {
            let r = read(fd, buffer, size)
            if r < 0 && errno == EINTR { continue }
            if r < 0 { return false }
            if r == 0 { break }
            copy.update(UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: r))
        }
        s = copy
        return true
    }

    /// Hex digest of a file, or of every regular file of a folder (sorted relative paths, each
    /// path and its bytes hashed in turn), read in 1 MiB chunks.
    public static func hex(file path: String) throws(RadiomicsError) -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .missing(path) }
        var s = SHA256()
        var files: [String] = [""]
        if isDir.boolValue {
            files = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []).filter {
                var d: ObjCBool = false
                return FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &d) && !d.boolValue
            }.sorted()
        }
        for rel in files {
            let full = rel.isEmpty ? path : path + "/" + rel
            if !rel.isEmpty { s.update(Array(rel.utf8) + [0]) }
            // read(2) in 4 MiB chunks: FileHandle reads 4 KB per system call here (21 000 calls for an 85 MB CT).
            if hashChunks(full, into: &s) { continue }
            guard let handle = FileHandle(forReadingAtPath: full) else { throw .missing(full, "cannot be opened") }
            defer { try? handle.close() }
            while true {
                let chunk = (try? handle.read(upToCount: 1 << 20)) ?? Data()
                if chunk.isEmpty { break }
                s.update(chunk)
            }
        }
        return s.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
