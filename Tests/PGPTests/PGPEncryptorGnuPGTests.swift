import Foundation
import OutflowTestSupport
import Testing

@testable import PGP

/// Messages Outflow encrypts are decrypted by gpg itself with the fixture secret keys.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct PGPEncryptorGnuPGTests {
    static func message(
        _ plaintext: [UInt8], to recipient: PGPRecipient, name: String = "part-00000.parquet",
        chunkSize: Int = PGPEncryptor.defaultChunkSize, pieceSize: Int = 100_000
    ) throws -> [UInt8] {
        var encryptor = try PGPEncryptor(recipient: recipient, fileName: name, chunkSize: chunkSize)
        var output: [UInt8] = []
        var start = 0
        while start < plaintext.count {
            output += try encryptor.update(Array(plaintext[start..<min(plaintext.count, start + pieceSize)]))
            start += pieceSize
        }
        output += try encryptor.finish()
        return output
    }

    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    static let keys = [
        (PGPTestKeys.rsaPublic, PGPTestKeys.rsaSecret), (PGPTestKeys.curve25519Public, PGPTestKeys.curve25519Secret),
        (PGPTestKeys.p256Public, PGPTestKeys.p256Secret),
    ]

    @Test(arguments: 0..<3)
    func gpgDecryptsEverySizeAroundTheChunkBoundaries(keyIndex: Int) async throws {
        let (publicKey, secretKey) = Self.keys[keyIndex]
        let recipient = try PGPRecipient(publicKey: publicKey)
        let gpg = try await GnuPGPeer.make(secretKey: secretKey)
        for size in [0, 1, 15, 16, 17, 493, 494, 511, 512, 513, 1_024, 70_000] {
            let plaintext = Self.bytes(size, seed: UInt64(size))
            for chunkSize in [512, PGPEncryptor.defaultChunkSize] {
                let message = try Self.message(plaintext, to: recipient, chunkSize: chunkSize, pieceSize: 7)
                let decrypted = try await gpg.decrypt(message)
                #expect(decrypted.plaintext == plaintext, "size \(size), chunk \(chunkSize)")
                #expect(decrypted.status.contains("DECRYPTION_OKAY"))
                #expect(decrypted.status.contains("GOODMDC"))
                #expect(decrypted.status.contains("PLAINTEXT 62 0 part-00000.parquet"))
            }
        }
    }

    @Test(arguments: 0..<2)
    func gpgDecryptsAMessageOfMoreThan10MiBStreamedInPieces(keyIndex: Int) async throws {
        let (publicKey, secretKey) = Self.keys[keyIndex]
        let recipient = try PGPRecipient(publicKey: publicKey)
        let plaintext = Self.bytes((10 << 20) + 12_345, seed: 42)
        var encryptor = try PGPEncryptor(recipient: recipient, fileName: "big.json.gz")
        let gpg = try await GnuPGPeer.make(secretKey: secretKey)
        let path = gpg.home + "/big.gpg"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var largestOutput = 0
        var start = 0
        while start < plaintext.count {
            let piece = try encryptor.update(Array(plaintext[start..<min(plaintext.count, start + 1_000_003)]))
            largestOutput = max(largestOutput, piece.count)
            try handle.write(contentsOf: piece)
            start += 1_000_003
        }
        try handle.write(contentsOf: try encryptor.finish())
        try handle.close()
        // Output per call stays near the input piece: the encryptor holds at most one chunk back.
        #expect(largestOutput < 1_000_003 + 2 * PGPEncryptor.defaultChunkSize)
        let decrypted = try await gpg.decrypt(file: path)
        #expect(decrypted.plaintext == plaintext)
        #expect(decrypted.status.contains("GOODMDC"))
    }

    /// A key with another key's subkey appended still encrypts to its own subkey: its owner's gpg decrypts.
    @Test func aKeyWithAnAppendedForeignSubkeyEncryptsToTheGenuineSubkey() async throws {
        let recipient = try PGPRecipient(publicKey: PGPKeyValidationTests.fixture("foreign-appended.asc"))
        let gpg = try await GnuPGPeer.make(secretKey: PGPKeyValidationTests.fixture("genuine.sec.asc"))
        let plaintext = Self.bytes(5_000, seed: 7)
        let decrypted = try await gpg.decrypt(try Self.message(plaintext, to: recipient))
        #expect(decrypted.plaintext == plaintext)
        #expect(decrypted.status.contains("ENC_TO \(PGPKeyValidationTests.genuineSubkey)"))
    }

    @Test func eachMessageUsesAFreshSessionKey() throws {
        let recipient = try PGPRecipient(publicKey: PGPTestKeys.curve25519Public)
        let plaintext = Self.bytes(1_000, seed: 1)
        #expect(try Self.message(plaintext, to: recipient) != Self.message(plaintext, to: recipient))
    }

    @Test func updatingAFinishedMessageFails() throws {
        var encryptor = try PGPEncryptor(
            recipient: try PGPRecipient(publicKey: PGPTestKeys.curve25519Public), fileName: "x")
        _ = try encryptor.finish()
        #expect(throws: PGPError.self) { _ = try encryptor.update([1]) }
    }
}
