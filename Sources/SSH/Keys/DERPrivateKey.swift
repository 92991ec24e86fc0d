import SwiftASN1

/// Reads the DER private key structures of PEM key files into `SSHPrivateKey`: PKCS#1 `RSAPrivateKey`
/// (`RSA PRIVATE KEY`), SEC1 `ECPrivateKey` (`EC PRIVATE KEY`) and PKCS#8 `PrivateKeyInfo` (`PRIVATE KEY`,
/// holding RSA, EC or ed25519). Any DER error becomes `SSHKeyError.malformed`, or `wrongPassphrase` when the
/// bytes were just decrypted (a wrong key yields garbage that happens to unpad about once in 256 tries).
enum DERPrivateKey {
    static let rsaEncryption: ASN1ObjectIdentifier = "1.2.840.113549.1.1.1"
    static let ecPublicKey: ASN1ObjectIdentifier = "1.2.840.10045.2.1"
    static let ed25519: ASN1ObjectIdentifier = "1.3.101.112"
    static let curves: [ASN1ObjectIdentifier: SSHPrivateKey.Curve] = [
        "1.2.840.10045.3.1.7": .p256, "1.3.132.0.34": .p384, "1.3.132.0.35": .p521,
    ]

    /// PKCS#1 RSAPrivateKey: version, n, e, d, p, q, dP, dQ, qInv.
    static func pkcs1(_ der: [UInt8], decrypted: Bool = false) throws(SSHError) -> SSHPrivateKey {
        let parts = try reading("RSA private key", decrypted: decrypted) {
            try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
                let version = try Int(derEncoded: &nodes)
                guard version == 0 || version == 1 else { throw ASN1Error.invalidASN1Object(reason: "version") }
                let fields = try (0..<8).map { _ in try ArraySlice<UInt8>(derEncoded: &nodes) }
                while nodes.next() != nil {}  // multi-prime extensions (version 1) are not used
                return fields
            }
        }
        return try SSHPrivateKey.rsa(n: parts[0], e: parts[1], d: parts[2], p: parts[3], q: parts[4])
    }

    /// SEC1 ECPrivateKey: version 1, the scalar, and the curve as [0] (or `curve` from PKCS#8's algorithm).
    static func sec1(_ der: [UInt8], curve known: SSHPrivateKey.Curve? = nil, decrypted: Bool = false)
        throws(SSHError) -> SSHPrivateKey
    {
        let (scalar, curveID, publicPoint) = try reading("EC private key", decrypted: decrypted) {
            try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
                guard try Int(derEncoded: &nodes) == 1 else { throw ASN1Error.invalidASN1Object(reason: "version") }
                let scalar = try ASN1OctetString(derEncoded: &nodes).bytes
                let curveID = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                    try ASN1ObjectIdentifier(derEncoded: $0)
                }
                let publicPoint = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) {
                    try ASN1BitString(derEncoded: $0).bytes
                }
                return (scalar, curveID, publicPoint)
            }
        }
        guard let curve = known ?? curveID.flatMap({ curves[$0] }) else {
            throw SSHKeyError.unsupported(
                "the EC SSH key is not on P-256, P-384 or P-521 (the curves SSH uses); use an ed25519 key")
        }
        if let known, let curveID, curves[curveID] != known {
            throw SSHKeyError.malformed("the EC key names two different curves")
        }
        let key = try SSHPrivateKey.ecdsa(curve: curve, scalar: scalar)
        // The optional public point is the only integrity check PEM encryption leaves: a key whose scalar was
        // damaged (or garbled by a wrong passphrase) no longer matches it.
        if let publicPoint, Array(publicPoint) != key.publicPoint {
            throw decrypted ? SSHKeyError.wrongPassphrase : SSHKeyError.malformed("the EC public key does not match")
        }
        return key
    }

    /// PKCS#8 PrivateKeyInfo (RFC 5208, RFC 5958 version 2): the algorithm picks the inner structure.
    static func pkcs8(_ der: [UInt8], decrypted: Bool = false) throws(SSHError) -> SSHPrivateKey {
        let (algorithm, parameter, inner) = try reading("PKCS#8 private key", decrypted: decrypted) {
            try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
                let version = try Int(derEncoded: &nodes)
                guard version == 0 || version == 1 else { throw ASN1Error.invalidASN1Object(reason: "version") }
                let (algorithm, parameter) = try algorithmIdentifier(&nodes)
                let inner = try ASN1OctetString(derEncoded: &nodes).bytes
                while nodes.next() != nil {}  // attributes, public key
                return (algorithm, parameter, Array(inner))
            }
        }
        switch algorithm {
        case rsaEncryption:
            return try pkcs1(inner, decrypted: decrypted)
        case ecPublicKey:
            let curveID = try reading("EC curve", decrypted: decrypted) {
                try parameter.map { try ASN1ObjectIdentifier(derEncoded: $0) }
            }
            guard let curve = curveID.flatMap({ curves[$0] }) else {
                throw SSHKeyError.unsupported(
                    "the EC SSH key is not on P-256, P-384 or P-521 (the curves SSH uses); use an ed25519 key")
            }
            return try sec1(inner, curve: curve, decrypted: decrypted)
        case ed25519:
            let seed = try reading("ed25519 private key", decrypted: decrypted) {
                try ASN1OctetString(derEncoded: try DER.parse(inner)).bytes
            }
            return try SSHPrivateKey.ed25519(seed: seed)
        default:
            throw SSHKeyError.unsupported(
                "the PKCS#8 key's algorithm (\(algorithm)) is not an SSH key type; use an ed25519, ECDSA or RSA key")
        }
    }

    /// An AlgorithmIdentifier: the OID and its optional parameters node.
    static func algorithmIdentifier(_ nodes: inout ASN1NodeCollection.Iterator) throws
        -> (ASN1ObjectIdentifier, ASN1Node?)
    {
        guard let node = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "missing algorithm") }
        return try algorithmIdentifier(node)
    }

    /// An AlgorithmIdentifier node: the OID and its optional parameters node.
    static func algorithmIdentifier(_ node: ASN1Node) throws -> (ASN1ObjectIdentifier, ASN1Node?) {
        try DER.sequence(node, identifier: .sequence) { fields in
            let oid = try ASN1ObjectIdentifier(derEncoded: &fields)
            let parameter = fields.next()
            return (oid, parameter)
        }
    }

    /// Runs `body`, turning SwiftASN1's errors into an `.invalidKey` naming `what` (never the bytes).
    static func reading<T>(_ what: String, decrypted: Bool, _ body: () throws -> T) throws(SSHError) -> T {
        do {
            return try body()
        } catch let error as SSHError {
            throw error
        } catch {
            throw decrypted
                ? SSHKeyError.wrongPassphrase(cause: error)
                : SSHKeyError.malformed("the \(what) is not valid DER", cause: error)
        }
    }
}
