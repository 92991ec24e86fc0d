#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Numeric `sqrt`, `exp`, `ln`, `log` and fractional `power` with PostgreSQL 15's result scales (`numeric.c`:
/// at least 16 significant digits, never fewer decimals than the inputs), computed in double-double and rounded
/// half away from zero. A result whose kept digits come too close to double-double's precision, or that lies too
/// near a rounding boundary to be sure of, is refused with `0A000` rather than answered wrongly.
enum NumericTranscendental {
    static let minSignificantDigits = 16

    static func refuse(_ function: String) -> SQLError {
        SQLError(.featureNotSupported, "\(function)(numeric) with this many digits is not supported")
    }

    static func squareRoot(_ x: SQLNumeric) throws -> SQLNumeric {
        guard x.unscaled >= 0 else {
            throw SQLError(SQLState("2201F"), "cannot take square root of a negative number")
        }
        let weight = groups(x).weight
        let sweight = (weight + 1) * 4 / 2 - 1
        let rscale = clampScale(max(minSignificantDigits - sweight, x.scale))
        return try numeric(DoubleDouble.sqrt(doubleDouble(x)), rscale, "sqrt")
    }

    static func exponential(_ x: SQLNumeric) throws -> SQLNumeric {
        var val = (x.asDouble) * 0.434294481903252
        val = max(-2000, min(2000, val))
        let rscale = clampScale(max(minSignificantDigits - Int(val), x.scale))
        guard x.asDouble < 700, x.asDouble > -700 else { throw refuse("exp") }
        return try numeric(DoubleDouble.exp(doubleDouble(x)), rscale, "exp")
    }

    static func naturalLog(_ x: SQLNumeric) throws -> SQLNumeric {
        try checkLogArgument(x)
        let rscale = clampScale(max(minSignificantDigits - estimateLnDweight(x), x.scale))
        return try numeric(lnDD(x), rscale, "ln")
    }

    /// `log(base, x)`; `log(x)` is `log(10, x)`.
    static func logarithm(_ base: SQLNumeric, _ x: SQLNumeric) throws -> SQLNumeric {
        try checkLogArgument(base)
        try checkLogArgument(x)
        let lnBase = lnDD(base)
        if lnBase.hi == 0 { throw Kernels.divisionByZero() }
        let resultDweight = estimateLnDweight(x) - estimateLnDweight(base)
        let rscale = clampScale(max(minSignificantDigits - resultDweight, base.scale, x.scale))
        return try numeric(lnDD(x) / lnBase, rscale, "log")
    }

    /// `power(base, exponent)` for a non-integral exponent.
    static func fractionalPower(_ base: SQLNumeric, _ exponent: SQLNumeric) throws -> SQLNumeric {
        if base.unscaled == 0 {
            if exponent.unscaled < 0 {
                throw SQLError(SQLState("2201F"), "zero raised to a negative power is undefined")
            }
            return SQLNumeric(unscaled: 0, scale: minSignificantDigits)
        }
        guard base.unscaled > 0 else {
            throw SQLError(
                SQLState("2201F"), "a negative number raised to a non-integer power yields a complex result")
        }
        let lnResult = lnDD(base) * doubleDouble(exponent)
        guard Swift.abs(lnResult.hi) < 700 else { throw refuse("power") }
        let val = lnResult.hi * 0.434294481903252
        let rscale = clampScale(max(minSignificantDigits - Int(val), base.scale, exponent.scale))
        return try numeric(DoubleDouble.exp(lnResult), rscale, "power")
    }

    static func checkLogArgument(_ x: SQLNumeric) throws {
        if x.unscaled == 0 { throw SQLError(SQLState("2201E"), "cannot take logarithm of zero") }
        if x.unscaled < 0 { throw SQLError(SQLState("2201E"), "cannot take logarithm of a negative number") }
    }

    static func clampScale(_ scale: Int) -> Int { min(max(scale, 0), 1000) }

    static func lnDD(_ x: SQLNumeric) -> DoubleDouble {
        DoubleDouble.ln(doubleDouble(x), seed: log(x.asDouble))
    }

    static func doubleDouble(_ x: SQLNumeric) -> DoubleDouble {
        DoubleDouble(x.unscaled) / DoubleDouble(SQLNumeric.pow10Table[min(x.scale, 38)])
    }

    /// `value` rounded half away from zero to `rscale` decimals, if double-double's digits determine it.
    static func numeric(_ value: DoubleDouble, _ rscale: Int, _ function: String) throws -> SQLNumeric {
        guard value.hi.isFinite else { throw refuse(function) }
        if value.hi == 0 { return SQLNumeric(unscaled: 0, scale: rscale) }
        let exponent = Int(log10(Swift.abs(value.hi)).rounded(.down))
        guard rscale <= 38, rscale + exponent <= 26 else { throw refuse(function) }
        if rscale + exponent < -1 { return SQLNumeric(unscaled: 0, scale: rscale) }
        var scaled = value * DoubleDouble(SQLNumeric.pow10Table[rscale])
        let negative = scaled.hi < 0
        if negative { scaled = -scaled }
        // Whole parts in integers: above 2^53 the doubles cannot step by one.
        let wholeHi = scaled.hi.rounded(.down)
        let rest = (scaled.hi - wholeHi) + scaled.lo
        let wholeRest = rest.rounded(.down)
        let fraction = rest - wholeRest
        guard Swift.abs(fraction - 0.5) > 1e-6 else { throw refuse(function) }
        var unscaled = Int128(wholeHi) + Int128(wholeRest)
        if fraction > 0.5 { unscaled += 1 }
        return try SQLNumeric.checked(negative ? -unscaled : unscaled, rscale)
    }

    /// PostgreSQL's `estimate_ln_dweight`: the decimal weight of ln(x), from x - 1 near 1, else from the
    /// first two base-10000 digits.
    static func estimateLnDweight(_ x: SQLNumeric) -> Int {
        guard x.unscaled > 0 else { return 0 }
        let s = x.scale
        let tenths = try? x.rescaled(to: max(s, 1))
        if let v = tenths {
            let ninth = SQLNumeric.pow10Table[v.scale] / 10 * 9
            let eleven = SQLNumeric.pow10Table[v.scale] / 10 * 11
            if v.unscaled >= ninth, v.unscaled <= eleven {
                let difference = v.unscaled - SQLNumeric.pow10Table[v.scale]
                if difference == 0 { return 0 }
                return String(difference.magnitude).count - 1 - v.scale
            }
        }
        let (weight, digits) = groups(x)
        guard var leading = digits.first else { return 0 }
        var dweight = weight * 4
        if digits.count > 1 {
            leading = leading * 10000 + digits[1]
            dweight -= 4
        }
        let lnValue = log(Double(leading)) + Double(dweight) * 2.302585092994046
        return Int(log10(Swift.abs(lnValue)))
    }

    /// The base-10000 digits of |x| without leading and trailing zero groups, and the weight of the first one
    /// (PostgreSQL's `NumericVar` form).
    static func groups(_ x: SQLNumeric) -> (weight: Int, digits: [Int]) {
        var text = Array(String(x.unscaled.magnitude))
        if x.scale >= text.count { text = Array(repeating: "0", count: x.scale - text.count + 1) + text }
        var integer = Array(text[0..<(text.count - x.scale)])
        var fraction = Array(text[(text.count - x.scale)...])
        while integer.count % 4 != 0 { integer.insert("0", at: 0) }
        while fraction.count % 4 != 0 { fraction.append("0") }
        let all = integer + fraction
        var groups: [Int] = stride(from: 0, to: all.count, by: 4).map { Int(String(all[$0..<$0 + 4])) ?? 0 }
        var weight = integer.count / 4 - 1
        while let first = groups.first, first == 0, groups.count > 1 {
            groups.removeFirst()
            weight -= 1
        }
        while let last = groups.last, last == 0, groups.count > 1 { groups.removeLast() }
        if groups == [0] { return (0, []) }
        return (weight, groups)
    }
}
