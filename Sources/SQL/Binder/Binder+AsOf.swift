extension Binder {
    /// `left ASOF [LEFT] JOIN right ON <equalities> AND <one inequality>` (DuckDB's point-in-time join): per left
    /// row, the right row whose equality keys match and whose inequality operand is nearest while the inequality
    /// holds (`l.ts >= r.ts`: the latest right row at or before `l.ts`). The ON condition must be a conjunction of
    /// equalities between the sides and exactly one of `>=`, `>`, `<=`, `<` between them; anything else is `0A000`.
    /// The plan is a join of kind `.asOf`/`.asOfLeft` whose `residual` is that inequality, left operand first.
    func bindAsOfJoin(_ join: Join) throws -> (LogicalPlan, Scope) {
        let kind: LogicalPlan.JoinKind = join.kind == .asOfLeft ? .asOfLeft : .asOf
        guard !join.natural, case let .on(expression) = join.condition else {
            throw Binder.unsupported("ASOF JOIN without an ON condition (NATURAL or USING)", join.position)
        }
        if case .subquery(_, _, true, _) = join.right { throw Binder.unsupported("ASOF JOIN LATERAL", join.position) }
        let (left, leftScope) = try bindReference(join.left)
        let (right, rightScope) = try bindReference(join.right)
        let leftCount = left.columns.count
        let (_, combined) = Binder.combine(left, leftScope, right, rightScope, kind: kind, keys: [], residual: nil)
        var context = ExpressionContext(aggregatesForbiddenIn: "JOIN conditions")
        let predicate = try Operators.boolean(try bind(expression, combined, &context), "JOIN/ON")
        var keys: [(BoundExpression, BoundExpression)] = []
        var inequality: BoundExpression?
        for conjunct in Binder.conjuncts(predicate) {
            guard !conjunct.containsSubquery, case let .function(function, arguments) = conjunct.kind,
                arguments.count == 2
            else { throw Self.asOfCondition(join) }
            let sides = arguments.map { Binder.side(of: $0, leftCount: leftCount) }
            let swapped: Bool
            switch (sides[0], sides[1]) {
            case (.left, .right): swapped = false
            case (.right, .left): swapped = true
            default: throw Self.asOfCondition(join)
            }
            let (l, r) = swapped ? (arguments[1], arguments[0]) : (arguments[0], arguments[1])
            switch function {
            case .equal:
                keys.append((l, try Binder.shift(r, by: -leftCount)))
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard inequality == nil else { throw Self.asOfCondition(join) }
                let flipped: ScalarFunction =
                    switch function {
                    case .less: .greater
                    case .lessOrEqual: .greaterOrEqual
                    case .greater: .less
                    default: .lessOrEqual
                    }
                inequality = BoundExpression(.function(swapped ? flipped : function, [l, r]), .boolean)
            default:
                throw Self.asOfCondition(join)
            }
        }
        guard let inequality else { throw Self.asOfCondition(join) }
        return Binder.combine(left, leftScope, right, rightScope, kind: kind, keys: keys, residual: inequality)
    }

    static func asOfCondition(_ join: Join) -> SQLError {
        SQLError(
            .featureNotSupported,
            "ASOF JOIN needs an ON condition of equalities and exactly one inequality (>=, >, <=, <) between the two sides",
            position: join.position.reported)
    }
}
