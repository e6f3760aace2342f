import XCTest
@testable import Radiomics

final class SHA256Tests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Chunked updates across block boundaries give the one-shot digest.
    func testStreamingEqualsOneShot() {
        let bytes = (0..<3).flatMap { _ in (0..<256).map(UInt8.init) } + [UInt8](repeating: UInt8(ascii: "x"), count: 55)
        var s = SHA256()
        var i = 0
        for size in [1, 63, 64, 65, 7, 300] where i < bytes.count {
            s.update(bytes[i..<min(bytes.count, i + size)]); i += size
        }
        s.update(bytes[min(i, bytes.count)...])
        XCTAssertEqual(s.finalize().map { String(format: "%02x", $0) }.joined(), SHA256.hex(bytes))
    }

    func testFileDigestMatchesSha256sum() throws {
        XCTAssertEqual(try SHA256.hex(file: FixturePath.digitalImage), "83773ac2a288aa93cf819a98eaf301c18d35d5876182ec9c18733184e2b7a83a")
    }
}

import CSHA256

extension SHA256Tests {
    /// The SHA-extension path (when this CPU has it) and the portable path agree on every
    /// block count up to 9 over pseudo-random bytes.
    func testSHAExtensionsEqualPortable() {
        var x: UInt32 = 12345
        let data = (0..<(64 * 9)).map { _ -> UInt8 in x = x &* 1_664_525 &+ 1_013_904_223; return UInt8(x >> 24) }
        for blocks in 0...9 {
            var fast: [UInt32] = [1, 2, 3, 4, 5, 6, 7, 8], portable = fast
            csha256_blocks(&fast, data, blocks)
            csha256_blocks_portable(&portable, data, blocks)
            XCTAssertEqual(fast, portable, "\(blocks) blocks")
        }
        print("SHA extensions: \(csha256_uses_sha_extensions() == 1)")
    }
}
