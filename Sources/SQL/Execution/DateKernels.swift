/// `date_trunc` and `extract`/`date_part` on dates and timestamps; a timestamptz is read in the session zone
/// (or the zone `date_trunc` is given) and truncated there.
enum DateKernels {
    /// The canonical unit name of `date_trunc`, or PostgreSQL's error for `type`.
    static func truncUnit(_ text: String, type: SQLType) throws(SQLError) -> String {
        let unit = DateTimeBinding.canonicalField(text)
        if DateTimeBinding.truncUnits.contains(unit) {
            if type == .interval, unit == "week" {
                throw SQLError(.featureNotSupported, "unit \"\(text)\" not supported for type interval")
            }
            return unit
        }
        throw SQLError(.invalidParameterValue, "unit \"\(text)\" not recognized for type \(type)")
    }

    /// Truncates local (wall-clock) microseconds to `unit`.
    static func truncateLocal(_ unit: String, _ micros: Int64) -> Int64 {
        let (days, timeOfDay) = DateTime.floorDiv(micros, DateTime.microsPerDay)
        let dayStart = days * DateTime.microsPerDay
        let (y, m, _) = DateTime.civil(days)
        func yearStart(_ year: Int64) -> Int64 { DateTime.days(year: year, month: 1, day: 1) * DateTime.microsPerDay }
        switch unit {
        case "microseconds": return micros
        case "milliseconds": return dayStart + timeOfDay / 1000 * 1000
        case "second": return dayStart + timeOfDay / 1_000_000 * 1_000_000
        case "minute": return dayStart + timeOfDay / 60_000_000 * 60_000_000
        case "hour": return dayStart + timeOfDay / 3_600_000_000 * 3_600_000_000
        case "day": return dayStart
        case "week":
            // ISO weeks start on Monday; 1970-01-01 was a Thursday.
            let weekday = DateTime.floorDiv(days + 3, 7).1
            return (days - weekday) * DateTime.microsPerDay
        case "month": return DateTime.days(year: y, month: m, day: 1) * DateTime.microsPerDay
        case "quarter": return DateTime.days(year: y, month: (m - 1) / 3 * 3 + 1, day: 1) * DateTime.microsPerDay
        case "year": return yearStart(y)
        case "decade":
            // PostgreSQL: year - year % 10 for AD; BC years (y <= 0 here) round away from zero.
            if y > 0 { return yearStart(y - y % 10) }
            let bcYear = 1 - y
            return yearStart(1 - ((bcYear + 8) / 10 * 10 - 1 + 1) + 0)
        case "century":
            if y > 0 { return yearStart((y + 99) / 100 * 100 - 99) }
            let bcYear = 1 - y
            return yearStart(1 - ((bcYear + 99) / 100 * 100))
        case "millennium":
            if y > 0 { return yearStart((y + 999) / 1000 * 1000 - 999) }
            let bcYear = 1 - y
            return yearStart(1 - ((bcYear + 999) / 1000 * 1000))
        default: return micros
        }
    }

    /// `date_trunc` of a timestamp (zone nil) or a timestamptz read in `zone`.
    static func truncate(_ unit: String, _ micros: Int64, zone: SQLTimeZone?) -> Int64 {
        guard DateTime.isFinite(micros) else { return micros }
        guard let zone else { return truncateLocal(unit, micros) }
        let offset = Int64(zone.offset(atUTCMicros: micros)) * DateTime.microsPerSecond
        let local = truncateLocal(unit, micros + offset)
        switch unit {
        case "microseconds", "milliseconds", "second", "minute", "hour": return local - offset
        default: return zone.utc(fromLocalMicros: local)
        }
    }

    /// `date_trunc` of an interval.
    static func truncate(_ unit: String, _ value: SQLInterval) -> SQLInterval {
        var result = value
        let yearMonths = value.months / 12 * 12
        switch unit {
        case "millennium": return SQLInterval(months: value.months / 12000 * 12000)
        case "century": return SQLInterval(months: value.months / 1200 * 1200)
        case "decade": return SQLInterval(months: value.months / 120 * 120)
        case "year": return SQLInterval(months: yearMonths)
        case "quarter": return SQLInterval(months: yearMonths + value.months % 12 / 3 * 3)
        case "month": return SQLInterval(months: value.months)
        case "day": result.micros = 0
        case "hour": result.micros = value.micros / SQLInterval.microsPerHour * SQLInterval.microsPerHour
        case "minute": result.micros = value.micros / SQLInterval.microsPerMinute * SQLInterval.microsPerMinute
        case "second": result.micros = value.micros / 1_000_000 * 1_000_000
        case "milliseconds": result.micros = value.micros / 1000 * 1000
        default: break
        }
        return result
    }

    static func extract(_ field: String, _ value: Datum, asDouble: Bool, zoned: Bool = false) throws -> Datum {
        var micros: Int64
        var isDate = false
        var offsetSeconds: Int64 = 0
        let zone = SessionContext.current.timeZone
        switch value {
        case let .date(days):
            if !DateTime.isFinite(date: days) {
                return try infinite(field, positive: days == DateTime.dateInfinity, asDouble: asDouble)
            }
            micros = Int64(days) * DateTime.microsPerDay
            isDate = true
        case let .timestamp(t):
            if !DateTime.isFinite(t) { return try infinite(field, positive: t == .max, asDouble: asDouble) }
            micros = t
        default: return .null
        }
        // A timestamptz reads in the session's local time.
        if zoned, !isDate {
            offsetSeconds = Int64(zone.offset(atUTCMicros: micros))
            micros += offsetSeconds * DateTime.microsPerSecond
        }
        let (days, timeOfDay) = DateTime.floorDiv(micros, DateTime.microsPerDay)
        let (y, m, d) = DateTime.civil(days)
        let weekday = DateTime.floorDiv(days + 4, 7).1  // 0 = Sunday
        let displayYear = y > 0 ? y : y - 1
        var integer: Int64?
        var fraction: SQLNumeric?
        switch field {
        case "year": integer = displayYear
        case "month": integer = m
        case "day": integer = d
        case "hour": integer = timeOfDay / 3_600_000_000
        case "minute": integer = timeOfDay / 60_000_000 % 60
        case "quarter": integer = (m - 1) / 3 + 1
        case "decade": integer = y > 0 ? y / 10 : -((8 - (y - 1)) / 10)
        case "century": integer = y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100)
        case "millennium": integer = y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000)
        case "dow": integer = weekday
        case "isodow": integer = weekday == 0 ? 7 : weekday
        case "doy": integer = days - DateTime.days(year: y, month: 1, day: 1) + 1
        case "week": integer = isoWeek(days)
        case "isoyear":
            let isoWeekday = DateTime.floorDiv(days + 3, 7).1
            let year = DateTime.civil(days - isoWeekday + 3).year
            integer = year > 0 ? year : year - 1
        case "second": fraction = SQLNumeric(unscaled: Int128(timeOfDay % 60_000_000), scale: 6)
        case "milliseconds": fraction = SQLNumeric(unscaled: Int128(timeOfDay % 60_000_000), scale: 3)
        case "microseconds": integer = timeOfDay % 60_000_000
        case "timezone": integer = offsetSeconds
        case "timezone_hour": integer = offsetSeconds / 3600
        case "timezone_minute": integer = offsetSeconds / 60 % 60
        case "julian":
            let julianDay = days + 2_440_588
            if isDate {
                integer = julianDay
            } else if asDouble {
                return .float(Double(julianDay) + Double(timeOfDay) / Double(DateTime.microsPerDay))
            } else {
                fraction = try SQLNumeric(julianDay) + (try SQLNumeric(timeOfDay) / SQLNumeric(DateTime.microsPerDay))
            }
        case "epoch":
            let utc = micros - offsetSeconds * DateTime.microsPerSecond
            if isDate {
                integer = utc / 1_000_000
            } else {
                fraction = SQLNumeric(unscaled: Int128(utc), scale: 6)
            }
        default:
            throw SQLError(.invalidParameterValue, "unit \"\(field)\" not recognized")
        }
        if asDouble {
            if let integer { return .float(Double(integer)) }
            return .float(fraction?.asDouble ?? 0)
        }
        if let integer { return .numeric(SQLNumeric(integer)) }
        return .numeric(fraction ?? SQLNumeric(0))
    }

    /// `extract` of an infinite date or timestamp: ±Infinity for the unbounded fields, NULL for the others.
    static func infinite(_ field: String, positive: Bool, asDouble: Bool) throws -> Datum {
        guard ["year", "decade", "century", "millennium", "julian", "isoyear", "epoch"].contains(field) else {
            return .null
        }
        if asDouble { return .float(positive ? .infinity : -.infinity) }
        throw SQLError(.featureNotSupported, "numeric infinity (extract from an infinite value) is not supported")
    }

    /// ISO 8601 week number.
    static func isoWeek(_ days: Int64) -> Int64 {
        let isoWeekday = DateTime.floorDiv(days + 3, 7).1  // 0 = Monday
        let thursday = days - isoWeekday + 3
        let (year, _, _) = DateTime.civil(thursday)
        let firstDay = DateTime.days(year: year, month: 1, day: 1)
        return (thursday - firstDay) / 7 + 1
    }
}
