/// `date_trunc` and `extract`/`date_part` on dates and timestamps (UTC session time zone).
enum DateKernels {
    static func truncate(_ unit: String, _ micros: Int64, type: SQLType) throws -> Int64 {
        let (days, timeOfDay) = DateTime.floorDiv(micros, DateTime.microsPerDay)
        let dayStart = days * DateTime.microsPerDay
        let (y, m, _) = DateTime.civil(days)
        switch unit {
        case "microseconds", "microsecond": return micros
        case "milliseconds", "millisecond": return dayStart + timeOfDay / 1000 * 1000
        case "second", "seconds": return dayStart + timeOfDay / 1_000_000 * 1_000_000
        case "minute", "minutes": return dayStart + timeOfDay / 60_000_000 * 60_000_000
        case "hour", "hours": return dayStart + timeOfDay / 3_600_000_000 * 3_600_000_000
        case "day", "days": return dayStart
        case "week", "weeks":
            // ISO weeks start on Monday; 1970-01-01 was a Thursday.
            let weekday = DateTime.floorDiv(days + 3, 7).1
            return (days - weekday) * DateTime.microsPerDay
        case "month", "months": return DateTime.days(year: y, month: m, day: 1) * DateTime.microsPerDay
        case "quarter": return DateTime.days(year: y, month: (m - 1) / 3 * 3 + 1, day: 1) * DateTime.microsPerDay
        case "year", "years": return DateTime.days(year: y, month: 1, day: 1) * DateTime.microsPerDay
        default:
            throw SQLError(.invalidParameterValue, "unit \"\(unit)\" not recognized for type \(type)")
        }
    }

    static func extract(_ field: String, _ value: Datum, asDouble: Bool) throws -> Datum {
        var micros: Int64
        var isDate = false
        switch value {
        case let .date(days):
            micros = Int64(days) * DateTime.microsPerDay
            isDate = true
        case let .timestamp(t): micros = t
        default: return .null
        }
        let (days, timeOfDay) = DateTime.floorDiv(micros, DateTime.microsPerDay)
        let (y, m, d) = DateTime.civil(days)
        let weekday = DateTime.floorDiv(days + 4, 7).1  // 0 = Sunday
        var integer: Int64?
        var fraction: SQLNumeric?
        switch field {
        case "year": integer = y
        case "month": integer = m
        case "day": integer = d
        case "hour": integer = timeOfDay / 3_600_000_000
        case "minute": integer = timeOfDay / 60_000_000 % 60
        case "quarter": integer = (m - 1) / 3 + 1
        case "dow": integer = weekday
        case "isodow": integer = weekday == 0 ? 7 : weekday
        case "doy": integer = days - DateTime.days(year: y, month: 1, day: 1) + 1
        case "week": integer = isoWeek(days)
        case "second": fraction = SQLNumeric(unscaled: Int128(timeOfDay % 60_000_000), scale: 6)
        case "millisecond": fraction = SQLNumeric(unscaled: Int128(timeOfDay % 60_000_000), scale: 3)
        case "microsecond": integer = timeOfDay % 60_000_000
        case "epoch":
            if isDate {
                integer = micros / 1_000_000
            } else {
                fraction = SQLNumeric(unscaled: Int128(micros), scale: 6)
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

    /// ISO 8601 week number.
    static func isoWeek(_ days: Int64) -> Int64 {
        let isoWeekday = DateTime.floorDiv(days + 3, 7).1  // 0 = Monday
        let thursday = days - isoWeekday + 3
        let (year, _, _) = DateTime.civil(thursday)
        let firstDay = DateTime.days(year: year, month: 1, day: 1)
        return (thursday - firstDay) / 7 + 1
    }
}
