import Crypto
import Foundation
import _CryptoExtras

/// A cipher that encrypts the private section of an `openssh-key-v1` file (OpenSSH cipher.c names), with the
/// key and IV lengths `bcrypt_pbkdf` must produce for it.
struct OpenSSHKeyCipher: Sendable {
    enum Mode: Sendable { case ctr, cbc, gcm, chachaPoly }

    let name: String
    let keyLength: Int
    let ivLength: Int
    let mode: Mode

    /// The encrypted section's length is a multiple of this.
    var blockSize: Int { mode == .chachaPoly ? 8 : 16 }
    /// Bytes of authentication tag stored after the encrypted section.
    var tagLength: Int { mode == .gcm || mode == .chachaPoly ? 16 : 0 }

    static let supported: [OpenSSHKeyCipher] = [
        OpenSSHKeyCipher(name: "aes128-ctr", keyLength: 16, ivLength: 16, mode: .ctr),
        OpenSSHKeyCipher(name: "aes192-ctr", keyLength: 24, ivLength: 16, mode: .ctr),
        OpenSSHKeyCipher(name: "aes256-ctr", keyLength: 32, ivLength: 16, mode: .ctr),
        OpenSSHKeyCipher(name: "aes128-cbc", keyLength: 16, ivLength: 16, mode: .cbc),
        OpenSSHKeyCipher(name: "aes192-cbc", keyLength: 24, ivLength: 16, mode: .cbc),
        OpenSSHKeyCipher(name: "aes256-cbc", keyLength: 32, ivLength: 16, mode: .cbc),
        OpenSSHKeyCipher(name: "aes128-gcm@openssh.com", keyLength: 16, ivLength: 12, mode: .gcm),
        OpenSSHKeyCipher(name: "aes256-gcm@openssh.com", keyLength: 32, ivLength: 12, mode: .gcm),
        OpenSSHKeyCipher(name: "chacha20-poly1305@openssh.com", keyLength: 64, ivLength: 0, mode: .chachaPoly),
    ]

    /// The cipher called `name`, or an `.invalidKey` error naming it and what to do.
    static func named(_ name: String) throws(SSHError) -> OpenSSHKeyCipher {
        if let cipher = supported.first(where: { $0.name == name }) { return cipher }
        let shown = name.count <= 64 && name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) ? name : "unknown"
        throw SSHKeyError.unsupported(
            "the SSH key is encrypted with the cipher '\(shown)', which Outflow does not read; re-encrypt it with "
                + "ssh-keygen -p -Z aes256-ctr -f KEYFILE")
    }

    /// Decrypts `ciphertext` (whose length the caller checked against `blockSize`); `tag` is checked for GCM.
    /// A GCM tag mismatch means the passphrase is wrong.
    func decrypt(_ ciphertext: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, key: [UInt8], iv: [UInt8])
        throws(SSHError) -> [UInt8]
    {
        let symmetricKey = SymmetricKey(data: key.prefix(32))
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
                    throw SSHKeyError.wrongPassphrase(cause: error)
                }
            case .chachaPoly:
                return try openChaChaPoly(ciphertext, tag: tag, key: key)
            }
        } catch let error as SSHError {
            throw error
        } catch {
            throw SSHKeyError.malformed("\(name) could not decrypt the private section", cause: error)
        }
    }

    /// OpenSSH's chacha20-poly1305 (PROTOCOL.chacha20poly1305) at sequence number 0 with no length header: the
    /// first 32 key bytes key ChaCha20 (DJB's 64-bit nonce = 0, which at these counters equals RFC 8439's
    /// 96-bit nonce of zeros); block 0 of its keystream is the Poly1305 key, blocks 1... decrypt.
    private func openChaChaPoly(_ ciphertext: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, key: [UInt8]) throws
        -> [UInt8]
    {
        let mainKey = SymmetricKey(data: key.prefix(32))
        let nonce = try Insecure.ChaCha20CTR.Nonce(data: [UInt8](repeating: 0, count: 12))
        let polyKey = try Insecure.ChaCha20CTR.encrypt(
            [UInt8](repeating: 0, count: 32), using: mainKey, counter: .init(offset: 0), nonce: nonce)
        guard Poly1305.tag(ciphertext, key: Array(polyKey)) == Array(tag) else { throw SSHKeyError.wrongPassphrase }
        return Array(
            try Insecure.ChaCha20CTR.encrypt(ciphertext, using: mainKey, counter: .init(offset: 1), nonce: nonce))
    }
}
