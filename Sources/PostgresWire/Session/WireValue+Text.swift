/// PostgreSQL 15's text output (DateStyle ISO, IntervalStyle postgres, TimeZone UTC, extra_float_digits 1).
extension WireValue {
    /// The text format of this value; nil for SQL NULL.
    public func textFormat(type: UInt32) -> String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "t" : "f"
        case .int16(let value): return String(value)
        case .int32(let value): return String(value)
        case .int64(let value): return String(value)
        case .float32(let value): return Self.floatText(Double(value), description: value.description, digits: 6)
        case .float64(let value): return Self.floatText(value, description: value.description, digits: 15)
        case .numeric(let text), .text(let text): return text
        case .bytea(let bytes): return "\\x" + Self.hex(bytes)
        case .date(let days): return Self.dateText(days)
        case .time(let micros): return Self.timeText(micros)
        case .timestamp(let micros): return Self.timestampText(micros, zone: "")
        case .timestamptz(let micros): return Self.timestampText(micros, zone: "+00")
        case .zonedTimestamptz(_, let text), .record(_, let text): return text
        case .interval(let months, let days, let micros): return Self.intervalText(months, days, micros)
        case .array(let elements):
            let element = WireType.arrayElements[type] ?? WireType.text
            let items = elements.map { value -> String in
                guard let text = value.textFormat(type: element) else { return "NULL" }
                return Self.arrayItem(text)
            }
            return "{" + items.joined(separator: ",") + "}"
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An array element, double-quoted when it is empty, `NULL`, or holds a delimiter, quote, backslash or space.
    static func arrayItem(_ text: String) -> String {
        let special: Set<Character> = ["{", "}", ",", "\"", "\\", " ", "\t", "\n", "\r"]
        guard text.isEmpty || text.uppercased() == "NULL" || text.contains(where: { special.contains($0) }) else {
            return text
        }
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// PostgreSQL's shortest round-trip float output: positional for decimal exponents in [-4, digits), else
    /// `d.ddde+XX` with at least two exponent digits.
    static func floatText(_ value: Double, description: String, digits: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        // Swift's description is the shortest round-trip digits; take them apart into digits and exponent.
        var text = Substring(description)
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts.first.map(String.init) ?? ""
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var mantissa = integerPart + fraction
        exponent += integerPart.count - 1
        let leadingZeros = mantissa.prefix { $0 == "0" }.count
        mantissa.removeFirst(leadingZeros)
        exponent -= leadingZeros
        while mantissa.last == "0" { mantissa.removeLast() }
        if mantissa.isEmpty { return "0" }
        var out = negative ? "-" : ""
        if exponent < -4 || exponent >= digits {
            out.append(mantissa.first ?? "0")
            if mantissa.count > 1 { out += "." + String(mantissa.dropFirst()) }
            let magnitude = abs(exponent)
            out += (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        } else if exponent < 0 {
            out += "0." + String(repeating: "0", count: -exponent - 1) + mantissa
        } else if mantissa.count <= exponent + 1 {
            out += mantissa + String(repeating: "0", count: exponent + 1 - mantissa.count)
        } else {
            let split = mantissa.index(mantissa.startIndex, offsetBy: exponent + 1)
            out += String(mantissa[..<split]) + "." + String(mantissa[split...])
        }
        return out
    }

    /// The proleptic Gregorian date of `days` since 2000-01-01 (Howard Hinnant's civil_from_days).
    static func civil(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func dateText(_ days: Int32) -> String {
        if days == Int32.max { return "infinity" }
        if days == Int32.min { return "-infinity" }
        return dateText(days: Int64(days)).joined()
    }

    /// The date as [YYYY-MM-DD, " BC" or ""], years before 1 shown as BC as PostgreSQL does.
    static func dateText(days: Int64) -> [String] {
        let (year, month, day) = civil(days)
        let shownYear = year <= 0 ? 1 - year : year
        return [
            padded(shownYear, 4) + "-" + padded(Int64(month), 2) + "-" + padded(Int64(day), 2), year <= 0 ? " BC" : "",
        ]
    }

    /// `HH:MM:SS` and, when not zero, the fraction without trailing zeros.
    static func clockText(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000
        var text = padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
        var fraction = micros % 1_000_000
        if fraction != 0 {
            var width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            text += "." + padded(fraction, width)
        }
        return text
    }

    static func timeText(_ micros: Int64) -> String { clockText(micros) }

    static func timestampText(_ micros: Int64, zone: String) -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        let date = dateText(days: days)
        return date[0] + " " + clockText(rest) + zone + date[1]
    }

    /// IntervalStyle `postgres`: `1 year 2 mons -3 days +04:05:06.5`, `00:00:00` when all is zero.
    static func intervalText(_ months: Int32, _ days: Int32, _ micros: Int64) -> String {
        var parts: [String] = []
        var previousNegative = false
        func add(_ value: Int64, _ unit: String) {
            guard value != 0 else { return }
            let sign = value > 0 && previousNegative ? "+" : ""
            parts.append("\(sign)\(value) \(unit)\(value == 1 ? "" : "s")")
            previousNegative = value < 0
        }
        add(Int64(months / 12), "year")
        add(Int64(months % 12), "mon")
        add(Int64(days), "day")
        if micros != 0 || parts.isEmpty {
            let sign = micros < 0 ? "-" : (previousNegative ? "+" : "")
            let magnitude = micros == Int64.min ? Int64.max : abs(micros)
            parts.append(sign + clockText(magnitude))
        }
        return parts.joined(separator: " ")
    }
}
