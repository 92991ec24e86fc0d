import Crypto
import Foundation
import _CryptoExtras

extension PGPSignaturePacket {
    /// Checks that `signer` made this version 4 signature over `signedData` (the key, user ID or subkey octets
    /// of RFC 4880 section 5.2.4, hashed before the signature's own fields and trailer) and that it has not
    /// expired at `now`. Throws `.badSignature` when it does not verify, `.unsupportedAlgorithm` for
    /// algorithms Outflow does not verify (SHA-1 and older hashes, DSA, version 3 signatures), `.expired`.
    func verify(by signer: PGPKeyPacket, over signedData: [UInt8], now: Int64) throws(PGPError) {
        guard version == 4 else {
            throw PGPError(.unsupportedAlgorithm, "version \(version) signatures are not verified")
        }
        if let unknownCriticalSubpacket {
            throw PGPError(
                .unsupportedAlgorithm, "it has a critical subpacket of unknown type \(unknownCriticalSubpacket)")
        }
        guard publicKeyAlgorithm == signer.algorithm else {
            throw PGPError(
                .badSignature,
                "it names public-key algorithm \(publicKeyAlgorithm), not the \(signer.algorithmName) signing key")
        }
        let count = hashedPart.count
        let trailer: [UInt8] = [
            0x04, 0xFF, UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF),
            UInt8(count & 0xFF),
        ]
        let message = signedData + hashedPart + trailer
        switch hashAlgorithm {
        case 8: try check(SHA256.hash(data: message), by: signer)
        case 9: try check(SHA384.hash(data: message), by: signer)
        case 10: try check(SHA512.hash(data: message), by: signer)
        default:
            throw PGPError(
                .unsupportedAlgorithm,
                "it uses hash algorithm \(Self.hashName(hashAlgorithm)); Outflow verifies SHA-256, SHA-384 and "
                    + "SHA-512 signatures (re-sign with a current gpg: gpg --quick-set-expire <fingerprint> ...)")
        }
        if let signatureExpiration, signatureExpiration > 0, Int64(created) + Int64(signatureExpiration) <= now {
            throw PGPError(.expired, "the signature expired at \(Int64(created) + Int64(signatureExpiration))")
        }
    }

    private func check<D: Digest>(_ digest: D, by signer: PGPKeyPacket) throws(PGPError) {
        let hash = Array(digest)
        guard hash.prefix(2).elementsEqual(hashPrefix) else {
            throw PGPError(.badSignature, "the signed data does not match it (the key was altered)")
        }
        var fields = PGPBodyReader(signatureFields[...])
        let valid: Bool
        switch signer.material {
        case .rsa(let modulus, let exponent) where signer.algorithm != 2:
            let signature = try fields.mpi("RSA signature")
            guard signature.count <= modulus.count else { throw Self.bad }
            guard let key = try? _RSA.Signing.PublicKey(n: modulus, e: exponent) else {
                throw PGPError(
                    .unsupportedAlgorithm,
                    "its \(signer.algorithmName) key is not accepted (Outflow verifies RSA keys of 2048 bits or more)")
            }
            let padded = [UInt8](repeating: 0, count: modulus.count - signature.count) + signature
            valid = key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: padded), for: digest, padding: .insecurePKCS1v1_5)
        case .ed25519(let publicKey):
            let pair: [UInt8]?
            if signer.algorithm == 27 {
                pair = Array(try fields.take(64, "Ed25519 signature"))
            } else {
                pair = Self.fixedPair(try fields.mpi("EdDSA r"), try fields.mpi("EdDSA s"), 32)
            }
            guard let raw = pair else { throw Self.bad }
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
                throw PGPError(.malformed, "the Ed25519 key is not a valid point")
            }
            valid = key.isValidSignature(raw, for: hash)
        case .ecdsa(let curve, let point):
            let r = try fields.mpi("ECDSA r")
            let s = try fields.mpi("ECDSA s")
            valid = try Self.ecdsa(curve: curve, point: point, r: r, s: s, digest: digest)
        default:
            throw PGPError(
                .unsupportedAlgorithm,
                "Outflow does not verify \(signer.algorithmName) signatures (use an Ed25519, ECDSA NIST or RSA key)")
        }
        guard valid else { throw Self.bad }
    }

    private static let bad = PGPError(.badSignature, "it does not verify (the key was altered or another key made it)")

    private static func ecdsa<D: Digest>(
        curve: PGPCurve, point: [UInt8], r: ArraySlice<UInt8>, s: ArraySlice<UInt8>, digest: D
    ) throws(PGPError) -> Bool {
        let malformed = PGPError(.malformed, "the ECDSA \(curve.name) key is not a valid point")
        switch curve {
        case .nistP256:
            guard let key = try? P256.Signing.PublicKey(x963Representation: point) else { throw malformed }
            guard let raw = fixedPair(r, s, 32),
                let signature = try? P256.Signing.ECDSASignature(rawRepresentation: raw)
            else { return false }
            return key.isValidSignature(signature, for: digest)
        case .nistP384:
            guard let key = try? P384.Signing.PublicKey(x963Representation: point) else { throw malformed }
            guard let raw = fixedPair(r, s, 48),
                let signature = try? P384.Signing.ECDSASignature(rawRepresentation: raw)
            else { return false }
            return key.isValidSignature(signature, for: digest)
        case .nistP521:
            guard let key = try? P521.Signing.PublicKey(x963Representation: point) else { throw malformed }
            guard let raw = fixedPair(r, s, 66),
                let signature = try? P521.Signing.ECDSASignature(rawRepresentation: raw)
            else { return false }
            return key.isValidSignature(signature, for: digest)
        case .curve25519, .unsupported:
            throw PGPError(.unsupportedAlgorithm, "Outflow does not verify ECDSA signatures on \(curve.name)")
        }
    }

    /// `r || s`, each left-padded to `width` octets (MPIs drop leading zeros), or nil when one is too long.
    private static func fixedPair(_ r: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>, _ width: Int) -> [UInt8]? {
        guard r.count <= width, s.count <= width else { return nil }
        return fixedWidth(r, width) + fixedWidth(s, width)
    }

    private static func fixedWidth(_ value: ArraySlice<UInt8>, _ width: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: max(0, width - value.count)) + value
    }

    static func hashName(_ id: UInt8) -> String {
        switch id {
        case 1: "MD5"
        case 2: "SHA-1"
        case 3: "RIPEMD-160"
        case 8: "SHA-256"
        case 9: "SHA-384"
        case 10: "SHA-512"
        case 11: "SHA-224"
        case 12: "SHA3-256"
        case 14: "SHA3-512"
        default: "\(id)"
        }
    }
}
