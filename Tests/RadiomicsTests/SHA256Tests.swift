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
