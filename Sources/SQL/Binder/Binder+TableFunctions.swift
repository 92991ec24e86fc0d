import Columnar

/// Set-returning functions: `unnest(...)` and `generate_series(...)` as FROM items (their arguments see the FROM
/// items before them, PostgreSQL's implicit LATERAL for functions) and in SELECT lists (PostgreSQL 10+'s
/// ProjectSet: every one in the list runs in lockstep, the shorter padded with NULLs).
extension Binder {
    /// Whether `reference` is a function, or a join whose leftmost item is one through INNER/LEFT/CROSS joins,
    /// so that the FROM items before it are its lateral input.
    static func leadsWithFunction(_ reference: TableReference) -> Bool {
        switch reference {
        case .function: return true
        case let .join(join):
            guard join.alias == nil, !join.natural, join.kind == .inner || join.kind == .left || join.kind == .cross
            else { return false }
            return leadsWithFunction(join.left)
        default: return false
        }
    }

    /// A FROM function over `input` (the FROM items before it; none for the first item).
    func bindTableFunction(
        _ call: FunctionCall, ordinality: Bool, alias: TableAlias?, at position: SourcePosition,
        after input: (LogicalPlan, Scope)?
    ) throws -> (LogicalPlan, Scope) {
        guard call.name.parts.count == 1 || (call.name.parts.count == 2 && call.name.parts[0].value == "pg_catalog"),
            let name = call.name.name?.value
        else { throw Binder.unsupported("schema-qualified function names", position) }
        if call.star || call.distinct || !call.orderBy.isEmpty || call.filter != nil || call.over != nil
            || !call.withinGroup.isEmpty || call.nulls != nil
        {
            throw Binder.unsupported("aggregate and window syntax on a function in FROM", position)
        }
        let (inputPlan, inputScope) = input ?? (LogicalPlan(.values([[]]), columns: []), .empty)
        var context = ExpressionContext(aggregatesForbiddenIn: "functions in FROM")
        context.windowsForbiddenIn = "functions in FROM"
        let arguments = try call.arguments.map { try bind($0, inputScope, &context) }
        if arguments.contains(where: Binder.containsSetFunction) {
            throw Binder.unsupported("set-returning functions nested in a function in FROM", position)
        }
        var calls: [TableFunctionCall] = []
        var names: [String] = []
        switch name {
        case "unnest":
            guard !arguments.isEmpty else { throw Functions.noFunction(name, arguments, position) }
            for argument in arguments {
                if argument.type == .unknown { throw ArrayFunctions.notUnique(name, arguments, position) }
                guard argument.type.isArray else {
                    throw ArrayFunctions.polymorphicUnknown(argument, name, arguments, position)
                }
                let element = argument.type.arrayBase.element
                if case let .record(fields) = element {
                    calls.append(
                        TableFunctionCall(
                            function: .unnest, arguments: [argument], columns: fields.map { SQLType(field: $0) },
                            expandsRecord: true))
                    names += fields.map(\.name)
                } else {
                    calls.append(
                        TableFunctionCall(
                            function: .unnest, arguments: [argument], columns: [element], expandsRecord: false))
                    names.append(name)
                }
            }
        case "generate_series":
            let (bound, type) = try ArrayFunctions.seriesArguments(arguments, at: position)
            calls = [
                TableFunctionCall(function: .generateSeries, arguments: bound, columns: [type], expandsRecord: false)
            ]
            names = [name]
        case "regexp_matches", "regexp_split_to_table":
            guard let bound = try Functions.regex(name, arguments, at: position),
                case let .function(.setReturning(function), fitted) = bound.kind
            else { throw Functions.noFunction(name, arguments, position) }
            calls = [
                TableFunctionCall(function: function, arguments: fitted, columns: [bound.type], expandsRecord: false)
            ]
            names = [name]
        default:
            throw Binder.unsupported(
                "function \(name) in FROM (only unnest, generate_series, regexp_matches and regexp_split_to_table)",
                position)
        }
        // A single function returning one value takes the alias as its column name (PostgreSQL).
        if let alias, calls.count == 1, !calls[0].expandsRecord { names[0] = alias.name.value }
        var types = calls.flatMap(\.columns)
        if ordinality {
            names.append("ordinality")
            types.append(.bigint)
        }
        let own = LogicalPlan(.values([]), columns: zip(names, types).map { PlanColumn($0, $1) })
        let (named, functionScope) = try aliased(own, table: name, alias: alias)
        let plan = LogicalPlan(
            .tableFunction(inputPlan, calls, ordinality: ordinality, leftJoin: nil),
            columns: inputPlan.columns + named.columns)
        var scope = Scope()
        scope.columns = inputScope.columns + functionScope.columns
        scope.starOrder = inputScope.starOrder + functionScope.starOrder.map { $0 + inputScope.columns.count }
        return (plan, scope)
    }

    static func containsSetFunction(_ expression: BoundExpression) -> Bool {
        expression.contains { if case .function(.setReturning, _) = $0.kind { true } else { false } }
    }

    /// `set-returning functions are not allowed in <clause>` (`0A000`), as PostgreSQL.
    static func refuseSetFunctions(_ expression: BoundExpression, in clause: String) throws {
        guard containsSetFunction(expression) else { return }
        throw SQLError(
            .featureNotSupported, "set-returning functions are not allowed in \(clause)",
            position: expression.position.reported)
    }

    /// The SELECT list's set-returning calls moved into a `tableFunction` node under the projection; each call
    /// becomes a column reference.
    static func planSetFunctions(_ plan: LogicalPlan, _ outputs: [BoundExpression]) throws
        -> (LogicalPlan, [BoundExpression])
    {
        var calls: [TableFunctionCall] = []
        let width = plan.columns.count
        func extract(_ expression: BoundExpression, conditional: String?) throws -> BoundExpression {
            if case let .function(.setReturning(function), arguments) = expression.kind {
                if let conditional {
                    throw SQLError(
                        .featureNotSupported, "set-returning functions are not allowed in \(conditional)",
                        position: expression.position.reported)
                }
                if arguments.contains(where: containsSetFunction) {
                    throw Binder.unsupported("nested set-returning functions", expression.position)
                }
                let call = TableFunctionCall(
                    function: function, arguments: arguments, columns: [expression.type], expandsRecord: false)
                let index = calls.firstIndex(of: call) ?? calls.count
                if index == calls.count { calls.append(call) }
                return BoundExpression(.column(width + index), expression.type, at: expression.position)
            }
            var inner = conditional
            switch expression.kind {
            case .caseWhen: inner = inner ?? "CASE"
            case .coalesce: inner = inner ?? "COALESCE"
            default: break
            }
            return try expression.mapChildren { try extract($0, conditional: inner) }
        }
        let mapped = try outputs.map { try extract($0, conditional: nil) }
        let columns = plan.columns + calls.map { PlanColumn($0.function.rawValue, $0.columns[0]) }
        return (LogicalPlan(.tableFunction(plan, calls, ordinality: false, leftJoin: nil), columns: columns), mapped)
    }
}

extension Binder {
    /// `left [INNER|CROSS|LEFT] JOIN [LATERAL] unnest(left.a) u [ON condition]`: the function runs over the left
    /// rows (implicit LATERAL); `ON` filters the result, and a LEFT join keeps a left row without any, padded.
    /// nil for RIGHT/FULL/NATURAL joins, which bind the function on its own.
    func bindJoinedFunction(_ join: Join, _ kind: LogicalPlan.JoinKind, _ left: LogicalPlan, _ leftScope: Scope)
        throws -> (LogicalPlan, Scope)?
    {
        guard case let .function(call, ordinality, alias, _, position) = join.right else { return nil }
        guard kind == .inner || kind == .cross || kind == .left, !join.natural else {
            do {
                _ = try bindTableFunction(call, ordinality: ordinality, alias: alias, at: position, after: nil)
            } catch let error as SQLError where error.state == .undefinedColumn {
                if join.natural {
                    throw Binder.unsupported("a natural join to a function that reads the left side", position)
                }
                throw SQLError(
                    .invalidColumnReference,
                    "invalid reference to FROM-clause entry for table in a \(kind == .right ? "RIGHT" : "FULL") JOIN",
                    position: position.reported,
                    hint: "The combining JOIN type must be INNER or LEFT for a LATERAL reference.")
            }
            return nil
        }
        let (joined, scope) = try bindTableFunction(
            call, ordinality: ordinality, alias: alias, at: position, after: (left, leftScope))
        var plan = joined
        switch join.condition {
        case nil: break
        case let .on(expression):
            var context = ExpressionContext(aggregatesForbiddenIn: "JOIN conditions")
            let predicate = try Operators.boolean(try bind(expression, scope, &context), "JOIN/ON")
            try Binder.refuseSetFunctions(predicate, in: "JOIN conditions")
            if Binder.hasCorrelatedSubquery(predicate) || predicate.containsSubquery {
                throw Binder.unsupported("subqueries in the ON clause of a join to a function", join.position)
            }
            if kind == .left, case let .tableFunction(input, calls, ordinality, nil) = plan.node {
                plan.node = .tableFunction(input, calls, ordinality: ordinality, leftJoin: predicate)
            } else {
                plan = LogicalPlan(.filter(plan, predicate), columns: plan.columns)
            }
        case .using:
            throw Binder.unsupported("USING with a function in FROM", position)
        }
        return (plan, scope)
    }
}
