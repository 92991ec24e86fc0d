/// Decodes PLAIN and BYTE_STREAM_SPLIT values from page bytes, with bounds checks.
enum PlainDecoder {
    static func decode(
        _ bytes: [UInt8], position: Int, end: Int, count: Int, physical: PhysicalType, typeLength: Int
    ) throws(ParquetError) -> (LeafValues, Int) {
        let available = max(0, end - position)
        func fixed<T>(_ size: Int, _ make: ([T]) -> LeafValues, _ zero: T) throws(ParquetError) -> (LeafValues, Int) {
            guard count <= available / size else { throw short(position) }
            var out = [T](repeating: zero, count: count)
            out.withUnsafeMutableBytes { dst in
                bytes.withUnsafeBytes { src in
                    dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[position..<position + count * size]))
                }
            }
            return (make(out), position + count * size)
        }
        switch physical {
        case .boolean:
            guard (count + 7) / 8 <= available else { throw short(position) }
            var out = [Bool]()
            out.reserveCapacity(count)
            for i in 0..<count { out.append(bytes[position + i / 8] & (1 << UInt8(i % 8)) != 0) }
            return (.boolean(out), position + (count + 7) / 8)
        case .int32: return try fixed(4, { .int32($0) }, Int32(0))
        case .int64: return try fixed(8, { .int64($0) }, Int64(0))
        case .float: return try fixed(4, { .float($0) }, Float(0))
        case .double: return try fixed(8, { .double($0) }, Double(0))
        case .int96, .fixedLenByteArray:
            let width = physical == .int96 ? 12 : typeLength
            guard width > 0, count <= available / width else { throw short(position) }
            return (
                .fixed(width: width, data: Array(bytes[position..<position + count * width])), position + count * width
            )
        case .byteArray:
            guard count <= available / 4 else { throw short(position) }
            var offsets: [Int32] = [0]
            offsets.reserveCapacity(count + 1)
            var data: [UInt8] = []
            data.reserveCapacity(available)
            var p = position
            for _ in 0..<count {
                guard end - p >= 4 else { throw short(p) }
                let n = Int(bytes[p]) | Int(bytes[p + 1]) << 8 | Int(bytes[p + 2]) << 16 | Int(bytes[p + 3]) << 24
                p += 4
                guard n <= end - p else { throw short(p) }
                data.append(contentsOf: bytes[p..<p + n])
                p += n
                guard data.count <= Int(Int32.max) else {
                    throw ParquetError(.unsupported, "byte array data over 2 GiB")
                }
                offsets.append(Int32(data.count))
            }
            return (.bytes(offsets: offsets, data: data), p)
        }
    }

    /// BYTE_STREAM_SPLIT: byte `k` of value `i` is at `k * count + i`.
    static func decodeByteStreamSplit(
        _ bytes: [UInt8], position: Int, end: Int, count: Int, physical: PhysicalType, typeLength: Int
    ) throws(ParquetError) -> LeafValues {
        let width: Int
        switch physical {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = typeLength
        default: throw ParquetError(.unsupported, "BYTE_STREAM_SPLIT for \(physical.name)")
        }
        guard width > 0, count <= max(0, end - position) / width else { throw short(position) }
        var plain = [UInt8](repeating: 0, count: count * width)
        for i in 0..<count {
            for k in 0..<width { plain[i * width + k] = bytes[position + k * count + i] }
        }
        return try decode(
            plain, position: 0, end: plain.count, count: count, physical: physical, typeLength: typeLength
        ).0
    }

    static func short(_ position: Int) -> ParquetError {
        ParquetError(.corruptPage, "page values end early", offset: position)
    }
}
