/// Turns correlated subqueries into joins, after "Unnesting Arbitrary Queries" (Neumann and Kemper) as DuckDB
/// does it, for the shapes below; any other correlated subquery becomes an `apply` node (run per distinct
/// outer values, cached), never a wrong answer. Uncorrelated scalar and EXISTS subqueries and uncorrelated
/// IN/ANY/ALL outside WHERE conjuncts stay in their expressions: they run once (`SubqueryRunner`).
///
/// Rules, for a subquery whose plan is projections, filters, DISTINCT and ORDER BY over a part without outer
/// references (the *base*):
/// - a WHERE conjunct `EXISTS` / `NOT EXISTS` (correlated) and `x IN` / `x op ANY` (any) become semi and anti
///   joins with the base: equalities `inner = outer` of the subquery's WHERE are hash keys (so is `x = y` of
///   IN), other correlated conditions a residual over the joined row;
/// - EXISTS / IN / ANY / ALL elsewhere (SELECT list, NOT IN, under OR, CASE, ...) become mark joins adding a
///   TRUE/FALSE/NULL column with PostgreSQL's semantics (NOT IN over a set holding NULL is never true);
/// - a scalar subquery `SELECT f(aggregates) FROM ... WHERE inner = outer AND ...` without GROUP BY/HAVING
///   becomes an aggregate grouped by the inner keys, left-joined on the outer keys; a `count` of an outer row
///   without inner rows reads 0 (the COUNT bug), every other aggregate NULL, as over no rows.
enum Decorrelation {
    static func rewrite(_ plan: LogicalPlan) throws -> LogicalPlan {
        var plan = try plan.mapInputs(rewrite)
        plan = try plan.mapExpressions(rewriteNested)
        switch plan.node {
        case let .filter(input, predicate):
            return try filter(input, predicate, columns: plan.columns)
        case let .project(input, expressions):
            var current = input
            let mapped = try expressions.map { try unnest($0, &current) }
            return LogicalPlan(.project(current, mapped), columns: plan.columns)
        case let .aggregate(input, groups, aggregates):
            var current = input
            let mappedGroups = try groups.map { try unnest($0, &current) }
            var mapped = aggregates
            for index in mapped.indices {
                mapped[index].arguments = try mapped[index].arguments.map { try unnest($0, &current) }
            }
            return LogicalPlan(.aggregate(current, groups: mappedGroups, aggregates: mapped), columns: plan.columns)
        default:
            if plan.expressions.contains(where: Binder.hasCorrelatedSubquery) {
                throw SQLError(.featureNotSupported, "a correlated subquery in this clause is not supported")
            }
            return plan
        }
    }

    /// Subqueries' own plans, rewritten at their level.
    static func rewriteNested(_ expression: BoundExpression) throws -> BoundExpression {
        var copy = try expression.mapChildren(rewriteNested)
        if case let .subquery(reference, children) = copy.kind {
            copy.kind = .subquery(reference.with(plan: try rewrite(reference.plan)), children)
        }
        return copy
    }

    static func filter(_ input: LogicalPlan, _ predicate: BoundExpression, columns: [PlanColumn]) throws
        -> LogicalPlan
    {
        guard predicate.containsSubquery else { return LogicalPlan(.filter(input, predicate), columns: columns) }
        var current = input
        var remaining: [BoundExpression] = []
        for conjunct in Binder.conjuncts(predicate) {
            if let joined = semiJoin(conjunct, current) {
                current = joined
                continue
            }
            remaining.append(try unnest(conjunct, &current))
        }
        if !remaining.isEmpty {
            let condition = remaining.count == 1 ? remaining[0] : BoundExpression(.and(remaining), .boolean)
            current = LogicalPlan(.filter(current, condition), columns: current.columns)
        }
        if current.columns.count != input.columns.count {
            current = LogicalPlan(
                .project(current, input.columns.indices.map { BoundExpression(.column($0), input.columns[$0].type) }),
                columns: input.columns)
        }
        return current
    }

    /// `expression` with each correlated subquery replaced by a column that a join (or apply) added to `current`.
    static func unnest(_ expression: BoundExpression, _ current: inout LogicalPlan) throws -> BoundExpression {
        let mapped = try expression.mapChildren { try unnest($0, &current) }
        guard case let .subquery(reference, children) = mapped.kind else { return mapped }
        let operands = Array(children.prefix(reference.operandCount))
        let parameters = Array(children.dropFirst(reference.operandCount))
        guard parameters.contains(where: \.referencesColumns) else { return mapped }
        let width = current.columns.count
        if reference.kind == .scalar, let (plan, value) = scalarJoin(reference, parameters, current) {
            current = plan
            return value
        }
        if reference.kind != .scalar, let plan = markJoin(reference, operands, parameters, current) {
            current = plan
            return BoundExpression(.column(width), .boolean)
        }
        current = LogicalPlan(
            .apply(current, reference, operands: operands, parameters: parameters),
            columns: current.columns + [PlanColumn("subquery", mapped.type)])
        return BoundExpression(.column(width), mapped.type)
    }

    /// A subquery's plan as a base without outer references, its outputs and its correlated conditions (both
    /// over the base's columns, with `.parameter` for outer values).
    struct Flattened {
        var base: LogicalPlan
        var outputs: [BoundExpression]
        var correlated: [BoundExpression]
    }

    static func flatten(_ plan: LogicalPlan, stripOrder: Bool) -> Flattened? {
        var outputs = plan.columns.indices.map { BoundExpression(.column($0), plan.columns[$0].type) }
        var correlated: [BoundExpression] = []
        var local: [BoundExpression] = []
        var node = plan
        walk: while true {
            switch node.node {
            case let .project(input, expressions):
                func through(_ e: BoundExpression) -> BoundExpression {
                    e.remap(column: { index, _ in expressions[index] })
                }
                outputs = outputs.map(through)
                correlated = correlated.map(through)
                local = local.map(through)
                node = input
            case let .filter(input, predicate):
                for conjunct in Binder.conjuncts(predicate) {
                    if conjunct.referencesParameters { correlated.append(conjunct) } else { local.append(conjunct) }
                }
                node = input
            case let .distinct(input) where stripOrder, let .sort(input, _) where stripOrder:
                node = input
            default:
                break walk
            }
        }
        guard !node.referencesParameters else { return nil }
        let unsafe = (outputs + correlated).contains { expression in
            expression.contains {
                switch $0.kind {
                case .subquery, .aggregate: return true
                default: return false
                }
            }
        }
        if unsafe { return nil }
        if !local.isEmpty {
            let condition = local.count == 1 ? local[0] : BoundExpression(.and(local), .boolean)
            node = LogicalPlan(.filter(node, condition), columns: node.columns)
        }
        return Flattened(base: node, outputs: outputs, correlated: correlated)
    }

    /// Hash keys (outer expression over the left input, inner over the base) from `inner = outer` conditions,
    /// and the other conditions over the joined row (left columns, then the base's).
    static func joinConditions(_ flat: Flattened, _ parameters: [BoundExpression], leftWidth: Int) -> (
        keys: [(BoundExpression, BoundExpression)], residual: [BoundExpression]
    ) {
        var keys: [(BoundExpression, BoundExpression)] = []
        var residual: [BoundExpression] = []
        for condition in flat.correlated {
            if case let .function(.equal, arguments) = condition.kind, arguments.count == 2 {
                let (a, b) = (arguments[0], arguments[1])
                if !a.referencesParameters, !b.referencesColumns {
                    keys.append((outer(b, parameters), a))
                    continue
                }
                if !b.referencesParameters, !a.referencesColumns {
                    keys.append((outer(a, parameters), b))
                    continue
                }
            }
            residual.append(joined(condition, parameters, leftWidth: leftWidth))
        }
        return (keys, residual)
    }

    static func outer(_ expression: BoundExpression, _ parameters: [BoundExpression]) -> BoundExpression {
        expression.remap(column: { $1 }, parameter: { index, _ in parameters[index] })
    }

    static func joined(_ expression: BoundExpression, _ parameters: [BoundExpression], leftWidth: Int)
        -> BoundExpression
    {
        expression.remap(
            column: { index, leaf in BoundExpression(.column(leftWidth + index), leaf.type, at: leaf.position) },
            parameter: { index, _ in parameters[index] })
    }

    static func and(_ parts: [BoundExpression]) -> BoundExpression? {
        parts.isEmpty ? nil : (parts.count == 1 ? parts[0] : BoundExpression(.and(parts), .boolean))
    }

    /// The comparison of ANY/ALL over the joined row: operands over the left input, the subquery's outputs over
    /// the base.
    static func comparison(
        _ reference: SubqueryReference, _ operands: [BoundExpression], _ flat: Flattened,
        _ parameters: [BoundExpression], leftWidth: Int
    ) -> BoundExpression? {
        guard let comparison = reference.comparison else { return nil }
        let count = operands.count
        return comparison.remap(column: { index, _ in
            index < count ? operands[index] : joined(flat.outputs[index - count], parameters, leftWidth: leftWidth)
        })
    }

    /// A WHERE conjunct `[NOT] EXISTS (correlated)` or `x op ANY (subquery)` as a semi or anti join.
    static func semiJoin(_ conjunct: BoundExpression, _ current: LogicalPlan) -> LogicalPlan? {
        var negated = false
        var expression = conjunct
        if case let .not(inner) = conjunct.kind {
            negated = true
            expression = inner
        }
        guard case let .subquery(reference, children) = expression.kind else { return nil }
        let operands = Array(children.prefix(reference.operandCount))
        let parameters = Array(children.dropFirst(reference.operandCount))
        let kind: SemiJoinKind
        switch reference.kind {
        case .exists where parameters.contains(where: \.referencesColumns): kind = negated ? .anti : .semi
        case .any where !negated: kind = .semi
        default: return nil
        }
        guard !operands.contains(where: \.containsSubquery), let flat = flatten(reference.plan, stripOrder: true)
        else { return nil }
        let width = current.columns.count
        var (keys, residual) = joinConditions(flat, parameters, leftWidth: width)
        var mark: BoundExpression?
        if reference.kind == .any {
            // `x = y` of IN is a hash key too when y needs no outer value.
            if operands.count == 1, let test = reference.comparison,
                case let .function(.equal, arguments) = test.kind, arguments.count == 2,
                !arguments[0].referencesColumns(atLeast: 1), !arguments[1].referencesColumns(below: 1)
            {
                let inner = arguments[1].remap(column: { index, _ in flat.outputs[index - 1] })
                if !inner.referencesParameters {
                    keys.append((arguments[0].remap(column: { _, _ in operands[0] }), inner))
                } else {
                    mark = comparison(reference, operands, flat, parameters, leftWidth: width)
                }
            } else {
                mark = comparison(reference, operands, flat, parameters, leftWidth: width)
            }
        }
        return LogicalPlan(
            .semiJoin(current, flat.base, kind: kind, equiKeys: keys, residual: and(residual), mark: mark),
            columns: current.columns)
    }

    /// EXISTS / ANY / ALL as a mark join adding a boolean column to `current`.
    static func markJoin(
        _ reference: SubqueryReference, _ operands: [BoundExpression], _ parameters: [BoundExpression],
        _ current: LogicalPlan
    ) -> LogicalPlan? {
        guard let flat = flatten(reference.plan, stripOrder: true) else { return nil }
        let width = current.columns.count
        let (keys, residual) = joinConditions(flat, parameters, leftWidth: width)
        let mark = comparison(reference, operands, flat, parameters, leftWidth: width)
        return LogicalPlan(
            .semiJoin(
                current, flat.base, kind: reference.kind == .all ? .markAll : .markAny, equiKeys: keys,
                residual: and(residual), mark: mark),
            columns: current.columns + [PlanColumn("mark", .boolean)])
    }

    /// `(SELECT f(aggregates) FROM base WHERE inner = outer ...)` as a grouped aggregate left-joined back.
    static func scalarJoin(_ reference: SubqueryReference, _ parameters: [BoundExpression], _ current: LogicalPlan)
        -> (LogicalPlan, BoundExpression)?
    {
        guard case let .project(aggregated, expressions) = reference.plan.node, expressions.count == 1,
            !expressions[0].containsSubquery,
            case let .aggregate(input, groups, aggregates) = aggregated.node, groups.isEmpty,
            let flat = flatten(input, stripOrder: false)
        else { return nil }
        var outerKeys: [BoundExpression] = []
        var innerKeys: [BoundExpression] = []
        for condition in flat.correlated {
            guard case let .function(.equal, arguments) = condition.kind, arguments.count == 2 else { return nil }
            let (a, b) = (arguments[0], arguments[1])
            if !a.referencesParameters, !b.referencesColumns {
                (outerKeys, innerKeys) = (outerKeys + [outer(b, parameters)], innerKeys + [a])
            } else if !b.referencesParameters, !a.referencesColumns {
                (outerKeys, innerKeys) = (outerKeys + [outer(a, parameters)], innerKeys + [b])
            } else {
                return nil
            }
        }
        var mapped = aggregates
        for index in mapped.indices {
            mapped[index].arguments = mapped[index].arguments.map {
                $0.remap(column: { index, _ in flat.outputs[index] })
            }
            if mapped[index].arguments.contains(where: \.referencesParameters) { return nil }
        }
        let keyColumns = innerKeys.enumerated().map { PlanColumn("key\($0.offset + 1)", $0.element.type) }
        let grouped = LogicalPlan(
            .aggregate(flat.base, groups: innerKeys, aggregates: mapped),
            columns: keyColumns + mapped.map { PlanColumn($0.function.rawValue, $0.type) })
        let width = current.columns.count
        let keys = outerKeys.enumerated().map {
            ($0.element, BoundExpression(.column($0.offset), innerKeys[$0.offset].type))
        }
        let join = LogicalPlan(
            .join(current, grouped, kind: .left, equiKeys: keys, residual: nil),
            columns: current.columns + grouped.columns)
        let offset = width + innerKeys.count
        let value = expressions[0].remap(
            column: { index, leaf in
                let column = BoundExpression(.column(offset + index), leaf.type)
                switch mapped[index].function {
                case .count, .countStar, .regrCount, .approxCountDistinct:
                    // The COUNT bug: no inner rows is a count of 0, not NULL.
                    return BoundExpression(.coalesce([column, .literal(.int(0), leaf.type)]), leaf.type)
                default:
                    return column
                }
            },
            parameter: { index, _ in parameters[index] })
        return (join, value)
    }
}

extension BoundExpression {
    fileprivate func referencesColumns(atLeast minimum: Int) -> Bool {
        contains { if case let .column(index) = $0.kind { index >= minimum } else { false } }
    }

    fileprivate func referencesColumns(below limit: Int) -> Bool {
        contains { if case let .column(index) = $0.kind { index < limit } else { false } }
    }
}
