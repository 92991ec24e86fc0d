/// `approx_count_distinct(x)` (DuckDB's name; PostgreSQL has none): a HyperLogLog sketch (Flajolet et al.,
/// 2007) of 2^12 one-byte registers per group, with linear counting while many registers are empty. The
/// standard error is 1.04 / sqrt(4096) = 1.6% (about 3.3% at two standard errors); below a few thousand
/// distinct values linear counting is nearly exact. The hash is deterministic (not Swift's per-process seeded
/// `Hasher`), so a query gives the same estimate every time; equal SQL values (`1.5` and `1.50`) hash alike.
enum HyperLogLog {
    static let precision = 12
    static let registerCount = 1 << precision

    /// Adds a non-NULL value to `registers` (created on first use).
    static func add(_ value: Datum, to registers: inout [UInt8]?) {
        if registers == nil { registers = [UInt8](repeating: 0, count: registerCount) }
        let hash = Self.hash(value)
        let index = Int(hash >> UInt64(64 - precision))
        let rest = (hash << UInt64(precision)) | (UInt64(1) << UInt64(precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if let current = registers?[index], rank > current { registers?[index] = rank }
    }

    static func estimate(_ registers: [UInt8]?) -> Int64 {
        guard let registers else { return 0 }
        let m = Double(registerCount)
        var sum = 0.0
        var zeros = 0
        for register in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(register))
            if register == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        var estimate = alpha * m * m / sum
        if estimate <= 2.5 * m, zeros > 0 { estimate = m * naturalLog(m / Double(zeros)) }
        return Int64(estimate.rounded())
    }

    /// ln(x) for x >= 1 without Foundation: x = 2^e * f with f in [1, 2), ln f = 2 atanh((f - 1) / (f + 1)).
    static func naturalLog(_ x: Double) -> Double {
        let e = Double(x.exponent)
        let f = x.significand
        let t = (f - 1) / (f + 1)
        let t2 = t * t
        var term = t
        var sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= t2
            k += 2
        }
        return e * 0.693_147_180_559_945_3 + 2 * sum
    }

    /// A 64-bit hash of the value (FNV-1a over a canonical byte form, then a 64-bit finalizer).
    static func hash(_ value: Datum) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        func mix(_ word: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        switch value {
        case .null: mix(UInt8(0))
        case let .boolean(b): mix(UInt8(b ? 2 : 1))
        case let .int(i): mix(UInt64(bitPattern: i))
        case let .float(d): mix(UInt64(d == 0 ? 0 : d.bitPattern))
        case let .numeric(n):
            // Trailing fraction zeros do not change the value.
            var unscaled = n.unscaled
            var scale = n.scale
            while scale > 0, unscaled % 10 == 0 {
                unscaled /= 10
                scale -= 1
            }
            mix(UInt64(truncatingIfNeeded: unscaled))
            mix(UInt64(truncatingIfNeeded: unscaled >> 64))
            mix(UInt64(scale))
        case let .text(s): for byte in s.utf8 { mix(byte) }
        case let .bytes(bytes): for byte in bytes { mix(byte) }
        case let .date(d): mix(UInt64(bitPattern: Int64(d)))
        case let .timestamp(t), let .time(t): mix(UInt64(bitPattern: t))
        case let .interval(i):
            // Equal intervals ('1 month' = '30 days') have the same span.
            mix(UInt64(truncatingIfNeeded: i.span))
            mix(UInt64(truncatingIfNeeded: i.span >> 64))
        case .nested:
            for byte in RowCodec.encode([[value]], width: 1) { mix(byte) }
        }
        // splitmix64's finalizer spreads FNV's low-entropy high bits.
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }
}
