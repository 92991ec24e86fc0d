#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Kernels of `MathFunction` and double precision `power` with PostgreSQL 15's results and errors (`float.c`,
/// `numeric.c`, `int.c`); the C library's `libm` computes, as it does for PostgreSQL.
enum MathKernels {
    static func overflow() -> SQLError { SQLError(.numericValueOutOfRange, "value out of range: overflow") }
    static func underflow() -> SQLError { SQLError(.numericValueOutOfRange, "value out of range: underflow") }
    static func outOfRange() -> SQLError { SQLError(.numericValueOutOfRange, "input is out of range") }

    static func apply(_ function: MathFunction, _ values: [Datum], _ type: SQLType) throws -> Datum {
        func float(_ i: Int) -> Double { if case let .float(v) = values[i] { v } else { 0 } }
        func int(_ i: Int) -> Int64 { if case let .int(v) = values[i] { v } else { 0 } }
        func numeric(_ i: Int) -> SQLNumeric {
            if case let .numeric(v) = values[i] { v } else { SQLNumeric(unscaled: 0, scale: 0) }
        }
        switch function {
        case .ln, .log10:
            let x = float(0)
            if x == 0 { throw SQLError(SQLState("2201E"), "cannot take logarithm of zero") }
            if x < 0 { throw SQLError(SQLState("2201E"), "cannot take logarithm of a negative number") }
            return .float(function == .ln ? log(x) : log10(x))
        case .exp:
            let x = float(0)
            let result = exp(x)
            if result.isInfinite, x.isFinite { throw overflow() }
            if result == 0, x.isFinite { throw underflow() }
            return .float(result)
        case .cbrt: return .float(cbrt(float(0)))
        case .sign:
            if case let .numeric(v) = values[0] { return .numeric(SQLNumeric(unscaled: v.unscaled.signum(), scale: 0)) }
            let x = float(0)
            return .float(x > 0 ? 1 : (x < 0 ? -1 : 0))
        case .pi: return .float(Double.pi)
        case .random: return .float(Double.random(in: 0..<1))
        case .atan2: return .float(atan2(float(0), float(1)))
        case .degrees, .radians:
            let x = float(0)
            let result = function == .degrees ? x * (180.0 / Double.pi) : x * (Double.pi / 180.0)
            if result.isInfinite, x.isFinite { throw overflow() }
            if result == 0, x != 0 { throw underflow() }
            return .float(result)
        case .sin, .cos, .tan, .cot:
            let x = float(0)
            if x.isNaN { return .float(.nan) }
            guard x.isFinite else { throw outOfRange() }
            switch function {
            case .sin: return .float(sin(x))
            case .cos: return .float(cos(x))
            case .tan: return .float(tan(x))
            default: return .float(1.0 / tan(x))
            }
        case .asin, .acos, .atanh:
            let x = float(0)
            if x.isNaN { return .float(.nan) }
            guard x >= -1, x <= 1 else { throw outOfRange() }
            return .float(function == .asin ? asin(x) : (function == .acos ? acos(x) : atanh(x)))
        case .acosh:
            let x = float(0)
            if x.isNaN { return .float(.nan) }
            guard x >= 1 else { throw outOfRange() }
            return .float(acosh(x))
        case .atan: return .float(atan(float(0)))
        case .sinh: return .float(sinh(float(0)))
        case .cosh: return .float(cosh(float(0)))
        case .tanh: return .float(tanh(float(0)))
        case .asinh: return .float(asinh(float(0)))
        case .div:
            let (x, y) = (numeric(0), numeric(1))
            guard y.unscaled != 0 else { throw Kernels.divisionByZero() }
            let s = max(x.scale, y.scale)
            let (a, b) = (try x.rescaled(to: s), try y.rescaled(to: s))
            return .numeric(SQLNumeric(unscaled: a.unscaled / b.unscaled, scale: 0))
        case .gcd, .lcm:
            if case .numeric = values[0] {
                return .numeric(try numericGcdLcm(numeric(0), numeric(1), lcm: function == .lcm))
            }
            return try integerGcdLcm(int(0), int(1), lcm: function == .lcm, type)
        case .factorial:
            let n = int(0)
            guard n >= 0 else { throw SQLError(.numericValueOutOfRange, "factorial of a negative number is undefined") }
            var result: Int128 = 1
            var k: Int64 = 2
            while k <= n {
                let (product, overflow) = result.multipliedReportingOverflow(by: Int128(k))
                guard !overflow, product < SQLNumeric.pow10Table[38] else { throw SQLNumeric.tooLarge() }
                result = product
                k += 1
            }
            return .numeric(SQLNumeric(unscaled: result, scale: 0))
        case .widthBucket:
            let count = int(3)
            guard count > 0 else { throw SQLError(SQLState("2201G"), "count must be greater than zero") }
            if case .numeric = values[0] {
                return try widthBucket(numeric(0), numeric(1), numeric(2), count)
            }
            return try widthBucket(float(0), float(1), float(2), count)
        case .powerNumeric:
            return .numeric(try power(numeric(0), numeric(1)))
        case .sqrtNumeric: return .numeric(try NumericTranscendental.squareRoot(numeric(0)))
        case .expNumeric: return .numeric(try NumericTranscendental.exponential(numeric(0)))
        case .lnNumeric: return .numeric(try NumericTranscendental.naturalLog(numeric(0)))
        case .logNumeric: return .numeric(try NumericTranscendental.logarithm(numeric(0), numeric(1)))
        }
    }

    /// PostgreSQL's `dpow`.
    static func power(_ x: Double, _ y: Double) throws -> Double {
        if x == 0, y < 0 { throw SQLError(SQLState("2201F"), "zero raised to a negative power is undefined") }
        if x < 0, y.isFinite, y.rounded(.towardZero) != y {
            throw SQLError(SQLState("2201F"), "a negative number raised to a non-integer power yields a complex result")
        }
        if x.isNaN { return y == 0 ? 1 : .nan }
        if y.isNaN { return x == 1 ? 1 : .nan }
        let result = pow(x, y)
        if result.isInfinite, x.isFinite, y.isFinite { throw overflow() }
        if result == 0, x != 0, x.isFinite, y.isFinite { throw underflow() }
        return result
    }

    /// PostgreSQL's numeric power: for an integral exponent the exact power rounded to `max(16, base scale)`
    /// digits; otherwise `NumericTranscendental`.
    static func power(_ base: SQLNumeric, _ exponent: SQLNumeric) throws -> SQLNumeric {
        let whole = exponent.integral(.towardZero)
        guard whole == exponent else { return try NumericTranscendental.fractionalPower(base, exponent) }
        let n = try whole.rescaled(to: 0).unscaled
        if base.unscaled == 0, n < 0 {
            throw SQLError(SQLState("2201F"), "zero raised to a negative power is undefined")
        }
        let rscale = max(16, base.scale)
        guard n.magnitude <= 1_000_000 else { throw SQLNumeric.tooLarge() }
        var result = SQLNumeric(unscaled: 1, scale: 0)
        var factor = base
        var remaining = n.magnitude
        while remaining > 0 {
            if remaining & 1 == 1 { result = try result * factor }
            remaining >>= 1
            if remaining > 0 { factor = try factor * factor }
        }
        if n >= 0 { return try result.rescaled(to: rscale) }
        // 1 / result at rscale: 10^(rscale + result.scale) / result.unscaled, rounded half away from zero.
        let numerator = try SQLNumeric.pow10(rscale + result.scale)
        return try SQLNumeric.checked(SQLNumeric.divideRounded(numerator, result.unscaled), rscale)
    }

    static func integerGcdLcm(_ a: Int64, _ b: Int64, lcm: Bool, _ type: SQLType) throws -> Datum {
        func gcd(_ x: Int64, _ y: Int64) -> UInt64 {
            var (m, n) = (x.magnitude, y.magnitude)
            while n != 0 { (m, n) = (n, m % n) }
            return m
        }
        let limit: UInt64 = type == .bigint ? UInt64(Int64.max) : UInt64(Int32.max)
        let g = gcd(a, b)
        if !lcm {
            guard g <= limit else { throw Cast.outOfRange(type) }
            return .int(Int64(g))
        }
        if a == 0 || b == 0 { return .int(0) }
        let (product, overflow) = (a.magnitude / g).multipliedReportingOverflow(by: b.magnitude)
        guard !overflow, product <= limit else { throw Cast.outOfRange(type) }
        return .int(Int64(product))
    }

    static func numericGcdLcm(_ a: SQLNumeric, _ b: SQLNumeric, lcm: Bool) throws -> SQLNumeric {
        let s = max(a.scale, b.scale)
        let (x, y) = (try a.rescaled(to: s).unscaled.magnitude, try b.rescaled(to: s).unscaled.magnitude)
        var (m, n) = (x, y)
        while n != 0 { (m, n) = (n, m % n) }
        if !lcm { return SQLNumeric(unscaled: Int128(m), scale: s) }
        if x == 0 || y == 0 { return SQLNumeric(unscaled: 0, scale: s) }
        let (product, overflow) = (x / m).multipliedReportingOverflow(by: y)
        guard !overflow, product < SQLNumeric.pow10Table[38].magnitude else { throw SQLNumeric.tooLarge() }
        return SQLNumeric(unscaled: Int128(product), scale: s)
    }

    /// PostgreSQL 15's `width_bucket_float8`.
    static func widthBucket(_ operand: Double, _ low: Double, _ high: Double, _ count: Int64) throws -> Datum {
        if operand.isNaN || low.isNaN || high.isNaN {
            throw SQLError(SQLState("2201G"), "operand, lower bound, and upper bound cannot be NaN")
        }
        guard low.isFinite, high.isFinite else {
            throw SQLError(SQLState("2201G"), "lower and upper bounds must be finite")
        }
        guard low != high else { throw SQLError(SQLState("2201G"), "lower bound cannot equal upper bound") }
        let n = Double(count)
        var fraction: Double
        if low < high {
            if operand < low { return .int(0) }
            if operand >= high { return try bucketAfterLast(count) }
            fraction =
                (high - low).isInfinite
                ? (operand / 2 - low / 2) / (high / 2 - low / 2) : (operand - low) / (high - low)
        } else {
            if operand > low { return .int(0) }
            if operand <= high { return try bucketAfterLast(count) }
            fraction =
                (low - high).isInfinite
                ? (low / 2 - operand / 2) / (low / 2 - high / 2) : (low - operand) / (low - high)
        }
        fraction = n * fraction
        var result = Int64(fraction)
        if result >= count { result = count - 1 }
        return .int(result + 1)
    }

    /// PostgreSQL 15's `width_bucket_numeric`: `floor(count * (operand - low) / (high - low)) + 1`.
    static func widthBucket(_ operand: SQLNumeric, _ low: SQLNumeric, _ high: SQLNumeric, _ count: Int64) throws
        -> Datum
    {
        guard low != high else { throw SQLError(SQLState("2201G"), "lower bound cannot equal upper bound") }
        let s = max(operand.scale, low.scale, high.scale)
        let (x, l, h) = (
            try operand.rescaled(to: s).unscaled, try low.rescaled(to: s).unscaled, try high.rescaled(to: s).unscaled
        )
        let ascending = l < h
        if ascending ? x < l : x > l { return .int(0) }
        if ascending ? x >= h : x <= h { return try bucketAfterLast(count) }
        let (numerator, overflow) = (ascending ? x - l : l - x).multipliedReportingOverflow(by: Int128(count))
        guard !overflow else { throw SQLNumeric.tooLarge() }
        return .int(Int64(numerator / (ascending ? h - l : l - h)) + 1)
    }

    static func bucketAfterLast(_ count: Int64) throws -> Datum {
        guard count < Int64(Int32.max) else { throw Cast.outOfRange(.integer) }
        return .int(count + 1)
    }
}
