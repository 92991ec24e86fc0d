import Destinations
public import Foundation
public import PGP

/// A base connection's optional AEP `encryption` block: exported files are encrypted to an OpenPGP public key
/// before they reach the destination (`"specName": "File PGP/GPG Encryption"`, `params.encryptionAlgo`
/// `"PGP/GPG"`, `params.publicKey`). The key is public, so it is stored in the connection document; API
/// responses show only the identifiers of the key files are encrypted to.
public struct ConnectionEncryption: Sendable, Hashable, Codable {
    /// AEP's spec name of file encryption.
    public static let pgpSpecName = "File PGP/GPG Encryption"
    /// AEP's `params.encryptionAlgo` value.
    public static let pgpAlgorithm = "PGP/GPG"
    /// The field path of the key in API requests and errors.
    public static let publicKeyField = "encryption.params.publicKey"

    public var specName: String
    public var encryptionAlgo: String
    /// The key as given (armored, base64 of the armor, or base64 of the binary key).
    public var publicKey: String
    /// The chosen encryption (sub)key's fingerprint, key id and algorithm, and the primary key's fingerprint.
    public var fingerprint: String
    public var keyId: String
    public var algorithm: String
    public var primaryFingerprint: String
    /// When the encryption key expires (epoch seconds), if it does.
    public var expiresAt: Int64?

    /// The block for a key already parsed into `recipient`.
    public init(
        publicKey: String, recipient: PGPRecipient, specName: String = pgpSpecName,
        encryptionAlgo: String = pgpAlgorithm
    ) {
        self.specName = specName
        self.encryptionAlgo = encryptionAlgo
        self.publicKey = publicKey
        self.fingerprint = recipient.fingerprint
        self.keyId = recipient.keyId
        self.algorithm = recipient.algorithm
        self.primaryFingerprint = recipient.primaryFingerprint
        self.expiresAt = recipient.expiresAt
    }

    /// Parses and checks `publicKey` (at `now`, epoch seconds) into a block.
    public init(publicKey: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(PGPError) {
        self.init(publicKey: publicKey, recipient: try PGPRecipient(publicKey: publicKey, now: now))
    }

    /// The key to encrypt a run's files to, checked again at `now` (a key may expire or be replaced after the
    /// connection was made); the error names `encryption.params.publicKey` so the run record says why.
    public func recipient(now: Int64) throws(ExportsError) -> PGPRecipient {
        do {
            return try PGPRecipient(publicKey: publicKey, now: now)
        } catch {
            throw ExportsError(
                .invalidField, "the connection's PGP public key cannot be used: \(error.message)",
                field: Self.publicKeyField)
        }
    }
}
