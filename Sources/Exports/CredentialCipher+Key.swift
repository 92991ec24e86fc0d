import Crypto
import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Where the credential key comes from, and reading and writing key files.
extension CredentialCipher {
    /// The setting holding the key itself: base64 of 32 bytes.
    public static let keySetting = "OUTFLOW_SECRETS_KEY"
    /// The setting naming a file holding the key (32 raw bytes, or base64 of them).
    public static let keyFileSetting = "OUTFLOW_SECRETS_KEY_FILE"

    /// Where the key lives.
    public enum Source: Sendable, Equatable {
        /// The data directory's generated key file (`LakeLayout.secretsKeyPath`, created 0600 when missing): the
        /// weaker default, since a copy of the data directory then carries its own key.
        case dataDirectory(path: String)
        /// `OUTFLOW_SECRETS_KEY`: the base64 text itself.
        case environment(base64: String)
        /// `OUTFLOW_SECRETS_KEY_FILE`: a file anywhere.
        case file(path: String)

        /// The setting (or file) to name in messages; never the key.
        public var label: String {
            switch self {
            case .dataDirectory(let path): path
            case .environment: CredentialCipher.keySetting
            case .file(let path): "\(CredentialCipher.keyFileSetting) (\(path))"
            }
        }
    }

    /// The cipher of base64 text that decodes to exactly 32 bytes (surrounding whitespace ignored); `.invalidField`
    /// on `field` otherwise, never echoing the text.
    public static func parse(base64 text: String, field: String) throws(ExportsError) -> CredentialCipher {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed) else {
            throw ExportsError(
                .invalidField, "\(field) is not base64 (expected base64 of 32 random bytes)", field: field)
        }
        guard bytes.count == 32 else {
            throw ExportsError(
                .invalidField, "\(field) decodes to \(bytes.count) bytes; the key must be 32 bytes", field: field)
        }
        return CredentialCipher(key: SymmetricKey(data: bytes))
    }

    /// The cipher of a key file: exactly 32 raw bytes, or base64 text of 32 bytes. Nil when the file does not exist;
    /// `.invalidField` on `field` when it cannot be read or holds something else.
    public static func read(keyFile path: String, field: String) throws(ExportsError) -> CredentialCipher? {
        guard let contents = FileManager.default.contents(atPath: path) else {
            if !FileManager.default.fileExists(atPath: path) { return nil }
            throw ExportsError(.invalidField, "cannot read the key file \(path)", field: field)
        }
        if contents.count == 32 { return CredentialCipher(key: SymmetricKey(data: contents)) }
        do {
            return try parse(base64: String(decoding: contents, as: UTF8.self), field: field)
        } catch {
            throw ExportsError(
                .invalidField, "the key file \(path) must hold 32 raw bytes or their base64 text", field: field)
        }
    }

    /// The cipher of `source`: the data directory's key file is created (32 random bytes, 0600) when missing.
    public static func load(_ source: Source) throws(ExportsError) -> CredentialCipher {
        switch source {
        case .environment(let text): return try parse(base64: text, field: keySetting)
        case .file(let path):
            guard let cipher = try read(keyFile: path, field: keyFileSetting) else {
                throw ExportsError(.invalidField, "the key file \(path) does not exist", field: keyFileSetting)
            }
            return cipher
        case .dataDirectory(let path): return try loadOrCreate(keyPath: path)
        }
    }

    /// Reads the key file at `path` (the lake layout's `secretsKeyPath`), creating it (exclusively, mode 0600) when
    /// it does not exist.
    package static func loadOrCreate(keyPath path: String) throws(ExportsError) -> CredentialCipher {
        if let existing = try read(keyFile: path, field: path) { return existing }
        let fresh = generate()
        // Another process may have created it meanwhile: then read that one.
        guard try fresh.write(toNewFile: path, base64: false) else { return try loadOrCreate(keyPath: path) }
        return fresh
    }

    /// Writes this key to a new file (`O_EXCL`, mode 0600, fsynced with its folder): 32 raw bytes, or base64 text and
    /// a newline. False when the file already exists; `.encoding` when it cannot be written.
    @discardableResult
    package func write(toNewFile path: String, base64: Bool) throws(ExportsError) -> Bool {
        let raw = key.withUnsafeBytes { Array($0) }
        let bytes = base64 ? Array((Data(raw).base64EncodedString() + "\n").utf8) : raw
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw Self.fileError("create", path)
        }
        defer { _ = Glibc.close(fd) }
        do {
            _ = try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            let code = (error as? Errno)?.rawValue ?? EIO
            throw ExportsError(.encoding, "cannot write \(path): \(String(cString: strerror(code)))")
        }
        guard fsync(fd) == 0 else { throw Self.fileError("sync", path) }
        try Self.syncFolder(of: path)
        return true
    }

    /// fsyncs the folder holding `path`, so a create or rename in it is durable.
    package static func syncFolder(of path: String) throws(ExportsError) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = Glibc.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fileError("open", folder) }
        defer { _ = Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw fileError("sync", folder) }
    }

    package static func fileError(_ operation: String, _ path: String) -> ExportsError {
        ExportsError(.encoding, "cannot \(operation) \(path): \(String(cString: strerror(errno)))")
    }
}
