/// Decodes PLAIN and BYTE_STREAM_SPLIT values from page bytes, with bounds checks.
enum PlainDecoder {
    /// Decodes `count` PLAIN values from `bytes[position..<end]`; returns them and the position after them.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, position: Int, end: Int, count: Int, physical: PhysicalType, typeLength: Int
    ) throws(ParquetError) -> (LeafValues, Int) {
        var values = LeafValues.empty(for: physical, typeLength: typeLength)
        let next = try values.appendPlain(bytes, at: position, end: end, count: count)
        return (values, next)
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
        return try plain.withUnsafeBufferPointer { (buffer) throws(ParquetError) -> LeafValues in
            let raw = UnsafeRawBufferPointer(buffer)
            return try decode(
                raw, position: 0, end: raw.count, count: count, physical: physical, typeLength: typeLength
            ).0
        }
    }

    static func short(_ position: Int) -> ParquetError {
        ParquetError(.corruptPage, "page values end early", offset: position)
    }
}
