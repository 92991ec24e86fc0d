import Columnar

/// Equality and hashing of arrays and rows that agree with `NestedOrder.order`, so that GROUP BY, DISTINCT,
/// set operations, joins, `IN` lists and DISTINCT aggregates see the same values as `=` and ORDER BY: text by
/// its UTF-8 bytes (the C collation: `é` and `e` + U+0301 stay apart inside arrays as they do outside), floats
/// with every NaN equal and `-0 = 0` (PostgreSQL's `float8eq` inside `array_eq`), unconstrained numerics by value
/// (`1.0 = 1.00`). Columnar's synthesized `Value ==` compares strings by canonical equivalence instead.
extension NestedOrder {
    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.list(x), .list(y)): return equal(x, y)
        case let (.struct(x), .struct(y)):
            if let l = numeric(x), let r = numeric(y) { return l == r }
            return equal(x, y)
        case let (.map(x), .map(y)):
            guard x.count == y.count else { return false }
            for (l, r) in zip(x, y) where !equal(l.key, r.key) || !equal(l.value, r.value) { return false }
            return true
        case let (.float(x), .float(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return TextBytes.equal(x, y)
        default: return a == b
        }
    }

    private static func equal(_ x: [Value], _ y: [Value]) -> Bool {
        guard x.count == y.count else { return false }
        for (l, r) in zip(x, y) where !equal(l, r) { return false }
        return true
    }

    /// Hashes `value` so that values `equal` calls equal hash alike.
    static func hash(_ value: Value, into hasher: inout Hasher) {
        switch value {
        case let .list(items):
            hasher.combine(1 as UInt8)
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case let .struct(fields):
            if let number = numeric(fields) {
                hasher.combine(2 as UInt8)
                hasher.combine(number)
                return
            }
            hasher.combine(3 as UInt8)
            hasher.combine(fields.count)
            for field in fields { hash(field, into: &hasher) }
        case let .map(entries):
            hasher.combine(4 as UInt8)
            hasher.combine(entries.count)
            for entry in entries {
                hash(entry.key, into: &hasher)
                hash(entry.value, into: &hasher)
            }
        case let .float(number):
            hasher.combine(5 as UInt8)
            // One hash for every NaN and for both zeros.
            hasher.combine(number.isNaN ? UInt64.max : (number == 0 ? 0 : number.bitPattern))
        case let .string(text):
            hasher.combine(6 as UInt8)
            TextBytes.hash(text, into: &hasher)
        default:
            hasher.combine(value)
        }
    }
}
