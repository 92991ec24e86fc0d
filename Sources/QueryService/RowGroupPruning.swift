import Columnar
import Parquet
import SQL

/// Turns the engine's filter hints (conjuncts over a scan's projected columns) into a `ParquetPredicate` that
/// row groups' min/max statistics can rule out. Only forms whose meaning on statistics is certain are used:
/// `column op constant` (either side), `IS [NOT] NULL`, `IN (constants)`, BETWEEN (bound as two comparisons),
/// and ORs of those, over integers, numeric, text, booleans, dates and timestamps. Floats are left out (NaN
/// sorts above every number in PostgreSQL, but statistics skip it). Anything else keeps every row group.
enum RowGroupPruning {
    static func predicate(_ filters: [BoundExpression], fields: [Field]) -> ParquetPredicate? {
        let parts = filters.compactMap { translate($0, fields) }
        if parts.isEmpty { return nil }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    static func translate(_ expression: BoundExpression, _ fields: [Field]) -> ParquetPredicate? {
        switch expression.kind {
        case let .and(items):
            let parts = items.compactMap { translate($0, fields) }
            return parts.isEmpty ? nil : .and(parts)
        case let .or(items):
            var parts: [ParquetPredicate] = []
            for item in items {
                guard let part = translate(item, fields) else { return nil }
                parts.append(part)
            }
            return .or(parts)
        case let .isNull(operand, negated):
            guard let (path, _) = column(operand, fields) else { return nil }
            return negated ? .isNotNull(column: path) : .isNull(column: path)
        case let .inList(operand, list, negated):
            guard !negated, let (path, type) = column(operand, fields) else { return nil }
            var parts: [ParquetPredicate] = []
            for item in list {
                guard let value = constant(item, type) else { return nil }
                parts.append(.compare(column: path, .equal, value))
            }
            return .or(parts)
        case let .function(function, arguments) where arguments.count == 2:
            guard let op = comparison(function) else { return nil }
            if let (path, type) = column(arguments[0], fields), let value = constant(arguments[1], type) {
                return .compare(column: path, op, value)
            }
            if let (path, type) = column(arguments[1], fields), let value = constant(arguments[0], type) {
                return .compare(column: path, flipped(op), value)
            }
            return nil
        default:
            return nil
        }
    }

    static func comparison(_ function: ScalarFunction) -> ParquetPredicate.Operator? {
        switch function {
        case .equal: return .equal
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        default: return nil
        }
    }

    static func flipped(_ op: ParquetPredicate.Operator) -> ParquetPredicate.Operator {
        switch op {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        case .equal, .notEqual: return op
        }
    }

    /// The dotted path and Columnar type of a column or struct field read without conversion (an int4 column
    /// widened to int8 counts: the values compare the same).
    static func column(_ expression: BoundExpression, _ fields: [Field]) -> (String, DataType)? {
        switch expression.kind {
        case let .column(index):
            guard fields.indices.contains(index) else { return nil }
            return (fields[index].name, fields[index].type)
        case let .field(base, index):
            guard let (path, type) = column(base, fields), case let .struct(children) = type,
                children.indices.contains(index)
            else { return nil }
            return (path + "." + children[index].name, children[index].type)
        case let .cast(operand):
            guard expression.type == .bigint, operand.type == .integer else { return nil }
            return column(operand, fields)
        default:
            return nil
        }
    }

    /// A non-null literal as the Columnar value statistics of a column of `type` compare with.
    static func constant(_ expression: BoundExpression, _ type: DataType) -> Value? {
        guard case let .literal(datum) = expression.kind else { return nil }
        switch (datum, type) {
        case let (.int(value), .int32), let (.int(value), .int64):
            return .int(value)
        case let (.text(value), .string):
            return .string(value)
        case let (.boolean(value), .boolean):
            return .boolean(value)
        case let (.date(value), .date):
            return .date(value)
        case let (.timestamp(value), .timestamp):
            guard case .timestamp(withTimeZone: true) = expression.type else { return nil }
            return .timestamp(value)
        case let (.numeric(value), .decimal(_, scale)):
            guard value.scale <= scale, let exact = try? value.rescaled(to: scale) else { return nil }
            return .decimal(exact.unscaled)
        case let (.int(value), .decimal(_, scale)):
            guard let exact = try? SQLNumeric(value).rescaled(to: scale) else { return nil }
            return .decimal(exact.unscaled)
        default:
            return nil
        }
    }
}
