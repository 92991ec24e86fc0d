import Crypto
import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// AES-256-GCM for credentials at rest, with the data key in `<data>/secrets.key` (32 random bytes, created
/// 0600 when missing). Sealed text is `v1:` + base64(nonce | ciphertext | tag). Belongs in Governance once it
/// exists.
public struct CredentialCipher: Sendable {
    let key: SymmetricKey

    /// Reads the key file at `path` (the lake layout's `secretsKeyPath`), creating it (exclusively, mode 0600) when
    /// it does not exist.
    package static func loadOrCreate(keyPath path: String) throws(ExportsError) -> CredentialCipher {
        if let existing = FileManager.default.contents(atPath: path) {
            guard existing.count == 32 else {
                throw ExportsError(.encoding, "\(path) must hold exactly 32 bytes")
            }
            return CredentialCipher(key: SymmetricKey(data: existing))
        }
        let fresh = SymmetricKey(size: .bits256)
        let bytes = fresh.withUnsafeBytes { Array($0) }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return try loadOrCreate(keyPath: path) }
            throw ExportsError(.encoding, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { _ = Glibc.close(fd) }
        do {
            _ = try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            let code = (error as? Errno)?.rawValue ?? EIO
            throw ExportsError(.encoding, "cannot write \(path): \(String(cString: strerror(code)))")
        }
        guard fsync(fd) == 0 else {
            throw ExportsError(.encoding, "cannot sync \(path): \(String(cString: strerror(errno)))")
        }
        return CredentialCipher(key: fresh)
    }

    func seal(_ plaintext: [UInt8]) throws(ExportsError) -> String {
        do {
            guard let combined = try AES.GCM.seal(plaintext, using: key).combined else {
                throw ExportsError(.encoding, "cannot seal credentials")
            }
            return "v1:" + combined.base64EncodedString()
        } catch let error as ExportsError {
            throw error
        } catch {
            throw ExportsError(.encoding, "cannot seal credentials")
        }
    }

    func open(_ sealed: String) throws(ExportsError) -> [UInt8] {
        guard sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(sealed.dropFirst(3))) else {
            throw ExportsError(.encoding, "stored credentials are not in a known format")
        }
        do {
            return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key))
        } catch {
            throw ExportsError(.encoding, "stored credentials cannot be decrypted with this data key")
        }
    }
}
