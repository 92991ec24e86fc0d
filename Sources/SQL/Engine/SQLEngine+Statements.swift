public import Columnar

/// What a statement layer above the engine (QueryService's sessions: CTAS, INSERT, views) needs: binding a
/// parsed query, running a plan batch by batch, EXPLAIN text, and INSERT's assignment casts.
extension SQLEngine {
    /// The bound plan of a parsed query, its correlated subqueries turned into joins.
    public func bind(_ query: Query, catalog: any SQLCatalog) throws(SQLError) -> LogicalPlan {
        let context = try sessionContext()
        return try SQLEngine.guarded {
            try SessionContext.$current.withValue(context) {
                try Decorrelation.rewrite(try binder(catalog).bindQuery(query))
            }
        }
    }

    /// A cursor that runs `plan` (with projections and filter hints pushed into its scans) batch by batch.
    /// The cursor's operators share one statement context (this engine's memory limit and spill storage); it
    /// is finished (spill runs deleted) when the cursor ends or fails, or by `close()`.
    public func open(_ plan: LogicalPlan) throws(SQLError) -> QueryCursor {
        let execution = executionContext()
        execution.deadline = options.statementTimeout.map { ContinuousClock.now + $0 }
        let session = try sessionContext()
        let root = try SQLEngine.guarded {
            try SessionContext.$current.withValue(session) {
                try ExecutionContext.$current.withValue(execution) {
                    try SubqueryRunner.root(plan.pushingIntoScans(), context: execution)
                }
            }
        }
        return QueryCursor(columns: plan.columns, root: root, execution: execution, context: session)
    }

    /// `EXPLAIN ANALYZE`: runs the plan to its end (its rows are dropped) and returns the operators as they ran,
    /// each with the rows and batches it returned and the time spent in it, then the statement's totals.
    public func explainAnalyze(_ plan: LogicalPlan) async throws(SQLError) -> QueryResult {
        let execution = executionContext()
        execution.deadline = options.statementTimeout.map { ContinuousClock.now + $0 }
        let profile = ExecutionProfile()
        execution.profile = profile
        let session = try sessionContext()
        let start = ContinuousClock.now
        do {
            try await SessionContext.$current.withValue(session) { () async throws -> Void in
                try await ExecutionContext.$current.withValue(execution) { () async throws -> Void in
                    let root = try SubqueryRunner.root(plan.pushingIntoScans(), context: execution)
                    while try await root.next() != nil { try execution.checkCancellation() }
                }
            }
        } catch {
            await execution.finish()
            if error is CancellationError || Task.isCancelled { throw SQLError.canceledByUser }
            if let error = error as? SQLError { throw error }
            throw SQLError(SQLState("XX000"), "internal error: \(error)")
        }
        await execution.finish()
        let elapsed = ContinuousClock.now - start
        let statistics = execution.statistics
        var text = profile.lines()
        text.append("Peak memory: \(statistics.peakReservedBytes) bytes of \(options.memoryLimit)")
        if statistics.spillRuns > 0 {
            text.append(
                "Spilled: \(statistics.spilledRows) rows, \(statistics.spilledBytes) bytes in \(statistics.spillRuns) runs"
            )
        }
        text.append("Execution Time: \(ExecutionProfile.format(elapsed)) ms")
        let lines = text.map { [Datum.text($0)] }
        let columns = [PlanColumn("QUERY PLAN", .text)]
        let chunk = Chunk.fromRows(lines, width: 1)
        return try SQLEngine.guarded { QueryResult(columns: columns, batches: [try chunk.batch(columns)], rows: lines) }
    }

    /// `EXPLAIN`'s result for a plan as it runs (projections and field accesses pushed into its scans): one text
    /// row per line.
    public func explainResult(_ plan: LogicalPlan) throws(SQLError) -> QueryResult {
        let explained = LogicalPlan.$explainWorkers.withValue(threads) { plan.pushingIntoScans().explain }
        let lines = explained.split(separator: "\n").map { [Datum.text(String($0))] }
        let columns = [PlanColumn("QUERY PLAN", .text)]
        let chunk = Chunk.fromRows(lines, width: 1)
        return try SQLEngine.guarded { QueryResult(columns: columns, batches: [try chunk.batch(columns)], rows: lines) }
    }

    /// The rows an `INSERT` adds, as a plan with exactly `target`'s columns in order: the source's values
    /// converted by PostgreSQL's assignment casts, columns the statement does not name filled with NULL.
    /// `table` names the relation in errors.
    public func bindInsert(_ insert: Insert, table: String, target: [PlanColumn], catalog: any SQLCatalog)
        throws(SQLError) -> LogicalPlan
    {
        let context = try sessionContext()
        return try SQLEngine.guarded {
            try SessionContext.$current.withValue(context) {
                try Decorrelation.rewrite(try binder(catalog).bindInsert(insert, table: table, target: target))
            }
        }
    }
}

/// Runs a plan pull by pull: each `next()` returns the next non-empty batch of rows, nil at the end.
/// Cancellation is the calling task's: the cursor stops between batches.
public final class QueryCursor {
    public let columns: [PlanColumn]
    private let root: any PhysicalOperator
    /// The statement's execution state (memory, spill runs), finished when the cursor ends.
    private let execution: ExecutionContext
    /// The session (zone, `now()`) the statement runs with, fixed when it was opened.
    let context: SessionContext
    private var finished = false

    init(columns: [PlanColumn], root: any PhysicalOperator, execution: ExecutionContext, context: SessionContext) {
        self.columns = columns
        self.root = root
        self.execution = execution
        self.context = context
    }

    /// What the statement used so far (peak memory, spilled bytes and runs).
    public var statistics: ExecutionStatistics { execution.statistics }

    /// The next batch of rows (as a one-batch `QueryResult`), or nil when the query is done. With `rows` false the
    /// result holds only `batches` (its `rows` are empty): for readers of columns, which then skip building a
    /// `Datum` per value.
    public func next(rows: Bool = true) async throws -> QueryResult? {
        let withRows = rows
        guard !finished else { return nil }
        do {
            let (execution, session, root, columns) = (self.execution, self.context, self.root, self.columns)
            let batch = try await SessionContext.$current.withValue(session) { () async throws -> QueryResult? in
                try await ExecutionContext.$current.withValue(execution) { () async throws -> QueryResult? in
                    while let chunk = try await root.next() {
                        try execution.checkCancellation()
                        if chunk.count == 0 { continue }
                        let rows = withRows ? (0..<chunk.count).map { chunk.row($0) } : []
                        return QueryResult(
                            columns: columns, batches: [try chunk.batch(columns)], rows: rows,
                            timeZone: session.timeZone)
                    }
                    return nil
                }
            }
            if batch == nil { await close() }
            return batch
        } catch {
            await close()
            if error is CancellationError || Task.isCancelled { throw SQLError.canceledByUser }
            throw error
        }
    }

    /// Ends the statement early: deletes its spill runs and drops its reservations.
    public func close() async {
        guard !finished else { return }
        finished = true
        await execution.finish()
    }
}

extension Datum {
    /// The Columnar value of this datum in a column of SQL type `type` (unconstrained numeric as the
    /// `SQLType.numericLayout` struct).
    public func columnar(as type: SQLType) -> Value { columnarValue(as: type) }

    /// The datum of a Columnar value read from a column of SQL type `type`.
    public init(columnar value: Value, type: SQLType) { self.init(value, type: type) }
}

extension Binder {
    func bindInsert(_ insert: Insert, table: String, target: [PlanColumn]) throws -> LogicalPlan {
        var targets: [Int] = []
        if insert.columns.isEmpty {
            targets = Array(target.indices)
        } else {
            for column in insert.columns {
                guard case let .found(index) = NameMatch.match(column, in: target.map(\.name)) else {
                    throw SQLError(
                        .undefinedColumn, "column \"\(column.original)\" of relation \"\(table)\" does not exist",
                        position: insert.position.reported)
                }
                guard !targets.contains(index) else {
                    throw SQLError(
                        SQLState("42701"), "column \"\(target[index].name)\" specified more than once",
                        position: insert.position.reported)
                }
                targets.append(index)
            }
        }
        let source = insert.source
        let plainValues: [[Expression]]?
        if case let .values(rows, _) = source.body, source.with == nil, source.orderBy.isEmpty, source.limit == nil,
            source.offset == nil
        {
            plainValues = rows
        } else {
            plainValues = nil
        }
        var input: LogicalPlan
        var width: Int
        if let rows = plainValues {
            // VALUES rows convert each value straight to its column's type, so untyped literals ('5') are read
            // as that type, as PostgreSQL does.
            width = rows.first?.count ?? 0
            try Binder.checkWidth(width, targets: targets.count, explicit: !insert.columns.isEmpty)
            var bound: [[BoundExpression]] = []
            for row in rows {
                guard row.count == width else {
                    throw SQLError(
                        .syntaxError, "VALUES lists must all be the same length",
                        position: row.first?.position.reported)
                }
                var context = ExpressionContext(aggregatesForbiddenIn: "VALUES")
                var converted: [BoundExpression] = []
                for (index, expression) in row.enumerated() {
                    let value = try bind(expression, .empty, &context)
                    converted.append(
                        try Binder.assign(value, to: target[targets[index]], position: expression.position))
                }
                bound.append(converted)
            }
            input = LogicalPlan(
                .values(bound), columns: targets.prefix(width).map { target[$0] })
        } else {
            let plan = try bindQuery(source)
            width = plan.columns.count
            try Binder.checkWidth(width, targets: targets.count, explicit: !insert.columns.isEmpty)
            var expressions: [BoundExpression] = []
            for (index, column) in plan.columns.enumerated() {
                let value = BoundExpression(.column(index), column.type)
                expressions.append(try Binder.assign(value, to: target[targets[index]], position: source.position))
            }
            input = LogicalPlan(.project(plan, expressions), columns: targets.prefix(width).map { target[$0] })
        }
        var output: [BoundExpression] = []
        for (index, column) in target.enumerated() {
            if let at = targets.prefix(width).firstIndex(of: index) {
                output.append(BoundExpression(.column(at), column.type))
            } else {
                output.append(BoundExpression(.literal(.null), column.type))
            }
        }
        return LogicalPlan(.project(input, output), columns: target)
    }

    static func checkWidth(_ width: Int, targets: Int, explicit: Bool) throws {
        if width > targets {
            throw SQLError(.syntaxError, "INSERT has more expressions than target columns")
        }
        if explicit, width < targets {
            throw SQLError(.syntaxError, "INSERT has more target columns than expressions")
        }
    }

    /// `value` converted to `column`'s type by an assignment cast (PostgreSQL's `coerce_to_target_type` with
    /// COERCION_ASSIGNMENT), or `42804`.
    static func assign(_ value: BoundExpression, to column: PlanColumn, position: SourcePosition) throws
        -> BoundExpression
    {
        let source = value.type
        let target = column.type
        guard assignable(from: source, to: target) else {
            throw SQLError(
                .datatypeMismatch,
                "column \"\(column.name)\" is of type \(target) but expression is of type \(source)",
                position: value.position.reported ?? position.reported,
                hint: "You will need to rewrite or cast the expression.")
        }
        return try Operators.coerce(value, to: target)
    }

    /// PostgreSQL's assignment casts among the engine's types: the implicit ones, every numeric to numeric
    /// conversion, anything to text (I/O conversion), timestamptz to timestamp, timestamps to date.
    static func assignable(from source: SQLType, to target: SQLType) -> Bool {
        if Coercion.implicit(from: source, to: target) { return true }
        if source.numericRank != nil, target.numericRank != nil { return true }
        if target == .text { return Cast.exists(from: source, to: target) }
        switch (source, target) {
        case (.timestamp(true), .timestamp(false)), (.timestamp, .date): return true
        default: return false
        }
    }
}

extension QueryResult {
    /// A result of rows of datums (typed by `columns`), as one batch.
    public init(columns: [PlanColumn], rows: [[Datum]]) throws(SQLError) {
        let chunk = Chunk.fromRows(rows, width: columns.count)
        let batch = try SQLEngine.guarded { try chunk.batch(columns) }
        self.init(columns: columns, batches: rows.isEmpty ? [] : [batch], rows: rows)
    }
}

extension SQLEngine {
    /// What a query would return and take, without running it (the extended query protocol's Describe): its
    /// result columns, and the type of each of `parameters`' `$n` (declared, else inferred from its use, else
    /// `text` as PostgreSQL does for `SELECT $1`).
    public func describe(_ query: Query, catalog: any SQLCatalog, parameters: [SQLType?]) throws(SQLError)
        -> (columns: [PlanColumn], parameterTypes: [SQLType])
    {
        var engine = self
        engine.parameters = StatementParameters(types: parameters)
        let inference = ParameterInference()
        let bound = ParameterInference.$current.withValue(inference) {
            Result { () throws(SQLError) in try engine.bind(query, catalog: catalog) }
        }
        let plan = try bound.get()
        let types = parameters.indices.map { index in
            parameters[index] ?? inference.type(of: index + 1).map { $0 == .unknown ? .text : $0 } ?? .text
        }
        return (plan.columns, types)
    }
}
