import Columnar

extension Binder {
    func bindFrom(_ references: [TableReference]) throws -> (LogicalPlan, Scope) {
        guard let first = references.first else {
            return (LogicalPlan(.values([[]]), columns: []), .empty)
        }
        var (plan, scope) = try bindReference(first)
        for reference in references.dropFirst() {
            if let lateral = try bindLateral(reference, plan, scope) {
                (plan, scope) = lateral
                continue
            }
            if Binder.leadsWithFunction(reference) {
                (plan, scope) = try bindReference(reference, after: (plan, scope))
                continue
            }
            let (right, rightScope) = try bindReference(reference)
            (plan, scope) = Binder.combine(plan, scope, right, rightScope, kind: .cross, keys: [], residual: nil)
        }
        return (plan, scope)
    }

    static func combine(
        _ left: LogicalPlan, _ leftScope: Scope, _ right: LogicalPlan, _ rightScope: Scope, kind: LogicalPlan.JoinKind,
        keys: [(BoundExpression, BoundExpression)], residual: BoundExpression?
    ) -> (LogicalPlan, Scope) {
        let plan = LogicalPlan(
            .join(left, right, kind: kind, equiKeys: keys, residual: residual),
            columns: (left.columns + right.columns).map { column in
                // An outer join's columns are nullable, their types unchanged.
                column
            })
        var scope = Scope()
        scope.columns = leftScope.columns + rightScope.columns
        scope.starOrder = leftScope.starOrder + rightScope.starOrder.map { $0 + leftScope.columns.count }
        return (plan, scope)
    }

    func bindTable(_ name: ObjectName, alias: TableAlias?) throws -> (LogicalPlan, Scope) {
        if name.parts.count == 1, let identifier = name.name,
            let cte = ctes.last(where: { NameMatch.matches(identifier, $0.name.value) })
        {
            if let recursive = cte.recursive { return try bindRecursiveReference(recursive, alias: alias) }
            return try aliased(cte.plan, table: cte.name.value, alias: alias)
        }
        if let system = try bindSystemTable(name, alias: alias) { return system }
        if let expanded = try bindView(name, alias: alias) { return expanded }
        let table = try catalog.resolve(name)
        let columns = table.schema.fields.map { PlanColumn($0.name, SQLType($0.type)) }
        let plan = LogicalPlan(
            .scan(table: table, columns: Array(table.schema.fields.indices), filters: []), columns: columns)
        return try aliased(plan, table: table.name, alias: alias)
    }

    func aliased(_ plan: LogicalPlan, table: String?, alias: TableAlias?) throws -> (LogicalPlan, Scope) {
        var plan = plan
        if let alias {
            guard alias.columns.count <= plan.columns.count else {
                throw SQLError(
                    .invalidColumnReference,
                    "table \"\(alias.name.original)\" has \(plan.columns.count) columns available but \(alias.columns.count) columns specified"
                )
            }
            for (index, column) in alias.columns.enumerated() { plan.columns[index].name = column.value }
        }
        return (plan, Scope(table: alias?.name.value ?? table, columns: plan.columns))
    }

    /// `after`: the FROM items before `reference` when it leads with a function (`Binder.leadsWithFunction`).
    func bindReference(_ reference: TableReference, after: (LogicalPlan, Scope)? = nil) throws -> (LogicalPlan, Scope) {
        switch reference {
        case let .table(name, alias):
            return try bindTable(name, alias: alias)
        case let .subquery(query, alias, _, _):
            return try aliased(try bindQuery(query), table: nil, alias: alias)
        case let .function(call, ordinality, alias, _, position):
            return try bindTableFunction(call, ordinality: ordinality, alias: alias, at: position, after: after)
        case let .join(join):
            return try bindJoin(join, after: after)
        }
    }

    func bindJoin(_ join: Join, after: (LogicalPlan, Scope)? = nil) throws -> (LogicalPlan, Scope) {
        if join.alias != nil { throw Binder.unsupported("aliases on joins", join.position) }
        let kind: LogicalPlan.JoinKind
        switch join.kind {
        case .inner: kind = .inner
        case .left: kind = .left
        case .right: kind = .right
        case .full: kind = .full
        case .cross: kind = .cross
        case .asOf, .asOfLeft: return try bindAsOfJoin(join)
        }
        let before = activeRecursiveUses
        let (left, leftScope) = try bindReference(join.left, after: after)
        if kind == .right || kind == .full { try checkRecursiveUse(since: before, "within an outer join") }
        if let lateral = try bindLateralJoin(join, kind, left, leftScope) { return lateral }
        if let function = try bindJoinedFunction(join, kind, left, leftScope) { return function }
        let beforeRight = activeRecursiveUses
        let (right, rightScope) = try bindReference(join.right)
        if kind == .left || kind == .full { try checkRecursiveUse(since: beforeRight, "within an outer join") }
        let leftCount = left.columns.count
        var condition = join.condition
        if join.natural {
            let leftNames = leftScope.starOrder.map { leftScope.columns[$0].name }
            let rightNames = Set(rightScope.starOrder.map { rightScope.columns[$0].name })
            condition = .using(leftNames.filter { rightNames.contains($0) }.map { Identifier.quoted($0) })
        }
        switch condition {
        case nil:
            return Binder.combine(left, leftScope, right, rightScope, kind: kind, keys: [], residual: nil)
        case let .on(expression):
            let (_, combined) = Binder.combine(left, leftScope, right, rightScope, kind: kind, keys: [], residual: nil)
            var context = ExpressionContext(aggregatesForbiddenIn: "JOIN conditions")
            let predicate = try Operators.boolean(try bind(expression, combined, &context), "JOIN/ON")
            var keys: [(BoundExpression, BoundExpression)] = []
            var residual: [BoundExpression] = []
            var correlated: [BoundExpression] = []
            for conjunct in Binder.conjuncts(predicate) {
                if Binder.hasCorrelatedSubquery(conjunct) {
                    // Run over the joined rows: a filter above an inner join; refused for outer joins.
                    guard kind == .inner || kind == .cross else {
                        throw Binder.unsupported("correlated subqueries in the ON clause of outer joins", join.position)
                    }
                    correlated.append(conjunct)
                    continue
                }
                if conjunct.containsSubquery {
                    residual.append(conjunct)
                    continue
                }
                if case let .function(.equal, arguments) = conjunct.kind, arguments.count == 2 {
                    let sides = arguments.map { Binder.side(of: $0, leftCount: leftCount) }
                    if sides[0] == .left, sides[1] == .right {
                        keys.append((arguments[0], try Binder.shift(arguments[1], by: -leftCount)))
                        continue
                    }
                    if sides[0] == .right, sides[1] == .left {
                        keys.append((arguments[1], try Binder.shift(arguments[0], by: -leftCount)))
                        continue
                    }
                }
                residual.append(conjunct)
            }
            let rest =
                residual.isEmpty ? nil : (residual.count == 1 ? residual[0] : BoundExpression(.and(residual), .boolean))
            var (plan, scope) = Binder.combine(
                left, leftScope, right, rightScope, kind: kind, keys: keys, residual: rest)
            if !correlated.isEmpty {
                let condition = correlated.count == 1 ? correlated[0] : BoundExpression(.and(correlated), .boolean)
                plan = LogicalPlan(.filter(plan, condition), columns: plan.columns)
            }
            return (plan, scope)
        case let .using(names):
            var keys: [(BoundExpression, BoundExpression)] = []
            var merged: [(String, BoundExpression, Int, Int)] = []
            for name in names {
                let l = try leftScope.resolve([name], at: join.position)
                let r = try rightScope.resolve([name], at: join.position)
                guard case let .column(li) = l.kind, case let .column(ri) = r.kind else { continue }
                let (a, b) = try Operators.comparable(l, r, symbol: "=", at: join.position)
                keys.append((a, b))
                merged.append((leftScope.columns[li].name, BoundExpression(.column(li), l.type), li, ri))
                _ = b
            }
            let (plan, scope) = Binder.combine(
                left, leftScope, right, rightScope, kind: kind, keys: keys, residual: nil)
            // Merged USING columns come first in `*`; the per-side copies stay reachable qualified.
            var expressions = plan.columns.indices.map { BoundExpression(.column($0), plan.columns[$0].type) }
            var columns = plan.columns
            var newScope = scope
            var star: [Int] = []
            var hiddenFromStar = Set<Int>()
            for (index, key) in keys.enumerated() {
                let (name, _, li, ri) = merged[index]
                let type = key.0.type
                let leftValue = try Operators.coerce(BoundExpression(.column(li), plan.columns[li].type), to: type)
                let rightValue = try Operators.coerce(
                    BoundExpression(.column(leftCount + ri), plan.columns[leftCount + ri].type), to: type)
                let value: BoundExpression =
                    switch kind {
                    case .right: rightValue
                    case .full: BoundExpression(.coalesce([leftValue, rightValue]), type)
                    default: leftValue
                    }
                expressions.append(value)
                columns.append(PlanColumn(name, type))
                newScope.columns[li].unqualifiedVisible = false
                newScope.columns[leftCount + ri].unqualifiedVisible = false
                hiddenFromStar.insert(li)
                hiddenFromStar.insert(leftCount + ri)
                newScope.columns.append(ScopeColumn(table: nil, name: name, type: type))
                star.append(newScope.columns.count - 1)
            }
            newScope.starOrder = star + scope.starOrder.filter { !hiddenFromStar.contains($0) }
            return (LogicalPlan(.project(plan, expressions), columns: columns), newScope)
        }
    }

    enum Side { case none, left, right, both }

    static func side(of expression: BoundExpression, leftCount: Int) -> Side {
        var sawLeft = false
        var sawRight = false
        _ = expression.contains { node in
            if case let .column(index) = node.kind {
                if index < leftCount { sawLeft = true } else { sawRight = true }
            }
            return false
        }
        switch (sawLeft, sawRight) {
        case (true, false): return .left
        case (false, true): return .right
        case (true, true): return .both
        default: return .none
        }
    }

    static func shift(_ expression: BoundExpression, by offset: Int) throws -> BoundExpression {
        if case let .column(index) = expression.kind {
            return BoundExpression(.column(index + offset), expression.type, at: expression.position)
        }
        return try expression.mapChildren { try shift($0, by: offset) }
    }

    static func conjuncts(_ expression: BoundExpression) -> [BoundExpression] {
        if case let .and(parts) = expression.kind { return parts.flatMap(conjuncts) }
        return [expression]
    }
}
