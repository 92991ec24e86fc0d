import Columnar

/// Arrays, subscripts, row constructors and `op ANY|ALL (array)`, as PostgreSQL 15 binds them.
extension Binder {
    /// `ARRAY[a, b, ...]`: the elements' common type (unknown literals are text).
    func bindArray(
        _ items: [Expression], _ position: SourcePosition, _ scope: Scope, _ context: inout ExpressionContext
    )
        throws -> BoundExpression
    {
        guard !items.isEmpty else {
            throw SQLError(
                SQLState("42P18"), "cannot determine type of empty array", position: position.reported,
                hint: "Explicitly cast to the desired type, for example ARRAY[]::integer[].")
        }
        let bound = objectIdentifierArguments(try items.map { try bind($0, scope, &context) })
        var element = try Coercion.common(bound.map(\.type), context: "ARRAY")
        if element == .unknown { element = .text }
        if case .map = element { throw Binder.unsupported("arrays of maps", position) }
        let coerced = try bound.map { try Operators.coerce($0, to: element) }
        return BoundExpression(.function(.array(.construct), coerced), .arrayOf(element), at: position)
    }

    /// `CAST(ARRAY[] AS t[])` (an empty array takes the cast's type), else nil.
    func bindEmptyArrayCast(_ operand: Expression, _ typeName: TypeName, _ position: SourcePosition) throws
        -> BoundExpression?
    {
        guard case let .array(items) = operand.kind, items.isEmpty else { return nil }
        let type = try resolveType(typeName)
        guard type.isArray else {
            throw SQLError(
                SQLState("42846"), "cannot cast type unknown[] to \(type)", position: position.reported)
        }
        return BoundExpression(.literal(.nested(.list([]))), type, at: position)
    }

    /// `int[]`, `text[][]`: one array level per bound (sizes are ignored, as PostgreSQL does).
    func resolveArrayType(_ name: TypeName) throws -> SQLType {
        var element = name
        element.arrayBounds = []
        var type = try resolveType(element)
        if case .map = type { throw Binder.unsupported("arrays of maps", name.position) }
        for _ in name.arrayBounds { type = .arrayOf(type) }
        return type
    }

    /// A chain of subscripts `base[i][j]`, `base[a:b]`, `map['key']`, resolved level by level: an array takes as
    /// many subscripts as it has dimensions (fewer indexes give NULL, as PostgreSQL), a map one key.
    func bindSubscripts(
        _ expression: Expression, _ scope: Scope, _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        var subscripts: [Subscript] = []
        var root = expression
        while case let .subscripted(inner, item) = root.kind {
            subscripts.insert(item, at: 0)
            root = inner
        }
        let position = expression.position
        var current = try bind(root, scope, &context)
        var remaining = subscripts[...]
        while let first = remaining.first {
            switch current.type {
            case let .map(keyField, valueField):
                guard case let .index(keyExpression) = first else {
                    throw Binder.unsupported("slices of maps", position)
                }
                let key = try Operators.coerce(try bind(keyExpression, scope, &context), to: SQLType(field: keyField))
                current = BoundExpression(
                    .function(.array(.mapGet), [current, key]), SQLType(field: valueField), at: position)
                remaining = remaining.dropFirst()
            case .array:
                let (element, dimensions) = current.type.arrayBase
                let taken = remaining.prefix(dimensions)
                remaining = remaining.dropFirst(taken.count)
                let slices = taken.contains { if case .slice = $0 { true } else { false } }
                if slices {
                    guard dimensions == 1, let only = taken.first, case let .slice(lower, upper) = only else {
                        throw Binder.unsupported("slices of multidimensional arrays", position)
                    }
                    var arguments = [current]
                    if let lower { arguments.append(try subscriptIndex(lower, scope, &context)) }
                    if let upper { arguments.append(try subscriptIndex(upper, scope, &context)) }
                    current = BoundExpression(
                        .function(.array(.slice(lower: lower != nil, upper: upper != nil)), arguments), current.type,
                        at: position)
                    continue
                }
                if taken.count < dimensions {
                    // PostgreSQL: fewer subscripts than dimensions select nothing.
                    for case let .index(index) in taken { _ = try subscriptIndex(index, scope, &context) }
                    current = BoundExpression(.literal(.null), element, at: position)
                    continue
                }
                var arguments = [current]
                for case let .index(index) in taken { arguments.append(try subscriptIndex(index, scope, &context)) }
                current = BoundExpression(.function(.array(.index), arguments), element, at: position)
            default:
                throw SQLError(
                    .datatypeMismatch,
                    "cannot subscript type \(current.type) because it does not support subscripting",
                    position: position.reported)
            }
        }
        return current
    }

    private func subscriptIndex(_ expression: Expression, _ scope: Scope, _ context: inout ExpressionContext) throws
        -> BoundExpression
    {
        let bound = try bind(expression, scope, &context)
        guard Coercion.implicit(from: bound.type, to: .integer) else {
            throw SQLError(
                .datatypeMismatch, "array subscript must have type integer", position: expression.position.reported)
        }
        return try Operators.coerce(bound, to: .integer)
    }

    /// `ROW(a, b)` / `(a, b)`: a record with fields `f1`, `f2`, ...
    func bindRow(_ items: [Expression], _ position: SourcePosition, _ scope: Scope, _ context: inout ExpressionContext)
        throws -> BoundExpression
    {
        let bound = try items.map { item -> BoundExpression in
            let value = objectIdentifierArguments([try bind(item, scope, &context)])[0]
            return value.type == .unknown ? try Operators.coerce(value, to: .text) : value
        }
        return BoundExpression(.function(.array(.row), bound), .rowOf(bound.map(\.type)), at: position)
    }

    /// `ROW(a, b) op ROW(c, d)`: PostgreSQL compares row constructors field by field with SQL NULL semantics
    /// (`=` all equal, `<>` any different, `<` etc. decided by the first unequal pair). nil unless both sides are
    /// row constructors.
    func bindRowComparison(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, _ position: SourcePosition, _ scope: Scope,
        _ context: inout ExpressionContext
    ) throws -> BoundExpression? {
        guard case let .row(leftItems, _) = left.kind, case let .row(rightItems, _) = right.kind else { return nil }
        guard leftItems.count == rightItems.count else {
            throw SQLError(.syntaxError, "unequal number of entries in row expressions", position: position.reported)
        }
        let l = try leftItems.map { try bind($0, scope, &context) }
        let r = try rightItems.map { try bind($0, scope, &context) }
        let pairs = try zip(l, r).map { a, b in
            (
                equal: try Operators.binary(.equal, a, b, at: position),
                strict: try Operators.binary(op.strictPart ?? op, a, b, at: position),
                last: try Operators.binary(op, a, b, at: position)
            )
        }
        switch op {
        case .equal:
            return BoundExpression(.and(pairs.map(\.equal)), .boolean, at: position)
        case .notEqual:
            return BoundExpression(.or(pairs.map(\.last)), .boolean, at: position)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard var result = pairs.last?.last else { return nil }
            for pair in pairs.dropLast().reversed() {
                let continued = BoundExpression(.and([pair.equal, result]), .boolean, at: position)
                result = BoundExpression(.or([pair.strict, continued]), .boolean, at: position)
            }
            return result
        default:
            throw Binder.unsupported("operator \(op.symbol) on row constructors", position)
        }
    }

    /// `ROW(a, b) IS [NOT] NULL`: every field NULL (IS NULL) or none (IS NOT NULL), as PostgreSQL. nil unless the
    /// operand is a row constructor.
    func bindRowIsNull(
        _ operand: Expression, negated: Bool, _ position: SourcePosition, _ scope: Scope,
        _ context: inout ExpressionContext
    ) throws -> BoundExpression? {
        guard case let .row(items, _) = operand.kind else { return nil }
        let tests = try items.map {
            BoundExpression(.isNull(try bind($0, scope, &context), negated: negated), .boolean, at: position)
        }
        return BoundExpression(.and(tests), .boolean, at: position)
    }

    /// `x op ANY|SOME|ALL (array)`.
    func bindQuantifiedArray(
        _ operand: Expression, _ op: BinaryOperator, _ quantifier: Quantifier, _ source: Expression,
        _ position: SourcePosition, _ scope: Scope, _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        let comparison: ArrayComparison
        switch op {
        case .equal: comparison = .equal
        case .notEqual: comparison = .notEqual
        case .less: comparison = .less
        case .lessOrEqual: comparison = .lessOrEqual
        case .greater: comparison = .greater
        case .greaterOrEqual: comparison = .greaterOrEqual
        default: throw Binder.unsupported("operator \(op.symbol) with ANY/ALL over an array", position)
        }
        var value = try bind(operand, scope, &context)
        var array = try bind(source, scope, &context)
        if array.type == .unknown {
            let elementType = value.type == .unknown ? SQLType.text : value.type
            array = try Operators.coerce(array, to: .arrayOf(elementType))
        }
        guard let element = array.type.elementType else {
            throw SQLError(
                .datatypeMismatch, "op ANY/ALL (array) requires array on right side", position: position.reported)
        }
        let common: SQLType
        do {
            common = try Coercion.common([value.type, element], context: "")
        } catch {
            throw SQLError(
                .undefinedFunction, "operator does not exist: \(value.type) \(op.symbol) \(element)",
                position: position.reported,
                hint:
                    "No operator matches the given name and argument types. You might need to add explicit type casts.")
        }
        try Operators.requireComparable(common, at: position)
        value = try Operators.coerce(value, to: common)
        if common != element { array = try Operators.coerce(array, to: .arrayOf(common)) }
        return BoundExpression(
            .function(.array(.quantified(comparison, all: quantifier == .all)), [value, array]), .boolean,
            at: position)
    }

    /// `ARRAY(subquery)`: the subquery's one column collected in order (an empty array without rows).
    func bindArraySubquery(
        _ query: Query, _ position: SourcePosition, _ scope: Scope, _ context: inout ExpressionContext
    )
        throws -> BoundExpression
    {
        let (plan, parameters) = try bindSubqueryPlan(query, scope, &context)
        guard plan.columns.count == 1 else {
            throw SQLError(.syntaxError, "subquery must return only one column", position: position.reported)
        }
        var element = plan.columns[0].type
        if element == .unknown { element = .text }
        let type = SQLType.arrayOf(element)
        let aggregate = BoundAggregate(
            function: .arrayAgg, arguments: [BoundExpression(.column(0), element)], distinct: false, type: type)
        let aggregated = LogicalPlan(
            .aggregate(plan, groups: [], aggregates: [aggregate]), columns: [PlanColumn("array_agg", type)])
        let collected = BoundExpression(
            .coalesce([BoundExpression(.column(0), type), .literal(.nested(.list([])), type)]), type)
        let wrapped = LogicalPlan(.project(aggregated, [collected]), columns: [PlanColumn("array", type)])
        let reference = SubqueryReference(kind: .scalar, plan: wrapped)
        return BoundExpression(.subquery(reference, parameters), type, at: position)
    }
}

extension BinaryOperator {
    /// `<` for `<=`, `>` for `>=` (the strict test of a row comparison's leading pairs).
    fileprivate var strictPart: BinaryOperator? {
        switch self {
        case .lessOrEqual: .less
        case .greaterOrEqual: .greater
        default: nil
        }
    }
}
