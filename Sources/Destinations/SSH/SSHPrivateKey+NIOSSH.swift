import NIOSSH

extension SSHPrivateKey {
    /// The key as swift-nio-ssh holds it; nil for RSA, which swift-nio-ssh cannot sign with.
    var nioSSHKey: NIOSSHPrivateKey? {
        switch self {
        case .ed25519(let key): NIOSSHPrivateKey(ed25519Key: key)
        case .ecdsaP256(let key): NIOSSHPrivateKey(p256Key: key)
        case .ecdsaP384(let key): NIOSSHPrivateKey(p384Key: key)
        case .ecdsaP521(let key): NIOSSHPrivateKey(p521Key: key)
        case .rsa: nil
        }
    }
}
