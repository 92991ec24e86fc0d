import Columnar
import Foundation

/// Parses one text cell (CSV) into a `Value` of a scalar type. Failures return the reason.
enum TextValueParser {
    static func parse(_ text: String, as type: DataType) -> Result<Value, ReasonError> {
        switch type {
        case .boolean:
            switch text.lowercased() {
            case "true", "1": return .success(.boolean(true))
            case "false", "0": return .success(.boolean(false))
            default: return .failure(ReasonError("expected boolean (true/false), got '\(text)'"))
            }
        case .int32:
            guard let value = Int32(text) else { return .failure(ReasonError("expected int32, got '\(text)'")) }
            return .success(.int(Int64(value)))
        case .int64:
            guard let value = Int64(text) else { return .failure(ReasonError("expected int64, got '\(text)'")) }
            return .success(.int(value))
        case .float32, .float64:
            guard let value = Double(text) else { return .failure(ReasonError("expected number, got '\(text)'")) }
            return .success(.float(value))
        case let .decimal(precision, scale):
            return parseDecimal(text, precision: precision, scale: scale).map { .decimal($0) }
        case .string:
            return .success(.string(text))
        case .binary:
            guard let data = Data(base64Encoded: text) else {
                return .failure(ReasonError("expected base64 binary"))
            }
            return .success(.binary([UInt8](data)))
        case .date:
            guard let days = parseDate(Substring(text)) else {
                return .failure(ReasonError("expected date YYYY-MM-DD, got '\(text)'"))
            }
            return .success(.date(days))
        case .timestamp:
            guard let micros = parseTimestamp(text) else {
                return .failure(ReasonError("expected ISO-8601 timestamp (2026-11-23T10:15:30Z), got '\(text)'"))
            }
            return .success(.timestamp(micros))
        case .struct, .list, .map:
            return .failure(ReasonError("\(type.name) values cannot be read from text"))
        }
    }

    /// Exact decimal text (`-12.50`) to an unscaled integer of `scale`, checking precision.
    static func parseDecimal(_ text: String, precision: Int, scale: Int) -> Result<Int128, ReasonError> {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return .failure(ReasonError("expected decimal, got '\(text)'")) }
                seenPoint = true
            } else if byte >= 48, byte <= 57 {
                if seenPoint { fractionDigits.append(byte - 48) } else { integerDigits.append(byte - 48) }
            } else {
                return .failure(ReasonError("expected decimal, got '\(text)'"))
            }
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else {
            return .failure(ReasonError("expected decimal, got '\(text)'"))
        }
        while fractionDigits.count > scale, fractionDigits.last == 0 { fractionDigits.removeLast() }
        guard fractionDigits.count <= scale else {
            return .failure(ReasonError("'\(text)' has more than \(scale) decimal places"))
        }
        while integerDigits.first == 0 { integerDigits.removeFirst() }
        guard integerDigits.count <= precision - scale else {
            return .failure(ReasonError("'\(text)' does not fit decimal(\(precision),\(scale))"))
        }
        var unscaled: Int128 = 0
        for digit in integerDigits + fractionDigits + [UInt8](repeating: 0, count: scale - fractionDigits.count) {
            unscaled = unscaled * 10 + Int128(digit)
        }
        return .success(negative ? -unscaled : unscaled)
    }

    /// `YYYY-MM-DD` to days since 1970-01-01.
    static func parseDate(_ text: Substring) -> Int32? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return Int32(daysFromCivil(year: year, month: month, day: day))
    }

    /// ISO-8601 `YYYY-MM-DD[T ]HH:MM:SS[.ffffff][Z|±HH:MM]` (no zone = UTC) to microseconds since the epoch.
    static func parseTimestamp(_ text: String) -> Int64? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 19, scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: " ") else {
            return nil
        }
        guard let days = parseDate(Substring(text.prefix(10))) else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = scalars[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars[13] == UInt8(ascii: ":"), scalars[16] == UInt8(ascii: ":"),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var micros = 0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                guard digits < 9 else { return nil }
                if digits < 6 { micros = micros * 10 + Int(scalars[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        var offsetSeconds = 0
        if index < scalars.count {
            let sign = scalars[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard scalars.count == index + 6, scalars[index + 3] == UInt8(ascii: ":"),
                    let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)),
                    hours < 24, minutes < 60
                else { return nil }
                offsetSeconds = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
                index += 6
            } else {
                return nil
            }
        }
        guard index == scalars.count else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1_000_000 + Int64(micros)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A failure reason without a location (the caller adds file, line and field path).
struct ReasonError: Error, Sendable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
