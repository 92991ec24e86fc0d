import Columnar

/// The order of arrays and rows (`.nested` datums) as PostgreSQL's `array_cmp` and `record_cmp`: element by
/// element, a NULL element equal to another NULL and after every value, then the shorter array first. Text
/// elements compare by their UTF-8 bytes, as scalar text does (`TextBytes`); equality and hashing
/// (`NestedOrder+Equality.swift`) agree with this order.
enum NestedOrder {
    static func order(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case let (.list(x), .list(y)): return sequence(x, y)
        case let (.struct(x), .struct(y)):
            if let l = numeric(x), let r = numeric(y) { return l < r ? -1 : (l == r ? 0 : 1) }
            return sequence(x, y)
        case let (.map(x), .map(y)):
            return sequence(x.flatMap { [$0.key, $0.value] }, y.flatMap { [$0.key, $0.value] })
        case let (.int(x), .int(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.decimal(x), .decimal(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.float(x), .float(y)): return Compare.order(.float(x), .float(y))
        case let (.string(x), .string(y)): return Compare.order(.text(x), .text(y))
        case let (.binary(x), .binary(y)): return Compare.order(.bytes(x), .bytes(y))
        case let (.boolean(x), .boolean(y)): return x == y ? 0 : (!x ? -1 : 1)
        case let (.date(x), .date(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.timestamp(x), .timestamp(y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: return 0
        }
    }

    /// Unconstrained numeric inside an array or row: unscaled digits and scale.
    static func numeric(_ fields: [Value]) -> SQLNumeric? {
        guard fields.count == 2, case let .decimal(unscaled) = fields[0], case let .int(scale) = fields[1] else {
            return nil
        }
        return SQLNumeric(unscaled: unscaled, scale: Int(scale))
    }

    private static func sequence(_ x: [Value], _ y: [Value]) -> Int {
        for (l, r) in zip(x, y) {
            let result = order(l, r)
            if result != 0 { return result }
        }
        return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    }
}
