import Crypto

/// A version 4 public key or subkey packet (RFC 4880 section 5.5.2) with its v4 fingerprint.
struct PGPKeyPacket: Sendable, Hashable {
    /// The key material Outflow can encrypt to; anything else is kept only by name.
    enum Material: Sendable, Hashable {
        case rsa(modulus: [UInt8], exponent: [UInt8])
        case ecdh(curve: PGPCurve, point: [UInt8], kdfHash: UInt8, kekCipher: UInt8)
        case other
    }

    var created: UInt32
    var algorithm: UInt8
    var material: Material
    /// SHA-1 over 0x99, the two-octet body length and the body.
    var fingerprint: [UInt8]
    /// A readable algorithm name ("RSA 3072", "ECDH Curve25519", "EdDSA") for responses and errors.
    var algorithmName: String

    /// Whether the algorithm can encrypt at all (RSA, Elgamal, ECDH, X25519, X448).
    var algorithmCanEncrypt: Bool { [1, 2, 16, 18, 20, 25, 26].contains(algorithm) }

    /// The low 64 bits of the fingerprint.
    var keyId: [UInt8] { Array(fingerprint.suffix(8)) }

    init(body: ArraySlice<UInt8>) throws(PGPError) {
        var reader = PGPBodyReader(body)
        let version = try reader.byte("version")
        guard version == 4 else {
            throw PGPError(
                .unsupportedAlgorithm,
                "version \(version) keys are not supported; Outflow encrypts to version 4 keys (RFC 4880)")
        }
        created = UInt32(try reader.uint(4, "creation time"))
        algorithm = try reader.byte("algorithm")
        var hasher = Insecure.SHA1()
        hasher.update(data: [0x99, UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)])
        hasher.update(data: Array(body))
        fingerprint = Array(hasher.finalize())
        switch algorithm {
        case 1, 2, 3:
            let modulus = Array(try reader.mpi("RSA modulus"))
            let exponent = Array(try reader.mpi("RSA exponent"))
            material = .rsa(modulus: modulus, exponent: exponent)
            algorithmName = "RSA \(PGPKeyPacket.bitLength(modulus))"
        case 18:
            let oidLength = Int(try reader.byte("curve OID length"))
            let oid = Array(try reader.take(oidLength, "curve OID"))
            let point = Array(try reader.mpi("ECDH point"))
            let kdfLength = Int(try reader.byte("KDF parameters length"))
            var kdf = PGPBodyReader(try reader.take(kdfLength, "KDF parameters"))
            _ = try kdf.byte("KDF reserved octet")
            let hash = try kdf.byte("KDF hash")
            let cipher = try kdf.byte("KEK cipher")
            let curve = PGPCurve(oid: oid)
            material = .ecdh(curve: curve, point: point, kdfHash: hash, kekCipher: cipher)
            algorithmName = "ECDH \(curve.name)"
        default:
            material = .other
            algorithmName = PGPKeyPacket.name(ofAlgorithm: algorithm)
        }
    }

    static func name(ofAlgorithm id: UInt8) -> String {
        switch id {
        case 16, 20: "Elgamal"
        case 17: "DSA"
        case 19: "ECDSA"
        case 22: "EdDSA"
        case 25: "X25519 (RFC 9580)"
        case 26: "X448 (RFC 9580)"
        case 27: "Ed25519 (RFC 9580)"
        case 28: "Ed448 (RFC 9580)"
        default: "public-key algorithm \(id)"
        }
    }

    static func bitLength(_ magnitude: [UInt8]) -> Int {
        let trimmed = magnitude.drop { $0 == 0 }
        guard let first = trimmed.first else { return 0 }
        return (trimmed.count - 1) * 8 + 8 - first.leadingZeroBitCount
    }
}

/// The elliptic curves of ECDH keys (RFC 6637, RFC 4880bis), by OID.
enum PGPCurve: Sendable, Hashable {
    case curve25519, nistP256, nistP384, nistP521
    case unsupported(String)

    static let curve25519OID: [UInt8] = [0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01]

    init(oid: [UInt8]) {
        switch oid {
        case Self.curve25519OID: self = .curve25519
        case [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]: self = .nistP256
        case [0x2B, 0x81, 0x04, 0x00, 0x22]: self = .nistP384
        case [0x2B, 0x81, 0x04, 0x00, 0x23]: self = .nistP521
        case [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07]: self = .unsupported("brainpoolP256r1")
        case [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B]: self = .unsupported("brainpoolP384r1")
        case [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D]: self = .unsupported("brainpoolP512r1")
        case [0x2B, 0x65, 0x6F]: self = .unsupported("X448")
        default: self = .unsupported("curve OID " + oid.map { String($0, radix: 16) }.joined(separator: "."))
        }
    }

    var oid: [UInt8] {
        switch self {
        case .curve25519: Self.curve25519OID
        case .nistP256: [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
        case .nistP384: [0x2B, 0x81, 0x04, 0x00, 0x22]
        case .nistP521: [0x2B, 0x81, 0x04, 0x00, 0x23]
        case .unsupported: []
        }
    }

    var name: String {
        switch self {
        case .curve25519: "Curve25519"
        case .nistP256: "NIST P-256"
        case .nistP384: "NIST P-384"
        case .nistP521: "NIST P-521"
        case .unsupported(let name): name
        }
    }
}
