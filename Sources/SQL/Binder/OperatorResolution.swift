/// PostgreSQL's operator and coercion resolution for the engine's types.
enum Operators {
    /// `expr` converted implicitly to `type` (a literal is converted now, so a bad literal fails at bind time).
    static func coerce(_ expr: BoundExpression, to type: SQLType) throws -> BoundExpression {
        if expr.type == type { return expr }
        if expr.type == .unknown, case .literal(.null) = expr.kind, let inference = ParameterInference.current {
            inference.coerced(at: expr.position.offset, to: type)
        }
        if type.isFloat, let text = wideNumericText(expr) {
            return BoundExpression(.literal(try Cast.fromText(text, to: type)), type, at: expr.position)
        }
        if case let .literal(datum) = expr.kind {
            do {
                return BoundExpression(
                    .literal(try Cast.apply(datum, from: expr.type, to: type)), type, at: expr.position)
            } catch var error {
                if error.position == nil { error.position = expr.position.reported }
                throw error
            }
        }
        return BoundExpression(.cast(expr), type, at: expr.position)
    }

    static func explicitCast(_ expr: BoundExpression, to type: SQLType, at position: SourcePosition) throws
        -> BoundExpression
    {
        guard Cast.exists(from: expr.type, to: type) else {
            throw SQLError(
                SQLState("42846"), "cannot cast type \(expr.type) to \(type)", position: position.reported)
        }
        return try coerce(expr, to: type)
    }

    static func boolean(_ expr: BoundExpression, _ what: String) throws -> BoundExpression {
        if expr.type == .boolean { return expr }
        if expr.type == .unknown { return try coerce(expr, to: .boolean) }
        throw SQLError(
            .datatypeMismatch, "argument of \(what) must be type boolean, not type \(expr.type)",
            position: expr.position.reported)
    }

    static func text(_ expr: BoundExpression, _ what: String) throws -> BoundExpression {
        if expr.type == .text { return expr }
        if expr.type == .unknown || expr.type.withoutLength == .varchar(length: nil) {
            return try coerce(expr, to: .text)
        }
        if expr.type.isBPChar { throw Binder.unsupported("\(what) on type character(n)", expr.position) }
        throw SQLError(
            .undefinedFunction, "operator does not exist: \(expr.type) \(what) text", position: expr.position.reported)
    }

    static func requireComparable(_ type: SQLType, at position: SourcePosition) throws {
        switch type {
        case .map:
            throw Binder.unsupported("comparing values of type \(type)", position)
        default: return
        }
    }

    /// Both sides converted to their common type for a comparison.
    static func comparable(
        _ l: BoundExpression, _ r: BoundExpression, symbol: String, at position: SourcePosition
    ) throws -> (BoundExpression, BoundExpression) {
        let type: SQLType
        do {
            type = try Coercion.common([l.type, r.type], context: "")
        } catch {
            throw SQLError(
                .undefinedFunction, "operator does not exist: \(l.type) \(symbol) \(r.type)",
                position: position.reported,
                hint:
                    "No operator matches the given name and argument types. You might need to add explicit type casts.")
        }
        try requireComparable(type, at: position)
        if type == .json {
            throw SQLError(
                .undefinedFunction, "operator does not exist: json \(symbol) json", position: position.reported,
                hint:
                    "No operator matches the given name and argument types. You might need to add explicit type casts.")
        }
        // character(n) compares without trailing spaces, as its cast to text reads it.
        // (An untyped literal takes the common type first: `'a'::char(2) = 'a '` pads and then drops the blanks.)
        return (try comparedAs(l, type), try comparedAs(r, type))
    }

    /// `expr` converted to the comparison type `type`; string types compare as text (character(n) without its
    /// trailing blanks).
    static func comparedAs(_ expr: BoundExpression, _ type: SQLType) throws -> BoundExpression {
        let converted = try coerce(expr, to: type)
        return type.isString ? try coerce(converted, to: .text) : converted
    }

    static func binary(_ op: BinaryOperator, _ l: BoundExpression, _ r: BoundExpression, at position: SourcePosition)
        throws -> BoundExpression
    {
        let comparison: ScalarFunction?
        switch op {
        case .equal: comparison = .equal
        case .notEqual: comparison = .notEqual
        case .less: comparison = .less
        case .lessOrEqual: comparison = .lessOrEqual
        case .greater: comparison = .greater
        case .greaterOrEqual: comparison = .greaterOrEqual
        default: comparison = nil
        }
        if let comparison {
            let (a, b) = try comparable(l, r, symbol: op.symbol, at: position)
            return BoundExpression(.function(comparison, [a, b]), .boolean, at: position)
        }
        let noOperator = SQLError(
            .undefinedFunction, "operator does not exist: \(l.type) \(op.symbol) \(r.type)",
            position: position.reported,
            hint: "No operator matches the given name and argument types. You might need to add explicit type casts.")
        switch op {
        case .concat:
            if let arrays = try ArrayOperators.concat(l, r, at: position) { return arrays }
            let textual: (SQLType) -> Bool = { $0.isString || $0 == .unknown }
            guard textual(l.type) || textual(r.type) else { throw noOperator }
            guard !l.type.isNestedType, !r.type.isNestedType else {
                throw Binder.unsupported("|| on arrays", position)
            }
            let a = l.type == .unknown ? try coerce(l, to: .text) : l
            let b = r.type == .unknown ? try coerce(r, to: .text) : r
            // `||` casts to text (a boolean reads `true`), unlike `concat`, which prints `t`.
            let castA = a.type == .text ? a : BoundExpression(.cast(a), .text, at: a.position)
            let castB = b.type == .text ? b : BoundExpression(.cast(b), .text, at: b.position)
            return BoundExpression(.function(.concatOperator, [castA, castB]), .text, at: position)
        case .plus, .minus, .multiply, .divide, .modulo:
            let function: ScalarFunction =
                switch op {
                case .plus: .add
                case .minus: .subtract
                case .multiply: .multiply
                case .divide: .divide
                default: .modulo
                }
            if let temporal = try DateTimeBinding.binary(op, l, r, at: position) { return temporal }
            // date arithmetic: date +/- integer, date - date
            if l.type == .date || r.type == .date || l.type.isTimestamp || r.type.isTimestamp {
                if l.type == .date, r.type.isInteger || r.type == .unknown, op == .plus || op == .minus {
                    return BoundExpression(.function(function, [l, try coerce(r, to: .integer)]), .date, at: position)
                }
                if r.type == .date, l.type.isInteger, op == .plus {
                    return BoundExpression(.function(function, [r, l]), .date, at: position)
                }
                if l.type == .date, r.type == .date, op == .minus {
                    return BoundExpression(.function(function, [l, r]), .integer, at: position)
                }
                if l.type.isTimestamp || r.type.isTimestamp || r.type == .unknown {
                    throw Binder.unsupported("interval arithmetic on timestamps", position)
                }
                throw noOperator
            }
            var a = l
            var b = r
            if a.type == .unknown, b.type == .unknown { throw noOperator }
            if a.type == .unknown { a = try coerce(a, to: b.type) }
            if b.type == .unknown { b = try coerce(b, to: a.type) }
            guard let rankA = a.type.numericRank, let rankB = b.type.numericRank else { throw noOperator }
            var type = rankA >= rankB ? a.type : b.type
            if type.isDecimal { type = .anyNumeric }
            // PostgreSQL has real-with-real operators only; real with any other number is double precision.
            if type == .real, a.type != b.type { type = .double }
            if op == .modulo, type.isFloat { throw noOperator }
            return BoundExpression(
                .function(function, [try coerce(a, to: type), try coerce(b, to: type)]), type, at: position)
        case .power:
            return try Functions.scalar("power", [l, r], at: position)
        case let .regexMatch(caseInsensitive, negated):
            return try Functions.regexMatch(l, r, caseInsensitive: caseInsensitive, negated: negated, at: position)
        case .jsonGet, .jsonGetText:
            return try Functions.jsonGet(l, r, asText: op == .jsonGetText, at: position)
        case .custom("#>"), .custom("#>>"):
            return try Functions.jsonPath(l, r, asText: op == .custom("#>>"), at: position)
        default:
            if let arrays = try ArrayOperators.containment(op, l, r, at: position) { return arrays }
            throw Binder.unsupported("operator \(op.symbol)", position)
        }
    }

    /// A value as its type's output function prints it (what `concat` uses): a boolean is `t`/`f`
    /// there, while a cast to text gives `true`/`false`.
    static func outputText(_ expr: BoundExpression) -> BoundExpression {
        if expr.type == .text { return expr }
        if expr.type.isBPChar {
            // The output function prints character(n) with its padding (a cast to text drops it); COALESCE of one
            // argument passes the value through unchanged.
            return BoundExpression(.coalesce([expr]), .text, at: expr.position)
        }
        if expr.type == .boolean {
            let t = BoundExpression.literal(.text("t"), .text)
            let f = BoundExpression.literal(.text("f"), .text)
            let negated = BoundExpression(.not(expr), .boolean, at: expr.position)
            return BoundExpression(.caseWhen([expr, negated], [t, f], otherwise: nil), .text, at: expr.position)
        }
        return BoundExpression(.cast(expr), .text, at: expr.position)
    }

    static func conditional(
        _ function: ConditionalFunction, _ arguments: [BoundExpression], at position: SourcePosition
    )
        throws -> BoundExpression
    {
        let type = try Coercion.common(arguments.map(\.type), context: function.rawValue)
        let coerced = try arguments.map { try coerce($0, to: type) }
        switch function {
        case .coalesce:
            return BoundExpression(.coalesce(coerced), type, at: position)
        case .nullif:
            guard arguments.count == 2 else { throw SQLError(.syntaxError, "NULLIF takes two arguments") }
            let (a, b) = try comparable(arguments[0], arguments[1], symbol: "=", at: position)
            // The result has the first argument's type.
            let resultType = arguments[0].type == .unknown ? .text : arguments[0].type
            let first = try coerce(arguments[0], to: resultType)
            return BoundExpression(.function(.nullif, [first, a, b]), resultType, at: position)
        case .greatest, .least:
            try requireComparable(type, at: position)
            return BoundExpression(.function(function == .greatest ? .greatest : .least, coerced), type, at: position)
        }
    }
}

extension SQLType {
    var isNestedType: Bool {
        switch self {
        case .record, .array, .map: return true
        default: return false
        }
    }
}
