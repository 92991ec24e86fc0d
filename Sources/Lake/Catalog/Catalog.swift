import Foundation
import GRDB

/// The SQLite catalog (GRDB `DatabasePool` in WAL mode with a busy timeout, so several processes can share it).
final class Catalog: Sendable {
    let pool: DatabasePool
    let path: String

    /// Opens (creating) the database at `path` and runs pending migrations.
    init(path: String, busyTimeout: TimeInterval = 10) throws(LakeError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "outflow.catalog"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try CatalogMigrations.migrator.migrate(pool)
        } catch {
            throw LakeError(.catalog, "cannot open catalog \(path): \(error)", file: path)
        }
    }

    /// Runs `body` in one write transaction; GRDB errors become `.catalog`, `LakeError`s pass through.
    func write<T: Sendable>(_ body: (Database) throws -> T) throws(LakeError) -> T {
        do {
            return try pool.write { db in try body(db) }
        } catch {
            throw LakeError.catalog(error)
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T: Sendable>(_ body: (Database) throws -> T) throws(LakeError) -> T {
        do {
            return try pool.read { db in try body(db) }
        } catch {
            throw LakeError.catalog(error)
        }
    }

    /// Applied migration identifiers, oldest first.
    func appliedMigrations() throws(LakeError) -> [String] {
        try read { db in try CatalogMigrations.migrator.appliedMigrations(db) }
    }
}
