#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Min/max of a range of leaf values, PLAIN-encoded as Parquet statistics want them.
enum ValueStatistics {
    /// Longest min/max (in bytes) written for byte-array columns; longer values get no min/max.
    static let maxBinaryLength = 256

    static func minMax(_ values: LeafValues, _ range: Range<Int>) -> (min: [UInt8], max: [UInt8])? {
        guard !range.isEmpty else { return nil }
        switch values {
        case let .boolean(v):
            var sawTrue = false
            var sawFalse = false
            for i in range { if v[i] { sawTrue = true } else { sawFalse = true } }
            return ([sawFalse ? 0 : 1], [sawTrue ? 1 : 0])
        case let .int32(v):
            return v.withUnsafeBufferPointer { p in
                var lo = p[range.lowerBound]
                var hi = lo
                for i in range {
                    let x = p[i]
                    if x < lo { lo = x }
                    if x > hi { hi = x }
                }
                return (bytes(of: lo), bytes(of: hi))
            }
        case let .int64(v):
            return v.withUnsafeBufferPointer { p in
                var lo = p[range.lowerBound]
                var hi = lo
                for i in range {
                    let x = p[i]
                    if x < lo { lo = x }
                    if x > hi { hi = x }
                }
                return (bytes(of: lo), bytes(of: hi))
            }
        case let .float(v):
            guard let (lo, hi) = floatingMinMax(v, range) else { return nil }
            return (bytes(of: lo), bytes(of: hi))
        case let .double(v):
            guard let (lo, hi) = floatingMinMax(v, range) else { return nil }
            return (bytes(of: lo), bytes(of: hi))
        case let .bytes(offsets, data):
            let (lo, hi) = data.withUnsafeBytes { d in
                offsets.withUnsafeBufferPointer { o in
                    var lo = range.lowerBound
                    var hi = lo
                    for i in range {
                        if compare(d, o, i, lo) < 0 { lo = i }
                        if compare(d, o, hi, i) < 0 { hi = i }
                    }
                    return (lo, hi)
                }
            }
            let minBytes = Array(data[Int(offsets[lo])..<Int(offsets[lo + 1])])
            let maxBytes = Array(data[Int(offsets[hi])..<Int(offsets[hi + 1])])
            guard minBytes.count <= maxBinaryLength && maxBytes.count <= maxBinaryLength else { return nil }
            return (minBytes, maxBytes)
        case let .fixed(width, data):
            // Decimals in FIXED_LEN_BYTE_ARRAY: big-endian two's complement, compared as signed numbers.
            guard width > 0 && width <= maxBinaryLength else { return nil }
            func less(_ a: Int, _ b: Int) -> Bool {
                let x = a * width
                let y = b * width
                let sx = Int8(bitPattern: data[x])
                let sy = Int8(bitPattern: data[y])
                if sx != sy { return sx < sy }
                for k in 1..<width where data[x + k] != data[y + k] { return data[x + k] < data[y + k] }
                return false
            }
            var lo = range.lowerBound
            var hi = lo
            for i in range {
                if less(i, lo) { lo = i }
                if less(hi, i) { hi = i }
            }
            return (Array(data[lo * width..<(lo + 1) * width]), Array(data[hi * width..<(hi + 1) * width]))
        }
    }

    /// Unsigned lexicographic order of byte-array values `a` and `b` (negative, zero or positive).
    @inline(__always)
    private static func compare(
        _ data: UnsafeRawBufferPointer, _ offsets: UnsafeBufferPointer<Int32>, _ a: Int, _ b: Int
    ) -> Int {
        let aStart = Int(offsets[a])
        let aCount = Int(offsets[a + 1]) - aStart
        let bStart = Int(offsets[b])
        let bCount = Int(offsets[b + 1]) - bStart
        let common = min(aCount, bCount)
        if common > 0, let base = data.baseAddress {
            let c = Int(memcmp(base + aStart, base + bStart, common))
            if c != 0 { return c }
        }
        return aCount - bCount
    }

    private static func floatingMinMax<T: BinaryFloatingPoint>(_ v: [T], _ range: Range<Int>) -> (T, T)? {
        var lo = T.infinity
        var hi = -T.infinity
        var any = false
        for i in range {
            let x = v[i]
            if x.isNaN { continue }
            any = true
            if x < lo { lo = x }
            if x > hi { hi = x }
        }
        guard any else { return nil }
        if lo == 0 { lo = -T(0.0) }
        if hi == 0 { hi = T(0.0) }
        return (lo, hi)
    }

    static func bytes<T>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}
