/// The logical types every Outflow layer speaks: the lake's schemas, Parquet, NDJSON, SQL.
public indirect enum DataType: Sendable, Hashable {
    case boolean
    case int32
    case int64
    case float32
    case float64
    /// Fixed-point decimal; values are stored unscaled as `Int128` (precision at most 38).
    case decimal(precision: Int, scale: Int)
    /// UTF-8 text.
    case string
    case binary
    /// Days since 1970-01-01, stored as `Int32`.
    case date
    /// Microseconds since 1970-01-01T00:00:00Z, stored as `Int64` (UTC-adjusted).
    case timestamp
    case `struct`([Field])
    /// A list whose element is described by `Field` (conventionally named "element").
    case list(Field)
    /// A map; keys are never null.
    case map(key: Field, value: Field)

    /// True for types whose values are made of child columns.
    public var isNested: Bool {
        switch self {
        case .struct, .list, .map: return true
        default: return false
        }
    }

    /// A short, stable name used in schema documents, error messages and `parquet inspect`.
    public var name: String {
        switch self {
        case .boolean: return "boolean"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float32: return "float32"
        case .float64: return "float64"
        case let .decimal(p, s): return "decimal(\(p),\(s))"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .struct: return "struct"
        case .list: return "list"
        case .map: return "map"
        }
    }
}

extension DataType: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .struct(fields):
            return "struct<" + fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + ">"
        case let .list(element):
            return "list<\(element.type)>"
        case let .map(key, value):
            return "map<\(key.type), \(value.type)>"
        default:
            return name
        }
    }
}
