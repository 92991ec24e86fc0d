import Columnar

/// Turns a leaf's physical values into Outflow column storage, spreading them over null slots and
/// converting units (timestamps, INT96, unsigned, decimals).
enum ValueConverter {
    static func storage(_ values: LeafValues, leaf: LeafDescriptor, type: DataType, count: Int, validity: Bitmap?)
        throws(ParquetError) -> Column.Storage
    {
        let expected = count - (validity.map { count - $0.setCount } ?? 0)
        guard values.count == expected else {
            throw ParquetError(
                .corruptPage, "\(values.count) values for \(expected) present slots", fieldPath: leaf.dottedPath)
        }
        /// Spreads `v` (one per present slot) over all slots, `zero` in null ones.
        func spread<T>(_ v: [T], _ zero: T) -> [T] {
            guard let validity else { return v }
            return Spread.values(v, count: count, validity: validity, zero: zero) { $0 }
        }
        /// `spread` with each value converted on the way.
        func spread<S, T>(_ v: [S], _ zero: T, _ convert: (S) -> T) -> [T] {
            guard let validity else { return v.map(convert) }
            return Spread.values(v, count: count, validity: validity, zero: zero, convert)
        }
        let conversion = LeafTypeMapping.conversion(for: leaf)
        switch (type, values) {
        case let (.boolean, .boolean(v)):
            var bits = Bitmap(repeating: false, count: count)
            var k = 0
            for i in 0..<count where validity?[i] ?? true {
                if v[k] { bits[i] = true }
                k += 1
            }
            return .boolean(bits)
        case let (.int32, .int32(v)), let (.date, .int32(v)):
            return .int32(spread(v, 0))
        case let (.int64, .int32(v)):
            return .int64(spread(v, 0) { Int64(UInt32(bitPattern: $0)) })
        case let (.int64, .int64(v)):
            return .int64(spread(v, 0))
        case let (.timestamp, .int64(v)):
            if case let .timestampUnit(divisor, multiplier) = conversion {
                return .int64(spread(v, 0) { LeafTypeMapping.floorDivide($0, divisor) &* multiplier })
            }
            return .int64(spread(v, 0))
        case let (.timestamp, .fixed(12, data)):
            var micros: [Int64] = []
            micros.reserveCapacity(data.count / 12)
            for i in 0..<data.count / 12 {
                var nanos: Int64 = 0
                for k in 0..<8 { nanos |= Int64(data[i * 12 + k]) << Int64(8 * k) }
                var day: Int64 = 0
                for k in 0..<4 { day |= Int64(data[i * 12 + 8 + k]) << Int64(8 * k) }
                micros.append((day - 2_440_588) &* 86_400_000_000 &+ LeafTypeMapping.floorDivide(nanos, 1000))
            }
            return .int64(spread(micros, 0))
        case let (.float32, .float(v)): return .float32(spread(v, 0))
        case let (.float64, .double(v)): return .float64(spread(v, 0))
        case let (.decimal, .int32(v)): return .decimal(spread(v, 0) { Int128($0) })
        case let (.decimal, .int64(v)): return .decimal(spread(v, 0) { Int128($0) })
        case let (.decimal, .fixed(width, data)):
            guard width <= 16 else {
                throw ParquetError(.unsupported, "decimal wider than 16 bytes", fieldPath: leaf.dottedPath)
            }
            return .decimal(
                spread((0..<data.count / max(width, 1)).map { bigEndian(data, $0 * width..<($0 + 1) * width) }, 0))
        case let (.decimal, .bytes(offsets, data)):
            var out: [Int128] = []
            out.reserveCapacity(offsets.count - 1)
            for i in 0..<offsets.count - 1 {
                let r = Int(offsets[i])..<Int(offsets[i + 1])
                guard r.count <= 16 else {
                    throw ParquetError(.unsupported, "decimal wider than 16 bytes", fieldPath: leaf.dottedPath)
                }
                out.append(bigEndian(data, r))
            }
            return .decimal(spread(out, 0))
        case let (.string, .bytes(offsets, data)), let (.binary, .bytes(offsets, data)):
            guard let validity else { return .bytes(offsets: offsets, data: data) }
            return .bytes(offsets: Spread.offsets(offsets, count: count, validity: validity), data: data)
        case let (.string, .fixed(width, data)), let (.binary, .fixed(width, data)):
            var out: [Int32] = [0]
            out.reserveCapacity(count + 1)
            var k = 0
            for i in 0..<count {
                if validity?[i] ?? true { k += 1 }
                out.append(Int32(k * width))
            }
            return .bytes(offsets: out, data: data)
        default:
            throw ParquetError(
                .schemaMismatch, "cannot read \(leaf.physical.name) values as \(type)", fieldPath: leaf.dottedPath)
        }
    }

    /// A big-endian two's complement integer of up to 16 bytes.
    static func bigEndian(_ data: [UInt8], _ range: Range<Int>) -> Int128 {
        guard !range.isEmpty else { return 0 }
        var v: Int128 = data[range.lowerBound] & 0x80 != 0 ? -1 : 0
        for i in range { v = v << 8 | Int128(data[i]) }
        return v
    }
}
