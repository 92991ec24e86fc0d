extension Binder {
    func bindSelect(_ select: Select, orderBy: [OrderItem]) throws -> LogicalPlan {
        if case .on = select.distinct { throw Binder.unsupported("DISTINCT ON", select.position) }
        var (plan, scope) = try bindFrom(select.from)
        if let filter = select.filter {
            var context = ExpressionContext(aggregatesForbiddenIn: "WHERE")
            let predicate = try Operators.boolean(try bind(filter, scope, &context), "WHERE")
            try Binder.refuseSetFunctions(predicate, in: "WHERE")
            plan = LogicalPlan(.filter(plan, predicate), columns: plan.columns)
        }
        // Select list (pre-aggregation terms).
        var context = ExpressionContext()
        let namedWindows = try resolveNamedWindows(select.windows, scope, context, at: select.position)
        context.namedWindows = namedWindows.resolved
        var items: [BoundExpression] = []
        var names: [String] = []
        for item in select.items {
            if case let .star(qualifier) = item.expression.kind {
                let indices: [Int]
                if qualifier.isEmpty {
                    guard !select.from.isEmpty else {
                        throw SQLError(
                            .syntaxError, "SELECT * with no tables specified is not valid",
                            position: item.expression.position.reported)
                    }
                    indices = scope.starOrder
                } else {
                    guard let table = qualifier.last else { continue }
                    indices = scope.columns.indices.filter {
                        scope.columns[$0].table.map { NameMatch.matches(table, $0) } ?? false
                    }
                    guard !indices.isEmpty else {
                        throw SQLError(
                            .undefinedTable, "missing FROM-clause entry for table \"\(table.original)\"",
                            position: item.expression.position.reported)
                    }
                }
                for index in indices {
                    items.append(BoundExpression(.column(index), scope.columns[index].type))
                    names.append(scope.columns[index].name)
                }
                continue
            }
            items.append(try bind(item.expression, scope, &context))
            names.append(item.alias?.value ?? Binder.columnName(item.expression))
        }
        // GROUP BY.
        var groups: [BoundExpression] = []
        if let groupBy = select.groupBy {
            for element in groupBy.elements {
                guard case let .expression(expression) = element else {
                    if case .empty = element { continue }
                    throw Binder.unsupported("GROUPING SETS, ROLLUP and CUBE", select.position)
                }
                var groupContext = ExpressionContext(aggregatesForbiddenIn: "GROUP BY")
                let bound: BoundExpression
                if case let .literal(.integer(digits)) = expression.kind {
                    guard let ordinal = Int(digits), ordinal >= 1, ordinal <= items.count else {
                        throw SQLError(
                            .invalidColumnReference, "GROUP BY position \(digits) is not in select list",
                            position: expression.position.reported)
                    }
                    bound = items[ordinal - 1]
                    if bound.contains(where: { if case .aggregate = $0.kind { true } else { false } }) {
                        throw SQLError(
                            .groupingError, "aggregate functions are not allowed in GROUP BY",
                            position: expression.position.reported)
                    }
                } else if case let .column(parts) = expression.kind, parts.count == 1,
                    (try? scope.resolve(parts, at: expression.position)) == nil,
                    case let .found(index) = NameMatch.match(parts[0], in: names)
                {
                    bound = items[index]
                } else {
                    bound = try bind(expression, scope, &groupContext)
                }
                if Binder.containsWindow(bound) {
                    throw SQLError(
                        .windowingError, "window functions are not allowed in GROUP BY",
                        position: expression.position.reported)
                }
                if !groups.contains(bound) { groups.append(bound) }
            }
        }
        // HAVING.
        var having: BoundExpression?
        if let condition = select.having {
            context.windowsForbiddenIn = "HAVING"
            having = try Operators.boolean(try bind(condition, scope, &context), "HAVING")
            context.windowsForbiddenIn = nil
        }
        // ORDER BY: output columns by name or ordinal, else expressions over the input.
        var sortKeys: [(Int, OrderItem)] = []
        var hidden: [BoundExpression] = []
        for item in orderBy {
            let expression = item.expression
            if case let .literal(.integer(digits)) = expression.kind {
                guard let ordinal = Int(digits), ordinal >= 1, ordinal <= items.count else {
                    throw SQLError(
                        .invalidColumnReference, "ORDER BY position \(digits) is not in select list",
                        position: expression.position.reported)
                }
                sortKeys.append((ordinal - 1, item))
                continue
            }
            if case let .column(parts) = expression.kind, parts.count == 1 {
                let matches = names.indices.filter { NameMatch.matches(parts[0], names[$0]) }
                let distinctItems = Set(matches.map { items[$0] })
                if distinctItems.count > 1 {
                    throw SQLError(
                        .ambiguousColumn, "ORDER BY \"\(parts[0].original)\" is ambiguous",
                        position: expression.position.reported)
                }
                if let first = matches.first {
                    sortKeys.append((first, item))
                    continue
                }
            }
            let bound = try bind(expression, scope, &context)
            if let index = items.firstIndex(of: bound) {
                sortKeys.append((index, item))
            } else {
                if select.distinct != nil {
                    throw SQLError(
                        .invalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                        position: expression.position.reported)
                }
                sortKeys.append((items.count + hidden.count, item))
                hidden.append(bound)
            }
        }
        var outputs = items + hidden
        // Aggregation.
        let aggregated = select.groupBy != nil || !context.aggregates.isEmpty || having != nil
        if aggregated {
            let aggregateColumns =
                groups.enumerated().map { PlanColumn("group\($0.offset + 1)", $0.element.type) }
                + context.aggregates.map { PlanColumn($0.function.rawValue, $0.type) }
            plan = LogicalPlan(
                .aggregate(plan, groups: groups, aggregates: context.aggregates), columns: aggregateColumns)
            outputs = try outputs.map { try Binder.lift($0, groups: groups, scope: scope) }
            for window in namedWindows.bound {
                for expression in window.partitionBy + window.orderBy.map(\.expression) {
                    _ = try Binder.lift(expression, groups: groups, scope: scope)
                }
            }
            if let condition = having {
                plan = LogicalPlan(
                    .filter(plan, try Binder.lift(condition, groups: groups, scope: scope)), columns: plan.columns)
            }
        }
        if !context.windows.isEmpty {
            (plan, outputs) = try Binder.planWindows(
                plan, context.windows, outputs: outputs, groups: aggregated ? groups : nil, scope: scope)
        }
        if outputs.contains(where: Binder.containsSetFunction) {
            (plan, outputs) = try Binder.planSetFunctions(plan, outputs)
        }
        let outputColumns =
            zip(names, items).map { PlanColumn($0, $1.type == .unknown ? .text : $1.type) }
            + hidden.map { PlanColumn("?sort?", $0.type) }
        outputs = try outputs.map { $0.type == .unknown ? try Operators.coerce($0, to: .text) : $0 }
        plan = LogicalPlan(.project(plan, outputs), columns: outputColumns)
        if select.distinct != nil { plan = LogicalPlan(.distinct(plan), columns: plan.columns) }
        if !sortKeys.isEmpty {
            let keys = sortKeys.map { index, item in
                Binder.sortKey(BoundExpression(.column(index), outputColumns[index].type), item)
            }
            plan = LogicalPlan(.sort(plan, keys), columns: plan.columns)
        }
        if !hidden.isEmpty {
            let visible = Array(outputColumns.prefix(items.count))
            plan = LogicalPlan(
                .project(plan, visible.indices.map { BoundExpression(.column($0), visible[$0].type) }),
                columns: visible)
        }
        return plan
    }

    /// An expression over the FROM scope rewritten over the aggregate's output (groups, then aggregates).
    static func lift(_ expression: BoundExpression, groups: [BoundExpression], scope: Scope) throws -> BoundExpression {
        if let index = groups.firstIndex(of: expression) {
            return BoundExpression(.column(index), expression.type, at: expression.position)
        }
        switch expression.kind {
        case let .aggregate(index):
            return BoundExpression(.column(groups.count + index), expression.type, at: expression.position)
        case let .column(index):
            throw SQLError(
                .groupingError,
                "column \"\(scope.displayName(index))\" must appear in the GROUP BY clause or be used in an aggregate function",
                position: expression.position.reported)
        default:
            return try expression.mapChildren { try lift($0, groups: groups, scope: scope) }
        }
    }

    /// PostgreSQL's `FigureColname` for the cases the engine binds.
    static func columnName(_ expression: Expression) -> String {
        switch expression.kind {
        case let .column(names): return names.last?.value ?? "?column?"
        case let .field(_, name): return name.value
        case let .function(call): return call.name.name?.value ?? "?column?"
        case let .cast(inner, type):
            let name = columnName(inner)
            if name != "?column?" { return name }
            switch type.base {
            case .integer: return "int4"
            case .bigint: return "int8"
            case .doublePrecision: return "float8"
            case .real: return "float4"
            case .boolean: return "bool"
            case .numeric: return "numeric"
            case .text: return "text"
            case .date: return "date"
            case .timestamp(_, let zone): return zone ? "timestamptz" : "timestamp"
            default: return "?column?"
            }
        case .caseWhen: return "case"
        case .array, .arraySubquery: return "array"
        case .row: return "row"
        case let .subscripted(inner, _): return columnName(inner)
        case let .conditional(function, _): return function.rawValue.lowercased()
        case .extract: return "extract"
        case .substring: return "substring"
        case .position: return "position"
        case .trim: return "btrim"
        case let .typedLiteral(type, _): return columnName(Expression(.cast(Expression(.literal(.null)), type)))
        default: return "?column?"
        }
    }
}
