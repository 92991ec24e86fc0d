import Columnar

/// Orders two values of compatible kinds; nil when they cannot be compared (pruning then keeps the group).
enum ValueOrder {
    static func compare(_ a: Value, _ b: Value, scale: Int) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case let (.int(x), .int(y)): return sign(x, y)
        case let (.float(x), .float(y)): return x.isNaN || y.isNaN ? nil : sign(x, y)
        case let (.int(x), .float(y)): return y.isNaN ? nil : sign(Double(x), y)
        case let (.float(x), .int(y)): return x.isNaN ? nil : sign(x, Double(y))
        case let (.date(x), .date(y)): return sign(x, y)
        case let (.timestamp(x), .timestamp(y)): return sign(x, y)
        case let (.decimal(x), .decimal(y)): return sign(x, y)
        case let (.decimal(x), .int(y)):
            var scaled = Int128(y)
            for _ in 0..<scale { scaled *= 10 }
            return sign(x, scaled)
        case let (.string(x), .string(y)): return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x == y ? 0 : 1)
        case let (.binary(x), .binary(y)): return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        case let (.boolean(x), .boolean(y)): return x == y ? 0 : (x ? 1 : -1)
        default: return nil
        }
    }
}
