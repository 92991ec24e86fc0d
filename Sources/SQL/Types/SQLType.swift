public import Columnar

/// A SQL type of the engine, mapped onto `Columnar`'s `DataType` (see `dataType`).
///
/// `unknown` is PostgreSQL's type of an untyped string literal or `NULL` before the binder coerces it.
/// `numeric` without a precision is PostgreSQL's unconstrained numeric: every value carries its own display
/// scale (`1.5` and `2.25` in one column print as written), so its columns use `SQLType.numericLayout`.
public indirect enum SQLType: Hashable, Sendable, CustomStringConvertible {
    case unknown
    case boolean
    /// int2
    case smallint
    /// int4
    case integer
    /// int8
    case bigint
    /// float4
    case real
    /// float8
    case double
    /// `numeric(p, s)`, or unconstrained `numeric` when `precision` is nil.
    case numeric(precision: Int?, scale: Int)
    case text
    /// `character(n)` (bpchar): blank-padded to `length`; nil is `bpchar` without a length.
    case bpchar(length: Int?)
    /// `character varying(n)`; nil without a length.
    case varchar(length: Int?)
    /// `json`: the text of a valid JSON value, kept as written.
    case json
    case bytea
    case date
    /// Microseconds since the epoch, UTC; `withTimeZone` is `timestamptz` (the lake's timestamps).
    case timestamp(withTimeZone: Bool)
    /// `time` (without time zone): microseconds since midnight.
    case time
    /// `interval`: months, days and microseconds (`SQLInterval`).
    case interval
    /// A struct from the lake's nested schemas.
    case record([Field])
    case array(Field)
    case map(key: Field, value: Field)

    /// Unconstrained numeric.
    public static let anyNumeric = SQLType.numeric(precision: nil, scale: 0)
    public static let timestamptz = SQLType.timestamp(withTimeZone: true)

    /// The Columnar layout of unconstrained numeric values: the unscaled digits and each value's scale.
    public static let numericLayout = DataType.struct([
        Field("unscaled", .decimal(precision: 38, scale: 0), nullable: false),
        Field("scale", .int32, nullable: false),
    ])

    /// The Columnar layout of intervals.
    public static let intervalLayout = DataType.struct([
        Field("months", .int32, nullable: false),
        Field("days", .int32, nullable: false),
        Field("microseconds", .int64, nullable: false),
    ])

    /// The SQL type of a lake column.
    public init(_ type: DataType) {
        switch type {
        case .boolean: self = .boolean
        case .int32: self = .integer
        case .int64: self = .bigint
        case .float32: self = .real
        case .float64: self = .double
        case let .decimal(precision, scale): self = .numeric(precision: precision, scale: scale)
        case .string: self = .text
        case .binary: self = .bytea
        case .date: self = .date
        case .timestamp: self = .timestamptz
        case let .struct(fields): self = .record(fields)
        case let .list(element): self = .array(element)
        case let .map(key, value): self = .map(key: key, value: value)
        }
    }

    /// The Columnar type of this type's columns.
    public var dataType: DataType {
        switch self {
        case .unknown, .text, .bpchar, .varchar, .json: return .string
        case .boolean: return .boolean
        case .smallint, .integer: return .int32
        case .bigint: return .int64
        case .real: return .float32
        case .double: return .float64
        case let .numeric(precision, scale):
            if let precision { return .decimal(precision: precision, scale: scale) }
            return SQLType.numericLayout
        case .bytea: return .binary
        case .date: return .date
        case .timestamp: return .timestamp
        case .time: return .int64
        case .interval: return SQLType.intervalLayout
        case let .record(fields): return .struct(fields)
        case let .array(element): return .list(element)
        case let .map(key, value): return .map(key: key, value: value)
        }
    }

    /// PostgreSQL's name of the type (`format_type`).
    public var description: String {
        switch self {
        case .unknown: return "unknown"
        case .boolean: return "boolean"
        case .smallint: return "smallint"
        case .integer: return "integer"
        case .bigint: return "bigint"
        case .real: return "real"
        case .double: return "double precision"
        case let .numeric(precision, scale):
            if let precision { return "numeric(\(precision),\(scale))" }
            return "numeric"
        case .text: return "text"
        case let .bpchar(length): return length.map { "character(\($0))" } ?? "bpchar"
        case let .varchar(length): return length.map { "character varying(\($0))" } ?? "character varying"
        case .json: return "json"
        case .bytea: return "bytea"
        case .date: return "date"
        case let .timestamp(withTimeZone):
            return withTimeZone ? "timestamp with time zone" : "timestamp without time zone"
        case .time: return "time without time zone"
        case .interval: return "interval"
        case .record: return "record"
        case let .array(element):
            let inner = SQLType(field: element)
            return inner.isArray ? inner.description : inner.description + "[]"
        case .map: return "map"
        }
    }

    /// PostgreSQL's type category letter, for implicit coercion (`B` boolean, `N` numeric, `S` string, ...).
    var category: Character {
        switch self {
        case .unknown: return "X"
        case .boolean: return "B"
        case .smallint, .integer, .bigint, .real, .double, .numeric: return "N"
        case .text, .bpchar, .varchar: return "S"
        case .bytea, .json: return "U"
        case .date, .timestamp, .time: return "D"
        case .interval: return "T"
        case .record: return "C"
        case .array: return "A"
        case .map: return "M"
        }
    }

    /// Rank within the numeric category: an implicit cast goes from a lower rank to a higher one.
    var numericRank: Int? {
        switch self {
        case .smallint: return 0
        case .integer: return 1
        case .bigint: return 2
        case .numeric: return 3
        case .real: return 4
        case .double: return 5
        default: return nil
        }
    }

    var isInteger: Bool { self == .integer || self == .bigint || self == .smallint }
    /// text, `character(n)` and `character varying(n)`.
    var isString: Bool {
        switch self {
        case .text, .bpchar, .varchar: return true
        default: return false
        }
    }
    var isNumeric: Bool { numericRank != nil }
    var isFloat: Bool { self == .real || self == .double }
    var isDecimal: Bool {
        if case .numeric = self { return true }
        return false
    }
    var isTimestamp: Bool {
        if case .timestamp = self { return true }
        return false
    }
}
