import Crypto
import _CryptoExtras

extension SSHPrivateKey {
    /// The elliptic curves Outflow's SSH keys use, by OpenSSH curve name.
    enum Curve: String, Sendable, CaseIterable {
        case p256 = "nistp256"
        case p384 = "nistp384"
        case p521 = "nistp521"

        /// Bytes of a private scalar on this curve.
        var scalarLength: Int {
            switch self {
            case .p256: 32
            case .p384: 48
            case .p521: 66
            }
        }
    }

    /// An ECDSA key from its private scalar (big-endian, any leading zeros).
    static func ecdsa(curve: Curve, scalar: some Collection<UInt8>) throws(SSHError) -> SSHPrivateKey {
        var bytes = Array(scalar.drop(while: { $0 == 0 }))
        guard bytes.count <= curve.scalarLength, !bytes.isEmpty else {
            throw SSHKeyError.malformed("the ECDSA private scalar does not fit \(curve.rawValue)")
        }
        bytes.insert(contentsOf: [UInt8](repeating: 0, count: curve.scalarLength - bytes.count), at: 0)
        do {
            switch curve {
            case .p256: return .ecdsaP256(try P256.Signing.PrivateKey(rawRepresentation: bytes))
            case .p384: return .ecdsaP384(try P384.Signing.PrivateKey(rawRepresentation: bytes))
            case .p521: return .ecdsaP521(try P521.Signing.PrivateKey(rawRepresentation: bytes))
            }
        } catch {
            throw SSHKeyError.malformed("the ECDSA private key is not valid on \(curve.rawValue)", cause: error)
        }
    }

    /// The uncompressed public point of an ECDSA key (nil for other types).
    var publicPoint: [UInt8]? {
        switch self {
        case .ecdsaP256(let key): Array(key.publicKey.x963Representation)
        case .ecdsaP384(let key): Array(key.publicKey.x963Representation)
        case .ecdsaP521(let key): Array(key.publicKey.x963Representation)
        case .ed25519, .rsa: nil
        }
    }

    /// An ed25519 key from its 32-byte seed.
    static func ed25519(seed: some Collection<UInt8>) throws(SSHError) -> SSHPrivateKey {
        guard seed.count == 32 else { throw SSHKeyError.malformed("the ed25519 seed is \(seed.count) bytes, not 32") }
        do {
            return .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed)))
        } catch {
            throw SSHKeyError.malformed("the ed25519 private key is not valid", cause: error)
        }
    }

    /// An RSA key from its big-endian integers; keys under 2048 bits are refused naming the minimum.
    static func rsa(
        n: some Collection<UInt8>, e: some Collection<UInt8>, d: some Collection<UInt8>,
        p: some Collection<UInt8>, q: some Collection<UInt8>
    ) throws(SSHError) -> SSHPrivateKey {
        let modulus = Array(n.drop(while: { $0 == 0 }))
        let bits = modulus.count * 8 - (modulus.first?.leadingZeroBitCount ?? 0)
        guard bits >= 2048 else {
            throw SSHKeyError.unsupported(
                "the RSA SSH key has \(bits) bits; RSA keys need at least 2048 (ssh-keygen -t rsa -b 3072)")
        }
        guard bits <= 16_384 else { throw SSHKeyError.unsupported("the RSA SSH key has \(bits) bits; at most 16384") }
        do {
            return .rsa(try _RSA.Signing.PrivateKey(n: modulus, e: Array(e), d: Array(d), p: Array(p), q: Array(q)))
        } catch {
            throw SSHKeyError.malformed("the RSA private key is not valid", cause: error)
        }
    }
}
