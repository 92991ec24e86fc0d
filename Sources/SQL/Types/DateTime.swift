/// Civil calendar arithmetic (proleptic Gregorian, UTC) for dates and timestamps, and their PostgreSQL text
/// forms. The session time zone is UTC, so `timestamptz` values print with `+00`.
enum DateTime {
    static let microsPerSecond: Int64 = 1_000_000
    static let microsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Floor division.
    static func floorDiv(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var (q, r) = a.quotientAndRemainder(dividingBy: b)
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func formatDate(_ days: Int64) -> String {
        let (y, m, d) = civil(days)
        if y <= 0 { return "\(pad(1 - y, 4))-\(pad(m, 2))-\(pad(d, 2)) BC" }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    static func formatTimestamp(_ micros: Int64, withTimeZone: Bool) -> String {
        let (days, timeOfDay) = floorDiv(micros, microsPerDay)
        let (y, m, d) = civil(days)
        let seconds = timeOfDay / microsPerSecond
        let fraction = timeOfDay % microsPerSecond
        var text = "\(pad(max(y, 1 - y), 4))-\(pad(m, 2))-\(pad(d, 2)) "
        text += "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 {
            var digits = pad(fraction, 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        if withTimeZone { text += "+00" }
        if y <= 0 { text += " BC" }
        return text
    }

    /// `YYYY-MM-DD`, with surrounding spaces.
    static func parseDate(_ text: String) -> Int64? {
        let trimmed = text.split(separator: " ", omittingEmptySubsequences: true)
        guard trimmed.count == 1 else { return nil }
        return parseDatePart(trimmed[0])
    }

    static func parseDatePart(_ part: Substring) -> Int64? {
        let pieces = part.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
            let y = Int64(pieces[0]), let m = Int64(pieces[1]), let d = Int64(pieces[2]),
            pieces[0].count >= 4, (1...12).contains(m), d >= 1, d <= daysInMonth(y, m), y >= 1, y <= 294_276
        else { return nil }
        return days(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][Z|(+|-)HH[:MM]]` as microseconds since the epoch, UTC.
    static func parseTimestamp(_ text: String) -> Int64? {
        var body = Substring(text)
        while body.first == " " { body = body.dropFirst() }
        while body.last == " " { body = body.dropLast() }
        guard body.count >= 10 else { return nil }
        let dateEnd = body.index(body.startIndex, offsetBy: 10)
        guard let days = parseDatePart(body[..<dateEnd]) else { return nil }
        var rest = body[dateEnd...]
        var micros = days * microsPerDay
        guard let first = rest.first else { return micros }
        guard first == " " || first == "T" else { return nil }
        rest = rest.dropFirst()
        // Time zone suffix.
        var offsetSeconds: Int64 = 0
        if rest.last == "Z" {
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIndex)...].split(separator: ":", omittingEmptySubsequences: false)
            guard zone.count <= 2, let hours = Int64(zone[0]), hours <= 15 else { return nil }
            let minutes = zone.count == 2 ? Int64(zone[1]) : 0
            guard let minutes, minutes < 60 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let hour = Int64(parts[0]), let minute = Int64(parts[1]),
            hour <= 24, minute < 60
        else { return nil }
        var secondMicros: Int64 = 0
        if parts.count == 3 {
            let secondParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
            guard secondParts.count <= 2, let seconds = Int64(secondParts[0]), seconds < 60 else { return nil }
            secondMicros = seconds * microsPerSecond
            if secondParts.count == 2 {
                let digits = secondParts[1]
                guard !digits.isEmpty, digits.count <= 6, let fraction = Int64(digits) else { return nil }
                secondMicros += fraction * Int64(pow10: 6 - digits.count)
            }
        }
        micros += (hour * 3600 + minute * 60) * microsPerSecond + secondMicros - offsetSeconds * microsPerSecond
        return micros
    }
}

extension Int64 {
    init(pow10 exponent: Int) {
        var value: Int64 = 1
        for _ in 0..<Swift.max(exponent, 0) { value *= 10 }
        self = value
    }
}
