/// Appends JSON text for scalar values to a byte buffer: exact integers and decimals, escaped strings,
/// base64, ISO-8601 dates and timestamps.
enum JSONText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always)
    static func append(int value: Int64, to out: inout [UInt8]) {
        if value >= 0, value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        append(unsigned: value.magnitude, to: &out)
    }

    @inline(__always)
    static func append(unsigned value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch, enough for 20 digits
        var v = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[31 - count] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
                count += 1
            } while v > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(32 - count)...]))
        }
    }

    /// An unscaled decimal with `scale` digits after the point (`-0.05`), exactly.
    static func append(decimal unscaled: Int128, scale: Int, to out: inout [UInt8]) {
        var digits = Array(String(unscaled.magnitude).utf8)
        if unscaled < 0 { out.append(UInt8(ascii: "-")) }
        guard scale > 0 else {
            out.append(contentsOf: digits)
            return
        }
        if digits.count <= scale {
            digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale - digits.count + 1), at: 0)
        }
        out.append(contentsOf: digits[0..<(digits.count - scale)])
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: digits[(digits.count - scale)...])
    }

    /// A finite double in shortest round-trip form; NaN and infinities (no JSON form) as `null`.
    static func append(double value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            append(int: Int64(value), to: &out)
            if value == 0, value.sign == .minus { out.insert(UInt8(ascii: "-"), at: out.count - 1) }
            out.append(contentsOf: ".0".utf8)
            return
        }
        out.append(contentsOf: value.description.utf8)
    }

    static func append(float value: Float, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        out.append(contentsOf: value.description.utf8)
    }

    /// A quoted, escaped JSON string from UTF-8 bytes (control characters, quote and backslash escaped).
    @inline(__always)
    static func append(string bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<bytes.count {
            let byte = bytes[i]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                out.append(contentsOf: "u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        out.append(UInt8(ascii: "\""))
    }

    private static let base64Alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// A quoted standard base64 string (with padding).
    static func append(base64 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(base64Alphabet[Int(n >> 18 & 63)])
            out.append(base64Alphabet[Int(n >> 12 & 63)])
            out.append(base64Alphabet[Int(n >> 6 & 63)])
            out.append(base64Alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(base64Alphabet[Int(n >> 18 & 63)])
            out.append(base64Alphabet[Int(n >> 12 & 63)])
            out.append(rest == 2 ? base64Alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// (year, month, day) of days since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    @inline(__always)
    static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: (v / divisor) % 10) &+ 0x30)
            v %= divisor
            divisor /= 10
        }
    }

    private static func appendDateBody(days: Int, to out: inout [UInt8]) {
        let (year, month, day) = civil(fromDays: days)
        if year < 0 || year > 9999 {
            // Outside ISO-8601's four-digit years: signed, as extended years are written.
            out.append(year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendPadded(abs(year), width: 6, to: &out)
        } else {
            appendPadded(year, width: 4, to: &out)
        }
        out.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &out)
    }

    /// `"YYYY-MM-DD"`.
    static func append(date days: Int32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendDateBody(days: Int(days), to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// `"YYYY-MM-DDTHH:MM:SSZ"`, with `.ffffff` only when the microseconds are not zero.
    static func append(timestamp micros: Int64, to out: inout [UInt8]) {
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        let (wholeSeconds, micro) = fraction < 0 ? (seconds - 1, fraction + 1_000_000) : (seconds, fraction)
        let (days, secondOfDay) = wholeSeconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        out.append(UInt8(ascii: "\""))
        appendDateBody(days: Int(day), to: &out)
        out.append(UInt8(ascii: "T"))
        appendPadded(Int(second / 3600), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(Int(second / 60 % 60), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(Int(second % 60), width: 2, to: &out)
        if micro != 0 {
            out.append(UInt8(ascii: "."))
            appendPadded(Int(micro), width: 6, to: &out)
        }
        out.append(contentsOf: "Z\"".utf8)
    }
}

/// JSON text for callers outside the NDJSON codec (SQL result rows): the codec's own string escaping.
public enum JSONLiteral {
    /// `text` as a quoted JSON string literal (control characters, quote and backslash escaped).
    public static func string(_ text: String) -> String {
        var out: [UInt8] = []
        var text = text
        text.withUTF8 { JSONText.append(string: $0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
