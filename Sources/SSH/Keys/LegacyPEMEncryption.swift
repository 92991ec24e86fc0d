import Crypto
import Foundation
import _CryptoExtras

/// OpenSSL's "traditional" PEM encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info: AES-256-CBC,<hex iv>`), what
/// `ssh-keygen -m PEM -N ...` and `openssl rsa -aes256` write: the key is `EVP_BytesToKey` with MD5 and one
/// iteration over the passphrase and the IV's first 8 bytes, the body AES-CBC with PKCS#7 padding.
enum LegacyPEMEncryption {
    /// The DER body of `file`: decrypted when its headers say it is encrypted, as is otherwise.
    static func body(of file: PEMKeyFile, passphrase: String?) throws(SSHError) -> (
        der: [UInt8], encrypted: Bool
    ) {
        guard let procType = file.headers["Proc-Type"] else { return (file.body, false) }
        guard procType.replacingOccurrences(of: " ", with: "") == "4,ENCRYPTED" else {
            throw SSHKeyError.malformed("unexpected Proc-Type header")
        }
        guard let info = file.headers["DEK-Info"], let comma = info.firstIndex(of: ",") else {
            throw SSHKeyError.malformed("the encrypted PEM key has no DEK-Info header")
        }
        let cipherName = info[..<comma].uppercased()
        let keyLength: Int
        switch cipherName {
        case "AES-128-CBC": keyLength = 16
        case "AES-192-CBC": keyLength = 24
        case "AES-256-CBC": keyLength = 32
        default:
            let known = ["DES-EDE3-CBC", "DES-CBC", "AES-128-CFB", "CAMELLIA-256-CBC"].contains(cipherName)
            throw SSHKeyError.unsupported(
                "the PEM SSH key is encrypted with \(known ? cipherName : "an unsupported cipher"), which Outflow "
                    + "does not read; rewrite it in the OpenSSH format with ssh-keygen -p -f KEYFILE")
        }
        guard let iv = hexBytes(info[info.index(after: comma)...]), iv.count == 16 else {
            throw SSHKeyError.malformed("the DEK-Info IV is not 16 hexadecimal bytes")
        }
        guard let passphrase, !passphrase.isEmpty else { throw SSHKeyError.passphraseRequired }
        let key = bytesToKey(passphrase: Array(passphrase.utf8), salt: Array(iv.prefix(8)), length: keyLength)
        guard file.body.count % 16 == 0 else {
            throw SSHKeyError.malformed("the encrypted body is not a whole number of AES blocks")
        }
        do {
            let plain = try AES._CBC.decrypt(file.body, using: SymmetricKey(data: key), iv: .init(ivBytes: iv))
            return (Array(plain), true)
        } catch {
            // Bad PKCS#7 padding after decryption: the key derived from the passphrase is not the one used.
            throw SSHKeyError.wrongPassphrase(cause: error)
        }
    }

    /// OpenSSL's `EVP_BytesToKey(md5, salt, passphrase, count: 1)`: D1 = MD5(P || S), Di = MD5(Di-1 || P || S).
    static func bytesToKey(passphrase: [UInt8], salt: [UInt8], length: Int) -> [UInt8] {
        var key: [UInt8] = []
        var previous: [UInt8] = []
        while key.count < length {
            previous = Array(Insecure.MD5.hash(data: previous + passphrase + salt))
            key += previous
        }
        return Array(key.prefix(length))
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
