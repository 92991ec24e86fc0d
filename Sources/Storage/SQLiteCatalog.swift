public import Foundation
package import GRDB
public import Lake
public import Logging

/// The catalog database: one SQLite file (GRDB `DatabasePool` in WAL mode with a busy timeout, so several
/// processes can share it) holding the lake's tables and the export store's. Opening it runs every pending
/// migration (`StorageMigrations`). It is the `LakeCatalog` of a `Lake`; `SQLiteExportStore` keeps the export
/// tables in the same file.
public final class SQLiteCatalog: Sendable {
    package let pool: DatabasePool
    public let path: String

    /// Opens (creating) the database at `path` and runs pending migrations.
    public init(path: String, busyTimeout: TimeInterval = 10) throws(LakeError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "outflow.catalog"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try StorageMigrations.migrator.migrate(pool)
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
    package func appliedMigrations() throws(LakeError) -> [String] {
        try read { db in try StorageMigrations.migrator.appliedMigrations(db) }
    }
}

extension Lake {
    /// Opens the lake in `dataDirectory` on its SQLite catalog (`<data>/catalog.sqlite`, created and migrated as
    /// needed; see `Lake.init(dataDirectory:configuration:logger:openCatalog:)`).
    public convenience init(
        dataDirectory: String, configuration: Configuration = .init(), logger: Logger = Logger(label: "outflow.lake")
    ) throws(LakeError) {
        try self.init(dataDirectory: dataDirectory, configuration: configuration, logger: logger) {
            (path) throws(LakeError) in try SQLiteCatalog(path: path, busyTimeout: configuration.busyTimeout)
        }
    }

    /// The lake's catalog database, when it is SQLite (`.catalog` otherwise).
    public func sqliteCatalog() throws(LakeError) -> SQLiteCatalog {
        guard let sqlite = catalog as? SQLiteCatalog else {
            throw LakeError(.catalog, "the lake's catalog is not the SQLite catalog")
        }
        return sqlite
    }
}
