import Crypto
import Foundation
import NIOCore
import _CryptoExtras

/// How a user key signs userauth requests (RFC 4252 §7, RFC 5656 §3.1.2, RFC 8332).
extension SSHPrivateKey {
    /// The signature algorithm to use given the server's `server-sig-algs` (nil when the server sent none):
    /// RSA prefers `rsa-sha2-512`, then `rsa-sha2-256`; nil when the server accepts neither (SHA-1 `ssh-rsa`
    /// is never used).
    func signatureAlgorithm(serverSigAlgs: [String]?) -> String? {
        guard case .rsa = self else { return typeName }
        guard let accepted = serverSigAlgs else { return "rsa-sha2-512" }
        return ["rsa-sha2-512", "rsa-sha2-256"].first { accepted.contains($0) }
    }

    /// The signature blob (string algorithm, string signature) over `data`.
    func signatureBlob(for data: [UInt8], algorithm: String) throws(SSHError) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeSSHString(algorithm)
        do {
            switch self {
            case .ed25519(let key):
                buffer.writeSSHString(Array(try key.signature(for: data)))
            case .ecdsaP256(let key):
                buffer.writeSSHString(Self.ecdsaBody(Array(try key.signature(for: data).rawRepresentation)))
            case .ecdsaP384(let key):
                buffer.writeSSHString(Self.ecdsaBody(Array(try key.signature(for: data).rawRepresentation)))
            case .ecdsaP521(let key):
                buffer.writeSSHString(Self.ecdsaBody(Array(try key.signature(for: data).rawRepresentation)))
            case .rsa(let key):
                let signature: _RSA.Signing.RSASignature
                switch algorithm {
                case "rsa-sha2-512":
                    signature = try key.signature(for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
                case "rsa-sha2-256":
                    signature = try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
                default:
                    throw SSHError(.authentication, "RSA keys sign only with rsa-sha2-512 or rsa-sha2-256")
                }
                buffer.writeSSHString(Array(signature.rawRepresentation))
            }
        } catch let error as SSHError {
            throw error
        } catch {
            throw SSHError(.crypto, "signing the SSH authentication request failed", underlying: error)
        }
        return Array(buffer.readableBytesView)
    }

    /// r || s (fixed width) as the SSH ECDSA signature body: mpint r, mpint s.
    private static func ecdsaBody(_ raw: [UInt8]) -> [UInt8] {
        let half = raw.count / 2
        var body = ByteBuffer()
        body.writeSSHMPInt(unsigned: raw[0..<half])
        body.writeSSHMPInt(unsigned: raw[half...])
        return Array(body.readableBytesView)
    }
}
