import Crypto
import Foundation

/// A host key fingerprint as OpenSSH prints it (`ssh-keygen -lf`, `ssh -v`): `SHA256:` then the unpadded
/// base64 of the SHA-256 of the key's wire encoding.
package struct SSHHostKeyFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The unpadded base64 digest.
    let digest: String

    package var description: String { "SHA256:" + digest }

    /// Parses a pin; accepts `SHA256:xxx` or the bare digest, with or without `=` padding.
    package init(pin: String) throws(SSHError) {
        var text = pin.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.lowercased().hasPrefix("sha256:") { text = String(text.dropFirst(7)) }
        while text.hasSuffix("=") { text.removeLast() }
        let padded = text + String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let bytes = Data(base64Encoded: padded), bytes.count == 32 else {
            throw SSHError(
                .invalidFingerprint,
                "hostKeyFingerprint must look like OpenSSH's 'SHA256:' + 43 base64 characters (ssh-keygen -lf KEY.pub)")
        }
        digest = text
    }

    /// The fingerprint of a public key's SSH wire encoding.
    init(wireEncoding: some DataProtocol) {
        let hash = Data(SHA256.hash(data: Data(wireEncoding)))
        var text = hash.base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        digest = text
    }
}
