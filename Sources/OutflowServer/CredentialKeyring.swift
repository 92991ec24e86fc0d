import Exports
import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// Opens the configured credential key at every start and checks it against the catalog: with credentials stored,
/// the key must be the one whose fingerprint the catalog recorded (or, in a catalog from before fingerprints, must
/// open a stored credential). The data directory's key file also finishes a rotation that committed but crashed
/// before its new key file (`secrets.key.next`) replaced the old one. Then the fingerprint is recorded.
enum CredentialKeyring {
    static func open(_ source: CredentialCipher.Source, record: SQLiteCredentialKeyRecord) throws(ExportsError)
        -> CredentialCipher
    {
        let recorded = try record.fingerprint()
        let sample = try record.sample()
        let fits = { (cipher: CredentialCipher) -> Bool in
            guard let sample else { return true }  // nothing sealed yet: any key will do
            if let recorded { return recorded == cipher.fingerprint }
            return (try? cipher.open(sample.sealed, connectionId: sample.connectionId)) != nil
        }
        let cipher: CredentialCipher
        if case .dataDirectory(let path) = source {
            cipher = try openDataDirectoryKey(path, fits: fits, sealed: sample != nil, recorded: recorded)
        } else {
            cipher = try CredentialCipher.load(source)
            guard fits(cipher) else { throw mismatch(source, recorded: recorded) }
        }
        if recorded != cipher.fingerprint { try record.record(fingerprint: cipher.fingerprint) }
        return cipher
    }

    /// The data directory's key: `path` when it fits; else a fitting `path.next` (a rotation committed, then
    /// crashed) renamed over it; else, with nothing sealed and no key file, a new key file.
    private static func openDataDirectoryKey(
        _ path: String, fits: (CredentialCipher) -> Bool, sealed: Bool, recorded: String?
    ) throws(ExportsError) -> CredentialCipher {
        let next = nextKeyPath(path)
        let current = try CredentialCipher.read(keyFile: path, field: path)
        if let current, fits(current) {
            _ = unlink(next)  // a rotation that stopped before committing left it; it opens nothing
            return current
        }
        if let pending = try? CredentialCipher.read(keyFile: next, field: next), fits(pending) {
            guard rename(next, path) == 0 else { throw CredentialCipher.fileError("rename \(next) to", path) }
            try CredentialCipher.syncFolder(of: path)
            return pending
        }
        if current == nil && !sealed { return try CredentialCipher.loadOrCreate(keyPath: path) }
        throw mismatch(.dataDirectory(path: path), recorded: recorded)
    }

    /// Where a rotation of the data directory's key stages the new key until its transaction commits.
    static func nextKeyPath(_ path: String) -> String { path + ".next" }

    static func mismatch(_ source: CredentialCipher.Source, recorded: String?) -> ExportsError {
        let field: String
        switch source {
        case .dataDirectory(let path): field = path
        case .environment: field = CredentialCipher.keySetting
        case .file: field = CredentialCipher.keyFileSetting
        }
        return ExportsError(
            .invalidField,
            "the credential key from \(source.label) does not open the stored credentials"
                + (recorded.map { " (they are sealed with the key of fingerprint \($0))" } ?? "")
                + "; use the key they were sealed with (after `outflow secrets rotate --new-key-file PATH`, set "
                + "\(CredentialCipher.keyFileSetting)=PATH)",
            field: field)
    }
}
