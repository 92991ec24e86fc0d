/// Datums are equal and hash alike as PostgreSQL's equality sees them for grouping, DISTINCT, joins and set
/// operations: text by its bytes (`TextBytes`), not by Swift's canonical equivalence, also inside arrays and rows
/// (`NestedOrder.equal`, which also takes NaN elements as equal, as PostgreSQL's `array_eq` does). Other cases
/// compare as their payloads do (floats bit-for-bit as `Double ==`, so the operators that group floats normalise
/// NaN and -0.0 before they hash).
extension Datum {
    public static func == (a: Datum, b: Datum) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.boolean(x), .boolean(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.float(x), .float(y)): return x == y
        case let (.numeric(x), .numeric(y)): return x == y
        case let (.text(x), .text(y)): return TextBytes.equal(x, y)
        case let (.bytes(x), .bytes(y)): return x == y
        case let (.date(x), .date(y)): return x == y
        case let (.timestamp(x), .timestamp(y)): return x == y
        case let (.nested(x), .nested(y)): return NestedOrder.equal(x, y)
        case let (.time(x), .time(y)): return x == y
        case let (.interval(x), .interval(y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case let .boolean(value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case let .int(value):
            hasher.combine(2 as UInt8)
            hasher.combine(value)
        case let .float(value):
            hasher.combine(3 as UInt8)
            hasher.combine(value)
        case let .numeric(value):
            hasher.combine(4 as UInt8)
            hasher.combine(value)
        case let .text(value):
            hasher.combine(5 as UInt8)
            TextBytes.hash(value, into: &hasher)
        case let .bytes(value):
            hasher.combine(6 as UInt8)
            hasher.combine(value)
        case let .date(value):
            hasher.combine(7 as UInt8)
            hasher.combine(value)
        case let .timestamp(value):
            hasher.combine(8 as UInt8)
            hasher.combine(value)
        case let .nested(value):
            hasher.combine(9 as UInt8)
            NestedOrder.hash(value, into: &hasher)
        case let .time(value):
            hasher.combine(10 as UInt8)
            hasher.combine(value)
        case let .interval(value):
            hasher.combine(11 as UInt8)
            hasher.combine(value)
        }
    }
}
