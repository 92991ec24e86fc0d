/// Encodes unsigned integers with Parquet's RLE / bit-packed hybrid encoding (levels, dictionary
/// indices, booleans). Runs of 8 or more equal values become RLE runs, the rest bit-packed groups of 8.
struct RLEEncoder {
    let bitWidth: Int
    private(set) var bytes: [UInt8] = []
    private var pending: [UInt32] = []

    init(bitWidth: Int, capacity: Int = 0) {
        self.bitWidth = bitWidth
        bytes.reserveCapacity(capacity)
    }

    /// The number of bits needed to store `maxValue`.
    static func bitWidth(for maxValue: Int) -> Int {
        maxValue <= 0 ? 0 : Int.bitWidth - maxValue.leadingZeroBitCount
    }

    /// Encodes all `values` (from a buffer of any unsigned-integer-convertible type) and flushes.
    static func encode<T: BinaryInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int) -> [UInt8] {
        var encoder = RLEEncoder(bitWidth: bitWidth, capacity: values.count * bitWidth / 8 + 16)
        encoder.append(values)
        encoder.finish()
        return encoder.bytes
    }

    static func encode<T: BinaryInteger>(_ values: [T], bitWidth: Int) -> [UInt8] {
        values.withUnsafeBufferPointer { encode($0, bitWidth: bitWidth) }
    }

    mutating func append<T: BinaryInteger>(_ values: UnsafeBufferPointer<T>) {
        let n = values.count
        var i = 0
        while i < n {
            let value = values[i]
            var run = 1
            while i + run < n && values[i + run] == value { run += 1 }
            if run >= 8 {
                if !pending.isEmpty {
                    let fill = min(run, (8 - pending.count % 8) % 8)
                    for _ in 0..<fill { pending.append(UInt32(truncatingIfNeeded: value)) }
                    run -= fill
                    i += fill
                    if pending.count % 8 == 0 { flushBitPacked() }
                }
                if run >= 8 {
                    writeRLE(UInt32(truncatingIfNeeded: value), count: run)
                    i += run
                    continue
                }
            }
            for _ in 0..<run { pending.append(UInt32(truncatingIfNeeded: value)) }
            i += run
            if pending.count >= 512 && pending.count % 8 == 0 { flushBitPacked() }
        }
    }

    mutating func finish() {
        if !pending.isEmpty {
            while pending.count % 8 != 0 { pending.append(0) }
            flushBitPacked()
        }
    }

    private mutating func writeVarint(_ value: Int) {
        var v = UInt64(value)
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private mutating func writeRLE(_ value: UInt32, count: Int) {
        writeVarint(count << 1)
        var v = value
        for _ in 0..<(bitWidth + 7) / 8 {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    private mutating func flushBitPacked() {
        let groups = pending.count / 8
        guard groups > 0 else { return }
        writeVarint(groups << 1 | 1)
        var acc: UInt64 = 0
        var bits = 0
        let mask: UInt64 = bitWidth >= 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        for v in pending[0..<groups * 8] {
            acc |= (UInt64(v) & mask) << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
        }
        if bits > 0 { bytes.append(UInt8(truncatingIfNeeded: acc)) }
        pending.removeFirst(groups * 8)
    }
}
