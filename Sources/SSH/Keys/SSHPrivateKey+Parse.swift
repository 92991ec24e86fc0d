import Foundation

extension SSHPrivateKey {
    /// Largest key parameter accepted (an RSA 16384-bit key file is about 13 KB; base64 adds a third).
    static let maximumParameterLength = 64 * 1024

    /// Parses the `sshKey` connection parameter: base64 of a private key file (as AEP asks), or the file text.
    ///
    /// Reads OpenSSH `openssh-key-v1` files (unencrypted, or bcrypt + AES-CTR/CBC/GCM), PEM PKCS#1
    /// (`RSA PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`) and PKCS#8 (`PRIVATE KEY`), with OpenSSL's legacy PEM
    /// encryption (AES-CBC) or PKCS#8 PBES2 (`ENCRYPTED PRIVATE KEY`). `passphrase` opens encrypted keys and is
    /// ignored for unencrypted ones.
    /// - Throws: `SSHError` `.invalidKey` saying what is wrong (a passphrase is needed, does not open the
    ///   key, a cipher or key type is unsupported, the file is damaged); never containing the key or passphrase.
    public static func parse(parameter: String, passphrase: String?) throws(SSHError) -> SSHPrivateKey {
        guard parameter.utf8.count <= maximumParameterLength else {
            throw SSHKeyError.malformed("the parameter is larger than any SSH private key file")
        }
        let trimmed = parameter.trimmingCharacters(in: .whitespacesAndNewlines)
        let text: String
        if trimmed.hasPrefix("-----BEGIN") {
            text = trimmed
        } else {
            let compact = trimmed.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: compact), let decodedText = String(data: decoded, encoding: .utf8)
            else {
                throw SSHError(
                    .invalidKey, "sshKey must be the base64 encoding of a private key file (or the file's text)")
            }
            text = decodedText
        }
        return try parse(fileText: text, passphrase: passphrase)
    }

    /// Parses the text of a private key file (see `parse(parameter:passphrase:)`).
    static func parse(fileText: String, passphrase: String?) throws(SSHError) -> SSHPrivateKey {
        let file = try PEMKeyFile(text: fileText)
        switch file.label {
        case OpenSSHPrivateKey.label:
            return try OpenSSHPrivateKey.parse(binary: file.body, passphrase: passphrase)
        case "RSA PRIVATE KEY":
            let (der, encrypted) = try LegacyPEMEncryption.body(of: file, passphrase: passphrase)
            return try DERPrivateKey.pkcs1(der, decrypted: encrypted)
        case "EC PRIVATE KEY":
            let (der, encrypted) = try LegacyPEMEncryption.body(of: file, passphrase: passphrase)
            return try DERPrivateKey.sec1(der, decrypted: encrypted)
        case "PRIVATE KEY":
            return try DERPrivateKey.pkcs8(file.body)
        case "ENCRYPTED PRIVATE KEY":
            let der = try PKCS8Encryption.decrypt(file.body, passphrase: passphrase)
            return try DERPrivateKey.pkcs8(der, decrypted: true)
        case "DSA PRIVATE KEY":
            throw SSHKeyError.unsupported("DSA SSH keys are not supported; use an ed25519, ECDSA or RSA key")
        case "SSH2 ENCRYPTED PRIVATE KEY", "PUTTY PRIVATE KEY":
            throw SSHKeyError.unsupported(
                "the key is not in an OpenSSH or PEM format; convert it with ssh-keygen -i or PuTTYgen")
        default:
            throw SSHKeyError.malformed(
                "not a private key file: expected -----BEGIN OPENSSH PRIVATE KEY----- or a PEM private key")
        }
    }
}
