/// A value in PostgreSQL's terms, which the server encodes in text or binary format for the column's type.
///
/// Date and time values count from PostgreSQL's epoch, 2000-01-01 (00:00:00 UTC for `timestamptz`); `numeric` is
/// its decimal text (`-12.50`, `NaN`, `Infinity`); arrays are one-dimensional, their elements of the column type's
/// element type. `text` serves every textual type (text, varchar, bpchar, name, json, jsonb, uuid) and anything the
/// session formats itself.
public enum WireValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case numeric(String)
    case text(String)
    case bytea([UInt8])
    /// Days since 2000-01-01; `Int32.max` / `Int32.min` are `infinity` / `-infinity`.
    case date(Int32)
    /// Microseconds since midnight.
    case time(Int64)
    /// Microseconds since 2000-01-01 00:00:00; `Int64.max` / `Int64.min` are `infinity` / `-infinity`.
    case timestamp(Int64)
    /// Microseconds since 2000-01-01 00:00:00 UTC (shown in UTC).
    case timestamptz(Int64)
    /// A `timestamptz` in a session whose TimeZone is not UTC: the instant (for the binary format) and its text in
    /// the session's zone (for the text format), which the session formats.
    case zonedTimestamptz(Int64, text: String)
    case interval(months: Int32, days: Int32, microseconds: Int64)
    case array([WireValue])
    /// A composite value (`record`, OID 2249): its fields with their type OIDs for the binary format (`record_send`),
    /// and its text (`record_out`), which the session formats.
    case record([WireRecordField], text: String)
}

/// One field of a `WireValue.record`: the field's type OID and value.
public struct WireRecordField: Sendable, Equatable {
    public var typeOID: UInt32
    public var value: WireValue

    public init(typeOID: UInt32, value: WireValue) {
        self.typeOID = typeOID
        self.value = value
    }
}

/// A row of values, one per result column.
public typealias WireRow = [WireValue]
