public import Exports
public import Lake
public import SQL

/// A SQL session over one sandbox: runs scripts of statements in order (queries and EXPLAIN through the engine;
/// CREATE TABLE AS, INSERT, DROP TABLE on derived datasets; views; SET/SHOW/RESET; BEGIN/COMMIT/ROLLBACK as
/// no-ops) and returns the last statement's result. One session belongs to one task at a time.
public final class QuerySession {
    public let lake: Lake
    public let sandbox: String
    public internal(set) var settings = QuerySettings()
    /// Who runs the statements (the Query Service API's query), kept in the lineage of datasets CTAS creates.
    public var origin: QueryOrigin?
    /// Who the system catalogs say the session is (`current_database()` is the sandbox, `pg_database` lists
    /// `databases`); the PostgreSQL endpoint sets the user, the sandboxes it may see and its backend pid.
    public var catalogSession: CatalogSession
    /// Datasets that CREATE TABLE AS and INSERT wrote, in order.
    public internal(set) var writtenDatasetIds: [String] = []
    let store: any QueryStore
    let exportGuard: DatasetExportGuard?
    let counters: ScanCounters?
    var engine: SQLEngine
    /// The timeout `options` gave (the process's setting), in force while `statement_timeout` is 0.
    let defaultStatementTimeout: Duration?

    /// A session on `sandbox`; `exportGuard` refuses to drop datasets that enabled export flows read;
    /// `counters` (tests) counts the row groups scans read and skip; `options` bound each statement's memory
    /// and say where it spills.
    public init(
        lake: Lake, sandbox: String, store: any QueryStore, exportGuard: DatasetExportGuard? = nil,
        counters: ScanCounters? = nil, options: SQLEngine.Options = SQLEngine.Options()
    ) {
        defaultStatementTimeout = options.statementTimeout
        var engine = SQLEngine(options: options)
        engine.timeZones = SystemTimeZoneSource.database
        self.engine = engine
        settings.record("threads", String(engine.threads))
        self.lake = lake
        self.sandbox = sandbox
        catalogSession = CatalogSession(database: sandbox)
        self.store = store
        self.exportGuard = exportGuard
        self.counters = counters
    }

    /// Runs every statement of `script` in order and returns the last one's result (its rows not read yet);
    /// earlier statements run to completion. An empty script is `42601`.
    public func run(_ script: String) async throws(SQLError) -> StatementResult {
        let statements = try SQLParser.parse(script)
        guard let last = statements.indices.last else { throw SQLError(.syntaxError, "empty query") }
        for index in statements.indices {
            let result = try await execute(statements[index])
            if index == last { return result }
            do {
                try await result.drain()
            } catch {
                throw Self.sqlError(error)
            }
        }
        throw SQLError(.syntaxError, "empty query")
    }

    /// The session's `statement_timeout` for the statements that follow; the process's timeout (from `options`)
    /// stays an upper bound that a session cannot raise or turn off.
    func applyStatementTimeout() {
        let milliseconds = (try? StatementTimeoutSetting.milliseconds(settings.values["statement_timeout"] ?? "0")) ?? 0
        engine.options.statementTimeout =
            [StatementTimeoutSetting.duration(milliseconds), defaultStatementTimeout].compactMap { $0 }.min()
    }

    /// Runs one parsed statement.
    public func execute(_ statement: Statement) async throws(SQLError) -> StatementResult {
        switch statement {
        case let .query(query):
            let catalog = try await catalog()
            return StatementResult(cursor: try engine.open(try engine.bind(query, catalog: catalog)))
        case let .explain(explain):
            guard case let .query(query) = explain.statement else {
                throw SQLError(.featureNotSupported, "EXPLAIN of statements other than queries is not supported")
            }
            let catalog = try await catalog()
            let plan = try engine.bind(query, catalog: catalog)
            if explain.analyze { return StatementResult(rows: try await engine.explainAnalyze(plan), tag: "EXPLAIN") }
            return StatementResult(rows: try engine.explainResult(plan), tag: "EXPLAIN")
        case let .createTableAs(create):
            return try await createTable(create)
        case let .insert(insert):
            return try await insertRows(insert)
        case let .drop(drop):
            return drop.kind == .table ? try await dropTables(drop) : try await dropViews(drop)
        case let .createView(view):
            return try await createView(view)
        case let .set(set):
            let value = set.values.isEmpty ? nil : set.values.map(Self.settingText).joined(separator: ", ")
            // The engine owns TimeZone: it checks the zone (22023) and reads it in every statement.
            if try engine.apply(statement) {
                // The engine owns TimeZone and threads: what it took is what SHOW reports.
                let owned = set.name == "threads" ? String(engine.threads) : engine.settings.timeZone
                try settings.set(set.name, set.name == "threads" ? owned : value.map { _ in owned })
            } else {
                try settings.set(set.name, value)
            }
            applyStatementTimeout()
            return StatementResult(tag: "SET")
        case let .show(show):
            return try show.name == "all" ? showAll() : showOne(show.name)
        case let .reset(reset):
            _ = try engine.apply(statement)
            try settings.reset(reset.name)
            settings.record("threads", String(engine.threads))
            applyStatementTimeout()
            return StatementResult(tag: "RESET")
        case let .copy(copy):
            let catalog = try await catalog()
            let plan = try engine.bind(try Self.copyQuery(copy), catalog: catalog)
            let request = try CopyRequest(copy.options, columns: plan.columns)
            return StatementResult(cursor: try engine.open(plan), copy: request)
        case let .transaction(transaction):
            switch transaction.action {
            case .begin, .start: return StatementResult(tag: "BEGIN")
            case .commit: return StatementResult(tag: "COMMIT")
            case .rollback: return StatementResult(tag: "ROLLBACK")
            }
        }
    }

    /// The sandbox as the engine sees it now.
    func catalog() async throws(SQLError) -> LakeSQLCatalog {
        var catalog = try await LakeSQLCatalog.load(lake: lake, sandbox: sandbox, store: store, counters: counters)
        catalog.session = catalogSession
        catalog.session.settings = settings.values
        return catalog
    }

    static func settingText(_ value: SettingValue) -> String {
        switch value {
        case let .string(text): return text
        case let .number(text): return text
        }
    }

    func showOne(_ name: String) throws(SQLError) -> StatementResult {
        let value = try settings.value(name)
        return StatementResult(rows: try Self.textRows(Self.showColumns(name), [[value]]), tag: "SHOW")
    }

    func showAll() throws(SQLError) -> StatementResult {
        let rows = settings.values.keys.sorted().map { [$0, settings.values[$0] ?? ""] }
        return StatementResult(rows: try Self.textRows(Self.showColumns("all"), rows), tag: "SHOW")
    }

    /// The columns of `SHOW name` (`SHOW ALL`: name and setting).
    static func showColumns(_ name: String) -> [PlanColumn] {
        name == "all"
            ? [PlanColumn("name", .text), PlanColumn("setting", .text)] : [PlanColumn(name.lowercased(), .text)]
    }

    static func textRows(_ columns: [PlanColumn], _ rows: [[String]]) throws(SQLError) -> QueryResult {
        let datums = rows.map { $0.map { Datum.text($0) } }
        return try QueryResult(columns: columns, rows: datums)
    }

    /// Any error as a SQL error (`XX000` for the unexpected).
    static func sqlError(_ error: any Error) -> SQLError {
        if let error = error as? SQLError { return error }
        if error is CancellationError { return SQLError(SQLState("57014"), "canceling statement due to user request") }
        if let error = error as? LakeError { return LakeErrors.sqlError(error) }
        return SQLError(SQLState("XX000"), "internal error: \(error)")
    }
}
