/// A transferable public key (RFC 4880 section 11.1): the primary key with its self-signatures, user IDs
/// and subkeys with their binding and revocation signatures. Picks the key to encrypt to.
struct PGPTransferableKey: Sendable {
    /// A key packet and the signatures that follow it directly (for the primary key: all its self
    /// certifications, whichever user ID they follow).
    struct Entry: Sendable {
        var key: PGPKeyPacket
        var signatures: [PGPSignatureInfo]
    }

    var primary: Entry
    var subkeys: [Entry]
    var userIds: [String]

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
        var primary = Entry(key: try PGPKeyPacket(body: first.body), signatures: [])
        var subkeys: [Entry] = []
        var userIds: [String] = []
        for packet in packets.dropFirst() {
            switch PGPPacket.Tag(rawValue: packet.tag) {
            case .signature:
                let signature = try PGPSignatureInfo(body: packet.body)
                if subkeys.isEmpty {
                    primary.signatures.append(signature)
                } else {
                    subkeys[subkeys.count - 1].signatures.append(signature)
                }
            case .publicSubkey:
                // A subkey of another version or a broken one is skipped; the others may still serve.
                if let key = try? PGPKeyPacket(body: packet.body) { subkeys.append(Entry(key: key, signatures: [])) }
            case .userId:
                userIds.append(String(decoding: packet.body, as: UTF8.self))
            case .publicKey:
                throw PGPError(.notAPublicKey, "the data holds more than one public key; give exactly one")
            case .secretKey, .secretSubkey:
                throw PGPError(.notAPublicKey, "the data holds secret key material; give the public key only")
            default:
                continue
            }
        }
        self.primary = primary
        self.subkeys = subkeys
        self.userIds = userIds
    }

    /// The key to encrypt to at `now` (epoch seconds): the newest valid subkey flagged for encryption, else
    /// the primary key if it is. The error names the most telling reason when there is none.
    func encryptionKey(now: Int64) throws(PGPError) -> (key: PGPKeyPacket, expiresAt: Int64?) {
        let primarySignatures = primary.signatures
        if primarySignatures.contains(where: { $0.type == PGPSignatureInfo.keyRevocation }) {
            throw PGPError(.revoked, "the primary key \(hex(primary.key.fingerprint)) has been revoked")
        }
        let selfSignature = primarySignatures.filter(\.isSelfCertification).max { $0.created < $1.created }
        let primaryExpiry = expiry(of: primary.key, selfSignature?.keyExpiration)
        if let primaryExpiry, primaryExpiry <= now {
            throw PGPError(.expired, "the primary key \(hex(primary.key.fingerprint)) expired at \(primaryExpiry)")
        }
        var rejected: [PGPError] = []
        var candidates: [(key: PGPKeyPacket, expiresAt: Int64?)] = []
        for subkey in subkeys {
            guard
                let binding = subkey.signatures.filter({ $0.type == PGPSignatureInfo.subkeyBinding })
                    .max(by: { $0.created < $1.created })
            else { continue }
            guard binding.flagsAllowEncryption ?? subkey.key.algorithmCanEncrypt else { continue }
            let name = "subkey \(hex(subkey.key.fingerprint))"
            if subkey.signatures.contains(where: { $0.type == PGPSignatureInfo.subkeyRevocation }) {
                rejected.append(PGPError(.revoked, "the encryption \(name) has been revoked"))
                continue
            }
            let expiresAt = [expiry(of: subkey.key, binding.keyExpiration), primaryExpiry].compactMap { $0 }.min()
            if let expiresAt, expiresAt <= now {
                rejected.append(PGPError(.expired, "the encryption \(name) expired at \(expiresAt)"))
                continue
            }
            if let reason = Self.unsupported(subkey.key) {
                rejected.append(reason)
                continue
            }
            candidates.append((subkey.key, expiresAt))
        }
        if let newest = candidates.max(by: { $0.key.created < $1.key.created }) { return newest }
        if selfSignature?.flagsAllowEncryption ?? primary.key.algorithmCanEncrypt {
            if let reason = Self.unsupported(primary.key) {
                rejected.append(reason)
            } else {
                return (primary.key, primaryExpiry)
            }
        }
        if let reason = rejected.first(where: { $0.code == .unsupportedAlgorithm }) ?? rejected.first {
            throw reason
        }
        throw PGPError(
            .noEncryptionKey,
            "key \(hex(primary.key.fingerprint)) (\(primary.key.algorithmName)) has no key or subkey marked for "
                + "encryption; add one (gpg --quick-add-key <fingerprint> cv25519 encr)")
    }

    private func expiry(of key: PGPKeyPacket, _ seconds: UInt32?) -> Int64? {
        guard let seconds, seconds > 0 else { return nil }
        return Int64(key.created) + Int64(seconds)
    }

    /// Why Outflow cannot encrypt to `key`, or nil when it can.
    static func unsupported(_ key: PGPKeyPacket) -> PGPError? {
        switch key.material {
        case .rsa(let modulus, _):
            let bits = PGPKeyPacket.bitLength(modulus)
            guard bits >= 2048 else {
                return PGPError(.unsupportedAlgorithm, "RSA keys of \(bits) bits are too weak; use 2048 bits or more")
            }
            guard key.algorithm != 3 else {
                return PGPError(.unsupportedAlgorithm, "the RSA key is marked sign-only (algorithm 3)")
            }
            return nil
        case .ecdh(let curve, _, let hash, let cipher):
            if case .unsupported(let name) = curve {
                return PGPError(
                    .unsupportedAlgorithm,
                    "ECDH on \(name) is not supported (use Curve25519, NIST P-256/384/521 or RSA)")
            }
            guard [8, 9, 10].contains(hash), [7, 8, 9].contains(cipher) else {
                return PGPError(
                    .unsupportedAlgorithm, "ECDH KDF parameters (hash \(hash), cipher \(cipher)) are not supported")
            }
            return nil
        case .other:
            return PGPError(
                .unsupportedAlgorithm,
                "\(key.algorithmName) encryption keys are not supported (use RSA or ECDH Curve25519)")
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
