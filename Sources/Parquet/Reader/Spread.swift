import Columnar

/// Spreading a leaf's present values over all of a column's slots (nulls get a zero value or an empty byte
/// range), a word of the validity bitmap at a time: a word with every bit set copies 64 values straight.
enum Spread {
    /// `count` slots: slot `i` is `convert(values[k])` for the k-th set bit of `validity`, `zero` where unset.
    /// `values.count` must equal the number of set bits among the first `count` (the caller checked it).
    static func values<S, T>(
        _ values: [S], count: Int, validity: Bitmap, zero: T, _ convert: (S) -> T
    ) -> [T] {
        [T](unsafeUninitializedCapacity: count) { out, initialized in
            values.withUnsafeBufferPointer { src in
                validity.words.withUnsafeBufferPointer { words in
                    guard let o = out.baseAddress, let s = src.baseAddress else {
                        out.baseAddress?.initialize(repeating: zero, count: count)
                        return
                    }
                    var k = 0
                    var i = 0
                    while i < count {
                        let word = words[i >> 6]
                        let n = min(64, count - i)
                        if word == ~0 && n == 64 {
                            for j in 0..<64 { (o + i + j).initialize(to: convert(s[k + j])) }
                            k += 64
                        } else {
                            for j in 0..<n {
                                if word & (1 << UInt64(j)) != 0 {
                                    (o + i + j).initialize(to: convert(s[k]))
                                    k += 1
                                } else {
                                    (o + i + j).initialize(to: zero)
                                }
                            }
                        }
                        i += n
                    }
                }
            }
            initialized = count
        }
    }

    /// `count + 1` offsets for `count` slots over the present values' `offsets` (one per set bit, plus one):
    /// a null slot is the empty range at the current position.
    static func offsets(_ offsets: [Int32], count: Int, validity: Bitmap) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: count + 1) { out, initialized in
            offsets.withUnsafeBufferPointer { src in
                validity.words.withUnsafeBufferPointer { words in
                    guard let o = out.baseAddress, let s = src.baseAddress else { return }
                    o.initialize(to: s[0])
                    var k = 0
                    for i in 0..<count {
                        k &+= Int(truncatingIfNeeded: (words[i >> 6] >> UInt64(i & 63)) & 1)
                        (o + i + 1).initialize(to: s[k])
                    }
                }
            }
            initialized = out.baseAddress == nil ? 0 : count + 1
        }
    }
}
