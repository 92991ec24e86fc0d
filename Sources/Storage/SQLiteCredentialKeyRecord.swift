public import Exports
import Foundation
import GRDB
public import Lake

/// What the catalog knows about the credential key: its fingerprint (`CredentialCipher.fingerprint`, in
/// `export_settings`; never the key) and the sealed credentials it must open. Re-sealing every credential under a
/// new key is one transaction: all or nothing.
public struct SQLiteCredentialKeyRecord: Sendable {
    let pool: DatabasePool

    static let fingerprintName = "credentialKeyFingerprint"

    /// The record in `catalog`'s database.
    public init(catalog: SQLiteCatalog) { pool = catalog.pool }

    /// The record in the lake's catalog database.
    public init(lake: Lake) throws(ExportsError) {
        do {
            self.init(catalog: try lake.sqliteCatalog())
        } catch {
            throw ExportsError(.lake, error.message, underlying: error)
        }
    }

    /// The fingerprint of the key the stored credentials are sealed with, nil before one is recorded.
    public func fingerprint() throws(ExportsError) -> String? {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT value FROM export_settings WHERE name = ?", arguments: [Self.fingerprintName])
        }
    }

    /// One stored credential (the first by connection id), nil when none is stored.
    public func sample() throws(ExportsError) -> (connectionId: String, sealed: String)? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT connectionId, params FROM export_credentials ORDER BY connectionId LIMIT 1"
            )
            .map { row -> (connectionId: String, sealed: String) in (row["connectionId"], row["params"]) }
        }
    }

    /// Records `fingerprint` as the key's.
    public func record(fingerprint: String) throws(ExportsError) {
        do {
            try pool.write { db in try Self.record(db, fingerprint: fingerprint) }
        } catch {
            throw ExportsError(.lake, "catalog write failed: \(error)", underlying: error)
        }
    }

    /// Opens every stored credential with `old` and seals it again under `new` (`v2:`, bound to its connection), and
    /// records `new`'s fingerprint, in one write transaction: when one credential fails, nothing changes. Runs on
    /// GRDB's writer queue; the caller suspends. Returns how many were re-sealed.
    public func reseal(from old: CredentialCipher, to new: CredentialCipher) async throws(ExportsError) -> Int {
        let pool = pool
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Int, any Error>, Never>) in
            pool.asyncWrite(
                { db in
                    let rows = try Row.fetchAll(
                        db, sql: "SELECT connectionId, params FROM export_credentials ORDER BY connectionId")
                    for row in rows {
                        let id: String = row["connectionId"]
                        let sealed = try old.reseal(row["params"], connectionId: id, under: new)
                        try db.execute(
                            sql: "UPDATE export_credentials SET params = ? WHERE connectionId = ?",
                            arguments: [sealed, id])
                    }
                    try Self.record(db, fingerprint: new.fingerprint)
                    return rows.count
                }, completion: { _, result in continuation.resume(returning: result) })
        }
        do {
            return try result.get()
        } catch let error as ExportsError {
            throw error
        } catch {
            throw ExportsError(.lake, "re-sealing the credentials failed: \(error)", underlying: error)
        }
    }

    private static func record(_ db: Database, fingerprint: String) throws {
        try db.execute(
            sql:
                "INSERT INTO export_settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            arguments: [fingerprintName, fingerprint])
    }

    private func read<T>(_ body: (Database) throws -> T) throws(ExportsError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw ExportsError(.lake, "catalog read failed: \(error)", underlying: error)
        }
    }
}
