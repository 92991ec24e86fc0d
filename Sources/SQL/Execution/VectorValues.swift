import Columnar

/// A vector's values laid out densely for a kernel (its selection applied), with validity words: bit `i % 64` of
/// word `i / 64` is set when row `i` is not null; nil when no row is null.
struct DenseValues<T> {
    var values: [T]
    var validity: [UInt64]?
}

/// Booleans as words: `value` has a bit set where the row is true, `valid` where it is not null (bits past the
/// row count are clear in both, and `value` is clear wherever `valid` is).
struct BoolWords {
    var value: [UInt64]
    var valid: [UInt64]
}

/// A text vector's UTF-8 bytes read in place: row `i` is `data[offsets[p]..<offsets[p + 1]]` for physical row
/// `p = selection?[i] ?? i`.
struct TextValues {
    let offsets: [Int32]
    let data: [UInt8]
    let selection: [Int]?
    let validity: [UInt64]?
    let count: Int
}

/// Reads vectors into the dense forms the kernels use; nil when a vector's values are not of the form asked for
/// (the caller evaluates row by row instead).
enum VectorValues {
    @inline(__always)
    static func wordCount(_ count: Int) -> Int { (count + 63) >> 6 }

    @inline(__always)
    static func isSet(_ words: [UInt64], _ index: Int) -> Bool { words[index >> 6] & (1 << UInt64(index & 63)) != 0 }

    /// The first `count` values (a column's storage holds exactly its rows; this keeps the kernels to them).
    static func exact<T>(_ values: [T], _ count: Int) -> [T] {
        values.count == count ? values : Array(values.prefix(count))
    }

    /// Every row valid: all bits below `count` set.
    static func allSet(_ count: Int) -> [UInt64] {
        var words = [UInt64](repeating: ~0, count: wordCount(count))
        if count & 63 != 0, let last = words.indices.last { words[last] = (1 << UInt64(count & 63)) - 1 }
        return words
    }

    static func and(_ a: [UInt64]?, _ b: [UInt64]?) -> [UInt64]? {
        guard let a else { return b }
        guard let b else { return a }
        var out = a
        for index in out.indices { out[index] &= b[index] }
        return out
    }

    /// Validity words of a vector, nil when no row is null.
    static func validity(_ vector: Vector) -> [UInt64]? {
        switch vector {
        case let .constant(value, count):
            return value.isNull ? [UInt64](repeating: 0, count: wordCount(count)) : nil
        case let .datums(values):
            var words = [UInt64](repeating: 0, count: wordCount(values.count))
            var sawNull = false
            for (index, value) in values.enumerated() {
                if value.isNull { sawNull = true } else { words[index >> 6] |= 1 << UInt64(index & 63) }
            }
            return sawNull ? words : nil
        case let .typed(typed): return validity(typed)
        }
    }

    static func validity(_ typed: TypedVector) -> [UInt64]? {
        guard let bitmap = typed.column.validity else { return nil }
        return gatherBits(bitmap.words, typed.selection, count: typed.count)
    }

    /// Bits of `words` at the selection's positions (or the first `count` bits).
    static func gatherBits(_ words: [UInt64], _ selection: [Int]?, count: Int) -> [UInt64] {
        let size = wordCount(count)
        guard let selection else {
            if words.count == size { return words }
            var out = Array(words.prefix(size))
            while out.count < size { out.append(0) }
            return out
        }
        var out = [UInt64](repeating: 0, count: size)
        for (index, position) in selection.enumerated() where isSet(words, position) {
            out[index >> 6] |= 1 << UInt64(index & 63)
        }
        return out
    }

    /// Integer-like values (integers, dates, timestamps, times) as `Int64`.
    static func ints(_ vector: Vector) -> DenseValues<Int64>? {
        switch vector {
        case let .constant(value, count):
            let single: Int64
            switch value {
            case .null: return DenseValues(values: Array(repeating: 0, count: count), validity: validity(vector))
            case let .int(v), let .timestamp(v), let .time(v): single = v
            case let .date(v): single = Int64(v)
            default: return nil
            }
            return DenseValues(values: Array(repeating: single, count: count), validity: nil)
        case let .datums(values):
            var out = [Int64](repeating: 0, count: values.count)
            for (index, value) in values.enumerated() {
                switch value {
                case .null: continue
                case let .int(v), let .timestamp(v), let .time(v): out[index] = v
                case let .date(v): out[index] = Int64(v)
                default: return nil
                }
            }
            return DenseValues(values: out, validity: validity(vector))
        case let .typed(typed):
            switch typed.column.storage {
            case let .int64(values):
                guard values.count >= typed.column.count else { return nil }
                guard let selection = typed.selection else {
                    return DenseValues(values: exact(values, typed.column.count), validity: validity(typed))
                }
                return DenseValues(values: selection.map { values[$0] }, validity: validity(typed))
            case let .int32(values):
                guard values.count >= typed.column.count else { return nil }
                guard let selection = typed.selection else {
                    return DenseValues(
                        values: values.prefix(typed.column.count).map { Int64($0) }, validity: validity(typed))
                }
                return DenseValues(values: selection.map { Int64(values[$0]) }, validity: validity(typed))
            default: return nil
            }
        }
    }

    /// Floating-point values.
    static func doubles(_ vector: Vector) -> DenseValues<Double>? {
        switch vector {
        case let .constant(value, count):
            switch value {
            case .null: return DenseValues(values: Array(repeating: 0, count: count), validity: validity(vector))
            case let .float(v): return DenseValues(values: Array(repeating: v, count: count), validity: nil)
            default: return nil
            }
        case let .datums(values):
            var out = [Double](repeating: 0, count: values.count)
            for (index, value) in values.enumerated() {
                switch value {
                case .null: continue
                case let .float(v): out[index] = v
                default: return nil
                }
            }
            return DenseValues(values: out, validity: validity(vector))
        case let .typed(typed):
            switch typed.column.storage {
            case let .float64(values):
                guard values.count >= typed.column.count else { return nil }
                guard let selection = typed.selection else {
                    return DenseValues(values: exact(values, typed.column.count), validity: validity(typed))
                }
                return DenseValues(values: selection.map { values[$0] }, validity: validity(typed))
            case let .float32(values):
                guard values.count >= typed.column.count else { return nil }
                guard let selection = typed.selection else {
                    return DenseValues(
                        values: values.prefix(typed.column.count).map { Double($0) }, validity: validity(typed))
                }
                return DenseValues(values: selection.map { Double(values[$0]) }, validity: validity(typed))
            default: return nil
            }
        }
    }

    /// Unscaled decimals of a `numeric(p, s)` column.
    static func decimals(_ vector: Vector) -> DenseValues<Int128>? {
        guard case let .typed(typed) = vector, case let .decimal(values) = typed.column.storage,
            values.count >= typed.column.count
        else { return nil }
        guard let selection = typed.selection else {
            return DenseValues(values: exact(values, typed.column.count), validity: validity(typed))
        }
        return DenseValues(values: selection.map { values[$0] }, validity: validity(typed))
    }

    /// Text read in place from a typed string column whose offsets are well formed (the kernels read the bytes
    /// without bounds checks; a malformed column is read row by row instead).
    static func text(_ vector: Vector) -> TextValues? {
        guard case let .typed(typed) = vector, typed.type == .text,
            case let .bytes(offsets, data) = typed.column.storage, offsets.count > typed.column.count,
            let first = offsets.first, first >= 0, Int(offsets[typed.column.count]) <= data.count
        else { return nil }
        var previous = first
        for offset in offsets.prefix(typed.column.count + 1) {
            guard offset >= previous else { return nil }
            previous = offset
        }
        return TextValues(
            offsets: offsets, data: data, selection: typed.selection, validity: validity(typed), count: typed.count)
    }

    /// Booleans as words (NULL rows clear in `value`).
    static func bools(_ vector: Vector) -> BoolWords? {
        let count = vector.count
        switch vector {
        case let .constant(value, count):
            switch value {
            case .null:
                let none = [UInt64](repeating: 0, count: wordCount(count))
                return BoolWords(value: none, valid: none)
            case let .boolean(b):
                let all = allSet(count)
                return BoolWords(value: b ? all : [UInt64](repeating: 0, count: all.count), valid: all)
            default: return nil
            }
        case let .datums(values):
            var value = [UInt64](repeating: 0, count: wordCount(count))
            var valid = value
            for (index, datum) in values.enumerated() {
                switch datum {
                case .null: continue
                case let .boolean(b):
                    valid[index >> 6] |= 1 << UInt64(index & 63)
                    if b { value[index >> 6] |= 1 << UInt64(index & 63) }
                default: return nil
                }
            }
            return BoolWords(value: value, valid: valid)
        case let .typed(typed):
            guard case let .boolean(bits) = typed.column.storage else { return nil }
            var value = gatherBits(bits.words, typed.selection, count: count)
            let valid = validity(typed) ?? allSet(count)
            for index in value.indices { value[index] &= valid[index] }
            return BoolWords(value: value, valid: valid)
        }
    }

    /// A boolean vector of the words.
    static func vector(_ words: BoolWords, count: Int) -> Vector {
        let allValid = words.valid == allSet(count)
        let column = Column(
            type: .boolean, count: count, validity: allValid ? nil : Bitmap(words: words.valid, count: count),
            storage: .boolean(Bitmap(words: words.value, count: count)))
        return .typed(TypedVector(column: column, type: .boolean, selection: nil))
    }

    /// The rows where the words are true.
    static func selection(_ words: BoolWords, count: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        for (index, word) in words.value.enumerated() {
            var bits = word
            while bits != 0 {
                out.append((index << 6) + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out
    }
}
