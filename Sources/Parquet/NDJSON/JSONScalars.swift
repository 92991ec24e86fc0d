/// Conversions of JSON number and string text into exact Columnar values. Each returns nil (or a reason)
/// instead of guessing; none allocates except `base64` (into a caller-owned arena).
enum JSONScalars {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    @inline(__always)
    static func digit(_ byte: UInt8) -> Int? {
        let d = byte &- UInt8(ascii: "0")
        return d < 10 ? Int(d) : nil
    }

    /// An integer written without fraction or exponent, exactly, or nil when it overflows Int64.
    static func int64(_ text: Bytes) -> Int64? {
        var pos = 0
        let negative = text.count > 0 && text[0] == UInt8(ascii: "-")
        if negative { pos = 1 }
        guard pos < text.count else { return nil }
        // Accumulate negatively so that Int64.min parses.
        var value: Int64 = 0
        while pos < text.count {
            guard let d = digit(text[pos]) else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times.subtractingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = next
            pos += 1
        }
        if negative { return value }
        let (positive, overflow) = Int64(0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }

    private static let exactPowers: [Double] = (0...22).map { exponent in
        var p = 1.0
        for _ in 0..<exponent { p *= 10 }
        return p
    }

    /// A JSON number as the nearest Double (fast exact path for short numbers, else the standard library).
    static func double(_ text: Bytes) -> Double? {
        var pos = 0
        let negative = text.count > 0 && text[0] == UInt8(ascii: "-")
        if negative { pos = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var simple = true
        while pos < text.count, let d = digit(text[pos]) {
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            pos += 1
        }
        if pos < text.count, text[pos] == UInt8(ascii: ".") {
            pos += 1
            while pos < text.count, let d = digit(text[pos]) {
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                fractionDigits += 1
                pos += 1
            }
        }
        if pos != text.count || digits > 15 { simple = false }
        if simple, fractionDigits <= 22 {
            let value = Double(mantissa) / exactPowers[fractionDigits]
            return negative ? -value : value
        }
        return Double(String(decoding: text, as: UTF8.self))
    }

    /// The unscaled value of a decimal(precision, scale) written as a JSON number (`-12.50`, `1.2e3`),
    /// exactly; the error names what does not fit.
    static func decimal(_ text: Bytes, precision: Int, scale: Int) -> Result<Int128, DecimalIssue> {
        var pos = 0
        var negative = false
        if pos < text.count, text[pos] == UInt8(ascii: "-") || text[pos] == UInt8(ascii: "+") {
            negative = text[pos] == UInt8(ascii: "-")
            pos += 1
        }
        let intStart = pos
        while pos < text.count, digit(text[pos]) != nil { pos += 1 }
        let intEnd = pos
        var fracStart = pos
        var fracEnd = pos
        if pos < text.count, text[pos] == UInt8(ascii: ".") {
            pos += 1
            fracStart = pos
            while pos < text.count, digit(text[pos]) != nil { pos += 1 }
            fracEnd = pos
            guard fracEnd > fracStart else { return .failure(.notANumber) }
        }
        guard intEnd > intStart || fracEnd > fracStart else { return .failure(.notANumber) }
        var exponent = 0
        if pos < text.count, text[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            var expNegative = false
            if pos < text.count, text[pos] == UInt8(ascii: "-") || text[pos] == UInt8(ascii: "+") {
                expNegative = text[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < text.count else { return .failure(.notANumber) }
            while pos < text.count {
                guard let d = digit(text[pos]) else { return .failure(.notANumber) }
                exponent = min(exponent * 10 + d, 10_000)
                pos += 1
            }
            if expNegative { exponent = -exponent }
        }
        guard pos == text.count else { return .failure(.notANumber) }
        // value = digits * 10^(exponent - fractionCount); unscaled = value * 10^scale.
        let fractionCount = fracEnd - fracStart
        let shift = scale + exponent - fractionCount
        // Drop digits from the right when shift < 0; they must all be zero.
        var dropFromRight = max(0, -shift)
        var lastKept = fracEnd  // exclusive end in the combined digit sequence (int digits then fraction digits)
        var combinedCount = (intEnd - intStart) + fractionCount
        func digitAt(_ i: Int) -> UInt8 {
            let intCount = intEnd - intStart
            return i < intCount ? text[intStart + i] : text[fracStart + i - intCount]
        }
        while dropFromRight > 0, combinedCount > 0 {
            guard digitAt(combinedCount - 1) == UInt8(ascii: "0") else { return .failure(.tooManyFractionDigits) }
            combinedCount -= 1
            dropFromRight -= 1
        }
        lastKept = combinedCount
        var value: Int128 = 0
        var significant = 0
        for i in 0..<lastKept {
            let d = Int128(digitAt(i) &- UInt8(ascii: "0"))
            if significant == 0, d == 0 { continue }
            significant += 1
            if significant > precision { return .failure(.tooManyDigits) }
            value = value * 10 + d
        }
        if significant > 0, shift > 0 {
            for _ in 0..<shift {
                significant += 1
                if significant > precision { return .failure(.tooManyDigits) }
                value *= 10
            }
        }
        return .success(negative ? -value : value)
    }

    enum DecimalIssue: Error {
        case notANumber, tooManyFractionDigits, tooManyDigits
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always)
    static func fixedDigits(_ text: Bytes, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= text.count else { return nil }
        var value = 0
        for i in at..<(at + count) {
            guard let d = digit(text[i]) else { return nil }
            value = value * 10 + d
        }
        return value
    }

    /// `YYYY-MM-DD` at the start of `text` as days since the epoch.
    static func dateDays(_ text: Bytes) -> Int? {
        guard text.count >= 10, let year = fixedDigits(text, 0, 4), text[4] == UInt8(ascii: "-"),
            let month = fixedDigits(text, 5, 2), text[7] == UInt8(ascii: "-"), let day = fixedDigits(text, 8, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD` exactly, as days since the epoch.
    static func date(_ text: Bytes) -> Int32? {
        guard text.count == 10, let days = dateDays(text) else { return nil }
        return Int32(days)
    }

    /// An ISO-8601 timestamp (`2026-11-23T10:15:30Z`, `...30.123456+02:00`) as UTC microseconds.
    /// Fractions beyond microseconds must be zeros; an offset (or `Z`) is required.
    static func timestamp(_ text: Bytes) -> Int64? {
        guard let days = dateDays(text), text.count >= 19,
            text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: " ") || text[10] == UInt8(ascii: "t"),
            let hour = fixedDigits(text, 11, 2), text[13] == UInt8(ascii: ":"), let minute = fixedDigits(text, 14, 2),
            text[16] == UInt8(ascii: ":"), let second = fixedDigits(text, 17, 2), hour < 24, minute < 60, second < 60
        else { return nil }
        var pos = 19
        var micros = 0
        if pos < text.count, text[pos] == UInt8(ascii: ".") {
            pos += 1
            var count = 0
            while pos < text.count, let d = digit(text[pos]) {
                if count < 6 {
                    micros = micros * 10 + d
                } else if d != 0 {
                    return nil
                }
                count += 1
                pos += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 6)..<6 { micros *= 10 }
        }
        guard pos < text.count else { return nil }
        var offsetSeconds = 0
        switch text[pos] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            pos += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = text[pos] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = fixedDigits(text, pos + 1, 2), oh < 24 else { return nil }
            pos += 3
            var om = 0
            if pos < text.count {
                if text[pos] == UInt8(ascii: ":") { pos += 1 }
                guard let m = fixedDigits(text, pos, 2), m < 60 else { return nil }
                om = m
                pos += 2
            }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        default:
            return nil
        }
        guard pos == text.count else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1_000_000 + Int64(micros)
    }

    private static let base64Table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Decodes standard base64 (padding optional) onto `arena`; false when `text` is not base64.
    static func base64(_ text: Bytes, into arena: inout [UInt8]) -> Bool {
        var end = text.count
        if end > 0, text[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if end > 0, text[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if text.count != end, text.count % 4 != 0 { return false }
        if end % 4 == 1 { return false }
        var accumulator: UInt32 = 0
        var bits = 0
        for i in 0..<end {
            let v = base64Table[Int(text[i])]
            if v == 0xFF { return false }
            accumulator = accumulator << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                arena.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return true
    }
}
