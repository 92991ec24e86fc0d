import Columnar

/// The order of arrays and rows (`.nested` datums) as PostgreSQL's `array_cmp` and `record_cmp`: element by
/// element, a NULL element equal to another NULL and after every value, then the shorter array first.
enum NestedOrder {
    static func order(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case let (.list(x), .list(y)): return sequence(x, y)
        case let (.struct(x), .struct(y)):
            // Unconstrained numeric inside an array or row: unscaled digits and scale.
            if x.count == 2, y.count == 2, case let .decimal(ux) = x[0], case let .int(sx) = x[1],
                case let .decimal(uy) = y[0], case let .int(sy) = y[1]
            {
                let l = SQLNumeric(unscaled: ux, scale: Int(sx))
                let r = SQLNumeric(unscaled: uy, scale: Int(sy))
                return l < r ? -1 : (l == r ? 0 : 1)
            }
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

    private static func sequence(_ x: [Value], _ y: [Value]) -> Int {
        for (l, r) in zip(x, y) {
            let result = order(l, r)
            if result != 0 { return result }
        }
        return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    }
}
