/// Turns a parsed query into a bound `LogicalPlan`: names resolved against the catalog (and CTEs), every
/// expression typed, aggregates extracted, ORDER BY resolved per PostgreSQL's rules.
struct Binder {
    let catalog: any SQLCatalog
    /// Common table expressions in scope, innermost last (`recursive`: a recursive query's own name while its
    /// terms are bound).
    var ctes: [(name: Identifier, plan: LogicalPlan, recursive: RecursiveReference?)] = []
    /// The enclosing queries of a subquery, outermost first (`Binder+Subquery.swift`).
    var outer: [OuterFrame] = []
    /// How many subqueries deep this binder is.
    var nesting = 0
    var recursionLimits = RecursionLimits()
    /// Shared by every binder of one statement (views included): work table ids are unique in a plan.
    var state = BindingState()
    /// How many views deep this binder expands (`Binder+Views.swift`).
    var viewDepth = 0
    /// The statement's `$n` parameters (`Binder+Parameters.swift`); nil: a statement without any.
    var parameters: StatementParameters?

    init(catalog: any SQLCatalog) { self.catalog = catalog }

    func bindQuery(_ query: Query) throws -> LogicalPlan {
        var binder = self
        if let with = query.with {
            for cte in with.tables {
                var plan = with.recursive ? try binder.bindRecursiveCTE(cte) : try binder.bindQuery(cte.query)
                if !cte.columns.isEmpty {
                    guard cte.columns.count <= plan.columns.count else {
                        throw SQLError(
                            .invalidColumnReference,
                            "WITH query \"\(cte.name.original)\" has \(plan.columns.count) columns available but \(cte.columns.count) columns specified",
                            position: cte.position.reported)
                    }
                    for (index, column) in cte.columns.enumerated() { plan.columns[index].name = column.value }
                }
                binder.ctes.append((cte.name, plan, nil))
            }
        }
        var plan: LogicalPlan
        if case let .select(select) = query.body {
            plan = try binder.bindSelect(select, orderBy: query.orderBy)
        } else {
            plan = try binder.bindBody(query.body)
            if !query.orderBy.isEmpty { plan = try binder.bindSetOrder(plan, query.orderBy) }
        }
        let limit = try query.limit.map { try binder.constant($0, "LIMIT") }
        let offset = try query.offset.map { try binder.constant($0, "OFFSET") }
        if query.withTies {
            return try Binder.limitWithTies(plan, limit: limit ?? nil, offset: (offset ?? nil) ?? 0)
        }
        if limit != nil || offset != nil {
            if let limit = limit ?? nil, limit < 0 {
                throw SQLError(SQLState("2201W"), "LIMIT must not be negative")
            }
            if let offset = offset ?? nil, offset < 0 {
                throw SQLError(SQLState("2201X"), "OFFSET must not be negative")
            }
            plan = LogicalPlan(.limit(plan, limit: limit ?? nil, offset: (offset ?? nil) ?? 0), columns: plan.columns)
        }
        return plan
    }

    /// A constant bigint for LIMIT/OFFSET (NULL: none).
    func constant(_ expression: Expression, _ clause: String) throws -> Int64? {
        var context = ExpressionContext(aggregatesForbiddenIn: clause)
        let bound = try Operators.coerce(try bind(expression, .empty, &context), to: .bigint)
        if bound.containsSubquery || bound.referencesParameters {
            throw Binder.unsupported("subqueries and outer references in \(clause)", expression.position)
        }
        let value = try Evaluator.evaluateConstant(bound)
        if case let .int(number) = value { return number }
        return nil
    }

    func bindBody(_ body: QueryBody) throws -> LogicalPlan {
        switch body {
        case let .select(select):
            return try bindSelect(select, orderBy: [])
        case let .query(query):
            return try bindQuery(query)
        case let .table(name):
            let (plan, _) = try bindTable(name, alias: nil)
            return plan
        case let .values(rows, position):
            return try bindValues(rows, position)
        case let .setOperation(operation):
            let left = try bindBody(operation.left)
            let before = activeRecursiveUses
            let right = try bindBody(operation.right)
            // PostgreSQL: the recursive reference may not be in the right operand of EXCEPT.
            if operation.op == .except { try checkRecursiveUse(since: before, "within EXCEPT") }
            guard left.columns.count == right.columns.count else {
                throw SQLError(
                    .syntaxError, "each \(operation.op.rawValue) query must have the same number of columns",
                    position: operation.position.reported)
            }
            var types: [SQLType] = []
            for (l, r) in zip(left.columns, right.columns) {
                types.append(try Coercion.common([l.type, r.type], context: operation.op.rawValue))
            }
            let columns = zip(left.columns, types).map { PlanColumn($0.name, $1) }
            return LogicalPlan(
                .setOperation(
                    operation.op, all: operation.all, try Binder.project(left, to: types),
                    try Binder.project(right, to: types)), columns: columns)
        }
    }

    /// `plan` with its columns converted to `types` (a projection only when one differs).
    static func project(_ plan: LogicalPlan, to types: [SQLType]) throws -> LogicalPlan {
        if plan.columns.map(\.type) == types { return plan }
        var expressions: [BoundExpression] = []
        for (index, column) in plan.columns.enumerated() {
            expressions.append(
                try Operators.coerce(BoundExpression(.column(index), column.type), to: types[index]))
        }
        return LogicalPlan(
            .project(plan, expressions), columns: zip(plan.columns, types).map { PlanColumn($0.name, $1) })
    }

    func bindValues(_ rows: [[Expression]], _ position: SourcePosition) throws -> LogicalPlan {
        guard let width = rows.first?.count else { throw SQLError(.syntaxError, "VALUES must have rows") }
        var bound: [[BoundExpression]] = []
        for row in rows {
            guard row.count == width else {
                throw SQLError(
                    .syntaxError, "VALUES lists must all be the same length", position: row.first?.position.reported)
            }
            var context = ExpressionContext(aggregatesForbiddenIn: "VALUES")
            bound.append(try row.map { try bind($0, .empty, &context) })
        }
        var types: [SQLType] = []
        for column in 0..<width {
            types.append(try Coercion.common(bound.map { $0[column].type }, context: "VALUES"))
        }
        let coerced = try bound.map { row in try row.enumerated().map { try Operators.coerce($1, to: types[$0]) } }
        return LogicalPlan(
            .values(coerced), columns: types.enumerated().map { PlanColumn("column\($0 + 1)", $1) })
    }

    /// ORDER BY over a set operation or VALUES: output names and ordinals only.
    func bindSetOrder(_ plan: LogicalPlan, _ items: [OrderItem]) throws -> LogicalPlan {
        var keys: [SortKey] = []
        for item in items {
            var index: Int?
            if case let .literal(.integer(digits)) = item.expression.kind {
                guard let ordinal = Int(digits), ordinal >= 1, ordinal <= plan.columns.count else {
                    throw SQLError(
                        .invalidColumnReference, "ORDER BY position \(digits) is not in select list",
                        position: item.expression.position.reported)
                }
                index = ordinal - 1
            } else if case let .column(names) = item.expression.kind, names.count == 1 {
                if case let .found(found) = NameMatch.match(names[0], in: plan.columns.map(\.name)) { index = found }
            }
            guard let index else {
                throw SQLError(
                    .featureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                    position: item.expression.position.reported)
            }
            keys.append(Binder.sortKey(BoundExpression(.column(index), plan.columns[index].type), item))
        }
        return LogicalPlan(.sort(plan, keys), columns: plan.columns)
    }

    static func sortKey(_ expression: BoundExpression, _ item: OrderItem) -> SortKey {
        let descending = item.direction == .descending
        let nullsFirst = item.nulls.map { $0 == .first } ?? descending
        return SortKey(expression: expression, descending: descending, nullsFirst: nullsFirst)
    }
}
