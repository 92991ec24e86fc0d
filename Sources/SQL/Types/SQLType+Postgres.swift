import Columnar

/// PostgreSQL's type OIDs and type modifiers of the engine's types: what `pg_attribute`, `pg_type` and a wire
/// protocol's `RowDescription` report for a column.
extension SQLType {
    /// The OID of PostgreSQL's type for this type (`int4` is 23, `text[]` is 1009). Structs are `record`
    /// (2249); maps, which PostgreSQL lacks, are reported as `text` (25), the form they print in.
    public var postgresTypeOID: UInt32 {
        switch self {
        case .unknown: return PGTypeOID.unknown
        case .boolean: return PGTypeOID.bool
        case .smallint: return PGTypeOID.int2
        case .integer: return PGTypeOID.int4
        case .bigint: return PGTypeOID.int8
        case .real: return PGTypeOID.float4
        case .double: return PGTypeOID.float8
        case .numeric: return PGTypeOID.numeric
        case .text, .map: return PGTypeOID.text
        case .bpchar: return PGTypeOID.bpchar
        case .varchar: return PGTypeOID.varchar
        case .json: return PGTypeOID.json
        case .bytea: return PGTypeOID.bytea
        case .date: return PGTypeOID.date
        case let .timestamp(withTimeZone): return withTimeZone ? PGTypeOID.timestamptz : PGTypeOID.timestamp
        case .time: return PGTypeOID.time
        case .interval: return PGTypeOID.interval
        case .record: return PGTypeOID.record
        case let .array(element):
            var inner = SQLType(field: element)
            // PostgreSQL's arrays of arrays are multidimensional arrays of the innermost element type.
            while case let .array(deeper) = inner { inner = SQLType(field: deeper) }
            return PGTypeCatalog.arrayOID(of: inner.postgresTypeOID) ?? PGTypeOID.text
        }
    }

    /// PostgreSQL's `atttypmod`: `n + 4` for `character(n)` and `character varying(n)`, `((p << 16) | s) + 4`
    /// for `numeric(p, s)`, -1 for every other type (also for arrays of them, as PostgreSQL keeps the element's
    /// modifier).
    public var postgresTypmod: Int32 {
        switch self {
        case let .bpchar(length?), let .varchar(length?):
            return Int32(clamping: length) &+ 4
        case let .numeric(precision?, scale):
            return Int32(clamping: (precision << 16) | scale) &+ 4
        case let .array(element):
            return SQLType(field: element).postgresTypmod
        default:
            return -1
        }
    }
}

/// PostgreSQL's OIDs of the types the engine reports.
public enum PGTypeOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let char: UInt32 = 18
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let regproc: UInt32 = 24
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let unknown: UInt32 = 705
    public static let bpchar: UInt32 = 1042
    public static let varchar: UInt32 = 1043
    public static let date: UInt32 = 1082
    public static let time: UInt32 = 1083
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let interval: UInt32 = 1186
    public static let numeric: UInt32 = 1700
    public static let regclass: UInt32 = 2205
    public static let regtype: UInt32 = 2206
    public static let record: UInt32 = 2249
    public static let regnamespace: UInt32 = 4089
    public static let regrole: UInt32 = 4096
}

extension SQLType {
    /// The engine's type for a parameter type OID a client declares (`Parse`), nil for `unknown` (0, 705) and for
    /// types the engine lacks (the parameter's type is then inferred, and its value read as an untyped literal).
    public init?(postgresTypeOID oid: UInt32) {
        switch oid {
        case PGTypeOID.bool: self = .boolean
        case PGTypeOID.int2: self = .smallint
        case PGTypeOID.int4: self = .integer
        case PGTypeOID.int8, PGTypeOID.oid: self = .bigint
        case PGTypeOID.float4: self = .real
        case PGTypeOID.float8: self = .double
        case PGTypeOID.numeric: self = .anyNumeric
        case PGTypeOID.text, PGTypeOID.name, PGTypeOID.char: self = .text
        case PGTypeOID.bpchar: self = .bpchar(length: nil)
        case PGTypeOID.varchar: self = .varchar(length: nil)
        case PGTypeOID.json: self = .json
        case PGTypeOID.bytea: self = .bytea
        case PGTypeOID.date: self = .date
        case PGTypeOID.time: self = .time
        case PGTypeOID.timestamp: self = .timestamp(withTimeZone: false)
        case PGTypeOID.timestamptz: self = .timestamptz
        case PGTypeOID.interval: self = .interval
        default:
            guard let array = PGTypeCatalog.byOID[oid], array.category == "A", array.element != 0,
                let element = SQLType(postgresTypeOID: array.element)
            else { return nil }
            self = .arrayOf(element)
        }
    }
}
