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

    private mutating func readVarint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            let b = bytes[position]
            position += 1
            guard shift < 64 else { break }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
        throw ParquetError(.corruptPage, "bad RLE run header", offset: position)
    }

    /// Decodes `count` values into `out` (appending).
    mutating func decode<T: FixedWidthInteger>(count: Int, into out: inout [T]) throws(ParquetError) {
        guard bitWidth >= 0 && bitWidth <= 32 else {
            throw ParquetError(.corruptPage, "bit width \(bitWidth) out of range")
        }
        out.reserveCapacity(out.count + count)
        var left = count
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        let valueBytes = (bitWidth + 7) / 8
        while left > 0 {
            let header = try readVarint()
            if header & 1 == 0 {
                let run = header >> 1
                guard run > 0 else { throw ParquetError(.corruptPage, "empty RLE run", offset: position) }
                guard position + valueBytes <= end else {
                    throw ParquetError(.corruptPage, "RLE value ends early", offset: position)
                }
                var v: UInt64 = 0
                for k in 0..<valueBytes { v |= UInt64(bytes[position + k]) << UInt64(8 * k) }
                position += valueBytes
                let n = Int(min(run, UInt64(left)))
                out.append(contentsOf: repeatElement(T(truncatingIfNeeded: v), count: n))
                left -= n
            } else {
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(end - position + 1) * 8 else {
                    throw ParquetError(.corruptPage, "bad bit-packed run", offset: position)
                }
                let declared = Int(groups) * 8
                let available = bitWidth == 0 ? declared : min(declared, (end - position) * 8 / bitWidth)
                let n = min(left, available)
                var acc: UInt64 = 0
                var bits = 0
                var p = position
                for _ in 0..<n {
                    while bits < bitWidth {
                        acc |= UInt64(bytes[p]) << UInt64(bits)
                        p += 1
                        bits += 8
                    }
                    out.append(T(truncatingIfNeeded: acc & mask))
                    acc >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
                left -= n
                position = min(end, position + (declared * bitWidth + 7) / 8)
                if n < declared && left > 0 { continue }
                if n == 0 && left > 0 {
                    throw ParquetError(.corruptPage, "bit-packed run ends early", offset: position)
                }
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
