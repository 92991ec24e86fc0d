/// A PostgreSQL `numeric` value: an unscaled integer and its display scale (`1.50` is 150 at scale 2).
///
/// PostgreSQL's numeric is arbitrary precision; this engine keeps up to 38 significant digits (an `Int128`) and
/// refuses larger results with `0A000` rather than answering wrongly. Equality and hashing compare values
/// (`1.5 = 1.50`), as PostgreSQL's numeric comparison does.
public struct SQLNumeric: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var unscaled: Int128
    public var scale: Int

    public static let maxDigits = 38
    static let limit: Int128 = pow10Table[38]

    public init(unscaled: Int128, scale: Int) {
        self.unscaled = unscaled
        self.scale = scale
    }

    public init(_ value: Int64) {
        self.init(unscaled: Int128(value), scale: 0)
    }

    static let pow10Table: [Int128] = {
        var table: [Int128] = [1]
        for _ in 1...38 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    static func pow10(_ n: Int) throws(SQLError) -> Int128 {
        guard n >= 0, n <= 38 else { throw SQLNumeric.tooLarge() }
        return pow10Table[n]
    }

    static func tooLarge() -> SQLError {
        SQLError(.featureNotSupported, "numeric values of more than 38 digits are not supported")
    }

    static func checked(_ unscaled: Int128, _ scale: Int) throws(SQLError) -> SQLNumeric {
        guard unscaled > -limit, unscaled < limit else { throw tooLarge() }
        return SQLNumeric(unscaled: unscaled, scale: scale)
    }

    /// This value at `newScale`, rounding half away from zero when digits are dropped.
    public func rescaled(to newScale: Int) throws(SQLError) -> SQLNumeric {
        if newScale == scale { return self }
        if newScale > scale {
            let (product, overflow) = unscaled.multipliedReportingOverflow(by: try SQLNumeric.pow10(newScale - scale))
            guard !overflow else { throw SQLNumeric.tooLarge() }
            return try SQLNumeric.checked(product, newScale)
        }
        let drop = scale - newScale
        guard drop <= 38 else { return SQLNumeric(unscaled: 0, scale: newScale) }
        return SQLNumeric(unscaled: SQLNumeric.divideRounded(unscaled, SQLNumeric.pow10Table[drop]), scale: newScale)
    }

    /// `a / b` rounded half away from zero.
    static func divideRounded(_ a: Int128, _ b: Int128) -> Int128 {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        let twice = r.magnitude * 2
        if twice >= b.magnitude { return (a < 0) != (b < 0) ? q - 1 : q + 1 }
        return q
    }

    public static func + (a: SQLNumeric, b: SQLNumeric) throws(SQLError) -> SQLNumeric {
        let s = max(a.scale, b.scale)
        let (x, y) = (try a.rescaled(to: s), try b.rescaled(to: s))
        return try checked(x.unscaled + y.unscaled, s)
    }

    public static func - (a: SQLNumeric, b: SQLNumeric) throws(SQLError) -> SQLNumeric {
        try a + SQLNumeric(unscaled: -b.unscaled, scale: b.scale)
    }

    public static func * (a: SQLNumeric, b: SQLNumeric) throws(SQLError) -> SQLNumeric {
        let (product, overflow) = a.unscaled.multipliedReportingOverflow(by: b.unscaled)
        guard !overflow else { throw tooLarge() }
        return try checked(product, a.scale + b.scale)
    }

    /// The weight (base-10000 digit position, 0 for the units group) and the value of the first non-zero
    /// base-10000 digit, as PostgreSQL's `select_div_scale` sees a value.
    var baseTenThousandLead: (weight: Int, digit: Int128) {
        var magnitude = unscaled.magnitude
        guard magnitude != 0 else { return (0, 0) }
        // Align the fraction to whole base-10000 groups.
        let pad = (4 - scale % 4) % 4
        var groupsBelowPoint = (scale + pad) / 4
        for _ in 0..<pad { magnitude *= 10 }
        var groups: [UInt128] = []
        while magnitude != 0 {
            groups.append(magnitude % 10000)
            magnitude /= 10000
        }
        let lead = groups.count - 1
        groupsBelowPoint = max(groupsBelowPoint, 0)
        return (lead - groupsBelowPoint, Int128(groups[lead]))
    }

    /// PostgreSQL's `numeric_div`: the result scale from `select_div_scale`, rounded half away from zero.
    public static func / (a: SQLNumeric, b: SQLNumeric) throws(SQLError) -> SQLNumeric {
        guard b.unscaled != 0 else { throw SQLError(SQLState("22012"), "division by zero") }
        let (w1, d1) = a.baseTenThousandLead
        let (w2, d2) = b.baseTenThousandLead
        var qweight = w1 - w2
        if d1 <= d2 { qweight -= 1 }
        var rscale = 16 - qweight * 4
        rscale = max(rscale, a.scale, b.scale, 0)
        rscale = min(rscale, 1000)
        // a/b at rscale = a.u * 10^(rscale + b.s - a.s) / b.u
        let shift = rscale + b.scale - a.scale
        var numerator = a.unscaled
        var denominator = b.unscaled
        if shift >= 0 {
            let (product, overflow) = numerator.multipliedReportingOverflow(by: try pow10(shift))
            guard !overflow else { throw tooLarge() }
            numerator = product
        } else {
            let (product, overflow) = denominator.multipliedReportingOverflow(by: try pow10(-shift))
            guard !overflow else { throw tooLarge() }
            denominator = product
        }
        return try checked(divideRounded(numerator, denominator), rscale)
    }

    /// PostgreSQL's numeric `%`: the remainder of truncating division, at the larger scale.
    public static func % (a: SQLNumeric, b: SQLNumeric) throws(SQLError) -> SQLNumeric {
        guard b.unscaled != 0 else { throw SQLError(SQLState("22012"), "division by zero") }
        let s = max(a.scale, b.scale)
        let (x, y) = (try a.rescaled(to: s), try b.rescaled(to: s))
        return SQLNumeric(unscaled: x.unscaled % y.unscaled, scale: s)
    }

    /// Trailing zeros removed (for hashing and equality).
    var normalized: SQLNumeric {
        var value = self
        while value.scale > 0, value.unscaled % 10 == 0 {
            value.unscaled /= 10
            value.scale -= 1
        }
        return value
    }

    public static func == (a: SQLNumeric, b: SQLNumeric) -> Bool {
        let (x, y) = (a.normalized, b.normalized)
        return x.unscaled == y.unscaled && x.scale == y.scale
    }

    public func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.unscaled)
        hasher.combine(value.scale)
    }

    public static func < (a: SQLNumeric, b: SQLNumeric) -> Bool {
        let (x, y) = (a.normalized, b.normalized)
        let s = max(x.scale, y.scale)
        if let xs = try? x.rescaled(to: s), let ys = try? y.rescaled(to: s) { return xs.unscaled < ys.unscaled }
        // Out of range when aligned: the integer parts differ in magnitude; compare them first.
        let xi = x.unscaled / pow10Table[min(x.scale, 38)]
        let yi = y.unscaled / pow10Table[min(y.scale, 38)]
        if xi != yi { return xi < yi }
        return x.asDouble < y.asDouble
    }

    public var sign: Int { unscaled == 0 ? 0 : (unscaled < 0 ? -1 : 1) }

    public var description: String {
        let digits = String(unscaled.magnitude)
        var text: String
        if scale <= 0 {
            text = digits
        } else if digits.count > scale {
            let cut = digits.index(digits.endIndex, offsetBy: -scale)
            text = String(digits[..<cut]) + "." + String(digits[cut...])
        } else {
            text = "0." + String(repeating: "0", count: scale - digits.count) + digits
        }
        if unscaled < 0 { text = "-" + text }
        return text
    }

    var asDouble: Double { Double(description) ?? .nan }

    /// PostgreSQL's `numeric_in` for `[+-]digits[.digits][e[+-]digits]`, with surrounding spaces allowed.
    static func parse(_ text: Substring) -> SQLNumeric? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, first == 0x20 || (first >= 9 && first <= 13) { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || (last >= 9 && last <= 13) { bytes = bytes.dropLast() }
        var negative = false
        if let first = bytes.first, first == 0x2B || first == 0x2D {
            negative = first == 0x2D
            bytes = bytes.dropFirst()
        }
        var unscaled: Int128 = 0
        var scale = 0
        var sawDigit = false
        var sawPoint = false
        var significant = 0
        while let byte = bytes.first {
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                if unscaled != 0 || byte != 0x30 { significant += 1 }
                guard significant <= 38 else { return nil }
                unscaled = unscaled * 10 + Int128(byte - 0x30)
                if sawPoint { scale += 1 }
            } else if byte == 0x2E, !sawPoint {
                sawPoint = true
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        guard sawDigit else { return nil }
        if let byte = bytes.first, byte == 0x65 || byte == 0x45 {
            bytes = bytes.dropFirst()
            var expNegative = false
            if let sign = bytes.first, sign == 0x2B || sign == 0x2D {
                expNegative = sign == 0x2D
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes.count < 5 else { return nil }
            let exponent = Int(String(decoding: bytes, as: UTF8.self)) ?? 0
            bytes = []
            scale -= expNegative ? -exponent : exponent
            if scale < 0 {
                guard -scale <= 38, let factor = try? pow10(-scale) else { return nil }
                let (product, overflow) = unscaled.multipliedReportingOverflow(by: factor)
                guard !overflow, product < limit else { return nil }
                unscaled = product
                scale = 0
            }
        }
        guard bytes.isEmpty, scale <= 1000 else { return nil }
        return SQLNumeric(unscaled: negative ? -unscaled : unscaled, scale: scale)
    }

    /// PostgreSQL's `float8_numeric`: the double printed with 15 significant digits, then read as numeric.
    static func fromDouble(_ value: Double) throws(SQLError) -> SQLNumeric {
        guard value.isFinite else {
            throw SQLError(.featureNotSupported, "numeric NaN and infinity are not supported")
        }
        let text = FloatFormat.significant(value, digits: 15)
        guard let parsed = parse(Substring(text)) else { throw tooLarge() }
        return parsed
    }

    /// Rounded half away from zero to `digits` fractional digits (negative rounds left of the point), as
    /// PostgreSQL's `round(numeric, int)`; the result's scale is `max(digits, 0)`.
    func rounded(_ digits: Int) throws(SQLError) -> SQLNumeric {
        if digits >= scale { return try rescaled(to: max(digits, 0)) }
        if digits >= 0 { return try rescaled(to: digits) }
        let drop = scale - digits
        guard drop <= 38 else { return SQLNumeric(unscaled: 0, scale: 0) }
        let factor = SQLNumeric.pow10Table[drop]
        let rounded = SQLNumeric.divideRounded(unscaled, factor)
        let (product, overflow) = rounded.multipliedReportingOverflow(by: SQLNumeric.pow10Table[-digits])
        guard !overflow else { throw SQLNumeric.tooLarge() }
        return try SQLNumeric.checked(product, 0)
    }

    /// Truncated toward zero (`trunc`) or toward negative / positive infinity (`floor`, `ceil`), scale 0.
    func integral(_ mode: FloatingPointRoundingRule) -> SQLNumeric {
        guard scale > 0 else { return self }
        guard scale <= 38 else { return SQLNumeric(unscaled: 0, scale: 0) }
        let factor = SQLNumeric.pow10Table[scale]
        var (q, r) = unscaled.quotientAndRemainder(dividingBy: factor)
        if r != 0 {
            if mode == .down, unscaled < 0 { q -= 1 }
            if mode == .up, unscaled > 0 { q += 1 }
        }
        r = 0
        return SQLNumeric(unscaled: q, scale: 0)
    }
}
