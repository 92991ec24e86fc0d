/// Kernels of the date/time operations (`ScalarFunction.dateTime`), with PostgreSQL's arithmetic (month steps
/// clamp to the month's end; day steps keep the wall-clock time across DST changes in the session zone) and its
/// errors (`22008` out of range).
enum DateTimeKernels {
    static func apply(_ function: DateTimeFunction, _ values: [Datum], _ arguments: [BoundExpression], _ type: SQLType)
        throws -> Datum
    {
        let session = SessionContext.current
        func zoneOfArgument(_ index: Int) -> SQLTimeZone? {
            arguments[index].type == .timestamptz ? session.timeZone : nil
        }
        switch function {
        case let .timestampPlusInterval(subtract):
            guard case let .timestamp(micros) = values[0], case var .interval(span) = values[1] else { break }
            if subtract { span = try -span }
            return .timestamp(try add(span, to: micros, zone: zoneOfArgument(0)))
        case .timestampMinusTimestamp:
            guard case let .timestamp(a) = values[0], case let .timestamp(b) = values[1] else { break }
            guard DateTime.isFinite(a), DateTime.isFinite(b) else {
                throw SQLError(SQLState("22008"), "cannot subtract infinite timestamps")
            }
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            guard !overflow else { throw SQLInterval.outOfRange() }
            return .interval(try SQLInterval(micros: difference).justifiedHours())
        case .datePlusTime:
            guard case let .date(days) = values[0], case let .time(time) = values[1] else { break }
            guard DateTime.isFinite(date: days) else {
                return .timestamp(days == .max ? DateTime.timestampInfinity : DateTime.timestampMinusInfinity)
            }
            return .timestamp(try DateTime.checked(Int64(days) * DateTime.microsPerDay + time))
        case let .timePlusInterval(subtract):
            guard case let .time(time) = values[0], case let .interval(span) = values[1] else { break }
            let delta = DateTime.floorDiv(span.micros, DateTime.microsPerDay).1
            return .time(DateTime.floorDiv(subtract ? time - delta : time + delta, DateTime.microsPerDay).1)
        case .timeMinusTime:
            guard case let .time(a) = values[0], case let .time(b) = values[1] else { break }
            return .interval(SQLInterval(micros: a - b))
        case let .intervalPlusInterval(subtract):
            guard case let .interval(a) = values[0], case let .interval(b) = values[1] else { break }
            return .interval(subtract ? try a - b : try a + b)
        case .intervalTimesNumber:
            guard case let .interval(a) = values[0], case let .float(factor) = values[1] else { break }
            return .interval(try a.multiplied(by: factor))
        case .intervalDividedByNumber:
            guard case let .interval(a) = values[0], case let .float(factor) = values[1] else { break }
            return .interval(try a.divided(by: factor))
        case .justifyDays, .justifyHours, .justifyInterval:
            guard case let .interval(a) = values[0] else { break }
            switch function {
            case .justifyDays: return .interval(try a.justifiedDays())
            case .justifyHours: return .interval(try a.justifiedHours())
            default: return .interval(try a.justified())
            }
        case .makeInterval:
            return .interval(try makeInterval(values))
        case .age:
            return .interval(try age(values, zone: zoneOfArgument(0), session: session))
        case .localToZone:
            guard case let .text(name) = values[0], case let .timestamp(micros) = values[1] else { break }
            let zone = try session.zones.zone(named: name)
            guard DateTime.isFinite(micros) else { return values[1] }
            return .timestamp(try DateTime.checked(zone.utc(fromLocalMicros: micros)))
        case .zoneToLocal:
            guard case let .text(name) = values[0], case let .timestamp(micros) = values[1] else { break }
            let zone = try session.zones.zone(named: name)
            guard DateTime.isFinite(micros) else { return values[1] }
            return .timestamp(try DateTime.checked(zone.local(fromUTCMicros: micros)))
        case .dateTrunc:
            guard case let .text(unitText) = values[0] else { break }
            let unit = try DateKernels.truncUnit(unitText, type: arguments[1].type)
            switch values[1] {
            case let .timestamp(micros):
                var zone = zoneOfArgument(1)
                if values.count == 3, case let .text(name) = values[2] { zone = try session.zones.zone(named: name) }
                return .timestamp(DateKernels.truncate(unit, micros, zone: zone))
            case let .interval(span):
                return .interval(DateKernels.truncate(unit, span))
            default: break
            }
        case let .extractFrom(field, asDouble):
            switch values[0] {
            case .timestamp:
                return try DateKernels.extract(field, values[0], asDouble: asDouble, zoned: true)
            case let .time(time):
                return extractTime(field, time, asDouble: asDouble)
            case let .interval(span):
                return extractInterval(field, span, asDouble: asDouble)
            default: break
            }
        case .toChar:
            guard case let .text(format) = values[1] else { break }
            return .text(try ToChar.format(values[0], type: arguments[0].type, format))
        case .toCharNumber:
            guard case let .text(format) = values[1] else { break }
            return .text(try NumberFormat.format(values[0], format))
        case .toTimestampEpoch:
            guard case let .float(seconds) = values[0] else { break }
            guard !seconds.isNaN else { throw SQLError(SQLState("22008"), "timestamp cannot be NaN") }
            if seconds.isInfinite { return .timestamp(seconds > 0 ? .max : .min) }
            let micros = (seconds * 1e6).rounded(.toNearestOrEven)
            guard micros >= Double(DateTime.minTimestamp), micros < 9.2e18 else {
                throw SQLError(SQLState("22008"), "timestamp out of range: \"\(FloatFormat.shortest(seconds))\"")
            }
            return .timestamp(Int64(micros))
        case .toTimestampText, .toDate:
            guard case let .text(text) = values[0], case let .text(format) = values[1] else { break }
            let parsed = try ToTimestamp.parse(text, format, date: function == .toDate)
            if function == .toDate {
                return .date(Int32(truncatingIfNeeded: DateTime.floorDiv(parsed.local, DateTime.microsPerDay).0))
            }
            if let offset = parsed.offset { return .timestamp(parsed.local - Int64(offset) * DateTime.microsPerSecond) }
            return .timestamp(session.timeZone.utc(fromLocalMicros: parsed.local))
        case .makeDate:
            guard case let .int(y) = values[0], case let .int(m) = values[1], case let .int(d) = values[2] else {
                break
            }
            return .date(Int32(try civilDays(y, m, d)))
        case .makeTime:
            guard case let .int(h) = values[0], case let .int(m) = values[1], case let .float(s) = values[2] else {
                break
            }
            return .time(try clock(h, m, s))
        case .makeTimestamp, .makeTimestamptz:
            guard case let .int(y) = values[0], case let .int(mo) = values[1], case let .int(d) = values[2],
                case let .int(h) = values[3], case let .int(mi) = values[4], case let .float(s) = values[5]
            else { break }
            let local = try DateTime.checked(try civilDays(y, mo, d) * DateTime.microsPerDay + (try clock(h, mi, s)))
            guard function == .makeTimestamptz else { return .timestamp(local) }
            var zone = session.timeZone
            if values.count == 7, case let .text(name) = values[6] { zone = try session.zones.zone(named: name) }
            return .timestamp(try DateTime.checked(zone.utc(fromLocalMicros: local)))
        case .statementTime:
            return .timestamp(session.statementTime)
        case .clockTimestamp:
            return .timestamp(session.clock())
        case .currentDate:
            let local = session.timeZone.local(fromUTCMicros: session.statementTime)
            return .date(Int32(truncatingIfNeeded: DateTime.floorDiv(local, DateTime.microsPerDay).0))
        case .localTimestamp:
            return .timestamp(session.timeZone.local(fromUTCMicros: session.statementTime))
        case .localTime:
            let local = session.timeZone.local(fromUTCMicros: session.statementTime)
            return .time(DateTime.floorDiv(local, DateTime.microsPerDay).1)
        case .dateBin:
            guard case let .interval(stride) = values[0], case let .timestamp(source) = values[1],
                case let .timestamp(origin) = values[2]
            else { break }
            return .timestamp(try dateBin(stride, source, origin))
        case .isFinite:
            switch values[0] {
            case let .date(days): return .boolean(DateTime.isFinite(date: days))
            case let .timestamp(micros): return .boolean(DateTime.isFinite(micros))
            case .interval: return .boolean(true)
            default: break
            }
        }
        throw SQLError(SQLState("XX000"), "no kernel for \(function) over \(values)")
    }

    /// timestamp + interval: months (clamped to the month's end), then days, in local time (`zone` for a
    /// timestamptz), then the time part as elapsed time.
    static func add(_ span: SQLInterval, to micros: Int64, zone: SQLTimeZone?) throws(SQLError) -> Int64 {
        guard DateTime.isFinite(micros) else { return micros }
        var result = micros
        func inLocal(_ change: (Int64, Int64) throws(SQLError) -> Int64) throws(SQLError) {
            let local = zone?.local(fromUTCMicros: result) ?? result
            let (days, timeOfDay) = DateTime.floorDiv(local, DateTime.microsPerDay)
            let newLocal = try DateTime.checked(try change(days, timeOfDay))
            result = try DateTime.checked(zone?.utc(fromLocalMicros: newLocal) ?? newLocal)
        }
        if span.months != 0 {
            try inLocal { days, timeOfDay throws(SQLError) in
                let (y, m, d) = DateTime.civil(days)
                let total = y * 12 + (m - 1) + Int64(span.months)
                let (year, monthIndex) = DateTime.floorDiv(total, 12)
                let day = min(d, DateTime.daysInMonth(year, monthIndex + 1))
                guard year <= 294_276, year >= -4713 else { throw DateTime.timestampOutOfRange() }
                return DateTime.days(year: year, month: monthIndex + 1, day: day) * DateTime.microsPerDay + timeOfDay
            }
        }
        if span.days != 0 {
            try inLocal { days, timeOfDay throws(SQLError) in
                let newDays = days + Int64(span.days)
                guard newDays < 106_000_000, newDays > -2_500_000 else { throw DateTime.timestampOutOfRange() }
                return newDays * DateTime.microsPerDay + timeOfDay
            }
        }
        let (sum, overflow) = result.addingReportingOverflow(span.micros)
        guard !overflow else { throw DateTime.timestampOutOfRange() }
        return try DateTime.checked(sum)
    }

    static func makeInterval(_ values: [Datum]) throws(SQLError) -> SQLInterval {
        var integers: [Int64] = []
        for value in values.prefix(6) {
            guard case let .int(number) = value else { throw SQLInterval.outOfRange() }
            integers.append(number)
        }
        guard case let .float(seconds) = values[6], seconds.isFinite else { throw SQLInterval.outOfRange() }
        let months = integers[0] * 12 + integers[1]
        let days = integers[2] * 7 + integers[3]
        let micros = Double(integers[4] * 3600 + integers[5] * 60) * 1e6 + (seconds * 1e6).rounded(.toNearestOrEven)
        guard let m = Int32(exactly: months), let d = Int32(exactly: days), abs(micros) < 9.2e18 else {
            throw SQLInterval.outOfRange()
        }
        return SQLInterval(months: m, days: d, micros: Int64(micros))
    }

    /// `age`: the symbolic difference in years, months and days (PostgreSQL's `timestamp_age`).
    static func age(_ values: [Datum], zone: SQLTimeZone?, session: SessionContext) throws(SQLError) -> SQLInterval {
        var first: Int64
        let second: Int64
        guard case let .timestamp(b) = values[values.count - 1] else { throw SQLInterval.outOfRange() }
        second = b
        if values.count == 2, case let .timestamp(a) = values[0] {
            first = a
        } else {
            let localToday =
                DateTime.floorDiv(
                    session.timeZone.local(fromUTCMicros: session.statementTime), DateTime.microsPerDay
                ).0 * DateTime.microsPerDay
            first = zone == nil ? localToday : session.timeZone.utc(fromLocalMicros: localToday)
        }
        guard DateTime.isFinite(first), DateTime.isFinite(second) else {
            throw SQLError(SQLState("22008"), "interval out of range")
        }
        let local1 = zone?.local(fromUTCMicros: first) ?? first
        let local2 = zone?.local(fromUTCMicros: second) ?? second
        func fields(_ micros: Int64) -> [Int64] {
            let (days, timeOfDay) = DateTime.floorDiv(micros, DateTime.microsPerDay)
            let (y, m, d) = DateTime.civil(days)
            return [
                y, m, d, timeOfDay / 3_600_000_000, timeOfDay / 60_000_000 % 60, timeOfDay / 1_000_000 % 60,
                timeOfDay % 1_000_000,
            ]
        }
        let a = fields(local1)
        let b2 = fields(local2)
        var diff = zip(a, b2).map { $0 - $1 }
        let negative = first < second
        if negative { diff = diff.map { -$0 } }
        // year, month, day, hour, minute, second, microsecond
        while diff[6] < 0 {
            diff[6] += 1_000_000
            diff[5] -= 1
        }
        while diff[5] < 0 {
            diff[5] += 60
            diff[4] -= 1
        }
        while diff[4] < 0 {
            diff[4] += 60
            diff[3] -= 1
        }
        while diff[3] < 0 {
            diff[3] += 24
            diff[2] -= 1
        }
        while diff[2] < 0 {
            let (year, month) = negative ? (a[0], a[1]) : (b2[0], b2[1])
            diff[2] += DateTime.daysInMonth(year, month)
            diff[1] -= 1
        }
        while diff[1] < 0 {
            diff[1] += 12
            diff[0] -= 1
        }
        if negative { diff = diff.map { -$0 } }
        let months = diff[0] * 12 + diff[1]
        let micros = ((diff[3] * 60 + diff[4]) * 60 + diff[5]) * 1_000_000 + diff[6]
        guard let m = Int32(exactly: months), let d = Int32(exactly: diff[2]) else { throw SQLInterval.outOfRange() }
        return SQLInterval(months: m, days: d, micros: micros)
    }

    /// Days since the epoch of a year (negative: BC), month and day, or `22008`.
    static func civilDays(_ year: Int64, _ month: Int64, _ day: Int64) throws(SQLError) -> Int64 {
        let astronomical = year < 0 ? year + 1 : year
        guard year != 0, (1...12).contains(month), day >= 1, year >= -4713, year <= 294_276,
            day <= DateTime.daysInMonth(astronomical, month)
        else {
            throw SQLError(
                SQLState("22008"),
                "date field value out of range: \(year)-\(DateTime.pad(month, 2))-\(DateTime.pad(day, 2))")
        }
        return DateTime.days(year: astronomical, month: month, day: day)
    }

    /// Microseconds of hours, minutes and (fractional) seconds, or `22008`.
    static func clock(_ hours: Int64, _ minutes: Int64, _ seconds: Double) throws(SQLError) -> Int64 {
        let micros = (seconds * 1e6).rounded(.toNearestOrEven)
        guard hours >= 0, minutes >= 0, minutes < 60, seconds >= 0, micros <= 60e6,
            hours < 24 || (hours == 24 && minutes == 0 && micros == 0)
        else {
            throw SQLError(
                SQLState("22008"),
                "time field value out of range: \(hours):\(DateTime.pad(minutes, 2)):\(DateTime.pad(Int64(seconds), 2))"
            )
        }
        return (hours * 3600 + minutes * 60) * 1_000_000 + Int64(micros)
    }

    static func extractTime(_ field: String, _ time: Int64, asDouble: Bool) -> Datum {
        let value: SQLNumeric
        switch field {
        case "microseconds": value = SQLNumeric(time % 60_000_000)
        case "milliseconds": value = SQLNumeric(unscaled: Int128(time % 60_000_000), scale: 3)
        case "second": value = SQLNumeric(unscaled: Int128(time % 60_000_000), scale: 6)
        case "minute": value = SQLNumeric(time / 60_000_000 % 60)
        case "hour": value = SQLNumeric(time / 3_600_000_000)
        default: value = SQLNumeric(unscaled: Int128(time), scale: 6)
        }
        return asDouble ? .float(value.asDouble) : .numeric(value)
    }

    static func extractInterval(_ field: String, _ span: SQLInterval, asDouble: Bool) -> Datum {
        let years = Int64(span.months / 12)
        let value: SQLNumeric
        switch field {
        case "microseconds": value = SQLNumeric(span.micros % 60_000_000)
        case "milliseconds": value = SQLNumeric(unscaled: Int128(span.micros % 60_000_000), scale: 3)
        case "second": value = SQLNumeric(unscaled: Int128(span.micros % 60_000_000), scale: 6)
        case "minute": value = SQLNumeric(span.micros / 60_000_000 % 60)
        case "hour": value = SQLNumeric(span.micros / 3_600_000_000)
        case "day": value = SQLNumeric(Int64(span.days))
        case "month": value = SQLNumeric(Int64(span.months % 12))
        case "quarter": value = SQLNumeric(Int64(span.months % 12 / 3 + 1))
        case "year": value = SQLNumeric(years)
        case "decade": value = SQLNumeric(years / 10)
        case "century": value = SQLNumeric(years / 100)
        case "millennium": value = SQLNumeric(years / 1000)
        default:
            let fromDaysAndMonths =
                (1461 * years + 120 * Int64(span.months % 12) + 4 * Int64(span.days)) * (86_400 / 4)
            value = SQLNumeric(
                unscaled: Int128(fromDaysAndMonths) * 1_000_000 + Int128(span.micros), scale: 6)
        }
        return asDouble ? .float(value.asDouble) : .numeric(value)
    }

    static func dateBin(_ stride: SQLInterval, _ source: Int64, _ origin: Int64) throws(SQLError) -> Int64 {
        guard DateTime.isFinite(source), DateTime.isFinite(origin) else {
            throw SQLError(SQLState("22008"), "timestamps cannot be binned into infinite intervals")
        }
        guard stride.months == 0 else {
            throw SQLError(
                .featureNotSupported, "timestamps cannot be binned into intervals containing months or years")
        }
        let (strideMicros, o1) = Int64(stride.days).multipliedReportingOverflow(by: DateTime.microsPerDay)
        let (total, o2) = strideMicros.addingReportingOverflow(stride.micros)
        guard !o1, !o2 else { throw DateTime.timestampOutOfRange() }
        guard total > 0 else { throw SQLError(SQLState("22008"), "stride must be greater than zero") }
        let (difference, o3) = source.subtractingReportingOverflow(origin)
        guard !o3 else { throw DateTime.timestampOutOfRange() }
        let delta = difference - difference % total
        let (result, o4) = origin.addingReportingOverflow(delta)
        guard !o4 else { throw DateTime.timestampOutOfRange() }
        return try DateTime.checked(result)
    }
}
