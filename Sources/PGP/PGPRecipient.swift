public import Foundation

/// The OpenPGP key exported files are encrypted to: parsed from a transferable public key (ASCII armor,
/// base64 of the armor, or binary), with the encryption-capable key already chosen. Public keys are not
/// secret, but responses show only the identifiers below.
public struct PGPRecipient: Sendable, Hashable {
    /// The chosen encryption key's v4 fingerprint (40 uppercase hex digits).
    public let fingerprint: String
    /// The chosen encryption key's 64-bit key id (16 uppercase hex digits), as `gpg --list-packets` shows it.
    public let keyId: String
    /// The primary key's fingerprint (what `gpg --list-keys` shows first).
    public let primaryFingerprint: String
    /// The chosen key's algorithm: "RSA 3072", "ECDH Curve25519", "ECDH NIST P-256" ...
    public let algorithm: String
    /// The key's user IDs, in order.
    public let userIds: [String]
    /// When the chosen key stops being usable (epoch seconds), if it expires.
    public let expiresAt: Int64?

    let key: PGPKeyPacket

    /// Parses `publicKey` and picks the key to encrypt to, judging expiry at `now` (epoch seconds).
    public init(publicKey: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(PGPError) {
        try self.init(publicKeyBytes: Array(publicKey.utf8), now: now)
    }

    /// Parses a binary or textual public key and picks the key to encrypt to.
    public init(publicKeyBytes: [UInt8], now: Int64 = Int64(Date().timeIntervalSince1970)) throws(PGPError) {
        let packets = try PGPPacket.parseAll(PGPArmor.packets(from: publicKeyBytes))
        let transferable = try PGPTransferableKey(packets: packets)
        let (key, expiresAt) = try transferable.encryptionKey(now: now)
        self.key = key
        self.fingerprint = hex(key.fingerprint)
        self.keyId = hex(key.keyId)
        self.primaryFingerprint = hex(transferable.primary.fingerprint)
        self.algorithm = key.algorithmName
        self.userIds = transferable.userIds
        self.expiresAt = expiresAt
    }
}
