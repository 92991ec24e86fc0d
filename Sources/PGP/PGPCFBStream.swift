import Crypto
import Foundation
import _CryptoExtras

/// AES in OpenPGP's CFB mode for integrity-protected data: standard CFB-128 with an all-zero IV and no
/// resynchronisation, applied to a stream. Whole blocks go through BoringSSL; a trailing partial block waits
/// for more input (CFB's state after a whole block is that ciphertext block).
struct PGPCFBStream: Sendable {
    private let key: SymmetricKey
    private var iv: [UInt8] = [UInt8](repeating: 0, count: 16)
    private var pending: [UInt8] = []

    init(key: SymmetricKey) { self.key = key }

    /// Encrypts what whole blocks `bytes` completes and appends the ciphertext to `output`.
    mutating func encrypt(_ bytes: [UInt8], into output: inout [UInt8]) throws(PGPError) {
        let whole: [UInt8]
        if pending.isEmpty {
            let count = bytes.count & ~15
            if count == bytes.count {
                whole = bytes
            } else {
                whole = Array(bytes[..<count])
                pending = Array(bytes[count...])
            }
        } else {
            pending.append(contentsOf: bytes)
            let count = pending.count & ~15
            whole = Array(pending[..<count])
            pending.removeSubrange(..<count)
        }
        guard !whole.isEmpty else { return }
        let ciphertext = try run(whole)
        iv = Array(ciphertext.suffix(16))
        output.append(contentsOf: ciphertext)
    }

    /// Encrypts the last partial block.
    mutating func finish(into output: inout [UInt8]) throws(PGPError) {
        guard !pending.isEmpty else { return }
        output.append(contentsOf: try run(pending))
        pending = []
    }

    private func run(_ plaintext: [UInt8]) throws(PGPError) -> [UInt8] {
        do {
            return Array(try AES._CFB.encrypt(plaintext, using: key, iv: AES._CFB.IV(ivBytes: iv)))
        } catch {
            throw PGPError(.encryptionFailed, "AES-CFB failed: \(error)")
        }
    }
}
