/// Why an OpenPGP public key cannot be used, or why encrypting failed. Codes are stable (part of the API);
/// messages say what was found and what to give instead, and never contain key material.
public struct PGPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The text is not an OpenPGP public key (a private key, a message, garbage, bad armor checksum).
        case notAPublicKey
        /// The key's packets are truncated or inconsistent.
        case malformed
        /// No key or subkey is marked for encryption.
        case noEncryptionKey
        /// The encryption key uses an algorithm, curve or key version Outflow does not encrypt to.
        case unsupportedAlgorithm
        /// Every encryption key has expired (or the primary key has).
        case expired
        /// Every encryption key has been revoked (or the primary key has).
        case revoked
        /// A self-signature, subkey binding or revocation does not verify with the primary key, or the key has no
        /// self-signature: the key was altered (a subkey appended from another key, a signature changed) and
        /// nothing that depends on that signature is used. Refused when no valid encryption key is left.
        case badSignature
        /// The cryptographic library refused an operation while encrypting.
        case encryptionFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "pgp \(code.rawValue): \(message)" }
}
