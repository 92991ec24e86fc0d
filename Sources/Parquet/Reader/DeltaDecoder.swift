/// Decoders for DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY.
struct DeltaDecoder {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    init(bytes: [UInt8], position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = min(end, bytes.count)
    }

    private mutating func varint() throws(ParquetError) -> UInt64 {
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
        throw ParquetError(.corruptPage, "bad varint in delta encoding", offset: position)
    }

    private mutating func zigzag() throws(ParquetError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// Decodes a DELTA_BINARY_PACKED stream; `count` caps the values taken (nil: all in the header).
    mutating func binaryPacked(count: Int?) throws(ParquetError) -> [Int64] {
        let blockSize = try varint()
        let miniblocks = try varint()
        let total = try varint()
        var last = try zigzag()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 16, miniblocks > 0, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 32 == 0
        else { throw ParquetError(.corruptPage, "bad delta header", offset: position) }
        let wanted = min(Int(min(total, UInt64(Int32.max))), count ?? Int.max)
        let maxBlocks = max(0, end - position) / (1 + Int(miniblocks)) + 1
        guard wanted <= maxBlocks * Int(blockSize) + 1 else {
            throw ParquetError(.corruptPage, "delta value count exceeds the data", offset: position)
        }
        var out: [Int64] = []
        out.reserveCapacity(min(wanted, 1 << 20))
        if wanted > 0 { out.append(last) }
        let perMini = Int(blockSize / miniblocks)
        while out.count < wanted {
            let minDelta = try zigzag()
            guard Int(miniblocks) <= end - position else {
                throw ParquetError(.corruptPage, "delta block ends early", offset: position)
            }
            let widths = Array(bytes[position..<position + Int(miniblocks)])
            position += Int(miniblocks)
            for width in widths where out.count < wanted {
                let w = Int(width)
                guard w <= 64 else { throw ParquetError(.corruptPage, "delta bit width \(w)", offset: position) }
                let byteCount = perMini * w / 8
                guard byteCount <= end - position else {
                    throw ParquetError(.corruptPage, "delta miniblock ends early", offset: position)
                }
                var bitPos = 0
                for _ in 0..<perMini where out.count < wanted {
                    var v: UInt64 = 0
                    if w > 0 {
                        var got = 0
                        while got < w {
                            let byte = UInt64(bytes[position + (bitPos >> 3)])
                            let offsetInByte = bitPos & 7
                            let take = min(8 - offsetInByte, w - got)
                            v |= ((byte >> UInt64(offsetInByte)) & ((1 << UInt64(take)) - 1)) << UInt64(got)
                            got += take
                            bitPos += take
                        }
                    }
                    last = last &+ minDelta &+ Int64(bitPattern: v)
                    out.append(last)
                }
                position += byteCount
            }
        }
        return out
    }

    /// DELTA_LENGTH_BYTE_ARRAY: lengths (delta-packed) then the concatenated bytes.
    mutating func lengthByteArray(count: Int) throws(ParquetError) -> LeafValues {
        let lengths = try binaryPacked(count: count)
        guard lengths.count == count else { throw ParquetError(.corruptPage, "too few lengths", offset: position) }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(count + 1)
        var total = 0
        for n in lengths {
            guard n >= 0, n <= Int64(end - position - total) else {
                throw ParquetError(.corruptPage, "byte array length out of range", offset: position)
            }
            total += Int(n)
            offsets.append(Int32(total))
        }
        let data = Array(bytes[position..<position + total])
        position += total
        return .bytes(offsets: offsets, data: data)
    }

    /// DELTA_BYTE_ARRAY: prefix lengths, then suffixes as DELTA_LENGTH_BYTE_ARRAY. Each value repeats up to the
    /// whole previous value, so a small page can describe a large output: its size is computed first and passed
    /// to `charge` before anything is copied.
    mutating func byteArray(
        count: Int, fixedWidth: Int?, charge: (Int) throws(ParquetError) -> Void
    ) throws(ParquetError) -> LeafValues {
        let prefixes = try binaryPacked(count: count)
        guard prefixes.count == count else { throw ParquetError(.corruptPage, "too few prefixes", offset: position) }
        guard case let .bytes(suffixOffsets, suffixData) = try lengthByteArray(count: count) else {
            return .bytes(offsets: [0], data: [])
        }
        var total = 0
        var previousLength = 0
        for i in 0..<count {
            let prefix = prefixes[i]
            guard prefix >= 0, prefix <= Int64(previousLength) else {
                throw ParquetError(.corruptPage, "bad prefix length", offset: position)
            }
            previousLength = Int(prefix) + Int(suffixOffsets[i + 1] - suffixOffsets[i])
            total += previousLength
            guard total <= Int(Int32.max) else { throw ParquetError(.unsupported, "byte array data over 2 GiB") }
        }
        try charge(total)
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(count + 1)
        var data: [UInt8] = []
        data.reserveCapacity(total)
        var previous = 0..<0
        for i in 0..<count {
            let prefix = Int(prefixes[i])
            let start = data.count
            data.append(contentsOf: data[previous.lowerBound..<previous.lowerBound + prefix])
            data.append(contentsOf: suffixData[Int(suffixOffsets[i])..<Int(suffixOffsets[i + 1])])
            previous = start..<data.count
            offsets.append(Int32(data.count))
        }
        if let fixedWidth { return .fixed(width: fixedWidth, data: data) }
        return .bytes(offsets: offsets, data: data)
    }
}
