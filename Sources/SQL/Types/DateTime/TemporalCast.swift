/// Casts between date, timestamp, timestamptz, time and interval. Conversions between local and absolute times
/// read the session zone (`timestamp::timestamptz` takes the wall time there; `timestamptz::date` is the date
/// there); infinities stay infinite.
enum TemporalCast {
    /// The converted value, or nil when the pair is not temporal.
    static func apply(_ datum: Datum, from source: SQLType, to target: SQLType) throws(SQLError) -> Datum? {
        let zone = SessionContext.current.timeZone
        switch (datum, target) {
        case let (.date(days), .timestamp(withTimeZone)):
            if days == DateTime.dateInfinity { return .timestamp(DateTime.timestampInfinity) }
            if days == DateTime.dateMinusInfinity { return .timestamp(DateTime.timestampMinusInfinity) }
            let local = Int64(days) * DateTime.microsPerDay
            guard local >= DateTime.minTimestamp else {
                throw SQLError(SQLState("22008"), "date out of range for timestamp")
            }
            return .timestamp(withTimeZone ? zone.utc(fromLocalMicros: local) : local)
        case let (.timestamp(micros), .date):
            if micros == DateTime.timestampInfinity { return .date(DateTime.dateInfinity) }
            if micros == DateTime.timestampMinusInfinity { return .date(DateTime.dateMinusInfinity) }
            let local = source == .timestamptz ? zone.local(fromUTCMicros: micros) : micros
            return .date(Int32(truncatingIfNeeded: DateTime.floorDiv(local, DateTime.microsPerDay).0))
        case let (.timestamp(micros), .timestamp(withTimeZone)):
            guard DateTime.isFinite(micros), source != target else { return datum }
            return .timestamp(withTimeZone ? zone.utc(fromLocalMicros: micros) : zone.local(fromUTCMicros: micros))
        case let (.timestamp(micros), .time):
            guard DateTime.isFinite(micros) else { return .null }
            let local = source == .timestamptz ? zone.local(fromUTCMicros: micros) : micros
            return .time(DateTime.floorDiv(local, DateTime.microsPerDay).1)
        case let (.time(micros), .interval):
            return .interval(SQLInterval(micros: micros))
        case let (.interval(value), .time):
            return .time(DateTime.floorDiv(value.micros, DateTime.microsPerDay).1)
        default:
            return nil
        }
    }
}
