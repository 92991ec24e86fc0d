/// Window function calls: `OVER` specifications (named windows with PostgreSQL's copy rules), frames and their
/// offsets, the functions' argument and result types, and the window node placed between the aggregation
/// (if any) and the SELECT list's projection.
extension Binder {
    /// The WINDOW clause, each definition resolved against the earlier ones (PostgreSQL's order), and each
    /// bound (PostgreSQL checks definitions whether used or not; the caller checks them against GROUP BY).
    func resolveNamedWindows(
        _ windows: [NamedWindow], _ scope: Scope, _ context: ExpressionContext, at position: SourcePosition
    ) throws -> (resolved: [(name: Identifier, specification: WindowSpecification)], bound: [BoundWindow]) {
        var resolved: [(name: Identifier, specification: WindowSpecification)] = []
        var bound: [BoundWindow] = []
        for window in windows {
            if resolved.contains(where: { $0.name.value == window.name.value }) {
                throw SQLError(
                    .windowingError, "window \"\(window.name.value)\" is already defined",
                    position: position.reported)
            }
            let specification = try Binder.resolveSpecification(
                window.specification, resolved, inWindowClause: true, at: position)
            // PostgreSQL binds every definition, used or not, so its errors surface.
            var scratch = context
            scratch.namedWindows = resolved
            bound.append(try bindWindow(specification, scope, &scratch, at: position))
            resolved.append((window.name, specification))
        }
        return (resolved, bound)
    }

    /// `specification` with the window it names merged in (`OVER w`, `OVER (w ORDER BY ...)`, `w2 AS (w ...)`).
    static func resolveSpecification(
        _ specification: WindowSpecification, _ named: [(name: Identifier, specification: WindowSpecification)],
        inWindowClause: Bool, at position: SourcePosition
    ) throws -> WindowSpecification {
        guard let reference = specification.name else { return specification }
        guard let base = named.first(where: { $0.name.value == reference.value })?.specification else {
            throw SQLError(
                .undefinedObject, "window \"\(reference.value)\" does not exist", position: position.reported)
        }
        if specification.isReference { return base }
        if !specification.partitionBy.isEmpty {
            throw SQLError(
                .windowingError, "cannot override PARTITION BY clause of window \"\(reference.value)\"",
                position: position.reported)
        }
        if !specification.orderBy.isEmpty, !base.orderBy.isEmpty {
            throw SQLError(
                .windowingError, "cannot override ORDER BY clause of window \"\(reference.value)\"",
                position: position.reported)
        }
        if base.frame != nil {
            let plainCopy = !inWindowClause && specification.orderBy.isEmpty && specification.frame == nil
            throw SQLError(
                .windowingError, "cannot copy window \"\(reference.value)\" because it has a frame clause",
                position: position.reported, hint: plainCopy ? "Omit the parentheses in this OVER clause." : nil)
        }
        var merged = base
        if !specification.orderBy.isEmpty { merged.orderBy = specification.orderBy }
        merged.frame = specification.frame
        return merged
    }

    /// A call with `OVER`: bound, registered in `context.windows`, and returned as its `.window(i)` placeholder.
    func bindWindowCall(
        _ call: FunctionCall, _ name: String, _ position: SourcePosition, _ scope: Scope,
        _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        if let clause = context.windowsForbiddenIn ?? context.aggregatesForbiddenIn {
            throw SQLError(
                .windowingError, "window functions are not allowed in \(clause)", position: position.reported)
        }
        if context.insideAggregate {
            throw SQLError(
                .groupingError, "aggregate function calls cannot contain window function calls",
                position: position.reported)
        }
        if context.insideWindow {
            throw SQLError(.windowingError, "window function calls cannot be nested", position: position.reported)
        }
        guard let over = call.over else { throw Binder.unsupported("window function without OVER", position) }
        let isAggregate = Functions.aggregateNames.contains(name)
        if !isAggregate, !WindowFunctionNames.windowOnly.contains(name) {
            if Functions.knownUnsupported.contains(name) { throw Binder.unsupported("function \(name)", position) }
            let arguments = try call.arguments.map { try bind($0, scope, &context) }
            _ = try Functions.scalar(name, arguments, at: position)
            throw SQLError(
                SQLState("42809"), "OVER specified, but \(name) is not a window function nor an aggregate function",
                position: position.reported)
        }
        if call.distinct {
            throw SQLError(
                .featureNotSupported, "DISTINCT is not implemented for window functions", position: position.reported)
        }
        if !call.orderBy.isEmpty {
            throw SQLError(
                .featureNotSupported, "aggregate ORDER BY is not implemented for window functions",
                position: position.reported)
        }
        if Functions.orderedSetAggregateNames.contains(name) {
            throw SQLError(
                .featureNotSupported, "OVER is not supported for ordered-set aggregate \(name)",
                position: position.reported)
        }
        if !call.withinGroup.isEmpty { throw Binder.unsupported("WITHIN GROUP", position) }
        if call.filter != nil, !isAggregate {
            throw SQLError(
                .featureNotSupported, "FILTER is not implemented for non-aggregate window functions",
                position: position.reported)
        }
        if call.nulls != nil, !["lag", "lead", "first_value", "last_value", "nth_value"].contains(name) {
            throw SQLError(
                .featureNotSupported,
                "IGNORE NULLS and RESPECT NULLS are supported only for lag, lead, first_value, last_value and nth_value",
                position: position.reported)
        }
        let specification = try Binder.resolveSpecification(
            over, context.namedWindows, inWindowClause: false, at: position)
        context.insideWindow = true
        defer { context.insideWindow = false }
        let arguments = try call.arguments.map { try bind($0, scope, &context) }
        let filter = try call.filter.map { try Operators.boolean(try bind($0, scope, &context), "FILTER") }
        let window = try bindWindow(specification, scope, &context, at: position)
        var function = try Binder.windowFunction(name, arguments, star: call.star, at: position)
        function.filter = filter
        function.ignoreNulls = call.nulls == .ignore
        function.window = window
        let index: Int
        if let existing = context.windows.firstIndex(of: function) {
            index = existing
        } else {
            index = context.windows.count
            context.windows.append(function)
        }
        return BoundExpression(.window(index), function.type, at: position)
    }

    /// The function with its arguments coerced and its result type (window and filter filled in later).
    static func windowFunction(_ name: String, _ arguments: [BoundExpression], star: Bool, at position: SourcePosition)
        throws -> BoundWindowFunction
    {
        func make(_ function: BoundWindowFunction.Function, _ arguments: [BoundExpression], _ type: SQLType)
            -> BoundWindowFunction
        {
            BoundWindowFunction(
                function: function, arguments: arguments, filter: nil, ignoreNulls: false,
                window: BoundWindow(partitionBy: [], orderBy: [], frame: .standard), type: type)
        }
        func fail() -> SQLError { Functions.noFunction(name, arguments, position) }
        var args = arguments
        if let first = args.first, first.type == .unknown {
            // PostgreSQL resolves anyelement (first_value, ...) and an all-NULL anycompatible (lag) from unknown
            // to nothing; a string literal under anycompatible becomes text.
            let nullLiteral = first.kind == .literal(.null)
            let polymorphic = ["first_value", "last_value", "nth_value"].contains(name)
            let defaultKnown = args.count == 3 && args[2].type != .unknown
            if polymorphic || (nullLiteral && ["lag", "lead"].contains(name) && !defaultKnown) {
                throw SQLError(
                    .datatypeMismatch, "could not determine polymorphic type because input has type unknown",
                    position: position.reported)
            }
            if !defaultKnown { args[0] = try Operators.coerce(first, to: .text) }
        }
        switch name {
        case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist":
            if !arguments.isEmpty, name != "row_number" {
                throw SQLError(
                    SQLState("42809"), "WITHIN GROUP is required for ordered-set aggregate \(name)",
                    position: position.reported)
            }
            guard arguments.isEmpty, !star else { throw fail() }
            let function: BoundWindowFunction.Function =
                switch name {
                case "row_number": .rowNumber
                case "rank": .rank
                case "dense_rank": .denseRank
                case "percent_rank": .percentRank
                default: .cumeDist
                }
            return make(function, [], name == "percent_rank" || name == "cume_dist" ? .double : .bigint)
        case "ntile":
            guard let fitted = try Functions.fit(arguments, [.integer]) else { throw fail() }
            return make(.ntile, fitted, .integer)
        case "lag", "lead":
            guard (1...3).contains(args.count) else { throw fail() }
            var type = args[0].type
            if args.count == 3 {
                guard let common = try? Coercion.common([args[0].type, args[2].type], context: name) else {
                    throw fail()
                }
                type = common
                args[2] = try Operators.coerce(args[2], to: type)
            }
            args[0] = try Operators.coerce(args[0], to: type)
            if args.count >= 2 {
                guard Coercion.implicit(from: args[1].type, to: .integer) else { throw fail() }
                args[1] = try Operators.coerce(args[1], to: .integer)
            }
            return make(name == "lag" ? .lag : .lead, args, type)
        case "first_value", "last_value":
            guard args.count == 1 else { throw fail() }
            return make(name == "first_value" ? .firstValue : .lastValue, args, args[0].type)
        case "nth_value":
            guard args.count == 2, Coercion.implicit(from: args[1].type, to: .integer) else { throw fail() }
            args[1] = try Operators.coerce(args[1], to: .integer)
            return make(.nthValue, args, args[0].type)
        default:
            let aggregate = try Functions.aggregate(name, arguments, distinct: false, star: star, at: position)
            return make(.aggregate(aggregate.function), aggregate.arguments, aggregate.type)
        }
    }

    /// PARTITION BY, ORDER BY and the frame of a resolved specification.
    func bindWindow(
        _ specification: WindowSpecification, _ scope: Scope, _ context: inout ExpressionContext,
        at position: SourcePosition
    ) throws -> BoundWindow {
        let saved = context.windowsForbiddenIn
        context.windowsForbiddenIn = "window definitions"
        defer { context.windowsForbiddenIn = saved }
        var partitionBy: [BoundExpression] = []
        for expression in specification.partitionBy {
            var bound = try bind(expression, scope, &context)
            if bound.type == .unknown { bound = try Operators.coerce(bound, to: .text) }
            try Operators.requireComparable(bound.type, at: expression.position)
            partitionBy.append(bound)
        }
        var orderBy: [SortKey] = []
        for item in specification.orderBy {
            var bound = try bind(item.expression, scope, &context)
            if bound.type == .unknown { bound = try Operators.coerce(bound, to: .text) }
            try Operators.requireComparable(bound.type, at: item.expression.position)
            orderBy.append(Binder.sortKey(bound, item))
        }
        var frame = BoundFrame.standard
        if let written = specification.frame {
            frame.units = written.units
            frame.exclusion = written.exclusion == .noOthers ? nil : written.exclusion
            let end = written.end ?? .currentRow
            func isOffset(_ bound: WindowFrame.Bound) -> Bool {
                switch bound {
                case .preceding, .following: true
                default: false
                }
            }
            if written.units == .groups, orderBy.isEmpty {
                throw SQLError(
                    .windowingError, "GROUPS mode requires an ORDER BY clause", position: position.reported)
            }
            if written.units == .range, isOffset(written.start) || isOffset(end), orderBy.count != 1 {
                throw SQLError(
                    .windowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column",
                    position: position.reported)
            }
            let keyType = orderBy.first?.expression.type
            frame.start = try bindFrameBound(written.start, written.units, keyType, scope)
            frame.end = try bindFrameBound(end, written.units, keyType, scope)
        }
        return BoundWindow(partitionBy: partitionBy, orderBy: orderBy, frame: frame)
    }

    func bindFrameBound(_ bound: WindowFrame.Bound, _ units: WindowFrame.Units, _ keyType: SQLType?, _ scope: Scope)
        throws -> BoundFrame.Bound
    {
        switch bound {
        case .unboundedPreceding: return .unboundedPreceding
        case .currentRow: return .currentRow
        case .unboundedFollowing: return .unboundedFollowing
        case let .preceding(offset): return .preceding(try bindFrameOffset(offset, units, keyType, scope))
        case let .following(offset): return .following(try bindFrameOffset(offset, units, keyType, scope))
        }
    }

    /// A frame offset: a constant (no columns, aggregates or window functions) of bigint for ROWS and GROUPS,
    /// and of the ORDER BY key's family for RANGE (PostgreSQL's `in_range` support).
    func bindFrameOffset(_ offset: Expression, _ units: WindowFrame.Units, _ keyType: SQLType?, _ scope: Scope)
        throws -> BoundExpression
    {
        let position = offset.position
        if units == .range, Binder.isIntervalExpression(offset) {
            throw SQLError(
                .featureNotSupported,
                "RANGE with an interval offset is not supported yet",
                position: position.reported)
        }
        var context = ExpressionContext(aggregatesForbiddenIn: "window \(units.rawValue)")
        let bound = try bind(offset, scope, &context)
        if bound.contains(where: { if case .column = $0.kind { true } else { false } }) {
            throw SQLError(
                .invalidColumnReference, "argument of \(units.rawValue) must not contain variables",
                position: position.reported)
        }
        guard units == .range, let keyType else { return try Operators.explicitCast(bound, to: .bigint, at: position) }
        let offsetType = bound.type
        let target: SQLType?
        if keyType.isInteger {
            target = offsetType.isInteger || offsetType == .unknown ? .bigint : nil
        } else if keyType.isDecimal {
            target = offsetType.isInteger || offsetType.isDecimal || offsetType == .unknown ? .anyNumeric : nil
        } else if keyType.isFloat {
            target = offsetType.isNumeric || offsetType == .unknown ? .double : nil
        } else if keyType == .date || keyType.isTimestamp {
            target = nil
        } else {
            throw SQLError(
                .featureNotSupported,
                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type \(keyType)",
                position: position.reported)
        }
        guard let target else {
            throw SQLError(
                .featureNotSupported,
                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type \(keyType) and offset type \(offsetType)",
                position: position.reported, hint: "Cast the offset value to an appropriate type.")
        }
        return try Operators.coerce(bound, to: target)
    }

    static func isIntervalExpression(_ expression: Expression) -> Bool {
        switch expression.kind {
        case let .typedLiteral(type, _), let .cast(_, type):
            if case .interval = type.base { return true }
            return false
        default:
            return false
        }
    }

    /// The window node over `plan` (the FROM/WHERE result, or the aggregation's output when `groups` is set) and
    /// the outputs with their `.window(i)` placeholders pointing at its columns.
    static func planWindows(
        _ plan: LogicalPlan, _ windows: [BoundWindowFunction], outputs: [BoundExpression],
        groups: [BoundExpression]?, scope: Scope
    ) throws -> (LogicalPlan, [BoundExpression]) {
        let lifted = try windows.map { function in
            guard let groups else { return function }
            return try function.mapExpressions { try Binder.lift($0, groups: groups, scope: scope) }
        }
        let base = plan.columns.count
        let columns = plan.columns + lifted.map { PlanColumn($0.function.name, $0.type) }
        let node = LogicalPlan(.window(plan, lifted), columns: columns)
        func replace(_ expression: BoundExpression) -> BoundExpression {
            if case let .window(index) = expression.kind {
                return BoundExpression(.column(base + index), expression.type, at: expression.position)
            }
            return expression.mapChildren(replace)
        }
        return (node, outputs.map(replace))
    }

    static func containsWindow(_ expression: BoundExpression) -> Bool {
        expression.contains { if case .window = $0.kind { true } else { false } }
    }
}
