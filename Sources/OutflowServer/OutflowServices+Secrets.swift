public import Exports
import Foundation
import NIOPosix
import Storage

#if canImport(Glibc)
    import Glibc
#endif

extension OutflowServices {
    /// What `rotateCredentialKey(newKeyFile:)` did.
    public struct CredentialRotation: Sendable {
        /// How many connections' credentials were re-sealed.
        public var resealed: Int
        /// Where the new key is.
        public var keyFile: String
        /// The new key's fingerprint (never the key).
        public var fingerprint: String
        /// True when the key file was generated here (false: an existing `--new-key-file` was used).
        public var generated: Bool
        /// True when the configuration must now name `keyFile` (`OUTFLOW_SECRETS_KEY_FILE`) for the next start.
        public var reconfigure: Bool
    }

    /// Re-encrypts every stored credential under a new key in one catalog transaction (all or nothing), then
    /// switches to it:
    /// - without `newKeyFile`, only for the data directory's key file: a new key is written to `secrets.key.next`,
    ///   the transaction re-seals and records the new fingerprint, then `secrets.key.next` is renamed over
    ///   `secrets.key` (a crash between commit and rename is finished at the next start, `CredentialKeyring`);
    /// - with `newKeyFile`: the key in that file (created 0600 with a new key as base64 when missing) becomes the
    ///   key; afterwards `OUTFLOW_SECRETS_KEY_FILE` must name it, and a data-directory key file, now opening
    ///   nothing, is removed.
    /// Stop `outflow serve` first: a running server keeps the old key in memory.
    public func rotateCredentialKey(newKeyFile: String?) async throws(ExportsError) -> CredentialRotation {
        let source = try configuration.credentialKeySource()
        let old = store.cipher
        let record = try SQLiteCredentialKeyRecord(lake: lake)
        switch (source, newKeyFile) {
        case (.dataDirectory(let path), nil):
            let next = CredentialKeyring.nextKeyPath(path)
            let new = CredentialCipher.generate()
            try await Self.blocking { () throws(ExportsError) in
                _ = unlink(next)  // stale (opening finished any committed rotation)
                guard try new.write(toNewFile: next, base64: false) else {
                    throw ExportsError(.conflict, "\(next) appeared meanwhile: is another rotation running?")
                }
            }
            let count = try await record.reseal(from: old, to: new)
            try await Self.blocking { () throws(ExportsError) in
                guard rename(next, path) == 0 else { throw CredentialCipher.fileError("rename \(next) to", path) }
                try CredentialCipher.syncFolder(of: path)
            }
            return CredentialRotation(
                resealed: count, keyFile: path, fingerprint: new.fingerprint, generated: true, reconfigure: false)
        case (_, let file?):
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            let (new, generated) = try await Self.blocking { () throws(ExportsError) -> (CredentialCipher, Bool) in
                if let existing = try CredentialCipher.read(keyFile: path, field: "--new-key-file") {
                    return (existing, false)
                }
                let fresh = CredentialCipher.generate()
                guard try fresh.write(toNewFile: path, base64: true) else {
                    throw ExportsError(.conflict, "\(path) appeared meanwhile", field: "--new-key-file")
                }
                return (fresh, true)
            }
            guard new.fingerprint != old.fingerprint else {
                throw ExportsError(.invalidField, "\(path) holds the current key", field: "--new-key-file")
            }
            let count = try await record.reseal(from: old, to: new)
            if case .dataDirectory(let oldPath) = source {
                try await Self.blocking { () throws(ExportsError) in
                    if unlink(oldPath) == 0 { try CredentialCipher.syncFolder(of: oldPath) }
                }
            }
            return CredentialRotation(
                resealed: count, keyFile: path, fingerprint: new.fingerprint, generated: generated,
                reconfigure: source != .file(path: path))
        case (_, nil):
            throw ExportsError(
                .invalidField,
                "the key comes from \(source.label): pass --new-key-file PATH (a file to create with a new key, or "
                    + "one holding it), then set \(CredentialCipher.keyFileSetting)=PATH",
                field: "--new-key-file")
        }
    }

    /// Runs key-file work on NIO's blocking pool, off the cooperative threads.
    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws(ExportsError) -> T)
        async throws(ExportsError) -> T
    {
        do {
            return try await NIOThreadPool.singleton.runIfActive { () throws -> T in try body() }
        } catch let error as ExportsError {
            throw error
        } catch {
            throw ExportsError(.encoding, "the blocking thread pool refused the work: \(error)", underlying: error)
        }
    }
}
