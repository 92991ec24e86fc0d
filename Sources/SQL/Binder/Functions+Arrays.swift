import Columnar

/// Resolution of the array functions and operators (PostgreSQL 15, section 9.19): `anyarray`/`anyelement`
/// arguments unified as PostgreSQL's polymorphic resolution does for the engine's types.
enum ArrayFunctions {
    static func scalar(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression?
    {
        func call(_ function: ArrayFunction, _ args: [BoundExpression], _ type: SQLType) -> BoundExpression {
            BoundExpression(.function(.array(function), args), type, at: position)
        }
        func fail() -> SQLError { Functions.noFunction(name, arguments, position) }
        func integer(_ argument: BoundExpression) throws -> BoundExpression {
            guard Coercion.implicit(from: argument.type, to: .integer) else { throw fail() }
            return try Operators.coerce(argument, to: .integer)
        }
        func text(_ argument: BoundExpression) throws -> BoundExpression {
            guard argument.type == .text || argument.type == .unknown else { throw fail() }
            return try Operators.coerce(argument, to: .text)
        }
        /// The first argument as an array (an untyped literal needs a known element type elsewhere).
        func array(_ argument: BoundExpression) throws -> BoundExpression {
            if name == "unnest", argument.type == .unknown { throw notUnique(name, arguments, position) }
            guard argument.type.isArray else { throw polymorphicUnknown(argument, name, arguments, position) }
            return argument
        }
        switch name {
        case "cardinality":
            guard arguments.count == 1 else { throw fail() }
            return call(.cardinality, [try array(arguments[0])], .integer)
        case "array_length", "array_lower", "array_upper":
            guard arguments.count == 2 else { throw fail() }
            let function: ArrayFunction = name == "array_length" ? .length : (name == "array_lower" ? .lower : .upper)
            return call(function, [try array(arguments[0]), try integer(arguments[1])], .integer)
        case "array_ndims":
            guard arguments.count == 1 else { throw fail() }
            return call(.dimensions, [try array(arguments[0])], .integer)
        case "array_append":
            guard arguments.count == 2 else { throw fail() }
            let (a, e) = try elementPair(arguments[0], arguments[1], name, arguments, position)
            return call(.append, [a, e], a.type)
        case "array_prepend":
            guard arguments.count == 2 else { throw fail() }
            let (a, e) = try elementPair(arguments[1], arguments[0], name, arguments, position)
            return call(.prepend, [e, a], a.type)
        case "array_cat":
            guard arguments.count == 2 else { throw fail() }
            let (a, b) = try arrayPair(arguments[0], arguments[1], name, arguments, position)
            return call(.cat, [a, b], a.type)
        case "array_position", "array_positions":
            guard arguments.count == 2 || (arguments.count == 3 && name == "array_position") else { throw fail() }
            let (a, e) = try elementPair(arguments[0], arguments[1], name, arguments, position)
            var args = [a, e]
            if arguments.count == 3 { args.append(try integer(arguments[2])) }
            return name == "array_position"
                ? call(.position, args, .integer) : call(.positions, args, .arrayOf(.integer))
        case "array_remove":
            guard arguments.count == 2 else { throw fail() }
            let (a, e) = try elementPair(arguments[0], arguments[1], name, arguments, position)
            return call(.remove, [a, e], a.type)
        case "array_replace":
            guard arguments.count == 3 else { throw fail() }
            let (a, e) = try elementPair(arguments[0], arguments[1], name, arguments, position)
            guard let element = a.type.elementType else { throw fail() }
            let replacement = try Operators.coerce(arguments[2], to: element)
            return call(.replace, [a, e, replacement], a.type)
        case "array_to_string":
            guard arguments.count == 2 || arguments.count == 3 else { throw fail() }
            var args = [try array(arguments[0])]
            for argument in arguments.dropFirst() { args.append(try text(argument)) }
            return call(.toText, args, .text)
        case "string_to_array":
            guard arguments.count == 2 || arguments.count == 3 else { throw fail() }
            return call(.fromText, try arguments.map(text), .arrayOf(.text))
        case "unnest":
            guard arguments.count == 1 else {
                throw Binder.unsupported("unnest with several arguments outside FROM", position)
            }
            let a = try array(arguments[0])
            let element = a.type.arrayBase.element
            return BoundExpression(.function(.setReturning(.unnest), [a]), element, at: position)
        case "generate_series":
            let (args, type) = try seriesArguments(arguments, at: position)
            return BoundExpression(.function(.setReturning(.generateSeries), args), type, at: position)
        default:
            return nil
        }
    }

    /// `unnest(unknown)`: PostgreSQL 15 has `unnest(anyarray)` and `unnest(anymultirange)`.
    static func notUnique(_ name: String, _ arguments: [BoundExpression], _ position: SourcePosition) -> SQLError {
        SQLError(
            SQLState("42725"),
            "function \(name)(\(arguments.map { $0.type.description }.joined(separator: ", "))) is not unique",
            position: position.reported,
            hint: "Could not choose a best candidate function. You might need to add explicit type casts.")
    }

    static func polymorphicUnknown(
        _ argument: BoundExpression, _ name: String, _ arguments: [BoundExpression], _ position: SourcePosition
    ) -> SQLError {
        if argument.type == .unknown {
            return SQLError(
                .datatypeMismatch, "could not determine polymorphic type because input has type unknown",
                position: position.reported)
        }
        return Functions.noFunction(name, arguments, position)
    }

    /// `(anyarray, anyelement)` (or `anycompatiblearray, anycompatible`): the element coerced to the array's
    /// element type; an untyped array literal takes the element's type.
    static func elementPair(
        _ array: BoundExpression, _ element: BoundExpression, _ name: String, _ arguments: [BoundExpression],
        _ position: SourcePosition
    ) throws -> (BoundExpression, BoundExpression) {
        var a = array
        if a.type == .unknown {
            let type = element.type == .unknown ? SQLType.text : element.type
            a = try Operators.coerce(a, to: .arrayOf(type))
        }
        guard let elementType = a.type.elementType else { throw polymorphicUnknown(a, name, arguments, position) }
        if element.type == elementType || element.type == .unknown {
            return (a, try Operators.coerce(element, to: elementType))
        }
        let common: SQLType
        do {
            common = try Coercion.common([elementType, element.type], context: "")
        } catch {
            throw Functions.noFunction(name, arguments, position)
        }
        return (try Operators.coerce(a, to: .arrayOf(common)), try Operators.coerce(element, to: common))
    }

    /// `(anyarray, anyarray)`: both sides as one array type.
    static func arrayPair(
        _ left: BoundExpression, _ right: BoundExpression, _ name: String, _ arguments: [BoundExpression],
        _ position: SourcePosition
    ) throws -> (BoundExpression, BoundExpression) {
        var (a, b) = (left, right)
        if a.type == .unknown, b.type.isArray { a = try Operators.coerce(a, to: b.type) }
        if b.type == .unknown, a.type.isArray { b = try Operators.coerce(b, to: a.type) }
        guard let ea = a.type.elementType, let eb = b.type.elementType else {
            throw polymorphicUnknown(a.type.isArray ? b : a, name, arguments, position)
        }
        let common: SQLType
        do {
            common = try Coercion.common([ea, eb], context: "")
        } catch {
            throw Functions.noFunction(name, arguments, position)
        }
        let type = SQLType.arrayOf(common)
        return (try Operators.coerce(a, to: type), try Operators.coerce(b, to: type))
    }

    /// `generate_series(start, stop [, step])`: integer, bigint, numeric, or timestamp[tz] with an interval step.
    static func seriesArguments(_ arguments: [BoundExpression], at position: SourcePosition) throws
        -> ([BoundExpression], SQLType)
    {
        func fail() -> SQLError { Functions.noFunction("generate_series", arguments, position) }
        guard arguments.count == 2 || arguments.count == 3 else { throw fail() }
        let bounds = Array(arguments.prefix(2))
        let temporal = bounds.contains { $0.type.isTimestamp || $0.type == .date }
        if temporal || (arguments.count == 3 && arguments[2].type == .interval) {
            guard arguments.count == 3 else { throw fail() }
            let type: SQLType =
                bounds.allSatisfy({ $0.type == .timestamp(withTimeZone: false) || $0.type == .unknown })
                ? .timestamp(withTimeZone: false) : .timestamptz
            guard bounds.allSatisfy({ Coercion.implicit(from: $0.type, to: type) }),
                Coercion.implicit(from: arguments[2].type, to: .interval)
            else { throw fail() }
            return (
                try bounds.map { try Operators.coerce($0, to: type) } + [
                    try Operators.coerce(arguments[2], to: .interval)
                ],
                type
            )
        }
        var type = try Coercion.common(arguments.map(\.type), context: "generate_series")
        if arguments.allSatisfy({ $0.type == .unknown }) { type = .integer }
        if type.isDecimal { type = .anyNumeric }
        guard type.isInteger || type.isDecimal else { throw fail() }
        return (try arguments.map { try Operators.coerce($0, to: type) }, type)
    }
}

/// `||`, `@>`, `<@` and `&&` on arrays.
enum ArrayOperators {
    static func concat(_ l: BoundExpression, _ r: BoundExpression, at position: SourcePosition) throws
        -> BoundExpression?
    {
        guard l.type.isArray || r.type.isArray else { return nil }
        let arguments = [l, r]
        func call(_ function: ArrayFunction, _ args: [BoundExpression], _ type: SQLType) -> BoundExpression {
            BoundExpression(.function(.array(function), args), type, at: position)
        }
        let (ld, rd) = (l.type.arrayBase.dimensions, r.type.arrayBase.dimensions)
        if ld == rd || l.type == .unknown || r.type == .unknown {
            let (a, b) = try ArrayFunctions.arrayPair(l, r, "array_cat", arguments, position)
            return call(.cat, [a, b], a.type)
        }
        if ld > rd {
            let (a, e) = try ArrayFunctions.elementPair(l, r, "array_append", arguments, position)
            return call(.append, [a, e], a.type)
        }
        let (a, e) = try ArrayFunctions.elementPair(r, l, "array_prepend", arguments, position)
        return call(.prepend, [e, a], a.type)
    }

    static func containment(
        _ op: BinaryOperator, _ l: BoundExpression, _ r: BoundExpression, at position: SourcePosition
    )
        throws -> BoundExpression?
    {
        let function: ArrayFunction
        switch op {
        case .custom("@>"): function = .contains
        case .custom("<@"): function = .containedBy
        case .custom("&&"): function = .overlaps
        default: return nil
        }
        guard l.type.isArray || r.type.isArray else { return nil }
        let (a, b) = try ArrayFunctions.arrayPair(l, r, "operator \(op.symbol)", [l, r], position)
        return BoundExpression(.function(.array(function), [a, b]), .boolean, at: position)
    }
}
