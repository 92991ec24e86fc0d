import Crypto
import Foundation
import Testing
import _CryptoExtras

@testable import Destinations

/// Poly1305 for chacha20-poly1305@openssh.com: the RFC 8439 vector, and agreement with the tag swift-crypto's
/// ChaChaPoly AEAD computes for the same one-time key over its own padded transcript.
@Suite struct SSHPoly1305Tests {
    private func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    @Test func theRFC8439VectorMatches() {
        let key = bytes("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b")
        let tag = SSHPoly1305.tag(key: key, message: Array("Cryptographic Forum Research Group".utf8))
        #expect(tag == bytes("a8061dc1305136c6c22b8baf0c0127a9"))
    }

    @Test(arguments: [0, 1, 15, 16, 17, 63, 64, 1000])
    func tagsAgreeWithSwiftCryptosChaChaPoly(length: Int) throws {
        let key = SymmetricKey(size: .bits256)
        let nonceBytes = (0..<12).map { UInt8($0 &* 9) }
        let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 77 &+ 5) }
        let box = try ChaChaPoly.seal(plaintext, using: key, nonce: try ChaChaPoly.Nonce(data: nonceBytes))
        // RFC 8439 §2.8: the one-time key is ChaCha20 block 0; with no AAD the MAC input is
        // ct ‖ pad16 ‖ le64(0) ‖ le64(len).
        let oneTimeKey = Array(
            try Insecure.ChaCha20CTR.encrypt(
                [UInt8](repeating: 0, count: 32), using: key, nonce: try .init(data: nonceBytes)))
        var transcript = Array(box.ciphertext)
        transcript += [UInt8](repeating: 0, count: (16 - transcript.count % 16) % 16)
        transcript += [UInt8](repeating: 0, count: 8)
        transcript += (0..<8).map { UInt8(truncatingIfNeeded: length >> ($0 * 8)) }
        #expect(SSHPoly1305.tag(key: oneTimeKey, message: transcript) == Array(box.tag))
    }
}
