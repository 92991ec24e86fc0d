/// The math functions beyond the basic ones in `Functions.scalar`, resolved as PostgreSQL 15 does: an integer or
/// unknown argument picks the `double precision` variant (the preferred type), a numeric one the numeric
/// variant (`NumericTranscendental` for logarithms, exponentials, roots and fractional powers).
public enum MathFunction: Hashable, Sendable {
    case ln, log10, exp, cbrt, sign, pi, random, atan2, degrees, radians
    case sin, cos, tan, cot, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
    case div, gcd, lcm, factorial, widthBucket
    /// `power(numeric, numeric)`.
    case powerNumeric
    case sqrtNumeric, expNumeric, lnNumeric
    /// `log(numeric, numeric)`; `log(numeric)` and `log10(numeric)` with base 10.
    case logNumeric
}

extension Functions {
    static func math(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression?
    {
        func make(_ function: MathFunction, _ types: [SQLType], _ result: SQLType) throws -> BoundExpression? {
            guard let fitted = try fit(arguments, types) else { return nil }
            return BoundExpression(.function(.math(function), fitted), result, at: position)
        }
        let decimal = arguments.contains { $0.type.isDecimal }
        let result: BoundExpression?
        switch name {
        case "ln", "log", "log10", "exp":
            if arguments.count == 2 {
                result = try make(.logNumeric, [.anyNumeric, .anyNumeric], .anyNumeric)
            } else if decimal {
                if name == "ln" || name == "exp" {
                    result = try make(name == "ln" ? .lnNumeric : .expNumeric, [.anyNumeric], .anyNumeric)
                } else {
                    let ten = BoundExpression.literal(.numeric(SQLNumeric(10)), .anyNumeric)
                    guard let fitted = try fit(arguments, [.anyNumeric]) else { return nil }
                    result = BoundExpression(.function(.math(.logNumeric), [ten] + fitted), .anyNumeric, at: position)
                }
            } else {
                let function: MathFunction = name == "ln" ? .ln : (name == "exp" ? .exp : .log10)
                result = try make(function, [.double], .double)
            }
        case "cbrt": result = try make(.cbrt, [.double], .double)
        case "sqrt" where decimal: result = try make(.sqrtNumeric, [.anyNumeric], .anyNumeric)
        case "sign":
            result = decimal ? try make(.sign, [.anyNumeric], .anyNumeric) : try make(.sign, [.double], .double)
        case "pi": result = try make(.pi, [], .double)
        case "random": result = try make(.random, [], .double)
        case "setseed": throw Binder.unsupported("setseed", position)
        case "atan2": result = try make(.atan2, [.double, .double], .double)
        case "degrees", "radians", "sin", "cos", "tan", "cot", "asin", "acos", "atan", "sinh", "cosh", "tanh",
            "asinh", "acosh", "atanh":
            let functions: [String: MathFunction] = [
                "degrees": .degrees, "radians": .radians, "sin": .sin, "cos": .cos, "tan": .tan, "cot": .cot,
                "asin": .asin, "acos": .acos, "atan": .atan, "sinh": .sinh, "cosh": .cosh, "tanh": .tanh,
                "asinh": .asinh, "acosh": .acosh, "atanh": .atanh,
            ]
            guard let function = functions[name] else { return nil }
            result = try make(function, [.double], .double)
        case "div": result = try make(.div, [.anyNumeric, .anyNumeric], .anyNumeric)
        case "gcd", "lcm":
            guard arguments.count == 2 else { return nil }
            let function: MathFunction = name == "gcd" ? .gcd : .lcm
            var type = try Coercion.common(arguments.map(\.type), context: name)
            if type == .smallint { type = .integer }
            if type.isDecimal { type = .anyNumeric }
            guard type.isInteger || type.isDecimal else { return nil }
            result = try make(function, [type, type], type)
        case "factorial": result = try make(.factorial, [.bigint], .anyNumeric)
        case "width_bucket":
            guard arguments.count == 4 else { return nil }
            // numeric converts to double precision implicitly, not the reverse.
            let type: SQLType = decimal && !arguments.contains { $0.type.isFloat } ? .anyNumeric : .double
            result = try make(.widthBucket, [type, type, type, .integer], .integer)
        default:
            return nil
        }
        guard let result else { throw noFunction(name, arguments, position) }
        return result
    }

    /// `power(x, y)` / `x ^ y` with a numeric argument: PostgreSQL's numeric power (integral exponents here).
    static func numericPower(_ arguments: [BoundExpression], at position: SourcePosition) throws -> BoundExpression {
        guard let fitted = try fit(arguments, [.anyNumeric, .anyNumeric]) else {
            throw noFunction("power", arguments, position)
        }
        return BoundExpression(.function(.math(.powerNumeric), fitted), .anyNumeric, at: position)
    }
}
