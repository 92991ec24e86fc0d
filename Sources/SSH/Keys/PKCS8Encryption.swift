import Crypto
import Foundation
import SwiftASN1
import _CryptoExtras

/// Decrypts PKCS#8 `EncryptedPrivateKeyInfo` (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, RFC 5958 / RFC 8018):
/// PBES2 with PBKDF2 (HMAC-SHA1/224/256/384/512) and AES-128/192/256-CBC, what `ssh-keygen -m PKCS8` and
/// `openssl pkcs8 -topk8 -v2 aes-256-cbc` write. Other schemes (PBES1, DES-EDE3, scrypt) are refused by name.
enum PKCS8Encryption {
    /// PBKDF2 iterations above this are refused so a hostile file cannot keep the CPU busy (OpenSSL writes 2048).
    static let maximumIterations = 1_000_000

    private static let pbes2: ASN1ObjectIdentifier = "1.2.840.113549.1.5.13"
    private static let pbkdf2: ASN1ObjectIdentifier = "1.2.840.113549.1.5.12"
    private static let pseudoRandomFunctions: [ASN1ObjectIdentifier: KDF.Insecure.PBKDF2.HashFunction] = [
        "1.2.840.113549.2.7": .insecureSHA1, "1.2.840.113549.2.8": .insecureSHA224, "1.2.840.113549.2.9": .sha256,
        "1.2.840.113549.2.10": .sha384, "1.2.840.113549.2.11": .sha512,
    ]
    private static let aesCBC: [ASN1ObjectIdentifier: Int] = [
        "2.16.840.1.101.3.4.1.2": 16, "2.16.840.1.101.3.4.1.22": 24, "2.16.840.1.101.3.4.1.42": 32,
    ]
    private static let namedSchemes: [ASN1ObjectIdentifier: String] = [
        "1.2.840.113549.3.7": "DES-EDE3-CBC", "1.3.14.3.2.7": "DES-CBC", "1.3.6.1.4.1.11591.4.11": "scrypt",
        "1.2.840.113549.1.5.3": "PBES1 (DES-CBC, MD5)", "1.2.840.113549.1.5.10": "PBES1 (DES-CBC, SHA-1)",
        "1.2.840.113549.1.12.1.3": "PKCS#12 3DES", "1.2.840.113549.1.12.1.6": "PKCS#12 RC2",
    ]

    /// What the encrypted key info says: the key derivation and the cipher with their parameters.
    private struct Scheme {
        var salt: [UInt8]
        var iterations: Int
        var hash: KDF.Insecure.PBKDF2.HashFunction
        var keyLength: Int
        var iv: [UInt8]
        var ciphertext: [UInt8]
    }

    /// The DER `PrivateKeyInfo` inside `der`.
    static func decrypt(_ der: [UInt8], passphrase: String?) throws(SSHError) -> [UInt8] {
        let scheme = try readScheme(der)
        guard let passphrase, !passphrase.isEmpty else { throw SSHKeyError.passphraseRequired }
        guard (1...maximumIterations).contains(scheme.iterations) else {
            throw SSHKeyError.unsupported(
                "the encrypted PKCS#8 key asks for \(scheme.iterations) PBKDF2 iterations; Outflow accepts 1 to "
                    + "\(maximumIterations)")
        }
        let key: SymmetricKey
        do {
            key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(passphrase.utf8), salt: scheme.salt, using: scheme.hash,
                outputByteCount: scheme.keyLength, unsafeUncheckedRounds: scheme.iterations)
        } catch {
            throw SSHKeyError.malformed("PBKDF2 could not derive the key", cause: error)
        }
        guard scheme.iv.count == 16, !scheme.ciphertext.isEmpty, scheme.ciphertext.count % 16 == 0 else {
            throw SSHKeyError.malformed("the encrypted PKCS#8 data is not whole AES blocks with a 16-byte IV")
        }
        do {
            return Array(try AES._CBC.decrypt(scheme.ciphertext, using: key, iv: .init(ivBytes: scheme.iv)))
        } catch {
            throw SSHKeyError.wrongPassphrase(cause: error)
        }
    }

    private static func readScheme(_ der: [UInt8]) throws(SSHError) -> Scheme {
        try DERPrivateKey.reading("encrypted PKCS#8 key", decrypted: false) {
            try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
                let (algorithm, parameters) = try DERPrivateKey.algorithmIdentifier(&nodes)
                guard algorithm == pbes2, let parameters else { throw unsupported(algorithm) }
                let ciphertext = Array(try ASN1OctetString(derEncoded: &nodes).bytes)
                var scheme = try DER.sequence(parameters, identifier: .sequence) { fields in
                    let (kdf, kdfParameters) = try DERPrivateKey.algorithmIdentifier(&fields)
                    let (cipher, cipherParameters) = try DERPrivateKey.algorithmIdentifier(&fields)
                    guard kdf == pbkdf2, let kdfParameters else { throw unsupported(kdf) }
                    guard let keyLength = aesCBC[cipher], let cipherParameters else { throw unsupported(cipher) }
                    var scheme = try pbkdf2Parameters(kdfParameters, keyLength: keyLength)
                    scheme.iv = Array(try ASN1OctetString(derEncoded: cipherParameters).bytes)
                    return scheme
                }
                scheme.ciphertext = ciphertext
                return scheme
            }
        }
    }

    /// PBKDF2-params: salt, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1.
    private static func pbkdf2Parameters(_ node: ASN1Node, keyLength: Int) throws -> Scheme {
        try DER.sequence(node, identifier: .sequence) { fields in
            let salt = Array(try ASN1OctetString(derEncoded: &fields).bytes)
            let iterations = try Int(derEncoded: &fields)
            var hash = KDF.Insecure.PBKDF2.HashFunction.insecureSHA1
            while let field = fields.next() {
                if field.identifier == .integer {
                    guard try Int(derEncoded: field) == keyLength else {
                        throw ASN1Error.invalidASN1Object(reason: "keyLength does not match the cipher")
                    }
                } else {
                    let (prf, _) = try DERPrivateKey.algorithmIdentifier(field)
                    guard let function = pseudoRandomFunctions[prf] else { throw unsupported(prf) }
                    hash = function
                }
            }
            return Scheme(salt: salt, iterations: iterations, hash: hash, keyLength: keyLength, iv: [], ciphertext: [])
        }
    }

    private static func unsupported(_ algorithm: ASN1ObjectIdentifier) -> SSHError {
        let name = namedSchemes[algorithm].map { "\($0) (\(algorithm))" } ?? "\(algorithm)"
        return SSHKeyError.unsupported(
            "the encrypted PKCS#8 SSH key uses \(name), which Outflow does not read (it reads PBES2 with PBKDF2 and "
                + "AES-CBC); rewrite it in the OpenSSH format with ssh-keygen -p -f KEYFILE")
    }
}
