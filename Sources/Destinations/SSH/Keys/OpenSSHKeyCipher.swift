import Crypto
import Foundation
import _CryptoExtras

/// A cipher that encrypts the private section of an `openssh-key-v1` file (OpenSSH cipher.c names), with the
/// key and IV lengths `bcrypt_pbkdf` must produce for it.
struct OpenSSHKeyCipher: Sendable {
    enum Mode: Sendable { case ctr, cbc, gcm }

    let name: String
    let keyLength: Int
    let ivLength: Int
    let mode: Mode

    /// The encrypted section's length is a multiple of this.
    var blockSize: Int { 16 }
    /// Bytes of authentication tag stored after the encrypted section.
    var tagLength: Int { mode == .gcm ? 16 : 0 }

    static let supported: [OpenSSHKeyCipher] = [
        OpenSSHKeyCipher(name: "aes128-ctr", keyLength: 16, ivLength: 16, mode: .ctr),
        OpenSSHKeyCipher(name: "aes192-ctr", keyLength: 24, ivLength: 16, mode: .ctr),
        OpenSSHKeyCipher(name: "aes256-ctr", keyLength: 32, ivLength: 16, mode: .ctr),
        OpenSSHKeyCipher(name: "aes128-cbc", keyLength: 16, ivLength: 16, mode: .cbc),
        OpenSSHKeyCipher(name: "aes192-cbc", keyLength: 24, ivLength: 16, mode: .cbc),
        OpenSSHKeyCipher(name: "aes256-cbc", keyLength: 32, ivLength: 16, mode: .cbc),
        OpenSSHKeyCipher(name: "aes128-gcm@openssh.com", keyLength: 16, ivLength: 12, mode: .gcm),
        OpenSSHKeyCipher(name: "aes256-gcm@openssh.com", keyLength: 32, ivLength: 12, mode: .gcm),
    ]

    /// The cipher called `name`, or a `.invalid` error naming it and what to do.
    static func named(_ name: String) throws(DestinationError) -> OpenSSHKeyCipher {
        if let cipher = supported.first(where: { $0.name == name }) { return cipher }
        let shown = name.count <= 64 && name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) ? name : "unknown"
        throw SSHKeyError.unsupported(
            "the SSH key is encrypted with the cipher '\(shown)', which Outflow does not read; re-encrypt it with "
                + "ssh-keygen -p -Z aes256-ctr -f KEYFILE")
    }

    /// Decrypts `ciphertext` (whose length the caller checked against `blockSize`); `tag` is checked for GCM.
    /// A GCM tag mismatch means the passphrase is wrong.
    func decrypt(_ ciphertext: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, key: [UInt8], iv: [UInt8])
        throws(DestinationError) -> [UInt8]
    {
        let symmetricKey = SymmetricKey(data: key)
        do {
            switch mode {
            case .ctr:
                return Array(try AES._CTR.decrypt(ciphertext, using: symmetricKey, nonce: .init(nonceBytes: iv)))
            case .cbc:
                return Array(
                    try AES._CBC.decrypt(ciphertext, using: symmetricKey, iv: .init(ivBytes: iv), noPadding: true))
            case .gcm:
                let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: iv), ciphertext: ciphertext, tag: tag)
                do {
                    return Array(try AES.GCM.open(box, using: symmetricKey))
                } catch {
                    throw SSHKeyError.wrongPassphrase
                }
            }
        } catch let error as DestinationError {
            throw error
        } catch {
            throw SSHKeyError.malformed("\(name) could not decrypt the private section")
        }
    }
}
