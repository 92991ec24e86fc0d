import Crypto
import Foundation
import NIOCore
import _CryptoExtras

/// A server host key as received in SSH_MSG_KEX_ECDH_REPLY (K_S), able to verify the exchange-hash signature
/// for the negotiated host key algorithm.
enum SSHHostKey {
    case ed25519(Curve25519.Signing.PublicKey)
    case ecdsaP256(P256.Signing.PublicKey)
    case ecdsaP384(P384.Signing.PublicKey)
    case ecdsaP521(P521.Signing.PublicKey)
    case rsa(_RSA.Signing.PublicKey)

    /// Parses a public key blob (RFC 4253 §6.6, RFC 5656 §3.1).
    init(blob: [UInt8]) throws(SSHError) {
        var buffer = ByteBuffer(bytes: blob)
        let type = try buffer.readSSHText()
        do {
            switch type {
            case "ssh-ed25519":
                self = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: try buffer.readSSHBytes()))
            case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
                let curve = try buffer.readSSHText()
                guard "ecdsa-sha2-" + curve == type else { throw SSHError.malformed("ECDSA host key") }
                let point = try buffer.readSSHBytes()
                switch curve {
                case "nistp256": self = .ecdsaP256(try P256.Signing.PublicKey(x963Representation: point))
                case "nistp384": self = .ecdsaP384(try P384.Signing.PublicKey(x963Representation: point))
                default: self = .ecdsaP521(try P521.Signing.PublicKey(x963Representation: point))
                }
            case "ssh-rsa":
                let e = try buffer.readSSHUnsignedMPInt()
                let n = try buffer.readSSHUnsignedMPInt()
                self = .rsa(try _RSA.Signing.PublicKey(n: n, e: e))
            default:
                throw SSHError(.negotiation, "the SSH server presented an unsupported host key type")
            }
        } catch let error as SSHError {
            throw error
        } catch {
            throw SSHError(.hostKey, "the SSH server's \(type) host key is invalid", underlying: error)
        }
    }

    /// Whether `signatureBlob` (string algorithm, string signature) is `algorithm`'s valid signature of `data`.
    func verify(signatureBlob: [UInt8], over data: [UInt8], algorithm: SSHHostKeyAlgorithm) throws(SSHError)
        -> Bool
    {
        var buffer = ByteBuffer(bytes: signatureBlob)
        let name = try buffer.readSSHText()
        var signature = try buffer.readSSHString()
        guard name == algorithm.rawValue else { return false }
        switch (self, algorithm) {
        case (.ed25519(let key), .ed25519):
            return key.isValidSignature(Array(signature.readableBytesView), for: data)
        case (.ecdsaP256(let key), .ecdsaP256):
            guard let raw = try Self.ecdsaRaw(&signature, width: 32),
                let value = try? P256.Signing.ECDSASignature(rawRepresentation: raw)
            else { return false }
            return key.isValidSignature(value, for: data)
        case (.ecdsaP384(let key), .ecdsaP384):
            guard let raw = try Self.ecdsaRaw(&signature, width: 48),
                let value = try? P384.Signing.ECDSASignature(rawRepresentation: raw)
            else { return false }
            return key.isValidSignature(value, for: data)
        case (.ecdsaP521(let key), .ecdsaP521):
            guard let raw = try Self.ecdsaRaw(&signature, width: 66),
                let value = try? P521.Signing.ECDSASignature(rawRepresentation: raw)
            else { return false }
            return key.isValidSignature(value, for: data)
        case (.rsa(let key), .rsaSHA512):
            let value = _RSA.Signing.RSASignature(rawRepresentation: Array(signature.readableBytesView))
            return key.isValidSignature(value, for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
        case (.rsa(let key), .rsaSHA256):
            let value = _RSA.Signing.RSASignature(rawRepresentation: Array(signature.readableBytesView))
            return key.isValidSignature(value, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        default:
            return false
        }
    }

    /// An SSH ECDSA signature body (mpint r, mpint s) as the fixed-width r || s swift-crypto reads.
    private static func ecdsaRaw(_ body: inout ByteBuffer, width: Int) throws(SSHError) -> [UInt8]? {
        let r = try body.readSSHUnsignedMPInt()
        let s = try body.readSSHUnsignedMPInt()
        guard let fixedR = SSHWire.fixedWidth(r, width: width), let fixedS = SSHWire.fixedWidth(s, width: width) else {
            return nil
        }
        return fixedR + fixedS
    }
}
