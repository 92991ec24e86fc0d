/// Scalar function kernels with PostgreSQL's semantics (strict: NULL in, NULL out, except `concat`).
enum Kernels {
    static func divisionByZero() -> SQLError { SQLError(SQLState("22012"), "division by zero") }

    static func scalar(
        _ function: ScalarFunction, _ arguments: [BoundExpression], _ type: SQLType, _ chunk: Chunk, _ row: Int
    ) throws -> Datum {
        var values: [Datum] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try Evaluator.value(argument, chunk, row)) }
        switch function {
        case .concat:
            return .text(values.compactMap { if case let .text(t) = $0 { t } else { nil } }.joined())
        case .greatest, .least:
            var best: Datum = .null
            for value in values where !value.isNull {
                if best.isNull { best = value; continue }
                let order = Compare.order(value, best)
                if function == .greatest ? order > 0 : order < 0 { best = value }
            }
            return best
        case .nullif:
            if values[1].isNull || values[2].isNull { return values[0] }
            return Compare.order(values[1], values[2]) == 0 ? .null : values[0]
        case let .string(operation) where !operation.isStrict:
            return try StringKernels.apply(operation, values)
        case let .array(operation):
            return try ArrayKernels.apply(operation, values, arguments, type)
        case .setReturning:
            throw SQLError(.featureNotSupported, "set-returning functions are not allowed here")
        case let .catalog(operation):
            return try CatalogKernels.apply(operation, values)
        default:
            break
        }
        if values.contains(where: \.isNull) { return .null }
        let operandType = arguments.first?.type ?? type
        if case let .dateTime(operation) = function {
            return try DateTimeKernels.apply(operation, values, arguments, type)
        }
        switch function {
        case let .string(operation): return try StringKernels.apply(operation, values)
        case let .math(operation): return try MathKernels.apply(operation, values, type)
        case let .regex(operation): return try RegexKernels.apply(operation, values)
        case let .json(operation): return try JSONKernels.apply(operation, values)
        default: break
        }
        switch function {
        case .add, .subtract, .multiply, .divide, .modulo:
            return try arithmetic(function, values[0], values[1], operandType, type)
        case .negate:
            switch values[0] {
            case let .int(v):
                let (r, o) = Int64(0).subtractingReportingOverflow(v)
                guard !o else { throw Cast.outOfRange(type) }
                return try Cast.checkedInteger(r, type)
            case let .float(v): return .float(-v)
            case let .numeric(v): return .numeric(SQLNumeric(unscaled: -v.unscaled, scale: v.scale))
            case let .interval(v): return .interval(try -v)
            default: return .null
            }
        case .equal: return .boolean(Compare.order(values[0], values[1]) == 0)
        case .notEqual: return .boolean(Compare.order(values[0], values[1]) != 0)
        case .less: return .boolean(Compare.order(values[0], values[1]) < 0)
        case .lessOrEqual: return .boolean(Compare.order(values[0], values[1]) <= 0)
        case .greater: return .boolean(Compare.order(values[0], values[1]) > 0)
        case .greaterOrEqual: return .boolean(Compare.order(values[0], values[1]) >= 0)
        case .concatOperator:
            guard case let .text(a) = values[0], case let .text(b) = values[1] else { return .null }
            return .text(a + b)
        default:
            return try TextKernels.apply(function, values, type)
        }
    }

    static func arithmetic(_ function: ScalarFunction, _ a: Datum, _ b: Datum, _ operandType: SQLType, _ type: SQLType)
        throws -> Datum
    {
        switch (a, b) {
        case let (.date(d), .int(n)):
            let days = function == .add ? Int64(d) + n : Int64(d) - n
            guard let narrow = Int32(exactly: days) else {
                throw SQLError(.numericValueOutOfRange, "date out of range")
            }
            return .date(narrow)
        case let (.date(x), .date(y)):
            return .int(Int64(x) - Int64(y))
        case let (.int(x), .int(y)):
            let result: Int64
            let overflow: Bool
            switch function {
            case .add: (result, overflow) = x.addingReportingOverflow(y)
            case .subtract: (result, overflow) = x.subtractingReportingOverflow(y)
            case .multiply: (result, overflow) = x.multipliedReportingOverflow(by: y)
            case .divide:
                guard y != 0 else { throw divisionByZero() }
                (result, overflow) = x.dividedReportingOverflow(by: y)
            default:
                guard y != 0 else { throw divisionByZero() }
                (result, overflow) = y == -1 ? (0, false) : x.remainderReportingOverflow(dividingBy: y)
            }
            guard !overflow else { throw Cast.outOfRange(type) }
            return try Cast.checkedInteger(result, type)
        case let (.float(x), .float(y)):
            var result: Double
            switch function {
            case .add: result = x + y
            case .subtract: result = x - y
            case .multiply: result = x * y
            default:
                guard y != 0 else { throw divisionByZero() }
                result = x / y
            }
            if type == .real { result = Double(Float(result)) }
            if result.isInfinite, x.isFinite, y.isFinite {
                throw SQLError(.numericValueOutOfRange, "value out of range: overflow")
            }
            return .float(result)
        case let (.numeric(x), .numeric(y)):
            switch function {
            case .add: return .numeric(try x + y)
            case .subtract: return .numeric(try x - y)
            case .multiply: return .numeric(try x * y)
            case .divide: return .numeric(try x / y)
            default: return .numeric(try x % y)
            }
        default:
            throw SQLError(SQLState("XX000"), "arithmetic on \(operandType) values of unexpected form")
        }
    }
}
