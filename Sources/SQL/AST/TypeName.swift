/// A type name as PostgreSQL's grammar reads it (`Typename`), with PostgreSQL's aliases folded into one spelling:
/// `int4`, `int` and `integer` are `.integer`; `float8` and `double precision` are `.doublePrecision`;
/// `float(p)` is `.real` for p <= 24 and `.doublePrecision` above; `timestamptz` is
/// `.timestamp(withTimeZone: true)`. Names the parser does not know stay `.named` for the binder.
public struct TypeName: Hashable, Sendable, CustomStringConvertible {
    public var base: Base
    /// One entry per `[]` (or `ARRAY`), with its declared size if any (PostgreSQL ignores sizes).
    public var arrayBounds: [Int?]
    public var position: SourcePosition

    public init(_ base: Base, arrayBounds: [Int?] = [], at position: SourcePosition = .none) {
        self.base = base
        self.arrayBounds = arrayBounds
        self.position = position
    }

    public indirect enum Base: Hashable, Sendable {
        case boolean
        case smallint, integer, bigint
        case real, doublePrecision
        /// `numeric`, `numeric(p)`, `numeric(p, s)` (also `decimal`, `dec`).
        case numeric(precision: Int?, scale: Int?)
        case text
        /// `varchar(n)`, `character varying(n)`
        case varchar(length: Int?)
        /// `char(n)`, `character(n)`, `bpchar`
        case char(length: Int?)
        case bytea
        case date
        case time(precision: Int?, withTimeZone: Bool)
        case timestamp(precision: Int?, withTimeZone: Bool)
        case interval(fields: IntervalFields?, precision: Int?)
        case json, jsonb
        /// Any other type by name, with integer type modifiers if given (`uuid`, `geometry(4326)`).
        case named(ObjectName, modifiers: [Int])
    }

    public var description: String { SQLFormatter().typeName(self) }
}

/// The fields an interval is restricted to: `INTERVAL '1' DAY`, `INTERVAL '1:30' HOUR TO MINUTE`.
public enum IntervalFields: String, Hashable, Sendable {
    case year = "YEAR"
    case month = "MONTH"
    case day = "DAY"
    case hour = "HOUR"
    case minute = "MINUTE"
    case second = "SECOND"
    case yearToMonth = "YEAR TO MONTH"
    case dayToHour = "DAY TO HOUR"
    case dayToMinute = "DAY TO MINUTE"
    case dayToSecond = "DAY TO SECOND"
    case hourToMinute = "HOUR TO MINUTE"
    case hourToSecond = "HOUR TO SECOND"
    case minuteToSecond = "MINUTE TO SECOND"

    /// Whether the fields end in `SECOND`, which may carry a precision.
    public var endsInSecond: Bool {
        switch self {
        case .second, .dayToSecond, .hourToSecond, .minuteToSecond: true
        default: false
        }
    }
}
