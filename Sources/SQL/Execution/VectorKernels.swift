import Columnar

/// The six comparison operators, applied to an ordering (-1, 0, 1).
enum ComparisonOperator {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    init?(_ function: ScalarFunction) {
        switch function {
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessOrEqual: self = .lessOrEqual
        case .greater: self = .greater
        case .greaterOrEqual: self = .greaterOrEqual
        default: return nil
        }
    }

    /// The operator with its operands swapped (`a < b` is `b > a`).
    var swapped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        }
    }

    @inline(__always)
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }
}

/// Column-at-a-time kernels over dense values: comparisons, boolean logic, integer and float arithmetic with
/// PostgreSQL's overflow errors. Results for NULL rows are cleared and carry no errors.
enum VectorKernels {
    /// Sets bit `i` where `test(i)` holds, for `i` in `0..<count`.
    @inline(__always)
    static func bits(_ count: Int, _ test: (Int) -> Bool) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: VectorValues.wordCount(count))
        words.withUnsafeMutableBufferPointer { out in
            var start = 0
            while start < count {
                let end = min(count, start + 64)
                var word: UInt64 = 0
                for index in start..<end where test(index) { word |= 1 << UInt64(index - start) }
                out[start >> 6] = word
                start = end
            }
        }
        return words
    }

    static func result(_ value: [UInt64], _ validity: [UInt64]?, _ count: Int) -> BoolWords {
        let valid = validity ?? VectorValues.allSet(count)
        var value = value
        for index in value.indices { value[index] &= valid[index] }
        return BoolWords(value: value, valid: valid)
    }

    static func compare(
        _ op: ComparisonOperator, _ a: DenseValues<Int64>, _ b: DenseValues<Int64>, _ count: Int
    ) -> BoolWords {
        let words = a.values.withUnsafeBufferPointer { x in
            b.values.withUnsafeBufferPointer { y in
                switch op {
                case .equal: return bits(count) { x[$0] == y[$0] }
                case .notEqual: return bits(count) { x[$0] != y[$0] }
                case .less: return bits(count) { x[$0] < y[$0] }
                case .lessOrEqual: return bits(count) { x[$0] <= y[$0] }
                case .greater: return bits(count) { x[$0] > y[$0] }
                case .greaterOrEqual: return bits(count) { x[$0] >= y[$0] }
                }
            }
        }
        return result(words, VectorValues.and(a.validity, b.validity), count)
    }

    /// PostgreSQL's float order: NaN equals NaN and sorts after every other value.
    @inline(__always)
    static func order(_ x: Double, _ y: Double) -> Int {
        if x < y { return -1 }
        if x > y { return 1 }
        if x == y { return 0 }
        return x.isNaN ? (y.isNaN ? 0 : 1) : -1
    }

    static func compare(
        _ op: ComparisonOperator, _ a: DenseValues<Double>, _ b: DenseValues<Double>, _ count: Int
    ) -> BoolWords {
        let words = a.values.withUnsafeBufferPointer { x in
            b.values.withUnsafeBufferPointer { y in bits(count) { op.holds(order(x[$0], y[$0])) } }
        }
        return result(words, VectorValues.and(a.validity, b.validity), count)
    }

    static func compare(_ op: ComparisonOperator, _ a: DenseValues<Int128>, _ b: Int128, _ count: Int) -> BoolWords {
        let words = a.values.withUnsafeBufferPointer { x in
            bits(count) { op.holds(x[$0] < b ? -1 : (x[$0] == b ? 0 : 1)) }
        }
        return result(words, a.validity, count)
    }

    /// Byte-wise order of two UTF-8 ranges (the C collation).
    @inline(__always)
    static func order(
        _ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int, _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int,
        _ bEnd: Int
    ) -> Int {
        let length = min(aEnd - aStart, bEnd - bStart)
        var index = 0
        while index < length {
            let (x, y) = (a[aStart + index], b[bStart + index])
            if x != y { return x < y ? -1 : 1 }
            index += 1
        }
        let (m, n) = (aEnd - aStart, bEnd - bStart)
        return m < n ? -1 : (m == n ? 0 : 1)
    }

    /// Text rows against one constant.
    static func compare(_ op: ComparisonOperator, _ a: TextValues, _ constant: [UInt8]) -> BoolWords {
        let count = a.count
        let words = a.data.withUnsafeBufferPointer { data in
            a.offsets.withUnsafeBufferPointer { offsets in
                constant.withUnsafeBufferPointer { c in
                    if let selection = a.selection {
                        return bits(count) { row in
                            let p = selection[row]
                            return op.holds(order(data, Int(offsets[p]), Int(offsets[p + 1]), c, 0, c.count))
                        }
                    }
                    if op == .equal || op == .notEqual {
                        let equal = op == .equal
                        return bits(count) { p in
                            let (start, end) = (Int(offsets[p]), Int(offsets[p + 1]))
                            guard end - start == c.count else { return !equal }
                            return (order(data, start, end, c, 0, c.count) == 0) == equal
                        }
                    }
                    return bits(count) { p in op.holds(order(data, Int(offsets[p]), Int(offsets[p + 1]), c, 0, c.count))
                    }
                }
            }
        }
        return result(words, a.validity, count)
    }

    /// Text rows against text rows.
    static func compare(_ op: ComparisonOperator, _ a: TextValues, _ b: TextValues) -> BoolWords {
        let count = a.count
        let words = a.data.withUnsafeBufferPointer { x in
            b.data.withUnsafeBufferPointer { y in
                bits(count) { row in
                    let (p, q) = (a.selection?[row] ?? row, b.selection?[row] ?? row)
                    return op.holds(
                        order(x, Int(a.offsets[p]), Int(a.offsets[p + 1]), y, Int(b.offsets[q]), Int(b.offsets[q + 1])))
                }
            }
        }
        return result(words, VectorValues.and(a.validity, b.validity), count)
    }

    /// Three-valued AND: false wins over NULL.
    static func and(_ a: BoolWords, _ b: BoolWords) -> BoolWords {
        var out = a
        for index in out.value.indices {
            let (x, xv, y, yv) = (a.value[index], a.valid[index], b.value[index], b.valid[index])
            out.value[index] = x & y
            out.valid[index] = (xv & yv) | (xv & ~x) | (yv & ~y)
        }
        return out
    }

    /// Three-valued OR: true wins over NULL.
    static func or(_ a: BoolWords, _ b: BoolWords) -> BoolWords {
        var out = a
        for index in out.value.indices {
            let (x, xv, y, yv) = (a.value[index], a.valid[index], b.value[index], b.valid[index])
            out.value[index] = x | y
            out.valid[index] = (xv & yv) | x | y
        }
        return out
    }

    static func not(_ a: BoolWords) -> BoolWords {
        var out = a
        for index in out.value.indices { out.value[index] = ~a.value[index] & a.valid[index] }
        return out
    }

    /// IS NULL (or IS NOT NULL when `negated`) of rows with `validity`.
    static func isNull(_ validity: [UInt64]?, negated: Bool, _ count: Int) -> BoolWords {
        let all = VectorValues.allSet(count)
        guard let validity else {
            return BoolWords(value: negated ? all : [UInt64](repeating: 0, count: all.count), valid: all)
        }
        var value = validity
        if !negated { for index in value.indices { value[index] = ~validity[index] & all[index] } }
        return BoolWords(value: value, valid: all)
    }

    /// `a + b`, `a - b` or `a * b` of integers; a result outside `type` (integer or bigint) is `22003`.
    static func arithmetic(
        _ function: ScalarFunction, _ a: DenseValues<Int64>, _ b: DenseValues<Int64>, _ type: SQLType, _ count: Int
    ) throws -> Vector {
        let validity = VectorValues.and(a.validity, b.validity)
        var out = [Int64](repeating: 0, count: count)
        let narrow = type == .integer
        var failed = -1
        a.values.withUnsafeBufferPointer { x in
            b.values.withUnsafeBufferPointer { y in
                out.withUnsafeMutableBufferPointer { r in
                    for index in 0..<count {
                        let (value, overflow): (Int64, Bool)
                        switch function {
                        case .add: (value, overflow) = x[index].addingReportingOverflow(y[index])
                        case .subtract: (value, overflow) = x[index].subtractingReportingOverflow(y[index])
                        default: (value, overflow) = x[index].multipliedReportingOverflow(by: y[index])
                        }
                        r[index] = value
                        if overflow || (narrow && Int32(exactly: value) == nil), failed < 0,
                            validity.map({ VectorValues.isSet($0, index) }) ?? true
                        {
                            failed = index
                        }
                    }
                }
            }
        }
        if failed >= 0 { throw Cast.outOfRange(type) }
        return typed(.int64(out), .int64, validity, type, count)
    }

    /// `a + b`, `a - b` or `a * b` of floats; an infinite result of finite operands is `22003`.
    static func arithmetic(
        _ function: ScalarFunction, _ a: DenseValues<Double>, _ b: DenseValues<Double>, _ type: SQLType, _ count: Int
    ) throws -> Vector {
        let validity = VectorValues.and(a.validity, b.validity)
        var out = [Double](repeating: 0, count: count)
        let real = type == .real
        var failed = false
        for index in 0..<count {
            let (x, y) = (a.values[index], b.values[index])
            var value: Double
            switch function {
            case .add: value = x + y
            case .subtract: value = x - y
            default: value = x * y
            }
            if real { value = Double(Float(value)) }
            out[index] = value
            if value.isInfinite, x.isFinite, y.isFinite, validity.map({ VectorValues.isSet($0, index) }) ?? true {
                failed = true
                break
            }
        }
        if failed { throw SQLError(.numericValueOutOfRange, "value out of range: overflow") }
        return typed(.float64(out), .float64, validity, type, count)
    }

    static func typed(
        _ storage: Column.Storage, _ dataType: DataType, _ validity: [UInt64]?, _ type: SQLType, _ count: Int
    ) -> Vector {
        let column = Column(
            type: dataType, count: count, validity: validity.map { Bitmap(words: $0, count: count) }, storage: storage)
        return .typed(TypedVector(column: column, type: type, selection: nil))
    }
}
