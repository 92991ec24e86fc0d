/// PostgreSQL's text input and output of dates, times and timestamps (DateStyle ISO, MDY), with infinities,
/// special words (`epoch`, `now`, `today`, ...), zone offsets and zone names, BC years.
extension DateTime {
    static let timestampInfinity = Int64.max
    static let timestampMinusInfinity = Int64.min
    static let dateInfinity = Int32.max
    static let dateMinusInfinity = Int32.min
    /// 4714-11-24 BC 00:00 UTC, PostgreSQL's first timestamp, in microseconds since 1970.
    static let minTimestamp: Int64 = -211_813_488_000_000_000 - 946_684_800_000_000
    /// The last microsecond before the infinity marker (PostgreSQL's range reaches 294276 AD, beyond Int64
    /// microseconds since 1970; the last 2000 years of it are out of range here).
    static let maxTimestamp: Int64 = Int64.max - 1

    static func isFinite(_ micros: Int64) -> Bool { micros != .max && micros != .min }
    static func isFinite(date days: Int32) -> Bool { days != .max && days != .min }

    static func timestampOutOfRange() -> SQLError { SQLError(SQLState("22008"), "timestamp out of range") }
    static func dateOutOfRange() -> SQLError { SQLError(SQLState("22008"), "date out of range") }

    /// A timestamp checked against the valid range.
    static func checked(_ micros: Int64) throws(SQLError) -> Int64 {
        guard micros >= minTimestamp, micros <= maxTimestamp else { throw timestampOutOfRange() }
        return micros
    }

    /// `.5`, `.000123`, or nothing for a zero fraction (microseconds 0..<1_000_000).
    static func fractionText(_ micros: Int64) -> String {
        guard micros != 0 else { return "" }
        var digits = pad(micros, 6)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    /// `+05`, `-03:30`, `+05:53:28` (east-positive seconds).
    static func offsetText(_ seconds: Int32) -> String {
        let magnitude = Int64(seconds.magnitude)
        var text = (seconds < 0 ? "-" : "+") + pad(magnitude / 3600, 2)
        if magnitude % 3600 != 0 {
            text += ":" + pad(magnitude / 60 % 60, 2)
            if magnitude % 60 != 0 { text += ":" + pad(magnitude % 60, 2) }
        }
        return text
    }

    /// `HH:MM:SS[.ffffff]` of microseconds since midnight.
    static func formatTime(_ micros: Int64) -> String {
        let seconds = micros / microsPerSecond
        return "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
            + fractionText(micros % microsPerSecond)
    }

    static func formatDateValue(_ days: Int32) -> String {
        if days == dateInfinity { return "infinity" }
        if days == dateMinusInfinity { return "-infinity" }
        return formatDate(Int64(days))
    }

    /// A timestamp's text; a timestamptz prints in the session zone with its offset.
    static func formatTimestampValue(_ micros: Int64, withTimeZone: Bool) -> String {
        if micros == timestampInfinity { return "infinity" }
        if micros == timestampMinusInfinity { return "-infinity" }
        guard withTimeZone else { return formatTimestamp(micros, withTimeZone: false) }
        let zone = SessionContext.current.timeZone
        let offset = zone.offset(atUTCMicros: micros)
        let local = micros &+ Int64(offset) * microsPerSecond
        var text = formatTimestamp(local, withTimeZone: false)
        let bc = text.hasSuffix(" BC")
        if bc { text.removeLast(3) }
        return text + offsetText(offset) + (bc ? " BC" : "")
    }

    static func typeName(_ type: SQLType) -> String {
        switch type {
        case .timestamp(false): return "timestamp"
        case .timestamp(true): return "timestamp with time zone"
        case .time: return "time"
        default: return type.description
        }
    }

    /// The parts of a date/time input.
    struct Parsed {
        var year: Int64?
        var month: Int64 = 1
        var day: Int64 = 1
        var time: Int64?
        /// East-positive seconds given in the text, or a zone to read the local time in.
        var offset: Int32?
        var zone: SQLTimeZone?
        var special: String?
    }

    /// Splits date/time input into its parts (throws PostgreSQL's errors for `type`).
    static func parseParts(_ text: String, type: SQLType) throws(SQLError) -> Parsed {
        let invalid = SQLError(
            SQLState("22007"), "invalid input syntax for type \(typeName(type)): \"\(text)\"")
        let outOfRange = SQLError(SQLState("22008"), "date/time field value out of range: \"\(text)\"")
        var parsed = Parsed()
        var tokens: [Substring] = []
        for word in Cast.trimmed(text).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            // `2024-01-01T10:00`: the T separates date and time.
            if let t = word.firstIndex(where: { $0 == "T" || $0 == "t" }), t != word.startIndex,
                word[word.index(before: t)].isNumber, word.index(after: t) < word.endIndex,
                word[word.index(after: t)].isNumber
            {
                tokens.append(word[..<t])
                tokens.append(word[word.index(after: t)...])
            } else {
                tokens.append(word)
            }
        }
        guard !tokens.isEmpty else { throw invalid }
        var bc = false
        var meridiem: String?
        for token in tokens {
            let lower = token.lowercased()
            let first = token.first ?? " "
            if ["epoch", "infinity", "+infinity", "-infinity", "now", "today", "tomorrow", "yesterday", "allballs"]
                .contains(lower)
            {
                guard parsed.special == nil, tokens.count == 1 || lower == "today" || lower == "allballs" else {
                    throw invalid
                }
                parsed.special = lower
            } else if parsed.year == nil, parsed.time == nil, first.isNumber, token.contains("-"),
                !token.contains(":")
            {
                let pieces = token.split(separator: "-", omittingEmptySubsequences: false)
                guard pieces.count == 3, pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isWholeNumberASCII) }),
                    pieces[0].count <= 7, pieces[1].count <= 2, pieces[2].count <= 2,
                    let y = Int64(pieces[0]), let m = Int64(pieces[1]), let d = Int64(pieces[2])
                else { throw invalid }
                parsed.year = y
                parsed.month = m
                parsed.day = d
            } else if parsed.time == nil, first.isNumber, token.contains(":") {
                var body = token
                if let sign = body.firstIndex(where: { $0 == "+" || $0 == "-" }) {
                    parsed.offset = try parseOffset(body[sign...], invalid)
                    body = body[..<sign]
                } else if body.last == "z" || body.last == "Z" {
                    parsed.offset = 0
                    body = body.dropLast()
                }
                parsed.time = try parseClock(body, invalid, outOfRange)
            } else if first == "+" || first == "-", parsed.time != nil || parsed.year != nil {
                guard parsed.offset == nil, parsed.zone == nil else { throw invalid }
                parsed.offset = try parseOffset(token, invalid)
            } else if lower == "bc" {
                bc = true
            } else if lower == "ad" {
                continue
            } else if lower == "am" || lower == "pm" || lower == "a.m." || lower == "p.m." {
                meridiem = String(lower.prefix(1))
            } else if first.isLetter {
                // A word names a zone only after a date or time (PostgreSQL: `not a time` is bad syntax).
                guard parsed.offset == nil, parsed.zone == nil, parsed.year != nil || parsed.time != nil else {
                    throw invalid
                }
                if lower == "z" || lower == "utc" || lower == "gmt" {
                    parsed.offset = 0
                } else {
                    parsed.zone = try SessionContext.current.zones.zone(named: String(token))
                }
            } else {
                throw invalid
            }
        }
        if let meridiem {
            guard let time = parsed.time, time < 13 * 3_600_000_000, time >= 3_600_000_000 || meridiem == "a" else {
                throw outOfRange
            }
            if meridiem == "p", time < 12 * 3_600_000_000 { parsed.time = time + 12 * 3_600_000_000 }
            if meridiem == "a", time >= 12 * 3_600_000_000 { parsed.time = time - 12 * 3_600_000_000 }
        }
        if let year = parsed.year {
            guard parsed.month >= 1, parsed.month <= 12, parsed.day >= 1, year >= 1 || !bc else { throw outOfRange }
            guard year >= 1 else { throw outOfRange }
            let actualYear = bc ? 1 - year : year
            guard parsed.day <= daysInMonth(actualYear, parsed.month) else { throw outOfRange }
            parsed.year = actualYear
        } else if bc {
            throw invalid
        }
        return parsed
    }

    static func parseOffset(_ text: Substring, _ invalid: SQLError) throws(SQLError) -> Int32 {
        let negative = text.first == "-"
        let digits = text.dropFirst()
        var hours: Int64
        var minutes: Int64 = 0
        var seconds: Int64 = 0
        let parts = digits.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isWholeNumberASCII) }) else { throw invalid }
        if parts.count == 1, parts[0].count == 4 {
            hours = Int64(parts[0].prefix(2)) ?? 0
            minutes = Int64(parts[0].suffix(2)) ?? 0
        } else {
            guard parts.count <= 3, parts[0].count <= 2, let h = Int64(parts[0]) else { throw invalid }
            hours = h
            if parts.count > 1 { minutes = Int64(parts[1]) ?? 60 }
            if parts.count > 2 { seconds = Int64(parts[2]) ?? 60 }
        }
        guard hours <= 15, minutes < 60, seconds < 60 else {
            throw SQLError(SQLState("22009"), "time zone displacement out of range: \"\(text)\"")
        }
        let total = Int32(hours * 3600 + minutes * 60 + seconds)
        return negative ? -total : total
    }

    /// `HH:MM[:SS[.ffffff]]` as microseconds since midnight (24:00:00 allowed).
    static func parseClock(_ text: Substring, _ invalid: SQLError, _ outOfRange: SQLError) throws(SQLError) -> Int64 {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count <= 2, parts[1].count == 2,
            parts[0].allSatisfy(\.isWholeNumberASCII), parts[1].allSatisfy(\.isWholeNumberASCII),
            let hour = Int64(parts[0]), let minute = Int64(parts[1])
        else { throw invalid }
        var micros: Int64 = 0
        if parts.count == 3 {
            let secondParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
            guard secondParts.count <= 2, secondParts[0].count == 2,
                secondParts.allSatisfy({ $0.allSatisfy(\.isWholeNumberASCII) }), let seconds = Int64(secondParts[0])
            else { throw invalid }
            guard seconds <= 60 else { throw outOfRange }
            micros = seconds * microsPerSecond
            if secondParts.count == 2, !secondParts[1].isEmpty {
                micros += roundedFraction(secondParts[1])
            }
        }
        guard hour <= 24, minute < 60 else { throw outOfRange }
        let total = (hour * 3600 + minute * 60) * microsPerSecond + micros
        guard total <= microsPerDay else { throw outOfRange }
        return total
    }

    /// Fraction digits as microseconds, rounded half up at the sixth digit.
    static func roundedFraction(_ digits: Substring) -> Int64 {
        var value: Int64 = 0
        for (index, character) in digits.prefix(7).enumerated() {
            let digit = Int64(character.wholeNumberValue ?? 0)
            if index < 6 {
                value = value * 10 + digit
            } else if digit >= 5 {
                value += 1
            }
        }
        for _ in min(digits.count, 6)..<6 { value *= 10 }
        return value
    }

    /// A timestamp or timestamptz from text.
    static func parseTimestampValue(_ text: String, withTimeZone: Bool) throws(SQLError) -> Int64 {
        let type = SQLType.timestamp(withTimeZone: withTimeZone)
        let parsed = try parseParts(text, type: type)
        let invalid = SQLError(SQLState("22007"), "invalid input syntax for type \(typeName(type)): \"\(text)\"")
        let session = SessionContext.current
        if let special = parsed.special {
            switch special {
            case "infinity", "+infinity": return timestampInfinity
            case "-infinity": return timestampMinusInfinity
            case "epoch": return 0
            case "now": return session.statementTime
            case "today", "tomorrow", "yesterday":
                guard parsed.year == nil else { throw invalid }
                let shift: Int64 = special == "today" ? 0 : (special == "tomorrow" ? 1 : -1)
                let zone = session.timeZone
                let localDay = floorDiv(zone.local(fromUTCMicros: session.statementTime), microsPerDay).0 + shift
                let local = localDay * microsPerDay + (parsed.time ?? 0)
                return withTimeZone ? zone.utc(fromLocalMicros: local) : local
            default: throw invalid
            }
        }
        guard let year = parsed.year else { throw invalid }
        guard year <= 294_276, year >= -4713 else {
            throw SQLError(SQLState("22008"), "date/time field value out of range: \"\(text)\"")
        }
        let local = days(year: year, month: parsed.month, day: parsed.day) * microsPerDay + (parsed.time ?? 0)
        var result = local
        if withTimeZone {
            if let offset = parsed.offset {
                result = local - Int64(offset) * microsPerSecond
            } else {
                result = (parsed.zone ?? session.timeZone).utc(fromLocalMicros: local)
            }
        }
        guard result >= minTimestamp, result <= maxTimestamp else {
            throw SQLError(SQLState("22008"), "timestamp out of range: \"\(text)\"")
        }
        return result
    }

    /// A date from text (a time part is allowed and ignored).
    static func parseDateValue(_ text: String) throws(SQLError) -> Int32 {
        let parsed = try parseParts(text, type: .date)
        let invalid = SQLError(SQLState("22007"), "invalid input syntax for type date: \"\(text)\"")
        if let special = parsed.special {
            let session = SessionContext.current
            let today = floorDiv(session.timeZone.local(fromUTCMicros: session.statementTime), microsPerDay).0
            switch special {
            case "infinity", "+infinity": return dateInfinity
            case "-infinity": return dateMinusInfinity
            case "epoch": return 0
            case "now", "today": return Int32(truncatingIfNeeded: today)
            case "tomorrow": return Int32(truncatingIfNeeded: today + 1)
            case "yesterday": return Int32(truncatingIfNeeded: today - 1)
            default: throw invalid
            }
        }
        guard let year = parsed.year else { throw invalid }
        guard year <= 5_874_897, year >= -4713 else { throw dateOutOfRange() }
        return Int32(days(year: year, month: parsed.month, day: parsed.day))
    }

    /// A time of day from text (a zone is allowed and ignored).
    static func parseTimeValue(_ text: String) throws(SQLError) -> Int64 {
        let parsed = try parseParts(text, type: .time)
        if parsed.special == "allballs" { return 0 }
        if parsed.special == "now" {
            let session = SessionContext.current
            return floorDiv(session.timeZone.local(fromUTCMicros: session.statementTime), microsPerDay).1
        }
        guard parsed.special == nil, let time = parsed.time else {
            throw SQLError(SQLState("22007"), "invalid input syntax for type time: \"\(text)\"")
        }
        return time
    }
}

extension Character {
    var isWholeNumberASCII: Bool { isASCII && isNumber }
}
