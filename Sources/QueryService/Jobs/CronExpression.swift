/// A cron expression that cannot be read, with what is wrong in words.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The standard five-field cron syntax, evaluated in UTC: `minute hour day-of-month month day-of-week`, each a
/// `*`, a number, a range `a-b`, a step `*/n` or `a-b/n` or `a/n`, or a comma list of those; months `JAN`-`DEC`
/// and weekdays `SUN`-`SAT` by name too, weekday 7 is Sunday, `?` is `*` (as Quartz writes it in AEP's
/// examples). When both day fields are restricted a day matching either one matches (as cron does).
public struct CronExpression: Sendable, Hashable {
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let dayOfMonthRestricted: Bool
    let weekdayRestricted: Bool

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    public init(_ text: String) throws(CronError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(
                message:
                    "a schedule has 5 fields (minute hour day-of-month month day-of-week), \"\(text)\" has \(fields.count)"
            )
        }
        minutes = try Self.field(fields[0], name: "minute", range: 0...59)
        hours = try Self.field(fields[1], name: "hour", range: 0...23)
        daysOfMonth = try Self.field(fields[2], name: "day-of-month", range: 1...31)
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, firstName: 1)
        let days = try Self.field(fields[4], name: "day-of-week", range: 0...7, names: Self.dayNames, firstName: 0)
        weekdays = Set(days.map { $0 == 7 ? 0 : $0 })
        dayOfMonthRestricted = !Self.isWildcard(fields[2])
        weekdayRestricted = !Self.isWildcard(fields[4])
    }

    static func isWildcard(_ field: String) -> Bool { field == "*" || field == "?" }

    static func field(
        _ text: String, name: String, range: ClosedRange<Int>, names: [String] = [], firstName: Int = 0
    ) throws(CronError) -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else {
                throw CronError(message: "\(name) field \"\(text)\": \"\(part)\" is not a value, range or step")
            }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0, value <= range.upperBound + 1 else {
                    throw CronError(message: "\(name) field \"\(text)\": the step must be 1...\(range.upperBound + 1)")
                }
                step = value
            }
            var low = range.lowerBound
            var high = range.upperBound
            if base != "*" && base != "?" {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else {
                    throw CronError(message: "\(name) field \"\(text)\": \"\(base)\" is not a value or range")
                }
                low = try value(bounds[0], name: name, field: text, range: range, names: names, firstName: firstName)
                if bounds.count == 2 {
                    high = try value(
                        bounds[1], name: name, field: text, range: range, names: names, firstName: firstName)
                } else {
                    high = pieces.count == 2 ? range.upperBound : low
                }
                guard low <= high else {
                    throw CronError(message: "\(name) field \"\(text)\": the range \(base) runs backwards")
                }
            }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    static func value(
        _ text: Substring, name: String, field: String, range: ClosedRange<Int>, names: [String], firstName: Int
    ) throws(CronError) -> Int {
        if let index = names.firstIndex(of: text.uppercased()) { return index + firstName }
        guard let number = Int(text), range.contains(number) else {
            throw CronError(
                message:
                    "\(name) field \"\(field)\": \"\(text)\" is not in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// Whether the day (`days` since 1970-01-01) matches the day and month fields.
    func matches(day days: Int64) -> Bool {
        let (_, month, day) = Self.civil(days)
        guard months.contains(month) else { return false }
        let weekday = Int((days % 7 + 7 + 4) % 7)
        let byDate = daysOfMonth.contains(day)
        let byWeekday = weekdays.contains(weekday)
        switch (dayOfMonthRestricted, weekdayRestricted) {
        case (true, true): return byDate || byWeekday
        case (true, false): return byDate
        case (false, true): return byWeekday
        case (false, false): return true
        }
    }

    /// The first matching minute strictly after `epochMillis`, within eight years; nil if none.
    public func next(after epochMillis: Int64) -> Int64? {
        let start = Self.floorDiv(epochMillis, 60_000) + 1
        var day = Self.floorDiv(start, 1_440)
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        for _ in 0..<(366 * 8) {
            if matches(day: day) {
                for hour in sortedHours {
                    for minute in sortedMinutes {
                        let candidate = day * 1_440 + Int64(hour * 60 + minute)
                        if candidate >= start { return candidate * 60_000 }
                    }
                }
            }
            day += 1
        }
        return nil
    }

    /// The last matching minute at or before `epochMillis` and strictly after `floor`, or nil.
    public func latest(atOrBefore epochMillis: Int64, after floor: Int64) -> Int64? {
        let end = Self.floorDiv(epochMillis, 60_000)
        var day = Self.floorDiv(end, 1_440)
        let sortedHours = hours.sorted(by: >)
        let sortedMinutes = minutes.sorted(by: >)
        for _ in 0..<(366 * 8) {
            if day * 1_440 * 60_000 + 86_400_000 <= floor { return nil }
            if matches(day: day) {
                for hour in sortedHours {
                    for minute in sortedMinutes {
                        let candidate = (day * 1_440 + Int64(hour * 60 + minute)) * 60_000
                        if candidate <= epochMillis { return candidate > floor ? candidate : nil }
                    }
                }
            }
            day -= 1
        }
        return nil
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Year, month, day of `days` since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
    static func civil(_ days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
