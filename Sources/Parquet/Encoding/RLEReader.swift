/// The RLE / bit-packed hybrid decoder's inner loops, over raw page bytes: runs fill the output with one store
/// per run, bit-packed groups unpack through a 64-bit window. Reads only `bytes[position..<end]`; writes exactly
/// the `count` values asked for, or throws `corruptPage`.
struct RLEReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let end: Int
    let bitWidth: Int

    init(bytes: UnsafeRawBufferPointer, position: Int, end: Int, bitWidth: Int) {
        self.bytes = bytes
        self.position = position
        self.end = max(0, min(end, bytes.count))
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

    /// Decodes `count` values into `out[0..<count]` (initializing them).
    mutating func decode<T: FixedWidthInteger>(count: Int, into out: UnsafeMutablePointer<T>) throws(ParquetError) {
        guard bitWidth >= 0 && bitWidth <= 32 else {
            throw ParquetError(.corruptPage, "bit width \(bitWidth) out of range")
        }
        var done = 0
        let valueBytes = (bitWidth + 7) / 8
        while done < count {
            let header = try readVarint()
            if header & 1 == 0 {
                let run = header >> 1
                guard run > 0 else { throw ParquetError(.corruptPage, "empty RLE run", offset: position) }
                guard valueBytes <= end - position else {
                    throw ParquetError(.corruptPage, "RLE value ends early", offset: position)
                }
                var v: UInt64 = 0
                for k in 0..<valueBytes { v |= UInt64(bytes[position + k]) << UInt64(8 * k) }
                position += valueBytes
                let n = Int(min(run, UInt64(count - done)))
                (out + done).initialize(repeating: T(truncatingIfNeeded: v), count: n)
                done += n
            } else {
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(end - position + 1) * 8 else {
                    throw ParquetError(.corruptPage, "bad bit-packed run", offset: position)
                }
                let declared = Int(groups) * 8
                let available = bitWidth == 0 ? declared : min(declared, (end - position) * 8 / bitWidth)
                let n = min(count - done, available)
                unpack(n, from: position, into: out + done)
                done += n
                position = min(end, position + (declared * bitWidth + 7) / 8)
                if n < declared && done < count { continue }
                if n == 0 && done < count {
                    throw ParquetError(.corruptPage, "bit-packed run ends early", offset: position)
                }
            }
        }
    }

    /// Unpacks `n` values of `bitWidth` bits starting at byte `start` (the caller checked that their bits lie
    /// before `end`).
    @inline(__always)
    private func unpack<T: FixedWidthInteger>(_ n: Int, from start: Int, into out: UnsafeMutablePointer<T>) {
        guard n > 0 else { return }
        guard bitWidth > 0, let base = bytes.baseAddress else {
            out.initialize(repeating: 0, count: n)
            return
        }
        let width = UInt64(bitWidth)
        let mask: UInt64 = (1 << width) - 1
        var p = base + start
        let stop = base + end
        var acc: UInt64 = 0
        var bits: UInt64 = 0
        var i = 0
        while i < n {
            if bits < width {
                if stop - p >= 8 && bits <= 24 {
                    // Refill whole bytes through an unaligned 8-byte load: up to 5 bytes at once.
                    let take = (63 - bits) / 8
                    let word = p.loadUnaligned(as: UInt64.self).littleEndian
                    acc |= (word & ((1 << (take * 8)) - 1)) << bits
                    p += Int(take)
                    bits += take * 8
                } else {
                    while bits < width {
                        acc |= UInt64(p.load(as: UInt8.self)) << bits
                        p += 1
                        bits += 8
                    }
                }
            }
            (out + i).initialize(to: T(truncatingIfNeeded: acc & mask))
            acc >>= width
            bits -= width
            i += 1
        }
    }
}
