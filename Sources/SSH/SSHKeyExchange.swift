import Crypto
import Foundation

/// The client's ephemeral key of one ECDH key exchange (RFC 8731 curve25519, RFC 5656 NIST curves), the
/// shared secret it yields, and the exchange hash H (RFC 4253 §8, RFC 5656 §4).
enum SSHKeyExchange {
    case curve25519(Curve25519.KeyAgreement.PrivateKey)
    case p256(P256.KeyAgreement.PrivateKey)
    case p384(P384.KeyAgreement.PrivateKey)
    case p521(P521.KeyAgreement.PrivateKey)

    /// A fresh ephemeral key for `algorithm`.
    init(_ algorithm: SSHKexAlgorithm) {
        switch algorithm {
        case .curve25519, .curve25519LibSSH: self = .curve25519(.init())
        case .ecdhP256: self = .p256(.init())
        case .ecdhP384: self = .p384(.init())
        case .ecdhP521: self = .p521(.init())
        }
    }

    /// Q_C: what SSH_MSG_KEX_ECDH_INIT carries.
    var clientPublicKey: [UInt8] {
        switch self {
        case .curve25519(let key): Array(key.publicKey.rawRepresentation)
        case .p256(let key): Array(key.publicKey.x963Representation)
        case .p384(let key): Array(key.publicKey.x963Representation)
        case .p521(let key): Array(key.publicKey.x963Representation)
        }
    }

    /// The shared secret K as unsigned big-endian bytes (to be encoded as an `mpint`).
    func sharedSecret(serverPublicKey q: [UInt8]) throws(SSHError) -> [UInt8] {
        let secret: SharedSecret
        do {
            switch self {
            case .curve25519(let key):
                guard q.count == 32 else { throw SSHError.malformed("curve25519 public key") }
                secret = try key.sharedSecretFromKeyAgreement(with: .init(rawRepresentation: q))
            case .p256(let key):
                secret = try key.sharedSecretFromKeyAgreement(with: .init(x963Representation: q))
            case .p384(let key):
                secret = try key.sharedSecretFromKeyAgreement(with: .init(x963Representation: q))
            case .p521(let key):
                secret = try key.sharedSecretFromKeyAgreement(with: .init(x963Representation: q))
            }
        } catch let error as SSHError {
            throw error
        } catch {
            throw SSHError(.protocolViolation, "the SSH server's ephemeral key is invalid", underlying: error)
        }
        let bytes = secret.withUnsafeBytes { Array($0) }
        // RFC 8731 §3: an all-zero X25519 result means a low-order point; abort.
        guard bytes.contains(where: { $0 != 0 }) else {
            throw SSHError(.protocolViolation, "the SSH key exchange produced an all-zero shared secret")
        }
        return bytes
    }

    /// H = HASH(V_C || V_S || I_C || I_S || K_S || Q_C || Q_S || K), strings and mpint encoded.
    static func exchangeHash(
        hash: SSHHashFunction, clientVersion: String, serverVersion: String, clientKexInit: [UInt8],
        serverKexInit: [UInt8], hostKey: [UInt8], clientPublic: [UInt8], serverPublic: [UInt8], sharedSecret: [UInt8]
    ) -> [UInt8] {
        var input: [UInt8] = []
        input += SSHWire.encodedString(Array(clientVersion.utf8))
        input += SSHWire.encodedString(Array(serverVersion.utf8))
        input += SSHWire.encodedString(clientKexInit)
        input += SSHWire.encodedString(serverKexInit)
        input += SSHWire.encodedString(hostKey)
        input += SSHWire.encodedString(clientPublic)
        input += SSHWire.encodedString(serverPublic)
        input += SSHWire.encodedMPInt(unsigned: sharedSecret)
        return hash.digest(input)
    }
}

extension SSHHashFunction {
    func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }
}
