/// Double-double arithmetic (a value as the unevaluated sum of two doubles, about 31 significant digits) for
/// numeric `ln`, `log`, `exp`, `sqrt` and fractional `power`: PostgreSQL computes these in arbitrary precision and
/// rounds to a result scale of about 16 significant digits, which double-double reproduces exactly as long as the
/// digits kept stay well below its precision (`NumericTranscendental` checks that).
struct DoubleDouble {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let v = s - a
        return DoubleDouble(s, (a - (s - v)) + (b - v))
    }

    static func quickTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        return DoubleDouble(s, b - (s - a))
    }

    static func twoProduct(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        return DoubleDouble(p, (-p).addingProduct(a, b))
    }

    static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        var s = twoSum(a.hi, b.hi)
        let t = twoSum(a.lo, b.lo)
        s.lo += t.hi
        s = quickTwoSum(s.hi, s.lo)
        s.lo += t.lo
        return quickTwoSum(s.hi, s.lo)
    }

    static prefix func - (a: DoubleDouble) -> DoubleDouble { DoubleDouble(-a.hi, -a.lo) }
    static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }

    static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        var p = twoProduct(a.hi, b.hi)
        p.lo += a.hi * b.lo + a.lo * b.hi
        return quickTwoSum(p.hi, p.lo)
    }

    static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let q1 = a.hi / b.hi
        var r = a - b * DoubleDouble(q1)
        let q2 = r.hi / b.hi
        r = r - b * DoubleDouble(q2)
        let q3 = r.hi / b.hi
        return quickTwoSum(q1, q2) + DoubleDouble(q3)
    }

    /// ln 2 to double-double precision.
    static let ln2 = DoubleDouble(0.693_147_180_559_945_3, 2.319_046_813_846_299_6e-17)

    /// An exact `Int128` (below 2^106) as a double-double.
    init(_ value: Int128) {
        let hi = Double(value)
        let rest = value - Int128(hi)
        self = DoubleDouble.quickTwoSum(hi, Double(rest))
    }

    /// `self * 2^k`, exact.
    func scaled(by k: Int) -> DoubleDouble {
        var result = self
        var remaining = k
        while remaining != 0 {
            let step = max(-1000, min(1000, remaining))
            let factor = Double(sign: .plus, exponent: step, significand: 1)
            result = DoubleDouble(result.hi * factor, result.lo * factor)
            remaining -= step
        }
        return result
    }

    /// e^x; x must be below about 709 in magnitude.
    static func exp(_ x: DoubleDouble) -> DoubleDouble {
        let k = (x.hi / ln2.hi).rounded()
        var r = x - ln2 * DoubleDouble(k)
        // e^r = (e^(r / 1024))^1024
        r = r.scaled(by: -10)
        var term = DoubleDouble(1)
        var sum = DoubleDouble(1)
        for n in 1...24 {
            term = term * r / DoubleDouble(Double(n))
            sum = sum + term
            if Swift.abs(term.hi) < 1e-36 { break }
        }
        for _ in 0..<10 { sum = sum * sum }
        return sum.scaled(by: Int(k))
    }

    /// ln x for x > 0: two Newton steps from the double logarithm.
    static func ln(_ x: DoubleDouble, seed: Double) -> DoubleDouble {
        var y = DoubleDouble(seed)
        for _ in 0..<2 { y = y + x * exp(-y) - DoubleDouble(1) }
        return y
    }

    /// √x for x ≥ 0: one Newton step from the double square root.
    static func sqrt(_ x: DoubleDouble) -> DoubleDouble {
        guard x.hi > 0 else { return DoubleDouble(0) }
        let y = DoubleDouble(x.hi.squareRoot())
        let y1 = y + (x - y * y) / (y * DoubleDouble(2))
        return y1 + (x - y1 * y1) / (y1 * DoubleDouble(2))
    }
}
