import Crypto
import Foundation
import _CryptoExtras

/// Builds the public-key encrypted session key packet (tag 1, version 3; RFC 4880 section 5.1) that carries
/// an AES-256 session key to one recipient: RSA with PKCS#1 v1.5, or ECDH with the RFC 6637 KDF and AES key
/// wrap.
enum PGPSessionKeyPacket {
    /// The symmetric algorithm id of AES-256.
    static let aes256: UInt8 = 9

    /// The whole packet (header included) for `sessionKey` (32 bytes).
    static func encode(sessionKey: [UInt8], to key: PGPKeyPacket) throws(PGPError) -> [UInt8] {
        // Algorithm octet, the key, and the 16-bit sum of the key octets.
        let checksum = sessionKey.reduce(0) { ($0 + Int($1)) & 0xFFFF }
        let message = [aes256] + sessionKey + [UInt8(checksum >> 8), UInt8(checksum & 0xFF)]
        let encrypted: [UInt8]
        do {
            switch key.material {
            case .rsa(let modulus, let exponent):
                let publicKey = try _RSA.Encryption.PublicKey(n: modulus, e: exponent)
                let ciphertext = try publicKey.encrypt(message, padding: ._WEAK_AND_INSECURE_PKCS_V1_5)
                encrypted = PGPPacket.mpi(ciphertext)
            case .ecdh(let curve, let point, let hash, let cipher):
                encrypted = try ecdh(
                    message: message, curve: curve, point: point, kdfHash: hash, kekCipher: cipher,
                    fingerprint: key.fingerprint)
            case .ed25519, .ecdsa, .other:
                throw PGPError(.unsupportedAlgorithm, "\(key.algorithmName) keys cannot receive a session key")
            }
        } catch let error as PGPError {
            throw error
        } catch {
            throw PGPError(.encryptionFailed, "encrypting the session key to \(key.algorithmName) failed: \(error)")
        }
        let body = [3] + key.keyId + [key.algorithm] + encrypted
        return PGPPacket.header(tag: .publicKeyEncryptedSessionKey, length: body.count) + body
    }

    /// RFC 6637 section 8: an ephemeral key agreement, the KDF over the shared point, AES key wrap of the
    /// PKCS#5-padded message. Returns the ephemeral point MPI, the wrapped length octet and the wrapped key.
    static func ecdh(
        message: [UInt8], curve: PGPCurve, point: [UInt8], kdfHash: UInt8, kekCipher: UInt8, fingerprint: [UInt8]
    ) throws -> [UInt8] {
        let (ephemeral, shared) = try agree(curve: curve, point: point)
        let kdfParams: [UInt8] = [3, 1, kdfHash, kekCipher]
        let param =
            [UInt8(curve.oid.count)] + curve.oid + [18] + kdfParams + Array("Anonymous Sender    ".utf8) + fingerprint
        let input: [UInt8] = [0, 0, 0, 1] + shared + param
        let digest: [UInt8] =
            switch kdfHash {
            case 8: Array(SHA256.hash(data: input))
            case 9: Array(SHA384.hash(data: input))
            case 10: Array(SHA512.hash(data: input))
            default: throw PGPError(.unsupportedAlgorithm, "ECDH KDF hash \(kdfHash) is not supported")
            }
        let kekLength: Int =
            switch kekCipher {
            case 7: 16
            case 8: 24
            case 9: 32
            default: throw PGPError(.unsupportedAlgorithm, "ECDH key-wrap cipher \(kekCipher) is not supported")
            }
        let kek = SymmetricKey(data: digest.prefix(kekLength))
        let padding = 8 - message.count % 8
        let padded = message + [UInt8](repeating: UInt8(padding), count: padding)
        let wrapped = try AES.KeyWrap.wrap(SymmetricKey(data: padded), using: kek)
        return PGPPacket.mpi(ephemeral) + [UInt8(wrapped.count)] + wrapped
    }

    /// A fresh ephemeral key: its public point in OpenPGP form and the shared secret with `point`.
    private static func agree(curve: PGPCurve, point: [UInt8]) throws -> (ephemeral: [UInt8], shared: [UInt8]) {
        switch curve {
        case .curve25519:
            guard point.count == 33, point[0] == 0x40 else {
                throw PGPError(.malformed, "the Curve25519 point is not 0x40 followed by 32 octets")
            }
            let recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: point.dropFirst())
            let ephemeral = Curve25519.KeyAgreement.PrivateKey()
            let shared = try ephemeral.sharedSecretFromKeyAgreement(with: recipient)
            return ([0x40] + ephemeral.publicKey.rawRepresentation, shared.withUnsafeBytes { Array($0) })
        case .nistP256:
            let ephemeral = P256.KeyAgreement.PrivateKey()
            let shared = try ephemeral.sharedSecretFromKeyAgreement(
                with: P256.KeyAgreement.PublicKey(x963Representation: point))
            return (Array(ephemeral.publicKey.x963Representation), shared.withUnsafeBytes { Array($0) })
        case .nistP384:
            let ephemeral = P384.KeyAgreement.PrivateKey()
            let shared = try ephemeral.sharedSecretFromKeyAgreement(
                with: P384.KeyAgreement.PublicKey(x963Representation: point))
            return (Array(ephemeral.publicKey.x963Representation), shared.withUnsafeBytes { Array($0) })
        case .nistP521:
            let ephemeral = P521.KeyAgreement.PrivateKey()
            let shared = try ephemeral.sharedSecretFromKeyAgreement(
                with: P521.KeyAgreement.PublicKey(x963Representation: point))
            return (Array(ephemeral.publicKey.x963Representation), shared.withUnsafeBytes { Array($0) })
        case .unsupported(let name):
            throw PGPError(.unsupportedAlgorithm, "ECDH on \(name) is not supported")
        }
    }
}
