public import Columnar

/// The result of a statement: its columns and its rows as batches.
public struct QueryResult: Sendable {
    public var columns: [PlanColumn]
    public var batches: [ColumnBatch]
    /// Row values (kept beside the batches: a zero-column result still has a row count).
    public var rows: [[Datum]]
    /// The number of rows: of `rows`, or of `batches` when the rows were not built (`QueryCursor.next(rows:)`).
    public var rowCount: Int { rows.isEmpty ? batches.reduce(0) { $0 + $1.rowCount } : rows.count }
    /// Peak memory reservation and spilling of the statement.
    public var statistics = ExecutionStatistics()
    /// The session's zone when the statement ran: timestamptz values print in it.
    public var timeZone: SQLTimeZone = .utc

    /// Runs `body` with this result's time zone in force (`Datum.text(as:)` prints timestamptz in it).
    public func inTimeZone<T>(_ body: () throws -> T) rethrows -> T {
        var context = SessionContext.utc
        context.timeZone = timeZone
        return try SessionContext.$current.withValue(context) { try body() }
    }

    /// Every value as PostgreSQL's text output (nil for NULL), row by row.
    public var textRows: [[String?]] {
        var context = SessionContext.utc
        context.timeZone = timeZone
        return SessionContext.$current.withValue(context) {
            rows.map { row in zip(row, columns).map { $0.text(as: $1.type) } }
        }
    }
}

/// Runs SQL over a catalog: parse -> bind -> logical plan -> physical operators.
///
/// `execute` runs on the caller's task; operators never block (scans are async), and cancelling the task
/// stops the query between batches.
public struct SQLEngine: Sendable {
    public var options: Options
    /// Bounds on `WITH RECURSIVE` (iterations of the recursive term and rows in total; an error beyond).
    public var recursionLimits: RecursionLimits
    /// The session's settings (`TimeZone`); see `apply(_:)` for `SET`.
    public var settings = SessionSettings()
    /// Where IANA zones come from (`TimeZoneDatabase.builtIn` knows only UTC, offsets and POSIX strings).
    public var timeZones = TimeZoneDatabase.builtIn
    /// Microseconds since the epoch now (`now()` reads it once per statement; `clock_timestamp()` each call).
    public var clock: @Sendable () -> Int64 = { WallClock.nowMicros() }
    /// The `$n` parameters of the statements bound next (the extended query protocol's Bind); nil: none.
    public var parameters: StatementParameters?

    public init(options: Options = Options(), recursionLimits: RecursionLimits = RecursionLimits()) {
        self.options = options
        self.recursionLimits = recursionLimits
    }

    /// A binder with this engine's settings.
    func binder(_ catalog: any SQLCatalog) -> Binder {
        var binder = Binder(catalog: catalog)
        binder.recursionLimits = recursionLimits
        binder.parameters = parameters
        return binder
    }

    /// The bound logical plan of a query (what `EXPLAIN` prints).
    public func plan(_ sql: String, catalog: any SQLCatalog) throws(SQLError) -> LogicalPlan {
        let context = try sessionContext()
        return try SQLEngine.guarded {
            try SessionContext.$current.withValue(context) { try planStatement(sql, catalog: catalog) }
        }
    }

    func planStatement(_ sql: String, catalog: any SQLCatalog) throws(SQLError) -> LogicalPlan {
        let statement = try SQLParser.parseStatement(sql)
        guard case let .query(query) = statement else {
            if case let .explain(explain) = statement, case let .query(query) = explain.statement {
                return try bind(query, catalog: catalog)
            }
            throw SQLError(.featureNotSupported, "only queries can be planned")
        }
        return try bind(query, catalog: catalog)
    }

    public func execute(_ sql: String, catalog: any SQLCatalog) async throws -> QueryResult {
        let context = try sessionContext()
        var result = try await SessionContext.$current.withValue(context) {
            try await executeStatement(sql, catalog: catalog)
        }
        result.timeZone = context.timeZone
        return result
    }

    func executeStatement(_ sql: String, catalog: any SQLCatalog) async throws -> QueryResult {
        let statement = try SQLParser.parseStatement(sql)
        switch statement {
        case let .query(query):
            let plan = try bind(query, catalog: catalog)
            return try await run(plan)
        case let .explain(explain):
            guard case let .query(query) = explain.statement else {
                throw SQLError(.featureNotSupported, "EXPLAIN of statements other than queries is not supported")
            }
            let plan = try bind(query, catalog: catalog)
            if explain.analyze { return try await explainAnalyze(plan) }
            return try explainResult(plan)
        default:
            throw SQLError(.featureNotSupported, "this statement is not supported by the engine yet")
        }
    }

    func run(_ plan: LogicalPlan) async throws -> QueryResult {
        let (options, context) = (self.options, executionContext())
        return try await SQLEngine.withStatementTimeout(options.statementTimeout) {
            try await SQLEngine.run(plan.pushingIntoScans(), context: context)
        }
    }

    static func run(_ plan: LogicalPlan, context: ExecutionContext) async throws -> QueryResult {
        do {
            var result = try await ExecutionContext.$current.withValue(context) {
                try await collect(plan, context: context)
            }
            await context.finish()
            result.statistics = context.statistics
            return result
        } catch {
            await context.finish()
            if error is CancellationError || Task.isCancelled { throw SQLError.canceledByUser }
            throw error
        }
    }

    static func collect(_ plan: LogicalPlan, context: ExecutionContext) async throws -> QueryResult {
        let root = try PhysicalPlanner.build(try await SubqueryRunner.prepare(plan), context: context)
        var batches: [ColumnBatch] = []
        var rows: [[Datum]] = []
        do {
            while let chunk = try await root.next() {
                try Task.checkCancellation()
                if chunk.count == 0 { continue }
                batches.append(try chunk.batch(plan.columns))
                for row in 0..<chunk.count { rows.append(chunk.row(row)) }
            }
        } catch let error as SQLError {
            throw error
        }
        return QueryResult(columns: plan.columns, batches: batches, rows: rows)
    }

    /// Runs binder code, passing SQL errors through and naming any other failure as an internal error.
    static func guarded<T>(_ body: () throws -> T) throws(SQLError) -> T {
        do {
            return try body()
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(SQLState("XX000"), "internal error: \(error)")
        }
    }
}
