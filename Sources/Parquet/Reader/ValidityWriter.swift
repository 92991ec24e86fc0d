import Columnar

/// Builds a validity bitmap one bit at a time in a register, storing a word per 64 bits (no per-bit array
/// access), and counts the nulls on the way.
struct ValidityWriter {
    private var words: [UInt64] = []
    private var current: UInt64 = 0
    private(set) var count = 0
    private(set) var nulls = 0

    init(capacity: Int) {
        words.reserveCapacity(capacity / 64 + 1)
    }

    @inline(__always)
    mutating func append(_ valid: Bool) {
        current |= (valid ? 1 : 0) << UInt64(count & 63)
        nulls &+= valid ? 0 : 1
        count &+= 1
        if count & 63 == 0 {
            words.append(current)
            current = 0
        }
    }

    /// The bitmap, or nil when every bit is set (no nulls).
    mutating func finish() -> Bitmap? {
        guard nulls > 0 else { return nil }
        if count & 63 != 0 { words.append(current) }
        return Bitmap(words: words, count: count)
    }
}

/// The items of a node among a leaf's level entries: entry `i` is an item when `rep[i] <= maxRep` and
/// `def[i] >= exist`, and a present (non-null) one when `def[i] >= present`.
enum LevelItems {
    static func scan(_ d: LeafData, maxRep: Int, exist: Int, present: Int) -> (count: Int, validity: Bitmap?) {
        let n = d.levelCount
        let defs = d.definitionLevels
        let reps = d.repetitionLevels
        if defs.isEmpty {
            // Every entry is defined at every level.
            guard !reps.isEmpty, maxRep < Int(UInt8.max) else { return (n, nil) }
            let items = reps.withUnsafeBufferPointer { r in
                var c = 0
                for x in r { c &+= Int(x) <= maxRep ? 1 : 0 }
                return c
            }
            return (items, nil)
        }
        if exist == 0 && (reps.isEmpty || maxRep >= Int(UInt8.max)) {
            return (n, defs.withUnsafeBufferPointer { presence($0, atLeast: present) })
        }
        var writer = ValidityWriter(capacity: n)
        defs.withUnsafeBufferPointer { dp in
            if reps.isEmpty || maxRep >= Int(UInt8.max) {
                if exist == 0 {
                    for df in dp { writer.append(Int(df) >= present) }
                } else {
                    for df in dp where Int(df) >= exist { writer.append(Int(df) >= present) }
                }
            } else {
                reps.withUnsafeBufferPointer { rp in
                    for i in 0..<min(dp.count, rp.count) where Int(rp[i]) <= maxRep && Int(dp[i]) >= exist {
                        writer.append(Int(dp[i]) >= present)
                    }
                }
            }
        }
        return (writer.count, writer.finish())
    }

    /// Validity of every entry (`levels[i] >= present`), built a 64-bit word at a time; nil when none is null.
    static func presence(_ levels: UnsafeBufferPointer<UInt8>, atLeast present: Int) -> Bitmap? {
        let n = levels.count
        guard present > 0, let base = levels.baseAddress else { return nil }
        let threshold = UInt8(clamping: present)
        var nulls = 0
        let words = [UInt64](unsafeUninitializedCapacity: (n + 63) / 64) { out, initialized in
            initialized = 0
            guard let o = out.baseAddress else { return }
            var start = 0
            var w = 0
            while start < n {
                let m = min(64, n - start)
                var word: UInt64 = 0
                for j in 0..<m { word |= (base[start + j] >= threshold ? 1 : 0) << UInt64(j) }
                (o + w).initialize(to: word)
                nulls += m - word.nonzeroBitCount
                start += m
                w += 1
            }
            initialized = w
        }
        return nulls == 0 ? nil : Bitmap(words: words, count: n)
    }
}
