/// `to_char` of timestamps, dates (read as timestamps), times and intervals with PostgreSQL's template
/// patterns: HH HH12 HH24 MI SS MS US FF1-FF6 SSSS SSSSS AM/PM A.M./P.M. Y,YYY YYYY YYY YY Y IYYY IYY IY I BC/AD
/// B.C./A.D. MONTH Month month MON Mon mon MM DAY Day day DY Dy dy DDD IDDD DD D ID W WW IW CC J Q RM TZ tz TZH
/// TZM OF, the FM prefix and TH/th suffixes; `"text"` and `\x` are literal, other characters copied.
enum ToChar {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let romanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

    /// Patterns whose letters' case does not matter, longest first within each shared prefix.
    static let numericPatterns = [
        "HH24", "HH12", "HH", "MI", "SSSSS", "SSSS", "SS", "MS", "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6",
        "Y,YYY", "YYYY", "YYY", "YY", "Y", "IYYY", "IYY", "IY", "IDDD", "ID", "IW", "I", "MM", "DDD", "DD", "D",
        "WW", "W", "CC", "J", "Q", "TZH", "TZM", "OF",
    ]
    /// Patterns whose case chooses the output's case.
    static let textPatterns = [
        "MONTH", "Month", "month", "MON", "Mon", "mon", "DAY", "Day", "day", "DY", "Dy", "dy", "AM", "am", "PM", "pm",
        "A.M.", "a.m.", "P.M.", "p.m.", "BC", "bc", "AD", "ad", "B.C.", "b.c.", "A.D.", "a.d.", "TZ", "tz", "RM",
        "rm",
    ]

    struct Fields {
        var year: Int64
        var month: Int64
        var day: Int64
        var hour: Int64
        var minute: Int64
        var second: Int64
        var micros: Int64
        var days: Int64?
        var offset: Int32
        var abbreviation: String
        var isInterval: Bool
    }

    static func fields(_ value: Datum, type: SQLType) throws -> Fields? {
        switch value {
        case let .timestamp(micros):
            guard DateTime.isFinite(micros) else { return nil }
            var local = micros
            var offset: Int32 = 0
            var abbreviation = ""
            if type == .timestamptz {
                let zone = SessionContext.current.timeZone
                let zoneType = zone.type(atUTC: DateTime.floorDiv(micros, 1_000_000).0)
                offset = zoneType.utcOffset
                abbreviation = zoneType.abbreviation
                local = micros + Int64(offset) * 1_000_000
            }
            let (days, timeOfDay) = DateTime.floorDiv(local, DateTime.microsPerDay)
            let (y, m, d) = DateTime.civil(days)
            return Fields(
                year: y, month: m, day: d, hour: timeOfDay / 3_600_000_000, minute: timeOfDay / 60_000_000 % 60,
                second: timeOfDay / 1_000_000 % 60, micros: timeOfDay % 1_000_000, days: days, offset: offset,
                abbreviation: abbreviation, isInterval: false)
        case let .interval(span):
            let t = span.micros
            return Fields(
                year: Int64(span.months / 12), month: Int64(span.months % 12), day: Int64(span.days),
                hour: t / 3_600_000_000, minute: t / 60_000_000 % 60, second: t / 1_000_000 % 60, micros: t % 1_000_000,
                days: nil, offset: 0, abbreviation: "", isInterval: true)
        default:
            return nil
        }
    }

    static func format(_ value: Datum, type: SQLType, _ format: String) throws -> String {
        guard let f = try fields(value, type: type) else {
            // PostgreSQL returns NULL for infinite timestamps; the caller's NULL is not expressible here.
            throw SQLError(.featureNotSupported, "to_char of an infinite timestamp is not supported")
        }
        let chars = Array(format)
        var out = ""
        var index = 0
        let displayYear = f.isInterval ? f.year : (f.year > 0 ? f.year : 1 - f.year)
        while index < chars.count {
            var fillMode = false
            if index + 1 < chars.count, (chars[index] == "F" || chars[index] == "f"),
                chars[index + 1] == "M" || chars[index + 1] == "m"
            {
                fillMode = true
                index += 2
                if index >= chars.count { break }
            }
            if chars[index] == "\"" {
                index += 1
                while index < chars.count, chars[index] != "\"" {
                    if chars[index] == "\\", index + 1 < chars.count { index += 1 }
                    out.append(chars[index])
                    index += 1
                }
                index += 1
                continue
            }
            if chars[index] == "\\", index + 1 < chars.count, chars[index + 1] == "\"" {
                out.append("\"")
                index += 2
                continue
            }
            let (pattern, isText) = match(chars, index)
            guard let pattern else {
                out.append(chars[index])
                index += 1
                continue
            }
            index += pattern.count
            var ordinal: String?
            if !isText, index + 1 < chars.count, chars[index] == "T" || chars[index] == "t",
                chars[index + 1] == "H" || chars[index + 1] == "h"
            {
                ordinal = chars[index] == "T" ? "upper" : "lower"
                index += 2
            }
            if isText {
                out += textField(pattern, f, fillMode: fillMode)
                continue
            }
            var number: Int64
            var width = 2
            switch pattern.uppercased() {
            case "HH", "HH12":
                number = f.isInterval ? f.hour % 12 : (f.hour % 12 == 0 ? 12 : f.hour % 12)
            case "HH24": number = f.hour
            case "MI": number = f.minute
            case "SS": number = f.second
            case "MS":
                number = f.micros / 1000
                width = 3
            case "US":
                number = f.micros
                width = 6
            case let p where p.hasPrefix("FF"):
                let digits = Int(p.dropFirst(2)) ?? 6
                width = digits
                number = f.micros / Int64(pow10: 6 - digits)
            case "SSSS", "SSSSS":
                number = f.hour * 3600 + f.minute * 60 + f.second
                width = 0
            case "Y,YYY":
                let text = String(displayYear)
                out += text.count > 3 ? String(text.dropLast(3)) + "," + String(text.suffix(3)) : text
                continue
            case "YYYY", "IYYY":
                number = pattern.uppercased() == "IYYY" ? isoYear(f) : displayYear
                width = 4
            case "YYY", "IYY":
                number = (pattern.uppercased() == "IYY" ? isoYear(f) : displayYear) % 1000
                width = 3
            case "YY", "IY":
                number = (pattern.uppercased() == "IY" ? isoYear(f) : displayYear) % 100
                width = 2
            case "Y", "I":
                number = (pattern.uppercased() == "I" ? isoYear(f) : displayYear) % 10
                width = 1
            case "MM": number = f.month
            case "DD": number = f.day
            case "DDD":
                number = f.days.map { $0 - DateTime.days(year: f.year, month: 1, day: 1) + 1 } ?? f.day
                width = 3
            case "IDDD":
                number = f.days.map { day in (DateKernels.isoWeek(day) - 1) * 7 + isoWeekday(day) } ?? 0
                width = 3
            case "D":
                number = f.days.map { DateTime.floorDiv($0 + 4, 7).1 + 1 } ?? 0
                width = 1
            case "ID":
                number = f.days.map(isoWeekday) ?? 0
                width = 1
            case "W":
                number = (f.day - 1) / 7 + 1
                width = 1
            case "WW": number = f.days.map { ($0 - DateTime.days(year: f.year, month: 1, day: 1)) / 7 + 1 } ?? 0
            case "IW": number = f.days.map(DateKernels.isoWeek) ?? 0
            case "CC":
                number = f.isInterval ? f.year / 100 : (f.year > 0 ? (f.year + 99) / 100 : -((99 - (f.year - 1)) / 100))
            case "J":
                number = (f.days ?? 0) + 2_440_588
                width = 0
            case "Q":
                number = (f.month - 1) / 3 + 1
                width = 1
            case "TZH":
                out += (f.offset < 0 ? "-" : "+") + DateTime.pad(Int64(abs(f.offset) / 3600), 2)
                continue
            case "TZM":
                out += DateTime.pad(Int64(abs(f.offset) / 60 % 60), 2)
                continue
            case "OF":
                var text = (f.offset < 0 ? "-" : "+") + DateTime.pad(Int64(abs(f.offset) / 3600), 2)
                if f.offset % 3600 != 0 { text += ":" + DateTime.pad(Int64(abs(f.offset) / 60 % 60), 2) }
                out += text
                continue
            default:
                number = 0
            }
            var text = fillMode || width == 0 ? String(number) : padSigned(number, width)
            if let ordinal { text += ordinal == "upper" ? suffix(number).uppercased() : suffix(number) }
            out += text
        }
        return out
    }

    static func padSigned(_ value: Int64, _ width: Int) -> String {
        value < 0 ? "-" + DateTime.pad(-value, width) : DateTime.pad(value, width)
    }

    static func isoWeekday(_ days: Int64) -> Int64 {
        let weekday = DateTime.floorDiv(days + 4, 7).1
        return weekday == 0 ? 7 : weekday
    }

    static func isoYear(_ f: Fields) -> Int64 {
        guard let days = f.days else { return f.year }
        let isoWeekday = DateTime.floorDiv(days + 3, 7).1
        let year = DateTime.civil(days - isoWeekday + 3).year
        return year > 0 ? year : 1 - year
    }

    static func suffix(_ number: Int64) -> String {
        let value = abs(number)
        if value % 100 >= 11, value % 100 <= 13 { return "th" }
        switch value % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }

    /// The longest pattern at `index`, and whether it is a text pattern.
    static func match(_ chars: [Character], _ index: Int) -> (String?, Bool) {
        var best: String?
        var bestIsText = false
        func matches(_ pattern: String, caseInsensitive: Bool) -> Bool {
            let p = Array(pattern)
            guard index + p.count <= chars.count else { return false }
            for (offset, character) in p.enumerated() {
                let c = chars[index + offset]
                if caseInsensitive ? c.uppercased() != String(character) : c != character { return false }
            }
            return true
        }
        for pattern in textPatterns where matches(pattern, caseInsensitive: false) {
            if pattern.count > (best?.count ?? 0) {
                best = pattern
                bestIsText = true
            }
        }
        for pattern in numericPatterns where matches(pattern, caseInsensitive: true) {
            if pattern.count > (best?.count ?? 0) {
                best = String(chars[index..<index + pattern.count])
                bestIsText = false
            }
        }
        return (best, bestIsText)
    }

    static func cased(_ word: String, like pattern: String) -> String {
        if pattern == pattern.uppercased() { return word.uppercased() }
        if pattern == pattern.lowercased() { return word.lowercased() }
        return word
    }

    static func textField(_ pattern: String, _ f: Fields, fillMode: Bool) -> String {
        func padded(_ word: String) -> String {
            fillMode ? word : word + String(repeating: " ", count: max(0, 9 - word.count))
        }
        let monthIndex = Int(max(1, min(12, f.month))) - 1
        let weekday = Int(f.days.map { DateTime.floorDiv($0 + 4, 7).1 } ?? 0)
        switch pattern.uppercased() {
        case "MONTH": return padded(cased(monthNames[monthIndex], like: pattern))
        case "MON": return cased(String(monthNames[monthIndex].prefix(3)), like: pattern)
        case "DAY": return padded(cased(dayNames[weekday], like: pattern))
        case "DY": return cased(String(dayNames[weekday].prefix(3)), like: pattern)
        case "AM", "PM": return cased(f.hour % 24 < 12 ? "AM" : "PM", like: pattern)
        case "A.M.", "P.M.": return cased(f.hour % 24 < 12 ? "A.M." : "P.M.", like: pattern)
        case "BC", "AD": return cased(f.year <= 0 && !f.isInterval ? "BC" : "AD", like: pattern)
        case "B.C.", "A.D.": return cased(f.year <= 0 && !f.isInterval ? "B.C." : "A.D.", like: pattern)
        case "TZ": return cased(f.abbreviation, like: pattern)
        case "RM":
            let roman = romanMonths[monthIndex]
            let text = fillMode ? roman : roman + String(repeating: " ", count: 4 - roman.count)
            return pattern == "rm" ? text.lowercased() : text
        default: return pattern
        }
    }
}
