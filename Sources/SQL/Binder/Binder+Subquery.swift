/// An enclosing query level seen from a subquery: its scope (where outer references resolve), the binder and
/// expression context of the clause the subquery sits in (where an outer aggregate is registered), and the
/// values the subquery takes from it (`.parameter(i)` inside the subquery is `parameters[i]` here).
final class OuterFrame {
    let scope: Scope
    let binder: Binder
    var context: ExpressionContext
    var parameters: [BoundExpression] = []

    init(scope: Scope, binder: Binder, context: ExpressionContext) {
        self.scope = scope
        self.binder = binder
        self.context = context
    }

    func parameter(for expression: BoundExpression) -> Int {
        if let index = parameters.firstIndex(of: expression) { return index }
        parameters.append(expression)
        return parameters.count - 1
    }
}

extension Binder {
    /// Binds `query` as a subquery of a clause over `scope`: the plan and the values it takes from this level.
    func bindSubqueryPlan(_ query: Query, _ scope: Scope, _ context: inout ExpressionContext) throws
        -> (LogicalPlan, [BoundExpression])
    {
        let frame = OuterFrame(scope: scope, binder: self, context: context)
        var inner = self
        inner.outer.append(frame)
        inner.nesting += 1
        let plan = try inner.bindQuery(query)
        context = frame.context
        return (plan, frame.parameters)
    }

    /// A column name not found in the local scope, looked up in the enclosing queries, innermost first (as
    /// PostgreSQL does). Each level between the defining one and this one passes the value down as a parameter.
    func resolveOuter(_ names: [Identifier], at position: SourcePosition) throws -> BoundExpression? {
        for level in outer.indices.reversed() {
            let found: BoundExpression
            do {
                found = try outer[level].scope.resolve(names, at: position)
            } catch let error as SQLError where error.state == .undefinedColumn {
                continue
            }
            var index = outer[level].parameter(for: found)
            for frame in outer[(level + 1)...] {
                index = frame.parameter(for: BoundExpression(.parameter(index), found.type))
            }
            return BoundExpression(.parameter(index), found.type, at: position)
        }
        return nil
    }

    /// PostgreSQL's rule for an aggregate inside a subquery whose arguments use only outer columns: it belongs to
    /// the outer query (computed there, a value here). nil when it belongs to this level.
    func bindOuterAggregate(_ call: FunctionCall, _ position: SourcePosition, _ scope: Scope) throws
        -> BoundExpression?
    {
        guard let frame = outer.last, !call.star else { return nil }
        let saved = outer.map(\.parameters.count)
        var scratch = ExpressionContext()
        scratch.insideAggregate = true
        // Every expression of the call decides its level: arguments, ORDER BY / WITHIN GROUP keys, FILTER.
        let expressions =
            call.arguments + call.orderBy.map(\.expression) + call.withinGroup.map(\.expression)
            + (call.filter.map { [$0] } ?? [])
        let arguments = try expressions.map { try bind($0, scope, &scratch) }
        for (frame, count) in zip(outer, saved) { frame.parameters.removeSubrange(count...) }
        guard !arguments.contains(where: \.referencesColumns), arguments.contains(where: \.referencesParameters)
        else { return nil }
        let bound = try frame.binder.bindFunction(call, position, frame.scope, &frame.context)
        return BoundExpression(.parameter(frame.parameter(for: bound)), bound.type, at: position)
    }

    /// Scalar subqueries, EXISTS, `[NOT] IN (subquery)`, `op ANY|SOME|ALL (subquery)`.
    func bindSubqueryExpression(_ expression: Expression, _ scope: Scope, _ context: inout ExpressionContext)
        throws -> BoundExpression
    {
        let position = expression.position
        switch expression.kind {
        case let .subquery(query):
            let (plan, parameters) = try bindSubqueryPlan(query, scope, &context)
            guard plan.columns.count == 1 else {
                throw SQLError(.syntaxError, "subquery must return only one column", position: position.reported)
            }
            let reference = SubqueryReference(kind: .scalar, plan: plan)
            return BoundExpression(.subquery(reference, parameters), plan.columns[0].type, at: position)
        case let .exists(query):
            let (plan, parameters) = try bindSubqueryPlan(query, scope, &context)
            let reference = SubqueryReference(kind: .exists, plan: plan)
            return BoundExpression(.subquery(reference, parameters), .boolean, at: position)
        case let .inSubquery(operand, query, negated):
            let bound = try bindQuantified(operand, .equal, .any, query, position, scope, &context)
            return negated ? BoundExpression(.not(bound), .boolean, at: position) : bound
        case let .quantified(operand, op, quantifier, source):
            guard case let .subquery(query) = source else {
                guard case let .array(array) = source else { throw Binder.unsupported("ANY/ALL", position) }
                return try bindQuantifiedArray(operand, op, quantifier, array, position, scope, &context)
            }
            return try bindQuantified(operand, op, quantifier, query, position, scope, &context)
        case let .arraySubquery(query):
            return try bindArraySubquery(query, position, scope, &context)
        default:
            throw Binder.unsupported("this subquery form", position)
        }
    }

    func bindQuantified(
        _ operand: Expression, _ op: BinaryOperator, _ quantifier: Quantifier, _ query: Query,
        _ position: SourcePosition, _ scope: Scope, _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        switch op {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: break
        default: throw Binder.unsupported("operator \(op.symbol) with ANY/ALL", position)
        }
        var items = [operand]
        if case let .row(values, _) = operand.kind { items = values }
        if items.count > 1, op != .equal, op != .notEqual {
            throw Binder.unsupported("row comparisons other than = and <> with a subquery", position)
        }
        let operands = try items.map { try bind($0, scope, &context) }
        let (plan, parameters) = try bindSubqueryPlan(query, scope, &context)
        if plan.columns.count != operands.count {
            let which = plan.columns.count > operands.count ? "many" : "few"
            throw SQLError(.syntaxError, "subquery has too \(which) columns", position: position.reported)
        }
        let count = operands.count
        var parts: [BoundExpression] = []
        for index in 0..<count {
            let left = BoundExpression(.column(index), operands[index].type)
            let right = BoundExpression(.column(count + index), plan.columns[index].type)
            parts.append(try Operators.binary(op, left, right, at: position))
        }
        let comparison =
            count == 1 ? parts[0] : BoundExpression(op == .equal ? .and(parts) : .or(parts), .boolean)
        let reference = SubqueryReference(
            kind: quantifier == .all ? .all : .any, plan: plan, operandCount: count, comparison: comparison)
        return BoundExpression(.subquery(reference, operands + parameters), .boolean, at: position)
    }
}
