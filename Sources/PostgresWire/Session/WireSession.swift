/// What the server needs from the SQL engine: sessions, made per connection after authentication. The engine adapter
/// (in `OutflowServer`) implements it over the query engine; tests implement it with a fake.
public protocol WireSessionFactory: Sendable {
    /// Opens a session for an authenticated connection, or throws a FATAL `WireError` (`3D000` for an unknown
    /// database). `parameters` are the StartupMessage's (`user`, `database`, `application_name`, `options`, ...).
    func makeSession(user: String, database: String, parameters: StartupMessage) async throws -> any WireSession
}

/// One connection's SQL session. The server calls it from one task at a time, except `cancel()`, which a
/// CancelRequest calls from another connection while a statement runs.
public protocol WireSession: AnyObject, Sendable {
    /// ParameterStatus values to report at start-up beyond the server's own (`server_version`, `DateStyle`, ...).
    var startupParameters: [(name: String, value: String)] { get }

    /// Splits a simple-query string into its statements (text of each, without the `;`); whitespace and comments
    /// alone make no statement. `WireStatementSplitter` is a default that knows quotes, comments and dollar quotes.
    func splitStatements(_ sql: String) throws -> [String]

    /// Parses and analyzes one statement; `parameterTypes` are the client's (0: infer). Throws a `WireError`.
    func prepare(sql: String, parameterTypes: [UInt32]) async throws -> any WirePreparedStatement

    /// Runs a prepared statement with bound parameters; the cursor yields its rows as they are computed.
    func execute(_ statement: any WirePreparedStatement, parameters: [WireParameter]) async throws
        -> any WireResultCursor

    /// The columns of a portal the session opened itself (a SQL-level cursor from `DECLARE`), for a Describe of a
    /// portal the protocol did not bind; nil when there is none of that name.
    func describePortal(named name: String) -> [WireColumn]?

    /// Stops the running statement (it then throws `WireError.queryCanceled`); a no-op when none runs.
    func cancel()

    /// The connection ended: release everything.
    func close() async
}

extension WireSession {
    public var startupParameters: [(name: String, value: String)] { [] }

    public func splitStatements(_ sql: String) throws -> [String] { WireStatementSplitter.split(sql) }

    public func describePortal(named name: String) -> [WireColumn]? { nil }
}

/// A parsed statement: what Describe reports before it runs.
public protocol WirePreparedStatement: Sendable {
    /// The type OID of each parameter (`$1` ...), after inference.
    var parameterTypes: [UInt32] { get }
    /// The result columns; nil for a statement that returns no rows (NoData). For a COPY, the columns of the rows
    /// its cursor yields (Describe still answers NoData, as PostgreSQL does).
    var columns: [WireColumn]? { get }
    /// Set when the statement is `COPY ... TO STDOUT`: the server sends its cursor's rows as COPY data in this format
    /// (CopyOutResponse, CopyData, CopyDone, `COPY n`) instead of DataRows. Default nil.
    var copyOut: WireCopyOut? { get }
}

extension WirePreparedStatement {
    public var copyOut: WireCopyOut? { nil }
}

/// The running result of a statement, pulled by the server as the client reads: rows are computed only as fast as
/// they are sent.
public protocol WireResultCursor: AnyObject, Sendable {
    /// The next rows (none or more), or the completion when the statement is done. After the completion, the
    /// cursor is not called again.
    func next() async throws -> WireResultPart
}

/// A piece of a result: rows, or the end with its command tag.
public enum WireResultPart: Sendable {
    case rows([WireRow])
    case complete(WireCompletion)
}

/// How a statement completed: its CommandComplete tag and any ParameterStatus changes (after `SET`) and notices.
public struct WireCompletion: Sendable, Equatable {
    /// The command (`SELECT`, `INSERT`, `CREATE TABLE`, `SET`, ...).
    public var command: String
    /// The row count in the tag (SELECT, INSERT, UPDATE, DELETE, MOVE, FETCH, COPY, CREATE TABLE AS); for
    /// SELECT the server uses the rows it sent.
    public var rowCount: Int?
    public var parameterChanges: [String: String]
    public var notices: [WireError]

    public init(
        command: String, rowCount: Int? = nil, parameterChanges: [String: String] = [:], notices: [WireError] = []
    ) {
        self.command = command
        self.rowCount = rowCount
        self.parameterChanges = parameterChanges
        self.notices = notices
    }

    /// The CommandComplete text: `INSERT 0 n` (the OID field PostgreSQL still sends), `SELECT n`, `CREATE TABLE`.
    public var tag: String {
        guard let rowCount else { return command }
        if command == "INSERT" { return "INSERT 0 \(rowCount)" }
        if command == "CREATE TABLE AS" { return "SELECT \(rowCount)" }
        return "\(command) \(rowCount)"
    }
}
