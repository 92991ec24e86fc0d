import Columnar
import PostgresWire
import QueryService
import SQL

/// The engine's values and errors in the wire protocol's terms.
enum WireValues {
    /// Days from 1970-01-01 (the engine's dates) to 2000-01-01 (PostgreSQL's).
    static let epochDays: Int32 = 10_957
    static let epochMicros: Int64 = 946_684_800_000_000

    /// The RowDescription column of a result column.
    static func column(_ column: PlanColumn) -> WireColumn {
        WireColumn(name: column.name, typeOID: column.type.postgresTypeOID, typeModifier: column.type.postgresTypmod)
    }

    /// One value of a column of `type`. `utc`: the session's zone is UTC, so timestamptz values are sent as
    /// instants; otherwise with their text in the session's zone as well (call inside `QueryResult.inTimeZone`).
    static func value(_ datum: Datum, _ type: SQLType, utc: Bool) -> WireValue {
        switch (datum, type) {
        case (.null, _): return .null
        case let (.boolean(value), _): return .bool(value)
        case let (.int(value), .smallint): return .int16(Int16(truncatingIfNeeded: value))
        case let (.int(value), .integer): return .int32(Int32(truncatingIfNeeded: value))
        case let (.int(value), _): return .int64(value)
        case let (.float(value), .real): return .float32(Float(value))
        case let (.float(value), _): return .float64(value)
        case let (.numeric(value), _): return .numeric(value.description)
        case let (.text(value), _): return .text(value)
        case let (.bytes(value), _): return .bytea(value)
        case let (.date(days), _): return .date(shifted(days))
        case let (.timestamp(micros), .timestamp(withTimeZone: false)): return .timestamp(shifted(micros))
        case let (.timestamp(micros), _):
            if utc { return .timestamptz(shifted(micros)) }
            return .zonedTimestamptz(shifted(micros), text: datum.text(as: type) ?? "")
        case let (.time(micros), _): return .time(micros)
        case let (.interval(value), _):
            return .interval(months: value.months, days: value.days, microseconds: value.micros)
        case let (.nested(value), .array(element)):
            let elementType = SQLType(field: element)
            guard case let .list(items) = value, Self.isScalar(elementType) else {
                return .text(datum.text(as: type) ?? "")
            }
            return .array(items.map { Self.value(Datum(columnar: $0, type: elementType), elementType, utc: utc) })
        case let (.nested(.struct(items)), .record(fields)) where items.count == fields.count:
            let members = zip(items, fields).map { item, field in
                let fieldType = SQLType(field: field)
                return WireRecordField(
                    typeOID: fieldType.postgresTypeOID,
                    value: Self.value(Datum(columnar: item, type: fieldType), fieldType, utc: utc))
            }
            return .record(members, text: datum.text(as: type) ?? "")
        case (.nested, _): return .text(datum.text(as: type) ?? "")
        }
    }

    /// A batch's rows as wire values (timestamptz printed in the batch's zone when it is not UTC).
    static func rows(_ batch: QueryResult, types: [SQLType]) -> [WireRow] {
        let utc = batch.timeZone == .utc
        return batch.inTimeZone {
            batch.rows.map { row in
                var values: [WireValue] = []
                values.reserveCapacity(row.count)
                for (datum, type) in zip(row, types) { values.append(value(datum, type, utc: utc)) }
                return values
            }
        }
    }

    /// Whether arrays of `type` are sent element by element (PostgreSQL's one-dimensional arrays).
    static func isScalar(_ type: SQLType) -> Bool {
        switch type {
        case .array, .map, .unknown: false
        default: true
        }
    }

    static func shifted(_ days: Int32) -> Int32 {
        days == .max || days == .min ? days : days &- epochDays
    }

    static func shifted(_ micros: Int64) -> Int64 {
        micros == .max || micros == .min ? micros : micros &- epochMicros
    }

    /// A SQL error as an ErrorResponse.
    static func error(_ error: SQLError) -> WireError {
        WireError(sqlState: error.state.code, message: error.message, hint: error.hint, position: error.position)
    }

    /// Any error of a statement as an ErrorResponse (`57014` for a cancellation).
    static func error(_ error: any Error) -> WireError {
        if let error = error as? WireError { return error }
        if let error = error as? SQLError { return Self.error(error) }
        if error is CancellationError { return .queryCanceled }
        return WireError(sqlState: "XX000", message: "internal error: \(error)")
    }
}
