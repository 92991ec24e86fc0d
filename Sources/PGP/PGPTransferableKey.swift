/// A transferable public key (RFC 4880 section 11.1): the primary key with its direct signatures
/// (revocations, direct-key signatures), its user IDs and user attributes with their certifications, and
/// its subkeys with their binding and revocation signatures. `encryptionKey(now:)` (in
/// `PGPTransferableKey+Selection.swift`) verifies them and picks the key to encrypt to.
struct PGPTransferableKey: Sendable {
    /// A subkey and the signatures that follow it.
    struct Subkey: Sendable {
        var key: PGPKeyPacket
        var signatures: [PGPSignaturePacket]
    }

    /// A user ID or user attribute and the certifications that follow it.
    struct Identity: Sendable {
        /// The user ID's text; nil for a user attribute (a photo).
        var userId: String?
        /// What a certification hashes (RFC 4880 section 5.2.4): 0xB4 (user ID) or 0xD1 (user attribute),
        /// the four-octet length, the packet body.
        var hashInput: [UInt8]
        var signatures: [PGPSignaturePacket]
    }

    var primary: PGPKeyPacket
    /// Signatures right after the primary key: key revocations (0x20) and direct-key signatures (0x1F).
    var directSignatures: [PGPSignaturePacket]
    var identities: [Identity]
    var subkeys: [Subkey]

    /// The user IDs, in order.
    var userIds: [String] { identities.compactMap(\.userId) }

    init(packets: [PGPPacket]) throws(PGPError) {
        guard let first = packets.first else { throw PGPError(.notAPublicKey, "the key holds no packets") }
        switch PGPPacket.Tag(rawValue: first.tag) {
        case .publicKey: break
        case .secretKey, .secretSubkey:
            throw PGPError(
                .notAPublicKey, "this is a secret key; give the public key instead (gpg --armor --export <key id>)")
        default:
            throw PGPError(.notAPublicKey, "the data starts with packet type \(first.tag), not a public key packet")
        }
        primary = try PGPKeyPacket(body: first.body)
        directSignatures = []
        identities = []
        subkeys = []
        /// Where the next signature belongs (`skipped` after a subkey Outflow cannot read: its signatures go too).
        enum Owner { case primary, identity, subkey, skipped }
        var owner = Owner.primary
        for packet in packets.dropFirst() {
            switch PGPPacket.Tag(rawValue: packet.tag) {
            case .signature:
                let signature = try PGPSignaturePacket(body: packet.body)
                switch owner {
                case .primary: directSignatures.append(signature)
                case .identity: identities[identities.count - 1].signatures.append(signature)
                case .subkey: subkeys[subkeys.count - 1].signatures.append(signature)
                case .skipped: continue
                }
            case .publicSubkey:
                // A subkey of another version or a broken one is skipped; the others may still serve.
                if let key = try? PGPKeyPacket(body: packet.body) {
                    subkeys.append(Subkey(key: key, signatures: []))
                    owner = .subkey
                } else {
                    owner = .skipped
                }
            case .userId, .userAttribute:
                let isUserId = packet.tag == PGPPacket.Tag.userId.rawValue
                let count = packet.body.count
                let length = [UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF)]
                identities.append(
                    Identity(
                        userId: isUserId ? String(decoding: packet.body, as: UTF8.self) : nil,
                        hashInput: [isUserId ? 0xB4 : 0xD1] + length + [UInt8(count & 0xFF)] + packet.body,
                        signatures: []))
                owner = .identity
            case .publicKey:
                throw PGPError(.notAPublicKey, "the data holds more than one public key; give exactly one")
            case .secretKey, .secretSubkey:
                throw PGPError(.notAPublicKey, "the data holds secret key material; give the public key only")
            default:
                continue
            }
        }
    }
}

/// Uppercase hex, as gpg prints fingerprints.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
