import Foundation

/// Turns the ways a public key is pasted into a connection (ASCII armor, base64 of the armor as AEP hands
/// keys out, base64 of the binary key, or the binary key itself) into binary OpenPGP packets.
enum PGPArmor {
    /// The binary packets of `input`; `.notAPublicKey` for private keys, messages, signatures and text that
    /// is neither armor nor base64, `.malformed` when the armor checksum does not match.
    static func packets(from input: [UInt8]) throws(PGPError) -> [UInt8] {
        guard let first = input.first else { throw PGPError(.notAPublicKey, "the key is empty") }
        if first & 0x80 != 0 { return input }
        let text = String(decoding: input, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("-----BEGIN PGP ") { return try dearmor(text) }
        let expected =
            "expected an ASCII-armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----), its base64, or "
            + "base64 of the binary key"
        guard let decoded = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !decoded.isEmpty else {
            throw PGPError(.notAPublicKey, expected)
        }
        let bytes = [UInt8](decoded)
        if startsWithKeyPacket(bytes) { return bytes }
        let inner = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard inner.hasPrefix("-----BEGIN PGP ") else {
            throw PGPError(.notAPublicKey, expected + "; this text decodes to neither")
        }
        return try dearmor(inner)
    }

    /// Whether `bytes` begin with a public or secret key packet header (new or old format), which tells base64
    /// of a binary key from base64 that happens to decode to anything.
    static func startsWithKeyPacket(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, first & 0x80 != 0 else { return false }
        let tag = first & 0x40 != 0 ? first & 0x3F : (first >> 2) & 0x0F
        return tag == PGPPacket.Tag.publicKey.rawValue || tag == PGPPacket.Tag.secretKey.rawValue
    }

    /// Decodes one armored block (RFC 4880 section 6.2), checking the CRC-24 when present.
    static func dearmor(_ text: String) throws(PGPError) -> [UInt8] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let begin = lines.first, begin.hasPrefix("-----BEGIN PGP "), begin.hasSuffix("-----") else {
            throw PGPError(.notAPublicKey, "the armor has no BEGIN line")
        }
        let kind = begin.dropFirst("-----BEGIN PGP ".count).dropLast(5)
        guard kind == "PUBLIC KEY BLOCK" else {
            let hint =
                kind.contains("PRIVATE") ? "; export the public key instead (gpg --armor --export <key id>)" : ""
            throw PGPError(.notAPublicKey, "the armor holds a PGP \(kind), not a PGP PUBLIC KEY BLOCK\(hint)")
        }
        guard let end = lines.firstIndex(where: { $0.hasPrefix("-----END PGP ") }) else {
            throw PGPError(.notAPublicKey, "the armor has no END line")
        }
        var body = Array(lines[1..<end])
        if let blank = body.firstIndex(where: \.isEmpty) {
            body = Array(body[(blank + 1)...])
        } else {
            body.removeAll { $0.contains(": ") }
        }
        var checksum: String?
        if let last = body.last(where: { !$0.isEmpty }), last.hasPrefix("="), last.count == 5 {
            checksum = String(last.dropFirst())
            body.removeAll { $0 == last }
        }
        guard let data = Data(base64Encoded: body.joined(), options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw PGPError(.notAPublicKey, "the armor body is not base64")
        }
        let bytes = [UInt8](data)
        if let checksum, let expected = Data(base64Encoded: checksum), expected.count == 3 {
            let crc = crc24(bytes)
            let stored = expected.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard crc == stored else { throw PGPError(.malformed, "the armor checksum does not match its body") }
        }
        return bytes
    }

    /// The OpenPGP CRC-24 of `bytes`.
    static func crc24(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xB7_04CE
        for byte in bytes {
            crc ^= UInt32(byte) << 16
            for _ in 0..<8 {
                crc <<= 1
                if crc & 0x100_0000 != 0 { crc ^= 0x186_4CFB }
            }
        }
        return crc & 0xFF_FFFF
    }
}
