/// PostgreSQL's `interval` input (`DecodeInterval`, `DecodeISO8601Interval`): verbose units with plurals and
/// abbreviations (`1 year 2 mons`, `3 hrs`), `@ ... ago`, clock fields (`04:05:06.5`, `-1 day +02:00`),
/// year-month fields (`1-2`), a bare trailing number as seconds, and ISO 8601 (`P1Y2M3DT4H5M6S`, `PT1.5H`).
/// Fractions cascade down as PostgreSQL's do (a month is 30 days, a day 24 hours).
extension SQLInterval {
    enum Unit {
        case microsecond, millisecond, second, minute, hour, day, week, month, year, decade, century, millennium
    }

    static let units: [String: Unit] = [
        "microsecond": .microsecond, "microseconds": .microsecond, "us": .microsecond, "usec": .microsecond,
        "usecs": .microsecond, "usecond": .microsecond, "useconds": .microsecond,
        "millisecond": .millisecond, "milliseconds": .millisecond, "ms": .millisecond, "msec": .millisecond,
        "msecs": .millisecond, "msecond": .millisecond, "mseconds": .millisecond, "millisecon": .millisecond,
        "second": .second, "seconds": .second, "s": .second, "sec": .second, "secs": .second,
        "minute": .minute, "minutes": .minute, "m": .minute, "min": .minute, "mins": .minute,
        "hour": .hour, "hours": .hour, "h": .hour, "hr": .hour, "hrs": .hour,
        "day": .day, "days": .day, "d": .day,
        "week": .week, "weeks": .week, "w": .week,
        "month": .month, "months": .month, "mon": .month, "mons": .month,
        "year": .year, "years": .year, "y": .year, "yr": .year, "yrs": .year,
        "decade": .decade, "decades": .decade, "dec": .decade, "decs": .decade,
        "century": .century, "centuries": .century, "c": .century, "cent": .century,
        "millennium": .millennium, "millennia": .millennium, "mil": .millennium, "mils": .millennium,
    ]

    /// Running totals while decoding (wide, checked at the end).
    struct Accumulator {
        var wholeMonths: Int64 = 0
        var wholeDays: Int64 = 0
        var wholeMicros: Int64 = 0

        func clamp(_ value: Double) -> Int64 {
            if value.isNaN { return .max }
            if value >= 9.2e18 { return .max }
            if value <= -9.2e18 { return .min }
            return Int64(value)
        }

        /// Adds `value` of `unit`, cascading fractions down.
        mutating func add(_ value: Double, _ unit: Unit) {
            let whole = value.rounded(.towardZero)
            let fraction = value - whole
            switch unit {
            case .microsecond: wholeMicros &+= clamp(value.rounded(.toNearestOrEven))
            case .millisecond: wholeMicros &+= clamp((value * 1000).rounded(.toNearestOrEven))
            case .second: wholeMicros &+= clamp((value * 1e6).rounded(.toNearestOrEven))
            case .minute: wholeMicros &+= clamp((value * 6e7).rounded(.toNearestOrEven))
            case .hour: wholeMicros &+= clamp((value * 3.6e9).rounded(.toNearestOrEven))
            case .day:
                wholeDays &+= clamp(whole)
                wholeMicros &+= clamp((fraction * 8.64e10).rounded(.toNearestOrEven))
            case .week:
                let daysValue = value * 7
                let wholeDaysValue = daysValue.rounded(.towardZero)
                wholeDays &+= clamp(wholeDaysValue)
                wholeMicros &+= clamp(((daysValue - wholeDaysValue) * 8.64e10).rounded(.toNearestOrEven))
            case .month:
                wholeMonths &+= clamp(whole)
                let fractionDays = fraction * 30
                let wholeFractionDays = fractionDays.rounded(.towardZero)
                wholeDays &+= clamp(wholeFractionDays)
                wholeMicros &+= clamp(
                    ((fractionDays - wholeFractionDays) * 8.64e10).rounded(.toNearestOrEven))
            case .year, .decade, .century, .millennium:
                let factor: Double =
                    switch unit {
                    case .year: 12
                    case .decade: 120
                    case .century: 1200
                    default: 12000
                    }
                wholeMonths &+= clamp(whole * factor)
                wholeMonths &+= clamp((fraction * factor).rounded(.toNearestOrEven))
            }
        }
    }

    /// Parses interval text, throwing `22007` for bad syntax and `22015` for fields out of range.
    static func parse(_ text: String) throws(SQLError) -> SQLInterval {
        let invalid = SQLError(SQLState("22007"), "invalid input syntax for type interval: \"\(text)\"")
        let outOfRange = SQLError(SQLState("22015"), "interval field value out of range: \"\(text)\"")
        let body = Cast.trimmed(text).lowercased()
        guard !body.isEmpty else { throw invalid }
        var accumulator = Accumulator()
        if body.first == "p" {
            try parseISO(Substring(body.dropFirst()), &accumulator, invalid)
        } else {
            try parseVerbose(body, &accumulator, invalid, outOfRange)
        }
        guard let months = Int32(exactly: accumulator.wholeMonths), let days = Int32(exactly: accumulator.wholeDays),
            accumulator.wholeMicros != .max, accumulator.wholeMicros != .min
        else { throw outOfRange }
        return SQLInterval(months: months, days: days, micros: accumulator.wholeMicros)
    }

    /// Splits verbose input into number, clock and word tokens.
    static func tokens(_ body: String) -> [Substring] {
        var tokens: [Substring] = []
        var index = body.startIndex
        while index < body.endIndex {
            let character = body[index]
            if character == " " || character == "\t" || character == "," {
                index = body.index(after: index)
                continue
            }
            let start = index
            if character.isLetter {
                while index < body.endIndex, body[index].isLetter || body[index] == "." {
                    index = body.index(after: index)
                }
            } else if character == "@" {
                index = body.index(after: index)
            } else {
                index = body.index(after: index)
                while index < body.endIndex,
                    body[index].isNumber || body[index] == "." || body[index] == ":"
                        || (body[index] == "-" && body[body.index(before: index)].isNumber)
                {
                    index = body.index(after: index)
                }
            }
            tokens.append(body[start..<index])
        }
        return tokens
    }

    static func parseVerbose(
        _ body: String, _ accumulator: inout Accumulator, _ invalid: SQLError, _ outOfRange: SQLError
    ) throws(SQLError) {
        var tokens = tokens(body)
        if tokens.first == "@" { tokens.removeFirst() }
        var ago = false
        if tokens.last == "ago" {
            ago = true
            tokens.removeLast()
        }
        guard !tokens.isEmpty else { throw invalid }
        var index = 0
        var sawClock = false
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            guard let first = token.first, first.isNumber || first == "+" || first == "-" || first == "." else {
                throw invalid
            }
            let negative = first == "-"
            let unsigned = first == "+" || first == "-" ? token.dropFirst() : token
            guard !unsigned.isEmpty else { throw invalid }
            if unsigned.contains(":") {
                guard !sawClock else { throw invalid }
                sawClock = true
                let parts = unsigned.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty }),
                    let hours = Double(parts[0]), let minutes = Double(parts[1]),
                    !parts[0].contains("."), !parts[1].contains(".") || parts.count == 2
                else { throw invalid }
                var seconds: Double = 0
                if parts.count == 3 {
                    guard let s = Double(parts[2]) else { throw invalid }
                    seconds = s
                }
                let sign: Double = negative ? -1 : 1
                if parts.count == 2, parts[1].contains(".") {
                    // `mm:ss.ff`
                    accumulator.add(sign * hours, .minute)
                    accumulator.add(sign * minutes, .second)
                } else {
                    guard minutes < 60, seconds < 60 || (seconds == 60 && parts.count == 3) else { throw outOfRange }
                    accumulator.add(sign * hours, .hour)
                    accumulator.add(sign * minutes, .minute)
                    accumulator.add(sign * seconds, .second)
                }
                continue
            }
            if unsigned.contains("-") {
                // `Y-M`
                let parts = unsigned.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 2, let years = Int64(parts[0]), let months = Int64(parts[1]) else {
                    throw invalid
                }
                guard months < 12 else { throw outOfRange }
                let sign: Double = negative ? -1 : 1
                accumulator.add(sign * Double(years), .year)
                accumulator.add(sign * Double(months), .month)
                continue
            }
            guard unsigned.allSatisfy({ $0.isNumber || $0 == "." }), let magnitude = Double(unsigned) else {
                throw invalid
            }
            guard magnitude < 1e18 else { throw outOfRange }
            let value = negative ? -magnitude : magnitude
            if index < tokens.count, let word = tokens[index].first, word.isLetter {
                guard let unit = units[String(tokens[index])] else { throw invalid }
                index += 1
                accumulator.add(value, unit)
            } else if index < tokens.count, tokens[index].contains(":") {
                accumulator.add(value, .day)
            } else if index == tokens.count {
                accumulator.add(value, .second)
            } else {
                throw invalid
            }
        }
        if ago {
            accumulator.wholeMonths = -accumulator.wholeMonths
            accumulator.wholeDays = -accumulator.wholeDays
            accumulator.wholeMicros = -accumulator.wholeMicros
        }
    }

    /// `nYnMnWnDTnHnMnS` after the `P`.
    static func parseISO(_ body: Substring, _ accumulator: inout Accumulator, _ invalid: SQLError) throws(SQLError) {
        var rest = body
        var inTime = false
        guard !rest.isEmpty else { throw invalid }
        while !rest.isEmpty {
            if rest.first == "t" {
                guard !inTime else { throw invalid }
                inTime = true
                rest = rest.dropFirst()
                guard !rest.isEmpty else { throw invalid }
                continue
            }
            let numberEnd =
                rest.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }) ?? rest.endIndex
            guard numberEnd != rest.startIndex, numberEnd != rest.endIndex, let value = Double(rest[..<numberEnd])
            else { throw invalid }
            let designator = rest[numberEnd]
            rest = rest[rest.index(after: numberEnd)...]
            switch (designator, inTime) {
            case ("y", false): accumulator.add(value, .year)
            case ("m", false): accumulator.add(value, .month)
            case ("w", false): accumulator.add(value, .week)
            case ("d", false): accumulator.add(value, .day)
            case ("h", true): accumulator.add(value, .hour)
            case ("m", true): accumulator.add(value, .minute)
            case ("s", true): accumulator.add(value, .second)
            default: throw invalid
            }
        }
    }
}
