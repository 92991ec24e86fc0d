/// A packed bit array, least significant bit first (as Arrow and Parquet's bit-packing use).
/// As a validity bitmap a set bit means "value present".
public struct Bitmap: Sendable, Hashable {
    @usableFromInline var storage: [UInt64]
    @usableFromInline var bitCount: Int

    /// The bits as 64-bit words, bit `i` at `words[i / 64] >> (i % 64)`.
    public var words: [UInt64] { storage }
    /// Number of bits.
    public var count: Int { bitCount }

    public init() {
        storage = []
        bitCount = 0
    }

    /// A bitmap of `count` bits, all set to `value`.
    public init(repeating value: Bool, count: Int) {
        let wordCount = (count + 63) >> 6
        storage = [UInt64](repeating: value ? ~0 : 0, count: wordCount)
        bitCount = count
        if value, count & 63 != 0, let last = storage.indices.last {
            storage[last] = (1 << UInt64(count & 63)) - 1
        }
    }

    /// A bitmap of `count` bits taken from `words` (bit `i` at `words[i / 64] >> (i % 64)`); bits past `count`
    /// are cleared and missing words count as zero.
    public init(words: [UInt64], count: Int) {
        let wordCount = (max(0, count) + 63) >> 6
        var storage = words
        if storage.count > wordCount { storage.removeLast(storage.count - wordCount) }
        while storage.count < wordCount { storage.append(0) }
        // Clear bits past `count` (only written when some are set, so well-formed words are not copied).
        if count & 63 != 0, let last = storage.indices.last {
            let mask: UInt64 = (1 << UInt64(count & 63)) - 1
            if storage[last] & ~mask != 0 { storage[last] &= mask }
        }
        self.storage = storage
        bitCount = max(0, count)
    }

    public init<S: Sequence>(_ bits: S) where S.Element == Bool {
        self.init()
        for bit in bits { append(bit) }
    }

    public mutating func reserveCapacity(_ n: Int) {
        storage.reserveCapacity((n + 63) >> 6)
    }

    @inlinable
    public subscript(index: Int) -> Bool {
        get { storage[index >> 6] & (1 << UInt64(index & 63)) != 0 }
        set {
            let mask: UInt64 = 1 << UInt64(index & 63)
            if newValue { storage[index >> 6] |= mask } else { storage[index >> 6] &= ~mask }
        }
    }

    @inlinable
    public mutating func append(_ bit: Bool) {
        if bitCount & 63 == 0 { storage.append(0) }
        if bit { storage[bitCount >> 6] |= 1 << UInt64(bitCount & 63) }
        bitCount += 1
    }

    /// Number of set bits.
    public var setCount: Int {
        storage.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The bits `range` as a new bitmap.
    public func slice(_ range: Range<Int>) -> Bitmap {
        var out = Bitmap()
        out.reserveCapacity(range.count)
        for i in range { out.append(self[i]) }
        return out
    }
}
