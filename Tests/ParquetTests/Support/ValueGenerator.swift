import Columnar

/// Deterministic random values of any Outflow type, for round-trip and compatibility tests.
struct ValueGenerator {
    var rng: SeededRandom
    /// Fraction of nullable slots that are null.
    var nullRate = 0.2

    init(seed: UInt64) {
        rng = SeededRandom(seed: seed)
    }

    mutating func rows(_ schema: Schema, count: Int) -> [[Value]] {
        (0..<count).map { _ in schema.fields.map { value(for: $0) } }
    }

    mutating func value(for field: Field) -> Value {
        if field.nullable && Double.random(in: 0..<1, using: &rng) < nullRate { return .null }
        return value(of: field.type)
    }

    mutating func value(of type: DataType) -> Value {
        switch type {
        case .boolean: return .boolean(Bool.random(using: &rng))
        case .int32: return .int(Int64(Int32.random(in: Int32.min...Int32.max, using: &rng)))
        case .int64: return .int(Int64.random(in: -(1 << 62)...(1 << 62), using: &rng))
        case .float32: return .float(Double(Float.random(in: -1e6...1e6, using: &rng)))
        case .float64: return .float(Double.random(in: -1e12...1e12, using: &rng))
        case let .decimal(p, _):
            var limit: Int128 = 1
            for _ in 0..<p { limit *= 10 }
            let magnitude =
                Int128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 60
                ^ Int128(UInt64.random(in: 0...UInt64.max, using: &rng))
            let v = magnitude % limit
            return .decimal(Bool.random(using: &rng) ? v : -v)
        case .string:
            let alphabet = Array("abcdefghijklmnopqrstuvwxyzé日本 -_")
            let n = Int.random(in: 0...12, using: &rng)
            return .string(String((0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }))
        case .binary:
            return .binary(
                (0..<Int.random(in: 0...10, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case .date: return .date(Int32.random(in: -20000...40000, using: &rng))
        case .timestamp:
            return .timestamp(Int64.random(in: -2_000_000_000_000_000...4_000_000_000_000_000, using: &rng))
        case let .struct(fields): return .struct(fields.map { value(for: $0) })
        case let .list(element):
            return .list((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(for: element) })
        case let .map(key, value):
            let n = Int.random(in: 0...3, using: &rng)
            return .map(
                (0..<n).map { j in
                    let k: Value
                    switch key.type {
                    case .string: k = .string("k\(j)")
                    case .int32, .int64: k = .int(Int64(j))
                    default: k = self.value(of: key.type)
                    }
                    return MapEntry(key: k, value: self.value(for: value))
                })
        }
    }
}
