import Columnar

/// Evaluates bound expressions over a chunk, one output column per call. Kernels are row-wise over datums
/// inside the batch loop (so CASE and COALESCE evaluate lazily per row, as PostgreSQL does); typed
/// column kernels can replace hot paths without changing callers.
enum Evaluator {
    static func evaluate(_ expression: BoundExpression, _ chunk: Chunk) throws -> [Datum] {
        try VectorEvaluator.evaluate(expression, chunk).datums
    }

    static func evaluateConstant(_ expression: BoundExpression) throws -> Datum {
        try value(expression, Chunk(columns: [], count: 1), 0)
    }

    /// The selection vector of rows where `predicate` is true.
    static func select(_ predicate: BoundExpression, _ chunk: Chunk) throws -> [Int] {
        try VectorEvaluator.select(predicate, chunk)
    }

    static func value(_ e: BoundExpression, _ chunk: Chunk, _ row: Int) throws -> Datum {
        switch e.kind {
        case let .column(index): return chunk.vectors[index][row]
        case let .literal(datum): return datum
        case let .cast(operand):
            return try Cast.apply(try value(operand, chunk, row), from: operand.type, to: e.type)
        case let .field(operand, index):
            let base = try value(operand, chunk, row)
            guard case let .nested(composite) = base, case let Value.struct(fieldValues) = composite,
                index < fieldValues.count
            else { return .null }
            return Datum(fieldValues[index], type: e.type)
        case let .function(function, arguments):
            return try Kernels.scalar(function, arguments, e.type, chunk, row)
        case let .and(parts):
            var sawNull = false
            for part in parts {
                switch try value(part, chunk, row) {
                case .boolean(false): return .boolean(false)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .boolean(true)
        case let .or(parts):
            var sawNull = false
            for part in parts {
                switch try value(part, chunk, row) {
                case .boolean(true): return .boolean(true)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .boolean(false)
        case let .not(operand):
            if case let .boolean(b) = try value(operand, chunk, row) { return .boolean(!b) }
            return .null
        case let .isNull(operand, negated):
            return .boolean(try value(operand, chunk, row).isNull != negated)
        case let .isDistinct(a, b, negated):
            let l = try value(a, chunk, row)
            let r = try value(b, chunk, row)
            let distinct: Bool
            if l.isNull || r.isNull { distinct = l.isNull != r.isNull } else { distinct = Compare.order(l, r) != 0 }
            return .boolean(distinct != negated)
        case let .caseWhen(conditions, results, otherwise):
            for (condition, result) in zip(conditions, results) {
                if case .boolean(true) = try value(condition, chunk, row) { return try value(result, chunk, row) }
            }
            return try otherwise.map { try value($0, chunk, row) } ?? .null
        case let .coalesce(arguments):
            for argument in arguments {
                let v = try value(argument, chunk, row)
                if !v.isNull { return v }
            }
            return .null
        case let .inList(operand, list, negated):
            let v = try value(operand, chunk, row)
            if v.isNull { return .null }
            var sawNull = false
            for item in list {
                let candidate = try value(item, chunk, row)
                if candidate.isNull {
                    sawNull = true
                } else if Compare.order(v, candidate) == 0 {
                    return .boolean(!negated)
                }
            }
            return sawNull ? .null : .boolean(negated)
        case let .like(operand, pattern, escape, caseInsensitive, negated):
            guard case let .text(text) = try value(operand, chunk, row),
                case let .text(patternText) = try value(pattern, chunk, row)
            else { return .null }
            var escapeCharacter: Character? = "\\"
            if let escape {
                guard case let .text(escapeText) = try value(escape, chunk, row) else { return .null }
                guard escapeText.count <= 1 else {
                    throw SQLError(
                        SQLState("22025"), "invalid escape string",
                        hint: "Escape string must be empty or one character.")
                }
                escapeCharacter = escapeText.first
            }
            let matched = try Like.matches(text, patternText, escape: escapeCharacter, caseInsensitive: caseInsensitive)
            return .boolean(matched != negated)
        case .aggregate:
            throw SQLError(SQLState("XX000"), "aggregate placeholder reached execution")
        case let .subqueryResult(result, operands):
            return try result.value(operands: try operands.map { try value($0, chunk, row) })
        case .parameter, .subquery:
            throw SQLError(SQLState("XX000"), "unplanned subquery reached execution")
        case .window:
            throw SQLError(SQLState("XX000"), "window function placeholder reached execution")
        }
    }
}

/// PostgreSQL's ordering of non-null values of one type (text in the C collation: by UTF-8 bytes).
enum Compare {
    static func order(_ a: Datum, _ b: Datum) -> Int {
        switch (a, b) {
        case let (.int(x), .int(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.float(x), .float(y)):
            // NaN sorts after every other value and equals itself.
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            return x < y ? -1 : (x == y ? 0 : 1)
        case let (.numeric(x), .numeric(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.text(x), .text(y)):
            // By bytes, not `String ==` (canonical equivalence would tie "é" with "e\u{301}", as the C collation
            // does not).
            if x.utf8.elementsEqual(y.utf8) { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        case let (.boolean(x), .boolean(y)): return x == y ? 0 : (!x ? -1 : 1)
        case let (.date(x), .date(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.timestamp(x), .timestamp(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.time(x), .time(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.interval(x), .interval(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.bytes(x), .bytes(y)):
            if x == y { return 0 }
            return x.lexicographicallyPrecedes(y) ? -1 : 1
        case let (.nested(x), .nested(y)): return NestedOrder.order(x, y)
        default: return 0
        }
    }
}
