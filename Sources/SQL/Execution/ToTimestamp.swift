/// `to_timestamp(text, format)` and `to_date(text, format)`: the input read with the template patterns of
/// `to_char` (YYYY YYY YY Y MM DD DDD HH HH12 HH24 MI SS MS US FF1-FF6 AM/PM Mon Month Dy Day TZH TZM J),
/// separators matching any non-alphanumeric character and spaces skipped, as PostgreSQL's non-FX mode does.
enum ToTimestamp {
    struct Result {
        /// Local wall-clock microseconds.
        var local: Int64
        /// East-positive seconds from TZH/TZM, if given.
        var offset: Int32?
    }

    static func parse(_ text: String, _ format: String, date: Bool) throws -> Result {
        let input = Array(text)
        let pattern = Array(format)
        var position = 0
        var index = 0
        var year: Int64?
        var month: Int64 = 1
        var day: Int64 = 1
        var dayOfYear: Int64?
        var hour: Int64 = 0
        var minute: Int64 = 0
        var second: Int64 = 0
        var micros: Int64 = 0
        var pm: Bool?
        var twelveHour = false
        var offsetHours: Int64?
        var offsetMinutes: Int64 = 0
        var julian: Int64?
        let typeName = date ? "date" : "timestamp"
        func invalid(_ detail: String) -> SQLError {
            SQLError(
                SQLState("22007"), "invalid value \"\(String(input[min(position, input.count)...]))\" for \"\(detail)\""
            )
        }
        func skipSpaces() {
            while position < input.count, input[position] == " " { position += 1 }
        }
        func number(_ maxDigits: Int, _ name: String, signed: Bool = false) throws -> Int64 {
            skipSpaces()
            var negative = false
            if signed, position < input.count, input[position] == "-" || input[position] == "+" {
                negative = input[position] == "-"
                position += 1
            }
            let start = position
            while position < input.count, position - start < maxDigits, input[position].isWholeNumberASCII {
                position += 1
            }
            guard position > start, let value = Int64(String(input[start..<position])) else {
                throw SQLError(
                    SQLState("22007"),
                    "invalid value \"\(String(input[start..<min(start + maxDigits, input.count)]))\" for \"\(name)\"",
                    hint: "Value must be an integer.")
            }
            return negative ? -value : value
        }
        func word(_ names: [String], _ length: Int?, _ name: String) throws -> Int {
            skipSpaces()
            let rest = String(input[position...]).lowercased()
            for (offset, candidate) in names.enumerated() {
                let key = length.map { String(candidate.prefix($0)) } ?? candidate
                if rest.hasPrefix(key.lowercased()) {
                    position += key.count
                    return offset
                }
            }
            throw invalid(name)
        }
        while index < pattern.count {
            var rest = String(pattern[index...])
            if rest.uppercased().hasPrefix("FM") {
                index += 2
                continue
            }
            if pattern[index] == "\"" {
                index += 1
                while index < pattern.count, pattern[index] != "\"" {
                    index += 1
                    if position < input.count { position += 1 }
                }
                index += 1
                continue
            }
            let (match, _) = ToChar.match(pattern, index)
            guard let match else {
                // A separator or literal: skip one input character that is not a letter or digit.
                if pattern[index] == " " {
                    skipSpaces()
                } else if position < input.count, !input[position].isLetter, !input[position].isNumber {
                    position += 1
                }
                index += 1
                continue
            }
            index += match.count
            rest = match.uppercased()
            switch rest {
            case "YYYY", "IYYY":
                // Read exactly four digits when another pattern follows without a separator (`YYYYMMDD`).
                let adjacent = index < pattern.count && pattern[index].isLetter
                year = try number(adjacent ? 4 : 9, match)
            case "Y,YYY":
                let thousands = try number(3, match)
                if position < input.count, input[position] == "," { position += 1 }
                year = thousands * 1000 + (try number(3, match))
            case "YYY": year = 2000 + (try number(3, match)) % 1000
            case "YY":
                let value = try number(2, match)
                year = value < 70 ? 2000 + value : 1900 + value
            case "Y": year = 2000 + (try number(1, match))
            case "MM": month = try number(2, match)
            case "DD": day = try number(2, match)
            case "DDD": dayOfYear = try number(3, match)
            case "HH", "HH12":
                hour = try number(2, match)
                twelveHour = true
            case "HH24": hour = try number(2, match)
            case "MI": minute = try number(2, match)
            case "SS": second = try number(2, match)
            case "SSSS", "SSSSS":
                let total = try number(5, match)
                hour = total / 3600
                minute = total / 60 % 60
                second = total % 60
            case "MS": micros = try number(3, match) * 1000
            case "US": micros = try number(6, match)
            case let p where p.hasPrefix("FF"):
                let digits = Int(p.dropFirst(2)) ?? 6
                skipSpaces()
                let start = position
                micros = try number(digits, match)
                micros *= Int64(pow10: 6 - (position - start))
            case "MONTH": month = Int64(try word(ToChar.monthNames, nil, match)) + 1
            case "MON": month = Int64(try word(ToChar.monthNames, 3, match)) + 1
            case "DAY": _ = try word(ToChar.dayNames, nil, match)
            case "DY": _ = try word(ToChar.dayNames, 3, match)
            case "AM", "PM": pm = try word(["AM", "PM"], nil, match) == 1
            case "A.M.", "P.M.": pm = try word(["A.M.", "P.M."], nil, match) == 1
            case "TZH": offsetHours = try number(2, match, signed: true)
            case "TZM": offsetMinutes = try number(2, match)
            case "J": julian = try number(9, match)
            case "BC", "AD", "B.C.", "A.D.", "TZ", "OF", "RM", "D", "ID", "W", "WW", "IW", "CC", "Q", "IDDD", "IYY",
                "IY", "I":
                throw SQLError(.featureNotSupported, "to_timestamp pattern \"\(match)\" is not supported")
            default:
                throw SQLError(.featureNotSupported, "to_timestamp pattern \"\(match)\" is not supported")
            }
        }
        skipSpaces()
        if let pm {
            guard hour >= 1, hour <= 12 else {
                throw SQLError(
                    SQLState("22008"), "hour \"\(hour)\" is invalid for the 12-hour clock",
                    hint: "Use the 24-hour clock, or give an hour between 1 and 12.")
            }
            if pm, hour < 12 { hour += 12 }
            if !pm, hour == 12 { hour = 0 }
        } else if twelveHour, hour > 12 || hour < 1 {
            throw SQLError(
                SQLState("22008"), "hour \"\(hour)\" is invalid for the 12-hour clock",
                hint: "Use the 24-hour clock, or give an hour between 1 and 12.")
        }
        var days: Int64
        if let julian {
            days = julian - 2_440_588
        } else {
            let y = year ?? 1
            if let dayOfYear {
                days = DateTime.days(year: y, month: 1, day: 1) + dayOfYear - 1
            } else {
                guard (1...12).contains(month), day >= 1, day <= DateTime.daysInMonth(y, month) else {
                    throw SQLError(SQLState("22008"), "date/time field value out of range: \"\(text)\"")
                }
                days = DateTime.days(year: y, month: month, day: day)
            }
        }
        guard hour <= 24, minute < 60, second < 60 else {
            throw SQLError(SQLState("22008"), "date/time field value out of range: \"\(text)\"")
        }
        _ = typeName
        let local = try DateTime.checked(
            days * DateTime.microsPerDay + ((hour * 60 + minute) * 60 + second) * 1_000_000 + micros)
        var offset: Int32?
        if let offsetHours {
            let sign: Int64 = offsetHours < 0 ? -1 : 1
            offset = Int32(offsetHours * 3600 + sign * offsetMinutes * 60)
        }
        return Result(local: local, offset: offset)
    }
}
