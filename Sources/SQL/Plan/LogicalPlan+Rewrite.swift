/// Generic traversal of plans: their input plans and the expressions of each node.
extension LogicalPlan {
    /// The input plans (a lateral join's right plan included; a subquery's plan is not an input).
    var inputs: [LogicalPlan] {
        switch node {
        case .scan, .values, .workTable: return []
        case let .filter(input, _), let .project(input, _), let .aggregate(input, _, _), let .distinct(input),
            let .sort(input, _), let .limit(input, _, _), let .apply(input, _, _, _), let .window(input, _),
            let .tableFunction(input, _, _, _),
            let .distinctOn(input, _), let .limitWithTies(input, _, _, _):
            return [input]
        case let .join(left, right, _, _, _), let .setOperation(_, _, left, right),
            let .semiJoin(left, right, _, _, _, _), let .lateralJoin(left, right, _, _, _),
            let .recursiveUnion(_, left, right, _, _, _):
            return [left, right]
        }
    }

    /// This node with each input plan replaced by `transform(input)` (one level).
    func mapInputs(_ transform: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        var copy = self
        switch node {
        case .scan, .values, .workTable: return self
        case let .filter(input, predicate): copy.node = .filter(try transform(input), predicate)
        case let .project(input, expressions): copy.node = .project(try transform(input), expressions)
        case let .aggregate(input, groups, aggregates):
            copy.node = .aggregate(try transform(input), groups: groups, aggregates: aggregates)
        case let .distinct(input): copy.node = .distinct(try transform(input))
        case let .sort(input, keys): copy.node = .sort(try transform(input), keys)
        case let .limit(input, limit, offset): copy.node = .limit(try transform(input), limit: limit, offset: offset)
        case let .distinctOn(input, keys): copy.node = .distinctOn(try transform(input), keys: keys)
        case let .limitWithTies(input, limit, offset, keys):
            copy.node = .limitWithTies(try transform(input), limit: limit, offset: offset, keys: keys)
        case let .apply(input, subquery, operands, parameters):
            copy.node = .apply(try transform(input), subquery, operands: operands, parameters: parameters)
        case let .window(input, functions): copy.node = .window(try transform(input), functions)
        case let .tableFunction(input, calls, ordinality, leftJoin):
            copy.node = .tableFunction(try transform(input), calls, ordinality: ordinality, leftJoin: leftJoin)
        case let .join(left, right, kind, keys, residual):
            copy.node = .join(try transform(left), try transform(right), kind: kind, equiKeys: keys, residual: residual)
        case let .setOperation(op, all, left, right):
            copy.node = .setOperation(op, all: all, try transform(left), try transform(right))
        case let .semiJoin(left, right, kind, keys, residual, mark):
            copy.node = .semiJoin(
                try transform(left), try transform(right), kind: kind, equiKeys: keys, residual: residual, mark: mark)
        case let .lateralJoin(left, right, parameters, leftOuter, condition):
            copy.node = .lateralJoin(
                try transform(left), try transform(right), parameters: parameters, leftOuter: leftOuter,
                condition: condition)
        case let .recursiveUnion(name, first, recursive, all, id, limits):
            copy.node = .recursiveUnion(
                name: name, try transform(first), try transform(recursive), all: all, workTable: id, limits: limits)
        }
        return copy
    }

    /// This node's own expressions (not its inputs').
    var expressions: [BoundExpression] {
        switch node {
        case let .scan(_, _, filters): return filters
        case let .values(rows): return rows.flatMap { $0 }
        case let .filter(_, predicate): return [predicate]
        case let .project(_, expressions): return expressions
        case let .aggregate(_, groups, aggregates): return groups + aggregates.flatMap(\.arguments)
        case let .sort(_, keys): return keys.map(\.expression)
        case let .distinctOn(_, keys), let .limitWithTies(_, _, _, keys): return keys
        case let .join(_, _, _, keys, residual):
            return keys.flatMap { [$0.0, $0.1] } + (residual.map { [$0] } ?? [])
        case let .semiJoin(_, _, _, keys, residual, mark):
            return keys.flatMap { [$0.0, $0.1] } + [residual, mark].compactMap { $0 }
        case let .apply(_, _, operands, parameters): return operands + parameters
        case let .lateralJoin(_, _, parameters, _, condition): return parameters + (condition.map { [$0] } ?? [])
        case let .window(_, functions): return functions.flatMap(\.expressions)
        case let .tableFunction(_, calls, _, leftJoin):
            return calls.flatMap(\.arguments) + (leftJoin.map { [$0] } ?? [])
        case .distinct, .limit, .setOperation, .recursiveUnion, .workTable: return []
        }
    }

    /// This node with each of its own expressions replaced by `transform(expression)` (inputs untouched).
    func mapExpressions(_ transform: (BoundExpression) throws -> BoundExpression) rethrows -> LogicalPlan {
        var copy = self
        switch node {
        case let .scan(table, columns, filters):
            copy.node = .scan(table: table, columns: columns, filters: try filters.map(transform))
        case let .values(rows): copy.node = .values(try rows.map { try $0.map(transform) })
        case let .filter(input, predicate): copy.node = .filter(input, try transform(predicate))
        case let .project(input, expressions): copy.node = .project(input, try expressions.map(transform))
        case let .aggregate(input, groups, aggregates):
            var mapped = aggregates
            for index in mapped.indices { mapped[index].arguments = try mapped[index].arguments.map(transform) }
            copy.node = .aggregate(input, groups: try groups.map(transform), aggregates: mapped)
        case let .sort(input, keys):
            var mapped = keys
            for index in mapped.indices { mapped[index].expression = try transform(mapped[index].expression) }
            copy.node = .sort(input, mapped)
        case let .distinctOn(input, keys): copy.node = .distinctOn(input, keys: try keys.map(transform))
        case let .limitWithTies(input, limit, offset, keys):
            copy.node = .limitWithTies(input, limit: limit, offset: offset, keys: try keys.map(transform))
        case let .join(left, right, kind, keys, residual):
            copy.node = .join(
                left, right, kind: kind, equiKeys: try keys.map { (try transform($0.0), try transform($0.1)) },
                residual: try residual.map(transform))
        case let .semiJoin(left, right, kind, keys, residual, mark):
            copy.node = .semiJoin(
                left, right, kind: kind, equiKeys: try keys.map { (try transform($0.0), try transform($0.1)) },
                residual: try residual.map(transform), mark: try mark.map(transform))
        case let .apply(input, subquery, operands, parameters):
            copy.node = .apply(
                input, subquery, operands: try operands.map(transform), parameters: try parameters.map(transform))
        case let .lateralJoin(left, right, parameters, leftOuter, condition):
            copy.node = .lateralJoin(
                left, right, parameters: try parameters.map(transform), leftOuter: leftOuter,
                condition: try condition.map(transform))
        case let .window(input, functions):
            copy.node = .window(input, try functions.map { try $0.mapExpressions(transform) })
        case let .tableFunction(input, calls, ordinality, leftJoin):
            var mapped = calls
            for index in mapped.indices { mapped[index].arguments = try mapped[index].arguments.map(transform) }
            copy.node = .tableFunction(input, mapped, ordinality: ordinality, leftJoin: try leftJoin.map(transform))
        case .distinct, .limit, .setOperation, .recursiveUnion, .workTable: return self
        }
        return copy
    }

    /// The plan with every outer reference `.parameter(i)` of this query level replaced by `values[i]`: in every
    /// node's expressions and in the parameter lists of nested subqueries, but not inside their plans (whose
    /// parameters are their own).
    func substitutingParameters(_ values: [BoundExpression]) -> LogicalPlan {
        func substitute(_ expression: BoundExpression) -> BoundExpression {
            if case let .parameter(index) = expression.kind, index < values.count { return values[index] }
            return expression.mapChildren(substitute)
        }
        var plan = mapExpressions(substitute)
        if case let .lateralJoin(left, right, parameters, leftOuter, condition) = plan.node {
            // The right plan's parameters are the lateral join's own; only the left is this level.
            plan.node = .lateralJoin(
                left.substitutingParameters(values), right, parameters: parameters, leftOuter: leftOuter,
                condition: condition)
            return plan
        }
        return plan.mapInputs { $0.substitutingParameters(values) }
    }

    /// Whether any expression of this level (nested subqueries' parameter lists included) is an outer reference.
    var referencesParameters: Bool {
        if expressions.contains(where: { $0.referencesParameters }) { return true }
        if case let .lateralJoin(left, _, _, _, _) = node { return left.referencesParameters }
        return inputs.contains { $0.referencesParameters }
    }
}

extension BoundExpression {
    var referencesParameters: Bool {
        contains { if case .parameter = $0.kind { true } else { false } }
    }

    var referencesColumns: Bool {
        contains { if case .column = $0.kind { true } else { false } }
    }

    var containsSubquery: Bool {
        contains { if case .subquery = $0.kind { true } else { false } }
    }

    /// `.column(i)` and `.parameter(i)` leaves replaced (replacements are not visited again); the closures get
    /// the index and the leaf.
    func remap(
        column: (Int, BoundExpression) -> BoundExpression,
        parameter: (Int, BoundExpression) -> BoundExpression = { $1 }
    ) -> BoundExpression {
        switch kind {
        case let .column(index): return column(index, self)
        case let .parameter(index): return parameter(index, self)
        default: return mapChildren { $0.remap(column: column, parameter: parameter) }
        }
    }
}
