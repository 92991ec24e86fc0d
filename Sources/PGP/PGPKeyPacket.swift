import Crypto

/// A version 4 public key or subkey packet (RFC 4880 section 5.5.2) with its v4 fingerprint.
struct PGPKeyPacket: Sendable, Hashable {
    /// The key material Outflow can encrypt to (RSA, ECDH) or verify signatures with (RSA, Ed25519, ECDSA);
    /// anything else is kept only by name.
    enum Material: Sendable, Hashable {
        case rsa(modulus: [UInt8], exponent: [UInt8])
        case ecdh(curve: PGPCurve, point: [UInt8], kdfHash: UInt8, kekCipher: UInt8)
        /// An Ed25519 public key's 32 octets (EdDSA legacy, algorithm 22, or Ed25519, algorithm 27).
        case ed25519(publicKey: [UInt8])
        /// An ECDSA key on a NIST curve: the uncompressed point (0x04 || x || y).
        case ecdsa(curve: PGPCurve, point: [UInt8])
        case other
    }

    var created: UInt32
    var algorithm: UInt8
    var material: Material
    /// SHA-1 over 0x99, the two-octet body length and the body.
    var fingerprint: [UInt8]
    /// A readable algorithm name ("RSA 3072", "ECDH Curve25519", "EdDSA") for responses and errors.
    var algorithmName: String
    /// What a signature over this key hashes (RFC 4880 section 5.2.4): 0x99, the two-octet body length, the body.
    var hashInput: [UInt8]

    /// Whether the algorithm can encrypt at all (RSA, Elgamal, ECDH, X25519, X448).
    var algorithmCanEncrypt: Bool { [1, 2, 16, 18, 20, 25, 26].contains(algorithm) }

    /// The low 64 bits of the fingerprint.
    var keyId: [UInt8] { Array(fingerprint.suffix(8)) }

    init(body: ArraySlice<UInt8>) throws(PGPError) {
        guard body.count <= 0xFFFF else { throw PGPError(.malformed, "a key packet is longer than 65535 octets") }
        var reader = PGPBodyReader(body)
        let version = try reader.byte("version")
        guard version == 4 else {
            throw PGPError(
                .unsupportedAlgorithm,
                "version \(version) keys are not supported; Outflow encrypts to version 4 keys (RFC 4880)")
        }
        created = UInt32(try reader.uint(4, "creation time"))
        algorithm = try reader.byte("algorithm")
        hashInput = [0x99, UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body
        fingerprint = Array(Insecure.SHA1.hash(data: hashInput))
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
        case 19:
            let oidLength = Int(try reader.byte("curve OID length"))
            let curve = PGPCurve(oid: Array(try reader.take(oidLength, "curve OID")))
            let point = Array(try reader.mpi("ECDSA point"))
            material = .ecdsa(curve: curve, point: point)
            algorithmName = "ECDSA \(curve.name)"
        case 22:
            let oidLength = Int(try reader.byte("curve OID length"))
            let oid = Array(try reader.take(oidLength, "curve OID"))
            let point = try reader.mpi("EdDSA point")
            // Ed25519 points are the prefix 0x40 and the 32 octets of the key (RFC 9580 section 5.5.5.5).
            if oid == PGPCurve.ed25519LegacyOID {
                guard point.count == 33, point.first == 0x40 else {
                    throw PGPError(.malformed, "an EdDSA key's Ed25519 point is not 0x40 and 32 octets")
                }
                material = .ed25519(publicKey: Array(point.dropFirst()))
                algorithmName = "EdDSA Ed25519"
            } else {
                material = .other
                algorithmName = "EdDSA on \(PGPCurve(oid: oid).name)"
            }
        case 27:
            material = .ed25519(publicKey: Array(try reader.take(32, "Ed25519 key")))
            algorithmName = "Ed25519"
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
    /// The OID of EdDSA legacy keys on Ed25519 (1.3.6.1.4.1.11591.15.1).
    static let ed25519LegacyOID: [UInt8] = [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01]

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
