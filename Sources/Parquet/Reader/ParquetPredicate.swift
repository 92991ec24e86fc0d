public import Columnar

/// A filter that row-group pruning can check against column statistics. Columns are named by
/// top-level name or a dotted path through structs to a primitive (`web.page.name`).
public indirect enum ParquetPredicate: Sendable, Hashable {
    /// Comparison operators.
    public enum Operator: String, Sendable, Hashable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    case compare(column: String, Operator, Value)
    case isNull(column: String)
    case isNotNull(column: String)
    case and([ParquetPredicate])
    case or([ParquetPredicate])
    case not(ParquetPredicate)
}
