/// Decodes Parquet's RLE / bit-packed hybrid encoding, and the legacy BIT_PACKED level encoding.
/// Never reads past `end`; fails with `corruptPage` when the data holds fewer values than asked for.
struct RLEDecoder {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    let bitWidth: Int

    init(bytes: [UInt8], position: Int, end: Int, bitWidth: Int) {
        self.bytes = bytes
        self.position = position
        self.end = min(end, bytes.count)
        self.bitWidth = bitWidth
    }

    /// Decodes `count` values into `out` (appending).
    mutating func decode<T: FixedWidthInteger>(count: Int, into out: inout [T]) throws(ParquetError) {
        guard bitWidth >= 0 && bitWidth <= 32 else {
            throw ParquetError(.corruptPage, "bit width \(bitWidth) out of range")
        }
        guard count > 0 else { return }
        let old = out.count
        out.append(contentsOf: repeatElement(0, count: count))
        let start = position
        let end = end
        let bitWidth = bitWidth
        position = try bytes.withUnsafeBufferPointer { (bytes) throws(ParquetError) -> Int in
            let raw = UnsafeRawBufferPointer(bytes)
            return try out.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) -> Int in
                var reader = RLEReader(bytes: raw, position: start, end: end, bitWidth: bitWidth)
                // `out` holds at least `old + count` values, so the pointer covers every value decoded.
                guard let base = buffer.baseAddress else { return start }
                try reader.decode(count: count, into: base + old)
                return reader.position
            }
        }
    }

    /// Decodes the legacy BIT_PACKED encoding (most significant bit first, no headers).
    static func decodeLegacyBitPacked(
        _ bytes: [UInt8], position: Int, count: Int, bitWidth: Int, into out: inout [UInt8]
    ) throws(ParquetError) -> Int {
        let byteCount = (count * bitWidth + 7) / 8
        guard position + byteCount <= bytes.count else {
            throw ParquetError(.corruptPage, "bit-packed levels end early", offset: position)
        }
        out.reserveCapacity(count)
        var bit = 0
        for _ in 0..<count {
            var v = 0
            for _ in 0..<bitWidth {
                let byte = bytes[position + bit / 8]
                v = v << 1 | Int((byte >> UInt8(7 - bit % 8)) & 1)
                bit += 1
            }
            out.append(UInt8(truncatingIfNeeded: v))
        }
        return byteCount
    }
}
