import Crypto
import Foundation

/// AES-256-GCM for credentials at rest. Sealed text is `v2:` + base64(nonce | ciphertext | tag), sealed with the
/// owning connection's id as associated data, so a ciphertext copied into another connection's row does not open.
/// `v1:` text (no associated data, written before) still opens; every write seals `v2:`, and
/// `outflow secrets rotate` re-seals everything. The key comes from `OUTFLOW_SECRETS_KEY`,
/// `OUTFLOW_SECRETS_KEY_FILE` or the data directory's generated `secrets.key` (`CredentialCipher+Key.swift`).
/// Belongs in Governance once it exists.
public struct CredentialCipher: Sendable {
    let key: SymmetricKey

    /// A cipher over a 256-bit key.
    init(key: SymmetricKey) { self.key = key }

    /// A fresh random 256-bit key.
    package static func generate() -> CredentialCipher { CredentialCipher(key: SymmetricKey(size: .bits256)) }

    /// Identifies the key without revealing it: HMAC-SHA256 of a fixed label under the key, first 16 bytes in hex.
    /// The catalog records it so a start with the wrong key (or an interrupted rotation) is recognised.
    public var fingerprint: String {
        let label = Array("outflow credential key fingerprint v1".utf8)
        let mac = HMAC<Crypto.SHA256>.authenticationCode(for: label, using: key)
        return mac.prefix(16).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    /// Seals `plaintext` for the connection `connectionId` (`v2:`).
    package func seal(_ plaintext: [UInt8], connectionId: String) throws(ExportsError) -> String {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: Self.associatedData(connectionId))
            guard let combined = box.combined else { throw ExportsError(.encoding, "cannot seal credentials") }
            return "v2:" + combined.base64EncodedString()
        } catch let error as ExportsError {
            throw error
        } catch {
            throw ExportsError(.encoding, "cannot seal credentials")
        }
    }

    /// Opens the credentials sealed for `connectionId`: `v2:` with the id as associated data, `v1:` (older) without.
    package func open(_ sealed: String, connectionId: String) throws(ExportsError) -> [UInt8] {
        let version = sealed.prefix(3)
        guard version == "v2:" || version == "v1:", let data = Data(base64Encoded: String(sealed.dropFirst(3))) else {
            throw ExportsError(.encoding, "stored credentials of \(connectionId) are not in a known format")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            if version == "v1:" { return Array(try AES.GCM.open(box, using: key)) }
            return Array(try AES.GCM.open(box, using: key, authenticating: Self.associatedData(connectionId)))
        } catch {
            throw ExportsError(
                .encoding,
                "stored credentials of \(connectionId) cannot be decrypted with this key (or belong to another "
                    + "connection)")
        }
    }

    /// Opens `sealed` with this key and seals it again for the same connection under `new` (`v2:`).
    package func reseal(_ sealed: String, connectionId: String, under new: CredentialCipher) throws(ExportsError)
        -> String
    {
        try new.seal(try open(sealed, connectionId: connectionId), connectionId: connectionId)
    }

    private static func associatedData(_ connectionId: String) -> [UInt8] {
        Array("outflow-credentials:\(connectionId)".utf8)
    }
}
