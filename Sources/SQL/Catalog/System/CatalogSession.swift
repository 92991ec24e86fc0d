/// What the system catalogs and the catalog functions say about the session: the database (sandbox) it is
/// connected to, the databases it may see, its user, its settings. The embedding session passes it through
/// its `SQLCatalog` (`SQLCatalog.session`); the default describes a database `outflow` and a user `outflow`.
public struct CatalogSession: Sendable, Hashable {
    /// `current_database()`: the sandbox the session reads.
    public var database: String
    /// `pg_database`: every database (sandbox) name the session may see; `database` is always listed.
    public var databases: [String]
    /// `current_user`, `session_user`, the owner of every object (role OID 10).
    public var user: String
    /// `pg_backend_pid()`.
    public var backendPID: Int32
    /// The session's settings (`pg_settings`, besides the engine's fixed ones), by name as set.
    public var settings: [String: String]

    public init(
        database: String = "outflow", databases: [String] = [], user: String = "outflow", backendPID: Int32 = 0,
        settings: [String: String] = [:]
    ) {
        self.database = database
        self.databases = databases.contains(database) ? databases : [database] + databases
        self.user = user
        self.backendPID = backendPID
        self.settings = settings
    }
}

extension SQLCatalog {
    /// A database `outflow` and a user `outflow` unless the catalog says otherwise.
    public var session: CatalogSession { CatalogSession() }

    /// The stored name of the table itself (default): the key its `pg_class` OID is derived from.
    public func stableKey(ofTable name: String) -> String { name }
}

/// The server version the catalogs report: tools parse `version()` and `server_version` for the major version.
public enum PostgresCompatibility {
    public static let serverVersion = "15.0"
    public static let serverVersionNumber = "150000"

    /// `version()`.
    public static var versionString: String {
        #if arch(x86_64)
            let machine = "x86_64"
        #elseif arch(arm64)
            let machine = "aarch64"
        #else
            let machine = "unknown"
        #endif
        return "PostgreSQL \(serverVersion) (Outflow) on \(machine)-pc-linux-gnu, 64-bit"
    }
}
