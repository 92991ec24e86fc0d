/// Reads the binary `openssh-key-v1` format (OpenSSH PROTOCOL.key, `-----BEGIN OPENSSH PRIVATE KEY-----`):
/// unencrypted, or encrypted with `bcrypt_pbkdf` and an AES cipher (CTR, CBC or GCM). Holds ed25519, ECDSA
/// P-256/384/521 and RSA keys. Pure: no I/O.
enum OpenSSHPrivateKey {
    static let label = "OPENSSH PRIVATE KEY"
    private static let magic = Array("openssh-key-v1\0".utf8)

    /// Parses the decoded body of the PEM-style armour.
    static func parse(binary: [UInt8], passphrase: String?) throws(SSHError) -> SSHPrivateKey {
        var file = SSHWireReader(binary[...], context: "key file")
        guard file.remaining.starts(with: magic) else {
            throw SSHKeyError.malformed("the openssh-key-v1 header is missing")
        }
        _ = try file.readBytes(magic.count)
        let cipherName = try file.readText()
        let kdfName = try file.readText()
        let kdfOptions = try file.readString()
        let count = try file.readUInt32()
        guard count == 1 else { throw SSHKeyError.malformed("the file holds \(count) keys; expected one") }
        let publicBlob = try file.readString()
        let section = try file.readString()

        let secret: [UInt8]
        if cipherName == "none" {
            guard kdfName == "none" else { throw SSHKeyError.malformed("kdf '\(kdfName)' without a cipher") }
            guard section.count % 8 == 0 else { throw SSHKeyError.malformed("the private section is not padded") }
            secret = Array(section)
        } else {
            let cipher = try OpenSSHKeyCipher.named(cipherName)
            guard kdfName == "bcrypt" else {
                throw SSHKeyError.unsupported(
                    "the SSH key uses the key derivation '\(kdfName == "none" ? "none" : "unknown")'; "
                        + "only bcrypt is read (ssh-keygen -p -f KEYFILE rewrites it)")
            }
            guard let passphrase, !passphrase.isEmpty else { throw SSHKeyError.passphraseRequired }
            guard section.count % cipher.blockSize == 0 else {
                throw SSHKeyError.malformed("the encrypted section is not a whole number of cipher blocks")
            }
            let tag = try file.readBytes(cipher.tagLength)
            secret = try decrypt(
                section, tag: tag, cipher: cipher, kdfOptions: kdfOptions, passphrase: passphrase)
        }
        let key = try readPrivateSection(secret, encrypted: cipherName != "none")
        guard key.publicKeyBlob[...] == publicBlob else {
            throw SSHKeyError.malformed("the private key does not match the file's public key")
        }
        return key
    }

    private static func decrypt(
        _ section: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, cipher: OpenSSHKeyCipher, kdfOptions: ArraySlice<UInt8>,
        passphrase: String
    ) throws(SSHError) -> [UInt8] {
        var options = SSHWireReader(kdfOptions, context: "bcrypt options")
        let salt = Array(try options.readString())
        let rounds = Int(try options.readUInt32())
        guard rounds <= BcryptPBKDF.maximumRounds else {
            throw SSHKeyError.unsupported(
                "the SSH key asks for \(rounds) bcrypt rounds; Outflow accepts at most \(BcryptPBKDF.maximumRounds) "
                    + "(ssh-keygen writes 16; ssh-keygen -p -a 16 -f KEYFILE rewrites it)")
        }
        let derived: [UInt8]
        do {
            derived = try BcryptPBKDF.derive(
                password: Array(passphrase.utf8), salt: salt, rounds: rounds,
                keyLength: cipher.keyLength + cipher.ivLength)
        } catch {
            throw SSHKeyError.malformed(
                "the bcrypt options are not valid (\(rounds) rounds, \(salt.count)-byte salt)", cause: error)
        }
        return try cipher.decrypt(
            section, tag: tag, key: Array(derived.prefix(cipher.keyLength)),
            iv: Array(derived.dropFirst(cipher.keyLength)))
    }

    /// The decrypted private section: two equal check integers, the key, its comment and 1, 2, 3... padding.
    /// Check integers that differ mean a wrong passphrase (or a damaged file, when not encrypted).
    private static func readPrivateSection(_ secret: [UInt8], encrypted: Bool) throws(SSHError)
        -> SSHPrivateKey
    {
        var fields = SSHWireReader(secret[...], context: "private section")
        let check1 = try fields.readUInt32()
        let check2 = try fields.readUInt32()
        guard check1 == check2 else {
            throw encrypted ? SSHKeyError.wrongPassphrase : SSHKeyError.malformed("the check integers differ")
        }
        let key = try readKey(&fields)
        _ = try fields.readString()  // comment
        for (index, byte) in fields.remaining.enumerated() where Int(byte) != index + 1 {
            throw SSHKeyError.malformed("the private section's padding is damaged")
        }
        return key
    }

    private static func readKey(_ fields: inout SSHWireReader) throws(SSHError) -> SSHPrivateKey {
        let type = try fields.readText()
        switch type {
        case "ssh-ed25519":
            _ = try fields.readString()  // public key
            let secret = try fields.readString()  // seed || public key
            guard secret.count == 64 else { throw SSHKeyError.malformed("ed25519 secret of \(secret.count) bytes") }
            return try SSHPrivateKey.ed25519(seed: secret.prefix(32))
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
            let curveName = try fields.readText()
            guard let curve = SSHPrivateKey.Curve(rawValue: curveName), type.hasSuffix(curveName) else {
                throw SSHKeyError.malformed("the ECDSA curve does not match the key type")
            }
            _ = try fields.readString()  // public point
            return try SSHPrivateKey.ecdsa(curve: curve, scalar: try fields.readString())
        case "ssh-rsa":
            // PROTOCOL.key: n, e, d, iqmp, p, q as mpints.
            let n = try fields.readString()
            let e = try fields.readString()
            let d = try fields.readString()
            _ = try fields.readString()  // iqmp
            let p = try fields.readString()
            let q = try fields.readString()
            return try SSHPrivateKey.rsa(n: n, e: e, d: d, p: p, q: q)
        default:
            let shown = type.count <= 64 && type.allSatisfy({ $0.isASCII && !$0.isWhitespace }) ? type : "unknown"
            throw SSHKeyError.unsupported(
                "SSH key type '\(shown)' is not supported; use an ed25519, ECDSA or RSA key")
        }
    }
}
