/// PostgreSQL's `interval`: months, days and microseconds kept apart (a month is not a fixed number of days,
/// nor a day a fixed number of hours across a DST change).
///
/// Equality, hashing and ordering are PostgreSQL's (`interval_cmp`): a month counts as 30 days and a day as
/// 24 hours, so `'1 month' = '30 days'` and both land in one GROUP BY group.
public struct SQLInterval: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var months: Int32
    public var days: Int32
    public var micros: Int64

    public init(months: Int32 = 0, days: Int32 = 0, micros: Int64 = 0) {
        self.months = months
        self.days = days
        self.micros = micros
    }

    static let microsPerDay: Int64 = 86_400_000_000
    static let microsPerHour: Int64 = 3_600_000_000
    static let microsPerMinute: Int64 = 60_000_000

    static func outOfRange() -> SQLError { SQLError(SQLState("22008"), "interval out of range") }

    /// The span PostgreSQL compares: months as 30 days, days as 24 hours.
    var span: Int128 {
        (Int128(months) * 30 + Int128(days)) * Int128(SQLInterval.microsPerDay) + Int128(micros)
    }

    public static func == (a: SQLInterval, b: SQLInterval) -> Bool { a.span == b.span }
    public static func < (a: SQLInterval, b: SQLInterval) -> Bool { a.span < b.span }
    public func hash(into hasher: inout Hasher) { hasher.combine(span) }

    static func + (a: SQLInterval, b: SQLInterval) throws(SQLError) -> SQLInterval {
        let (m, o1) = a.months.addingReportingOverflow(b.months)
        let (d, o2) = a.days.addingReportingOverflow(b.days)
        let (t, o3) = a.micros.addingReportingOverflow(b.micros)
        guard !o1, !o2, !o3 else { throw outOfRange() }
        return SQLInterval(months: m, days: d, micros: t)
    }

    static prefix func - (a: SQLInterval) throws(SQLError) -> SQLInterval {
        guard a.months != .min, a.days != .min, a.micros != .min else { throw outOfRange() }
        return SQLInterval(months: -a.months, days: -a.days, micros: -a.micros)
    }

    static func - (a: SQLInterval, b: SQLInterval) throws(SQLError) -> SQLInterval { try a + (try -b) }

    /// `interval * float8` (`interval_mul`): fractions of months and days cascade down to days and time.
    func multiplied(by factor: Double) throws(SQLError) -> SQLInterval {
        try scaled { $0 * factor }
    }

    /// `interval / float8` (`interval_div`).
    func divided(by factor: Double) throws(SQLError) -> SQLInterval {
        guard factor != 0 else { throw SQLError(SQLState("22012"), "division by zero") }
        return try scaled { $0 / factor }
    }

    private func scaled(_ apply: (Double) -> Double) throws(SQLError) -> SQLInterval {
        func tsRound(_ value: Double) -> Double { (value * 1e6).rounded(.toNearestOrEven) / 1e6 }
        let monthProduct = apply(Double(months))
        guard !monthProduct.isNaN, monthProduct > Double(Int32.min) - 1, monthProduct < Double(Int32.max) + 1
        else { throw SQLInterval.outOfRange() }
        let resultMonths = Int32(monthProduct)
        let dayProduct = apply(Double(days))
        guard !dayProduct.isNaN, dayProduct > Double(Int32.min) - 1, dayProduct < Double(Int32.max) + 1 else {
            throw SQLInterval.outOfRange()
        }
        var resultDays = Int32(dayProduct)
        let monthRemainderDays = tsRound((monthProduct - Double(resultMonths)) * 30)
        var secondRemainder = tsRound(
            (dayProduct - Double(resultDays) + monthRemainderDays - Double(Int32(monthRemainderDays))) * 86_400)
        if abs(secondRemainder) >= 86_400 {
            let whole = Int32(secondRemainder / 86_400)
            resultDays = resultDays &+ whole
            secondRemainder -= Double(whole) * 86_400
        }
        resultDays = resultDays &+ Int32(monthRemainderDays)
        let time = (apply(Double(micros)) + secondRemainder * 1e6).rounded(.toNearestOrEven)
        guard !time.isNaN, time >= -9.2233720368547758e18, time < 9.2233720368547758e18 else {
            throw SQLInterval.outOfRange()
        }
        return SQLInterval(months: resultMonths, days: resultDays, micros: Int64(time))
    }

    /// `justify_hours`: whole 24-hour periods become days.
    func justifiedHours() throws(SQLError) -> SQLInterval {
        var result = self
        let (wholeDays, rest) = micros.quotientAndRemainder(dividingBy: SQLInterval.microsPerDay)
        result.micros = rest
        guard let extra = Int32(exactly: wholeDays) else { throw SQLInterval.outOfRange() }
        let (d, o) = result.days.addingReportingOverflow(extra)
        guard !o else { throw SQLInterval.outOfRange() }
        result.days = d
        if result.days > 0, result.micros < 0 {
            result.micros += SQLInterval.microsPerDay
            result.days -= 1
        } else if result.days < 0, result.micros > 0 {
            result.micros -= SQLInterval.microsPerDay
            result.days += 1
        }
        return result
    }

    /// `justify_days`: whole 30-day periods become months.
    func justifiedDays() throws(SQLError) -> SQLInterval {
        var result = self
        let (wholeMonths, rest) = days.quotientAndRemainder(dividingBy: 30)
        result.days = rest
        let (m, o) = result.months.addingReportingOverflow(wholeMonths)
        guard !o else { throw SQLInterval.outOfRange() }
        result.months = m
        if result.months > 0, result.days < 0 {
            result.days += 30
            result.months -= 1
        } else if result.months < 0, result.days > 0 {
            result.days -= 30
            result.months += 1
        }
        return result
    }

    /// `justify_interval`: both, with one sign throughout.
    func justified() throws(SQLError) -> SQLInterval {
        var result = self
        let (wholeDays, rest) = micros.quotientAndRemainder(dividingBy: SQLInterval.microsPerDay)
        result.micros = rest
        guard let extraDays = Int32(exactly: wholeDays) else { throw SQLInterval.outOfRange() }
        let (d, o) = result.days.addingReportingOverflow(extraDays)
        guard !o else { throw SQLInterval.outOfRange() }
        result.days = d
        let (wholeMonths, restDays) = result.days.quotientAndRemainder(dividingBy: 30)
        result.days = restDays
        let (m, o2) = result.months.addingReportingOverflow(wholeMonths)
        guard !o2 else { throw SQLInterval.outOfRange() }
        result.months = m
        if result.months > 0, result.days < 0 || (result.days == 0 && result.micros < 0) {
            result.days += 30
            result.months -= 1
        } else if result.months < 0, result.days > 0 || (result.days == 0 && result.micros > 0) {
            result.days -= 30
            result.months += 1
        }
        if result.days > 0, result.micros < 0 {
            result.micros += SQLInterval.microsPerDay
            result.days -= 1
        } else if result.days < 0, result.micros > 0 {
            result.micros -= SQLInterval.microsPerDay
            result.days += 1
        }
        return result
    }

    /// The text in IntervalStyle `postgres` (`1 year 2 mons 3 days 04:05:06.5`, `-1 days +02:00:00`).
    public var description: String {
        var out = ""
        var isZero = true
        var isBefore = false
        func part(_ value: Int64, _ unit: String) {
            guard value != 0 else { return }
            out += (isZero ? "" : " ") + (isBefore && value > 0 ? "+" : "") + "\(value) \(unit)"
            if value != 1 { out += "s" }
            isBefore = value < 0
            isZero = false
        }
        part(Int64(months / 12), "year")
        part(Int64(months % 12), "mon")
        part(Int64(days), "day")
        if isZero || micros != 0 {
            let minus = micros < 0
            let magnitude = micros.magnitude
            let hours = magnitude / UInt64(SQLInterval.microsPerHour)
            let minutes = magnitude / UInt64(SQLInterval.microsPerMinute) % 60
            let seconds = magnitude / 1_000_000 % 60
            let fraction = magnitude % 1_000_000
            out += isZero ? "" : " "
            out += minus ? "-" : (isBefore ? "+" : "")
            out += DateTime.pad(Int64(hours), 2) + ":" + DateTime.pad(Int64(minutes), 2) + ":"
            out += DateTime.pad(Int64(seconds), 2) + DateTime.fractionText(Int64(fraction))
        }
        return out
    }
}
