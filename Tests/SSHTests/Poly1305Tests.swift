import Foundation
import OutflowTestSupport
import Testing

@testable import SSH

@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct Poly1305Tests {
    private static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    private static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    @Test func rfc8439TagVectorMatches() {
        let key = Self.bytes("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b")
        let tag = Poly1305.tag(Array("Cryptographic Forum Research Group".utf8), key: key)
        #expect(Self.hex(tag) == "a8061dc1305136c6c22b8baf0c0127a9")
    }

    /// Messages of every length 0...80 (partial and whole blocks) under random and all-ones keys, tagged by
    /// Outflow and by Python's `cryptography` (OpenSSL), must agree.
    @Test func tagsMatchOpenSSLForEveryBlockShape() async throws {
        var generator = SystemRandomNumberGenerator()
        var cases: [([UInt8], [UInt8])] = []
        for length in 0...80 {
            let key =
                length % 7 == 0
                ? [UInt8](repeating: 0xFF, count: 32)
                : (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let message =
                length % 5 == 0
                ? [UInt8](repeating: 0xFF, count: length)
                : (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            cases.append((key, message))
        }
        let script = """
            import sys
            from cryptography.hazmat.primitives.poly1305 import Poly1305
            for line in sys.stdin.read().splitlines():
                key, message = line.split(",")
                print(Poly1305.generate_tag(bytes.fromhex(key), bytes.fromhex(message)).hex())
            """
        let input = cases.map { "\(Self.hex($0.0)),\(Self.hex($0.1))" }.joined(separator: "\n")
        let expected = String(
            decoding: try await PythonPeer.check(["-c", script], input: Array(input.utf8)), as: UTF8.self
        )
        .split(separator: "\n").map(String.init)
        try #require(expected.count == cases.count)
        for (index, (key, message)) in cases.enumerated() {
            #expect(Self.hex(Poly1305.tag(message, key: key)) == expected[index], "length \(message.count)")
        }
    }
}
