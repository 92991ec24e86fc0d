import Crypto
import Foundation
import OutflowTestSupport
import Testing
import _CryptoExtras

@testable import SSH

/// The Poly1305 that chacha20-poly1305@openssh.com packets are tagged with agrees with the tag swift-crypto's
/// ChaChaPoly AEAD computes for the same one-time key over its own padded transcript.
@Suite(.onDedicatedThreads) struct ChaChaPolyTagAgreementTests {
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
        #expect(Poly1305.tag(transcript, key: oneTimeKey) == Array(box.tag))
    }
}
