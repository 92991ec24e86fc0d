/// A POSIX `TZ` string (the TZif footer, RFC 8536 section 3.3, and PostgreSQL's zone names such as `UTC+3`):
/// standard time, optional daylight time and the rules for switching between them. The offset in the text is
/// west of Greenwich (`UTC+3` is three hours behind UTC); `utcOffset` values here are east-positive seconds.
struct POSIXTimeZoneRule: Sendable, Hashable {
    struct Rule: Sendable, Hashable {
        enum Day: Sendable, Hashable {
            /// `Jn`: day 1...365, February 29 never counted.
            case julianNoLeap(Int)
            /// `n`: day 0...365, February 29 counted.
            case zeroBased(Int)
            /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }

        var day: Day
        /// Local time of the change, seconds (may be negative or beyond 24 hours in version 3).
        var time: Int64
    }

    var standard: ZoneType
    var daylight: ZoneType?
    var start: Rule?
    var end: Rule?

    /// Parses the whole text, nil when it is not a POSIX TZ string.
    static func parse(_ text: String) -> POSIXTimeZoneRule? {
        var scanner = Scanner(Array(text.utf8))
        guard let stdName = scanner.name(), let stdOffset = scanner.offset() else { return nil }
        let standard = ZoneType(utcOffset: Int32(-stdOffset), isDaylight: false, abbreviation: stdName)
        if scanner.atEnd { return POSIXTimeZoneRule(standard: standard) }
        guard let dstName = scanner.name(), !dstName.isEmpty else { return nil }
        var dstOffset = stdOffset - 3600
        if let explicit = scanner.offset() { dstOffset = explicit }
        let daylight = ZoneType(utcOffset: Int32(-dstOffset), isDaylight: true, abbreviation: dstName)
        var start = Rule(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
        var end = Rule(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
        if !scanner.atEnd {
            guard scanner.take(UInt8(ascii: ",")), let s = scanner.rule(), scanner.take(UInt8(ascii: ",")),
                let e = scanner.rule(), scanner.atEnd
            else { return nil }
            start = s
            end = e
        }
        return POSIXTimeZoneRule(standard: standard, daylight: daylight, start: start, end: end)
    }

    /// The zone type in force at `utc` seconds.
    func type(atUTC utc: Int64) -> ZoneType {
        guard let daylight, let start, let end else { return standard }
        let year = DateTime.civil(DateTime.floorDiv(utc + Int64(standard.utcOffset), 86_400).0).year
        let (begin, finish) = changes(in: year, start, end, daylight)
        if begin <= finish { return utc >= begin && utc < finish ? daylight : standard }
        // Southern hemisphere: daylight time spans the new year.
        return utc >= begin || utc < finish ? daylight : standard
    }

    /// The UTC instants (seconds) daylight time starts and ends in `year`.
    func changes(in year: Int64, _ start: Rule, _ end: Rule, _ daylight: ZoneType) -> (Int64, Int64) {
        let begin = POSIXTimeZoneRule.localDay(start.day, year) * 86_400 + start.time - Int64(standard.utcOffset)
        let finish = POSIXTimeZoneRule.localDay(end.day, year) * 86_400 + end.time - Int64(daylight.utcOffset)
        return (begin, finish)
    }

    /// Every change of type in `year`, ascending: (UTC seconds, type before, type after).
    func transitions(in year: Int64) -> [(Int64, ZoneType, ZoneType)] {
        guard let daylight, let start, let end else { return [] }
        let (begin, finish) = changes(in: year, start, end, daylight)
        let list = [(begin, standard, daylight), (finish, daylight, standard)]
        return list.sorted { $0.0 < $1.0 }
    }

    /// Days since the epoch of a rule's day in `year`.
    static func localDay(_ day: Rule.Day, _ year: Int64) -> Int64 {
        let january1 = DateTime.days(year: year, month: 1, day: 1)
        switch day {
        case let .julianNoLeap(n):
            var offset = Int64(n) - 1
            if DateTime.isLeap(year), n >= 60 { offset += 1 }
            return january1 + offset
        case let .zeroBased(n):
            return january1 + Int64(n)
        case let .monthWeekDay(month, week, weekday):
            let first = DateTime.days(year: year, month: Int64(month), day: 1)
            let firstWeekday = DateTime.floorDiv(first + 4, 7).1
            var day = first + DateTime.floorDiv(Int64(weekday) - firstWeekday, 7).1 + Int64(week - 1) * 7
            let length = DateTime.daysInMonth(year, Int64(month))
            while day >= first + length { day -= 7 }
            return day
        }
    }

    struct Scanner {
        var bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        /// A zone abbreviation: `<...>` quoted, or letters (possibly none, as PostgreSQL accepts `+02`).
        mutating func name() -> String? {
            if take(UInt8(ascii: "<")) {
                let start = index
                while let byte = peek, byte != UInt8(ascii: ">") { index += 1 }
                guard take(UInt8(ascii: ">")) else { return nil }
                return String(decoding: bytes[start..<index - 1], as: UTF8.self)
            }
            let start = index
            while let byte = peek, (byte | 0x20) >= UInt8(ascii: "a"), (byte | 0x20) <= UInt8(ascii: "z") {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func number(maxDigits: Int) -> Int64? {
            let start = index
            var value: Int64 = 0
            while let byte = peek, byte >= 0x30, byte <= 0x39, index - start < maxDigits {
                value = value * 10 + Int64(byte - 0x30)
                index += 1
            }
            return index > start ? value : nil
        }

        /// `[+-]hh[:mm[:ss]]` as seconds (sign as written).
        mutating func offset() -> Int64? {
            var sign: Int64 = 1
            if take(UInt8(ascii: "-")) {
                sign = -1
            } else {
                _ = take(UInt8(ascii: "+"))
            }
            guard let hours = number(maxDigits: 3), hours <= 167 else { return nil }
            var seconds = hours * 3600
            if take(UInt8(ascii: ":")) {
                guard let minutes = number(maxDigits: 2), minutes < 60 else { return nil }
                seconds += minutes * 60
                if take(UInt8(ascii: ":")) {
                    guard let secs = number(maxDigits: 2), secs < 60 else { return nil }
                    seconds += secs
                }
            }
            return sign * seconds
        }

        mutating func rule() -> Rule? {
            let day: Rule.Day
            if take(UInt8(ascii: "J")) {
                guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
                day = .julianNoLeap(Int(n))
            } else if take(UInt8(ascii: "M")) {
                guard let m = number(maxDigits: 2), (1...12).contains(m), take(UInt8(ascii: ".")),
                    let w = number(maxDigits: 1), (1...5).contains(w), take(UInt8(ascii: ".")),
                    let d = number(maxDigits: 1), d <= 6
                else { return nil }
                day = .monthWeekDay(month: Int(m), week: Int(w), weekday: Int(d))
            } else {
                guard let n = number(maxDigits: 3), n <= 365 else { return nil }
                day = .zeroBased(Int(n))
            }
            var time: Int64 = 7200
            if take(UInt8(ascii: "/")) {
                guard let t = offset() else { return nil }
                time = t
            }
            return Rule(day: day, time: time)
        }
    }
}
