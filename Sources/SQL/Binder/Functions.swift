/// Resolution of the scalar functions the engine knows: argument coercion and result types as PostgreSQL's.
enum Functions {
    static let aggregateNames: Set<String> = Set([
        "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every", "string_agg", "array_agg",
    ]).union(extendedAggregateNames)

    static func noFunction(_ name: String, _ arguments: [BoundExpression], _ position: SourcePosition) -> SQLError {
        SQLError(
            .undefinedFunction,
            "function \(name)(\(arguments.map { $0.type.description }.joined(separator: ", "))) does not exist",
            position: position.reported,
            hint: "No function matches the given name and argument types. You might need to add explicit type casts.")
    }

    /// Arguments coerced to `types`, or nil when one does not convert implicitly.
    static func fit(_ arguments: [BoundExpression], _ types: [SQLType]) throws -> [BoundExpression]? {
        guard arguments.count == types.count else { return nil }
        for (argument, type) in zip(arguments, types) where !Coercion.implicit(from: argument.type, to: type) {
            return nil
        }
        return try zip(arguments, types).map { try Operators.coerce($0, to: $1) }
    }

    static func scalar(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression
    {
        func make(_ function: ScalarFunction, _ types: [SQLType], _ result: SQLType) throws -> BoundExpression? {
            guard let fitted = try fit(arguments, types) else { return nil }
            return BoundExpression(.function(function, fitted), result, at: position)
        }
        let first = arguments.first?.type ?? .unknown
        var result: BoundExpression?
        switch name {
        case "length", "char_length", "character_length":
            result = try make(.length, [.text], .integer)
        case "lower": result = try make(.lower, [.text], .text)
        case "upper": result = try make(.upper, [.text], .text)
        case "substring", "substr":
            if let bound = try regex(name, arguments, at: position) { return bound }
            result =
                try make(.substring, [.text, .integer], .text) ?? make(.substring, [.text, .integer, .integer], .text)
        case "strpos": result = try make(.position, [.text, .text], .integer)
        case "btrim", "trim":
            result = try make(.trim(.both), [.text], .text) ?? make(.trim(.both), [.text, .text], .text)
        case "ltrim":
            result = try make(.trim(.leading), [.text], .text) ?? make(.trim(.leading), [.text, .text], .text)
        case "rtrim":
            result = try make(.trim(.trailing), [.text], .text) ?? make(.trim(.trailing), [.text, .text], .text)
        case "replace": result = try make(.replace, [.text, .text, .text], .text)
        case "left": result = try make(.left, [.text, .integer], .text)
        case "right": result = try make(.right, [.text, .integer], .text)
        case "split_part": result = try make(.splitPart, [.text, .text, .integer], .text)
        case "starts_with": result = try make(.startsWith, [.text, .text], .boolean)
        case "concat":
            let texts = try arguments.map { argument -> BoundExpression in
                if argument.type == .text { return argument }
                if argument.type == .unknown { return try Operators.coerce(argument, to: .text) }
                return Operators.outputText(argument)
            }
            result = BoundExpression(.function(.concat, texts), .text, at: position)
        case "abs":
            if first.isNumeric || first == .unknown {
                let type = first == .unknown ? SQLType.double : (first.isDecimal ? .anyNumeric : first)
                result = try make(.abs, [type], type)
            }
        case "round", "trunc":
            let function: ScalarFunction = name == "round" ? .round : .trunc
            if first.isDecimal || (arguments.count == 2) {
                result =
                    try make(function, [.anyNumeric], .anyNumeric)
                    ?? make(function, [.anyNumeric, .integer], .anyNumeric)
            } else {
                result = try make(function, [.double], .double)
            }
        case "ceil", "ceiling", "floor":
            let function: ScalarFunction = name == "floor" ? .floor : .ceil
            result =
                first.isDecimal
                ? try make(function, [.anyNumeric], .anyNumeric) : try make(function, [.double], .double)
        case "sqrt":
            if first.isDecimal, let numeric = try math(name, arguments, at: position) { return numeric }
            result = try make(.sqrt, [.double], .double)
        case "power", "pow":
            if arguments.contains(where: { $0.type.isDecimal }) { return try numericPower(arguments, at: position) }
            result = try make(.power, [.double, .double], .double)
        case "mod":
            if arguments.count == 2 {
                let type = try Coercion.common(arguments.map(\.type), context: "mod")
                if type.isInteger || type.isDecimal {
                    let resultType = type.isDecimal ? SQLType.anyNumeric : type
                    result = try make(.modulo, [resultType, resultType], resultType)
                }
            }
        default:
            if let bound = try strings(name, arguments, at: position) ?? math(name, arguments, at: position)
                ?? regex(name, arguments, at: position) ?? json(name, arguments, at: position)
                ?? ArrayFunctions.scalar(name, arguments, at: position)
            {
                return bound
            }
            if let bound = try DateTimeBinding.scalar(name, arguments, at: position) { return bound }
            if knownUnsupported.contains(name) { throw Binder.unsupported("function \(name)", position) }
            throw noFunction(name, arguments, position)
        }
        guard let result else { throw noFunction(name, arguments, position) }
        return result
    }

    /// PostgreSQL functions the engine does not have yet: refused as unsupported, not as unknown.
    static let knownUnsupported: Set<String> = [
        "jsonb_extract_path_text", "jsonb_extract_path", "to_json", "to_jsonb",
        "json_build_object", "json_agg",
    ]

    static func extract(_ field: String, _ source: BoundExpression, asDouble: Bool, at position: SourcePosition)
        throws -> BoundExpression
    {
        try DateTimeBinding.extract(field, source, asDouble: asDouble, at: position)
    }

    /// An aggregate's result type for its (already bound) argument, with the argument coerced.
    static func aggregate(
        _ name: String, _ arguments: [BoundExpression], distinct: Bool, star: Bool, at position: SourcePosition
    ) throws -> BoundAggregate {
        if star {
            guard name == "count" else {
                throw SQLError(.syntaxError, "\(name)(*) must be used to call a parameterless aggregate function")
            }
            return BoundAggregate(function: .countStar, arguments: [], distinct: false, type: .bigint)
        }
        var args = arguments
        if args.count == 1, args[0].type == .unknown, name != "count" {
            args[0] = try Operators.coerce(args[0], to: .text)
        }
        let type = args.first?.type ?? .unknown
        func fail() -> SQLError { noFunction(name, args, position) }
        switch name {
        case "count":
            guard args.count == 1 else { throw fail() }
            return BoundAggregate(function: .count, arguments: args, distinct: distinct, type: .bigint)
        case "sum", "avg":
            guard args.count == 1, type.isNumeric else { throw fail() }
            let result: SQLType
            if name == "sum" {
                result =
                    type == .integer || type == .smallint
                    ? .bigint : (type == .bigint || type.isDecimal ? .anyNumeric : type)
            } else {
                result = type.isFloat ? .double : .anyNumeric
            }
            return BoundAggregate(
                function: name == "sum" ? .sum : .avg, arguments: args, distinct: distinct, type: result)
        case "min", "max":
            guard args.count == 1, !type.isNestedType || type.isArray else { throw fail() }
            return BoundAggregate(
                function: name == "min" ? .min : .max, arguments: args, distinct: distinct, type: type)
        case "bool_and", "bool_or", "every":
            guard args.count == 1, type == .boolean else { throw fail() }
            return BoundAggregate(
                function: name == "bool_or" ? .boolOr : .boolAnd, arguments: args, distinct: distinct, type: .boolean)
        case "string_agg":
            guard args.count == 2, let fitted = try fit(args, [.text, .text]) else { throw fail() }
            return BoundAggregate(function: .stringAgg, arguments: fitted, distinct: distinct, type: .text)
        case "array_agg":
            guard args.count == 1 else { throw fail() }
            if case .map = type { throw Binder.unsupported("array_agg of maps", position) }
            return BoundAggregate(function: .arrayAgg, arguments: args, distinct: distinct, type: .arrayOf(type))
        default:
            if let extended = try extendedAggregate(name, args, distinct: distinct, at: position) { return extended }
            throw fail()
        }
    }
}

extension Binder {
    func bindFunction(
        _ call: FunctionCall, _ position: SourcePosition, _ scope: Scope, _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        guard call.name.parts.count == 1 || (call.name.parts.count == 2 && call.name.parts[0].value == "pg_catalog"),
            let identifier = call.name.name
        else { throw Binder.unsupported("schema-qualified function names", position) }
        let name = identifier.value
        if call.over != nil { return try bindWindowCall(call, name, position, scope, &context) }
        if WindowFunctionNames.windowOnly.contains(name) {
            throw SQLError(
                SQLState("42809"), "window function \(name) requires an OVER clause", position: position.reported)
        }
        if call.nulls != nil { throw Binder.unsupported("IGNORE/RESPECT NULLS outside window functions", position) }
        if Functions.aggregateNames.contains(name) {
            return try bindAggregateCall(call, name, position, scope, &context)
        }
        if !call.withinGroup.isEmpty {
            // PostgreSQL looks for a function taking the WITHIN GROUP keys as further arguments.
            let arguments = try (call.arguments + call.withinGroup.map(\.expression)).map {
                try bind($0, scope, &context)
            }
            throw Functions.noFunction(name, arguments, position)
        }
        if call.star || call.distinct || call.filter != nil || !call.orderBy.isEmpty {
            throw SQLError(
                .syntaxError, "\(name) is not an aggregate function", position: position.reported)
        }
        let arguments = try call.arguments.map { try bind($0, scope, &context) }
        if let bound = try catalogFunction(name, arguments, at: position) { return bound }
        return try Functions.scalar(name, objectIdentifierArguments(arguments), at: position)
    }
}
