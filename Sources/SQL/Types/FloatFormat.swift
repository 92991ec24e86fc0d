/// PostgreSQL's text forms of floating-point values (`float8out`/`float4out` with the default
/// `extra_float_digits = 1`: the shortest digits that read back exactly).
enum FloatFormat {
    /// Significant digits (no leading or trailing zeros) and the decimal exponent of the first digit.
    static func decompose(_ description: String) -> (negative: Bool, digits: [UInt8], exponent: Int) {
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
        var digits: [UInt8] = []
        var pointAt: Int?
        for byte in text.utf8 {
            if byte == 0x2E { pointAt = digits.count } else { digits.append(byte - 0x30) }
        }
        let integerDigits = pointAt ?? digits.count
        var leading = 0
        while leading < digits.count, digits[leading] == 0 { leading += 1 }
        digits.removeFirst(leading)
        while let last = digits.last, last == 0 { digits.removeLast() }
        return (negative, digits, exponent + integerDigits - leading - 1)
    }

    static func format(negative: Bool, digits: [UInt8], exponent: Int, maxFixedExponent: Int) -> String {
        if digits.isEmpty { return negative ? "-0" : "0" }
        var out = negative ? "-" : ""
        let chars = digits.map { Character(Unicode.Scalar($0 + 0x30)) }
        if exponent < -4 || exponent >= maxFixedExponent {
            out.append(chars[0])
            if chars.count > 1 {
                out += "."
                out += String(chars[1...])
            }
            let magnitude = abs(exponent)
            out += exponent < 0 ? "e-" : "e+"
            out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
            return out
        }
        if exponent < 0 {
            out += "0." + String(repeating: "0", count: -exponent - 1) + String(chars)
        } else if chars.count > exponent + 1 {
            out += String(chars[...exponent]) + "." + String(chars[(exponent + 1)...])
        } else {
            out += String(chars) + String(repeating: "0", count: exponent + 1 - chars.count)
        }
        return out
    }

    static func shortest(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let (negative, digits, exponent) = decompose(value.description)
        return format(negative: negative, digits: digits, exponent: exponent, maxFixedExponent: 15)
    }

    static func shortest(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let (negative, digits, exponent) = decompose(value.description)
        return format(negative: negative, digits: digits, exponent: exponent, maxFixedExponent: 6)
    }

    /// `%.{digits}g`-like text in exponent form (read back by `SQLNumeric.parse`).
    static func significant(_ value: Double, digits count: Int) -> String {
        var (negative, digits, exponent) = decompose(value.description)
        if digits.isEmpty { return "0" }
        if digits.count > count {
            let roundUp = digits[count] >= 5
            digits.removeLast(digits.count - count)
            if roundUp {
                var index = count - 1
                while index >= 0 {
                    if digits[index] == 9 {
                        digits[index] = 0
                        index -= 1
                    } else {
                        digits[index] += 1
                        break
                    }
                }
                if index < 0 {
                    digits.insert(1, at: 0)
                    digits.removeLast()
                    exponent += 1
                }
            }
            while let last = digits.last, last == 0 { digits.removeLast() }
        }
        let text = digits.map { String($0) }.joined()
        let mantissa = text.count > 1 ? String(text.prefix(1)) + "." + String(text.dropFirst()) : text
        negative = negative && !digits.isEmpty
        return (negative ? "-" : "") + mantissa + "e" + String(exponent)
    }
}
