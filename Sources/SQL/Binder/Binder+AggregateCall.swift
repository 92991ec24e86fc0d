/// Aggregate calls: `DISTINCT`, `ORDER BY` inside the call, `FILTER (WHERE ...)`, `WITHIN GROUP (ORDER BY ...)`,
/// with PostgreSQL's errors. A call becomes a `BoundAggregate` whose arguments are its values, then its sort keys
/// (`ordering`), then its filter (`filtered`), so every pass that maps an aggregate's arguments sees them all.
extension Binder {
    func bindAggregateCall(
        _ call: FunctionCall, _ name: String, _ position: SourcePosition, _ scope: Scope,
        _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        if !outer.isEmpty, let lifted = try bindOuterAggregate(call, position, scope) { return lifted }
        if let clause = context.aggregatesForbiddenIn {
            throw SQLError(
                .groupingError, "aggregate functions are not allowed in \(clause)", position: position.reported)
        }
        if context.insideAggregate {
            throw SQLError(.groupingError, "aggregate function calls cannot be nested", position: position.reported)
        }
        let orderedSet = Functions.orderedSetAggregateNames.contains(name)
        if orderedSet, call.distinct || call.star {
            throw SQLError(.syntaxError, "cannot use DISTINCT with WITHIN GROUP", position: position.reported)
        }
        context.insideAggregate = true
        defer { context.insideAggregate = false }
        let arguments = objectIdentifierArguments(try call.arguments.map { try bind($0, scope, &context) })
        let items = orderedSet ? call.withinGroup : call.orderBy
        let keys = try items.map { try bind($0.expression, scope, &context) }
        let filter = try call.filter.map { condition -> BoundExpression in
            let saved = context.aggregatesForbiddenIn
            context.aggregatesForbiddenIn = "FILTER"
            defer { context.aggregatesForbiddenIn = saved }
            return try Operators.boolean(try bind(condition, scope, &context), "FILTER")
        }
        let orderings = items.map { item in
            let key = Binder.sortKey(BoundExpression(.column(0), .unknown), item)
            return AggregateOrdering(descending: key.descending, nullsFirst: key.nullsFirst)
        }
        if orderedSet != !call.withinGroup.isEmpty {
            // An ordered-set aggregate without WITHIN GROUP, or WITHIN GROUP on another aggregate: no signature
            // takes these arguments (PostgreSQL's error).
            throw Functions.noFunction(name, arguments + keys, position)
        }
        var aggregate: BoundAggregate
        if orderedSet {
            aggregate = try Functions.orderedSetAggregate(name, direct: arguments, keys: keys, at: position)
            aggregate.ordering = orderings
        } else {
            aggregate = try Functions.aggregate(
                name, arguments, distinct: call.distinct, star: call.star, at: position)
            if call.distinct {
                for (key, item) in zip(keys, items)
                where !arguments.contains(key) && !aggregate.arguments.contains(key) {
                    throw SQLError(
                        .invalidColumnReference,
                        "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list",
                        position: item.expression.position.reported)
                }
            }
            if call.distinct, aggregate.arguments.count > 1 {
                aggregate = Self.distinctTuples(aggregate, arguments, keys: keys, orderings: orderings)
            } else if aggregate.function.isOrderSensitive, !keys.isEmpty {
                aggregate.arguments += keys
                aggregate.ordering = orderings
            }
        }
        if let filter {
            aggregate.arguments.append(filter)
            aggregate.filtered = true
        }
        return BoundExpression(.aggregate(context.index(of: aggregate)), aggregate.type, at: position)
    }

    /// DISTINCT over several arguments (`string_agg(DISTINCT a, sep)`, `corr(DISTINCT y, x)`) as PostgreSQL runs it:
    /// the input sorted by the ORDER BY keys, then by the arguments they do not name (ascending), and a row whose
    /// arguments all equal the previous row's dropped, so the whole argument tuple is deduplicated and the rows
    /// arrive in that order (`Accumulator.orderedResult`). `raw` are the arguments before their coercion.
    static func distinctTuples(
        _ aggregate: BoundAggregate, _ raw: [BoundExpression], keys: [BoundExpression],
        orderings: [AggregateOrdering]
    ) -> BoundAggregate {
        var copy = aggregate
        let values = aggregate.arguments
        var named = Set<Int>()
        var sortKeys: [BoundExpression] = []
        for key in keys {
            // A key names an argument (checked by the caller): sort by the argument as the aggregate takes it.
            let index = values.firstIndex(of: key) ?? raw.firstIndex(of: key)
            if let index, index < values.count {
                named.insert(index)
                sortKeys.append(values[index])
            } else {
                sortKeys.append(key)
            }
        }
        var sortOrderings = orderings
        for (index, value) in values.enumerated() where !named.contains(index) {
            sortKeys.append(value)
            sortOrderings.append(AggregateOrdering(descending: false, nullsFirst: false))
        }
        copy.arguments += sortKeys
        copy.ordering = sortOrderings
        return copy
    }

    /// `GROUPING(a, b, ...)`: a placeholder aggregate over the grouping expressions, replaced by each grouping
    /// set's bit mask when the grouping sets are planned (`Binder+GroupingSets.swift`).
    func bindGrouping(
        _ arguments: [Expression], _ position: SourcePosition, _ scope: Scope, _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        if let clause = context.aggregatesForbiddenIn {
            throw SQLError(
                .groupingError, "grouping operations are not allowed in \(clause)", position: position.reported)
        }
        if arguments.count > 31 {
            throw SQLError(
                SQLState("54011"), "GROUPING must have fewer than 32 arguments", position: position.reported)
        }
        let bound = try arguments.map { try bind($0, scope, &context) }
        let aggregate = BoundAggregate(function: .grouping, arguments: bound, distinct: false, type: .integer)
        return BoundExpression(.aggregate(context.index(of: aggregate)), .integer, at: position)
    }
}

/// The direction of one sort key of an aggregate's `ORDER BY` or `WITHIN GROUP`.
public struct AggregateOrdering: Hashable, Sendable {
    public var descending: Bool
    public var nullsFirst: Bool
}
