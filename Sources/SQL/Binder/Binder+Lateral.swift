extension Binder {
    /// Whether `expression` holds a subquery that takes values from this level's columns.
    static func hasCorrelatedSubquery(_ expression: BoundExpression) -> Bool {
        expression.contains { node in
            guard case let .subquery(reference, children) = node.kind else { return false }
            return children.dropFirst(reference.operandCount).contains(where: \.referencesColumns)
        }
    }

    /// `left, LATERAL (subquery) alias`: the subquery sees the columns of the FROM items before it. nil when
    /// `reference` is not a lateral subquery.
    func bindLateral(_ reference: TableReference, _ left: LogicalPlan, _ leftScope: Scope) throws -> (
        LogicalPlan, Scope
    )? {
        guard case let .subquery(query, alias, true, _) = reference else { return nil }
        var context = ExpressionContext(aggregatesForbiddenIn: "FROM clause")
        let (plan, parameters) = try bindSubqueryPlan(query, leftScope, &context)
        let (right, rightScope) = try aliased(plan, table: nil, alias: alias)
        let (joined, scope) = Binder.combine(left, leftScope, right, rightScope, kind: .cross, keys: [], residual: nil)
        if parameters.isEmpty { return (joined, scope) }
        let node = LogicalPlan(
            .lateralJoin(left, right, parameters: parameters, leftOuter: false, condition: nil), columns: joined.columns
        )
        return (node, scope)
    }

    /// `left [INNER|LEFT|CROSS] JOIN LATERAL (subquery) alias [ON condition]`. nil when the right side is not a
    /// lateral subquery.
    func bindLateralJoin(_ join: Join, _ kind: LogicalPlan.JoinKind, _ left: LogicalPlan, _ leftScope: Scope) throws
        -> (LogicalPlan, Scope)?
    {
        guard case let .subquery(query, alias, true, _) = join.right else { return nil }
        var context = ExpressionContext(aggregatesForbiddenIn: "FROM clause")
        let (plan, parameters) = try bindSubqueryPlan(query, leftScope, &context)
        let (right, rightScope) = try aliased(plan, table: nil, alias: alias)
        if parameters.isEmpty || join.natural { return nil }
        guard kind == .inner || kind == .left || kind == .cross else {
            throw SQLError(
                .invalidColumnReference,
                "invalid reference to FROM-clause entry for table in a \(kind == .right ? "RIGHT" : "FULL") JOIN LATERAL",
                position: join.position.reported,
                hint: "The combining JOIN type must be INNER or LEFT for a LATERAL reference.")
        }
        let (joined, scope) = Binder.combine(left, leftScope, right, rightScope, kind: .cross, keys: [], residual: nil)
        var condition: BoundExpression?
        switch join.condition {
        case nil: break
        case let .on(expression):
            var onContext = ExpressionContext(aggregatesForbiddenIn: "JOIN conditions")
            let predicate = try Operators.boolean(try bind(expression, scope, &onContext), "JOIN/ON")
            if Binder.hasCorrelatedSubquery(predicate) {
                throw Binder.unsupported("correlated subqueries in the ON clause of a LATERAL join", join.position)
            }
            condition = predicate
        case .using:
            throw Binder.unsupported("USING with LATERAL", join.position)
        }
        let node = LogicalPlan(
            .lateralJoin(left, right, parameters: parameters, leftOuter: kind == .left, condition: condition),
            columns: joined.columns)
        return (node, scope)
    }
}
