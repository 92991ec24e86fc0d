extension Binder {
    func bindSelect(_ select: Select, orderBy: [OrderItem]) throws -> LogicalPlan {
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
        var groupingSets: [[Int]]?
        if let groupBy = select.groupBy {
            /// Binds one grouping expression and gives its position in `groups` (added once).
            func bindGroup(_ expression: Expression) throws -> Int {
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
                if let index = groups.firstIndex(of: bound) { return index }
                groups.append(bound)
                return groups.count - 1
            }
            let plain = groupBy.elements.allSatisfy {
                switch $0 {
                case .expression, .empty: true
                default: false
                }
            }
            if plain {
                for case let .expression(expression) in groupBy.elements { _ = try bindGroup(expression) }
            } else {
                groupingSets = try Binder.groupingSets(groupBy, bindGroup)
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
        /// The output column of an ORDER BY or DISTINCT ON expression (a hidden one for an expression not in the list).
        func outputColumn(_ expression: Expression, _ clause: String) throws -> Int {
            if case let .literal(.integer(digits)) = expression.kind {
                guard let ordinal = Int(digits), ordinal >= 1, ordinal <= items.count else {
                    throw SQLError(
                        .invalidColumnReference, "\(clause) position \(digits) is not in select list",
                        position: expression.position.reported)
                }
                return ordinal - 1
            }
            if case let .column(parts) = expression.kind, parts.count == 1 {
                let matches = names.indices.filter { NameMatch.matches(parts[0], names[$0]) }
                let distinctItems = Set(matches.map { items[$0] })
                if distinctItems.count > 1 {
                    throw SQLError(
                        .ambiguousColumn, "\(clause) \"\(parts[0].original)\" is ambiguous",
                        position: expression.position.reported)
                }
                if let first = matches.first { return first }
            }
            let bound = try bind(expression, scope, &context)
            if let index = items.firstIndex(of: bound) { return index }
            if case .all = select.distinct {
                throw SQLError(
                    .invalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                    position: expression.position.reported)
            }
            if let index = hidden.firstIndex(of: bound) { return items.count + index }
            hidden.append(bound)
            return items.count + hidden.count - 1
        }
        var distinctOn: [Int] = []
        var distinctOnPositions: [SourcePosition] = []
        if case let .on(expressions) = select.distinct {
            for expression in expressions {
                let index = try outputColumn(expression, "DISTINCT ON")
                if !distinctOn.contains(index) {
                    distinctOn.append(index)
                    distinctOnPositions.append(expression.position)
                }
            }
        }
        for item in orderBy { sortKeys.append((try outputColumn(item.expression, "ORDER BY"), item)) }
        if !distinctOn.isEmpty {
            sortKeys = try Binder.distinctOnOrder(sortKeys, distinctOn, positions: distinctOnPositions)
        }
        var outputs = items + hidden
        // Aggregation.
        let aggregated = select.groupBy != nil || !context.aggregates.isEmpty || having != nil
        if aggregated {
            let aggregateColumns =
                groups.enumerated().map { PlanColumn("group\($0.offset + 1)", $0.element.type) }
                + context.aggregates.map { PlanColumn($0.function.rawValue, $0.type) }
            for aggregate in context.aggregates where aggregate.function.isOrderedSet && aggregate.valueCount > 0 {
                // Direct arguments are evaluated per group: only grouped columns (PostgreSQL's rule).
                _ = try Binder.lift(aggregate.arguments[0], groups: groups, scope: scope)
            }
            if groupingSets != nil || context.aggregates.contains(where: { $0.function == .grouping }) {
                plan = try Binder.planGroupingSets(
                    plan, groups: groups, sets: groupingSets ?? [Array(groups.indices)],
                    aggregates: context.aggregates, columns: aggregateColumns)
            } else {
                plan = LogicalPlan(
                    .aggregate(plan, groups: groups, aggregates: context.aggregates), columns: aggregateColumns)
            }
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
        let objectIdentifiers = Binder.objectIdentifierKinds(items[...])
        let outputColumns =
            zip(names, items).map { PlanColumn($0, $1.type == .unknown ? .text : $1.type) }
            + hidden.map { PlanColumn("?sort?", $0.type) }
        outputs = try outputs.map { $0.type == .unknown ? try Operators.coerce($0, to: .text) : $0 }
        plan = LogicalPlan(.project(plan, outputs), columns: outputColumns)
        if case .all = select.distinct { plan = LogicalPlan(.distinct(plan), columns: plan.columns) }
        if !sortKeys.isEmpty {
            let keys = sortKeys.map { index, item in
                Binder.sortKey(BoundExpression(.column(index), outputColumns[index].type), item)
            }
            plan = LogicalPlan(.sort(plan, keys), columns: plan.columns)
        }
        if !distinctOn.isEmpty {
            let keys = distinctOn.map { BoundExpression(.column($0), outputColumns[$0].type) }
            plan = LogicalPlan(.distinctOn(plan, keys: keys), columns: plan.columns)
        }
        if !hidden.isEmpty {
            let visible = Array(outputColumns.prefix(items.count))
            plan = LogicalPlan(
                .project(plan, visible.indices.map { BoundExpression(.column($0), visible[$0].type) }),
                columns: visible)
        }
        return displayingObjectNames(plan, objectIdentifiers)
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
