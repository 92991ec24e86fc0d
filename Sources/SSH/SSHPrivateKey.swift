public import Crypto
public import _CryptoExtras

/// A private key Outflow's SSH client authenticates with. Parsed from the `sshKey` connection parameter by
/// `parse(parameter:passphrase:)` (`Keys/`); signed with by the SSH transport (ed25519, ECDSA with SHA-2 by curve, RSA with
/// `rsa-sha2-512`/`rsa-sha2-256`).
public enum SSHPrivateKey: Sendable {
    case ed25519(Curve25519.Signing.PrivateKey)
    case ecdsaP256(P256.Signing.PrivateKey)
    case ecdsaP384(P384.Signing.PrivateKey)
    case ecdsaP521(P521.Signing.PrivateKey)
    case rsa(_RSA.Signing.PrivateKey)

    /// The key type as OpenSSH names it in public key files.
    public var typeName: String {
        switch self {
        case .ed25519: "ssh-ed25519"
        case .ecdsaP256: "ecdsa-sha2-nistp256"
        case .ecdsaP384: "ecdsa-sha2-nistp384"
        case .ecdsaP521: "ecdsa-sha2-nistp521"
        case .rsa: "ssh-rsa"
        }
    }
}
