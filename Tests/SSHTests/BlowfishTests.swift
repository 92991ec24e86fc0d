import Foundation
import OutflowTestSupport
import Testing

@testable import SSH

@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct BlowfishTests {
    private static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    private static func word(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    /// Eric Young's ECB vectors published with Schneier's Blowfish reference (key, plaintext, ciphertext).
    @Test(arguments: [
        ("0000000000000000", "0000000000000000", "4EF997456198DD78"),
        ("FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFF", "51866FD5B85ECB8A"),
        ("3000000000000000", "1000000000000001", "7D856F9A613063F2"),
        ("0123456789ABCDEF", "1111111111111111", "61F9C3802281B096"),
        ("FEDCBA9876543210", "0123456789ABCDEF", "0ACEAB0FC6A0A28D"),
        ("7CA110454A1A6E57", "01A1D6D039776742", "59C68245EB05282B"),
    ])
    func piDerivedTablesEncryptSchneiersKnownAnswers(key: String, plaintext: String, ciphertext: String) {
        let cipher = Blowfish(key: Self.bytes(key))
        let block = Self.bytes(plaintext)
        let (left, right) = cipher.encrypt(Self.word(block[0..<4]), Self.word(block[4..<8]))
        let expected = Self.bytes(ciphertext)
        #expect(left == Self.word(expected[0..<4]))
        #expect(right == Self.word(expected[4..<8]))
    }

    @Test func theInitialStateIsThePiDigitsEveryImplementationStartsFrom() {
        #expect(BlowfishConstants.p.count == 18 && BlowfishConstants.s.count == 1024)
        #expect(BlowfishConstants.p.first == 0x243F_6A88 && BlowfishConstants.p.last == 0x8979_FB1B)
        #expect(BlowfishConstants.s.first == 0xD131_0BA6 && BlowfishConstants.s.last == 0x3AC3_72E6)
    }

    /// (password, salt, rounds, length) derived by Outflow and by Python's `bcrypt.kdf` (pyca/bcrypt, the
    /// OpenBSD code), which must agree byte for byte.
    @Test func bcryptPBKDFMatchesPythonsBcryptKDF() async throws {
        let cases: [(String, String, Int, Int)] = [
            ("password", "salt", 4, 32), ("pass phrase", "0123456789abcdef", 16, 48), ("p", "s", 1, 1),
            ("correct horse battery staple", "saltsaltsaltsalt", 2, 64), ("äöü 🔑", "\u{0}\u{1}\u{2}", 3, 44),
            ("x", "long salt long salt long salt long salt long salt long salt long", 2, 80),
        ]
        let script = """
            import sys, warnings, bcrypt
            warnings.simplefilter("ignore")
            for line in sys.stdin.read().splitlines():
                password, salt, rounds, length = line.split("\\t")
                print(bcrypt.kdf(bytes.fromhex(password), bytes.fromhex(salt), int(length), int(rounds)).hex())
            """
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        let input = cases.map { "\(hex(Array($0.0.utf8)))\t\(hex(Array($0.1.utf8)))\t\($0.2)\t\($0.3)" }
            .joined(separator: "\n")
        let expected = String(
            decoding: try await PythonPeer.check(["-c", script], input: Array(input.utf8)), as: UTF8.self
        )
        .split(separator: "\n").map(String.init)
        try #require(expected.count == cases.count)
        for (index, (password, salt, rounds, length)) in cases.enumerated() {
            let derived = try BcryptPBKDF.derive(
                password: Array(password.utf8), salt: Array(salt.utf8), rounds: rounds, keyLength: length)
            #expect(hex(derived) == expected[index], "case \(index)")
        }
    }

    @Test func bcryptPBKDFRefusesUnboundedWork() {
        #expect(throws: BcryptPBKDF.Failure.rounds(1025)) {
            try BcryptPBKDF.derive(password: [1], salt: [1], rounds: 1025, keyLength: 32)
        }
        #expect(throws: BcryptPBKDF.Failure.rounds(0)) {
            try BcryptPBKDF.derive(password: [1], salt: [1], rounds: 0, keyLength: 32)
        }
        #expect(throws: BcryptPBKDF.Failure.keyLength(1025)) {
            try BcryptPBKDF.derive(password: [1], salt: [1], rounds: 1, keyLength: 1025)
        }
        #expect(throws: BcryptPBKDF.Failure.emptySalt) {
            try BcryptPBKDF.derive(password: [1], salt: [], rounds: 1, keyLength: 32)
        }
    }
}
