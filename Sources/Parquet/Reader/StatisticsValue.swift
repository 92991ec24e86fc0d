import Columnar

/// Decodes PLAIN-encoded statistics bytes into values of the leaf's Outflow type.
enum StatisticsValue {
    static func decode(_ bytes: [UInt8], leaf: LeafDescriptor) -> Value? {
        func le<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            var v: T = 0
            for (i, b) in bytes.enumerated() { v |= T(truncatingIfNeeded: b) << (8 * i) }
            return v
        }
        switch (leaf.physical, leaf.type) {
        case (.boolean, _): return bytes.first.map { .boolean($0 != 0) }
        case (.int32, .date): return le(Int32.self).map { .date($0) }
        case (.int32, .decimal): return le(Int32.self).map { .decimal(Int128($0)) }
        case (.int32, .int64): return le(UInt32.self).map { .int(Int64($0)) }
        case (.int32, _): return le(Int32.self).map { .int(Int64($0)) }
        case (.int64, .decimal): return le(Int64.self).map { .decimal(Int128($0)) }
        case (.int64, .timestamp):
            guard let raw = le(Int64.self) else { return nil }
            if case let .timestampUnit(divisor, multiplier) = LeafTypeMapping.conversion(for: leaf) {
                return .timestamp(LeafTypeMapping.floorDivide(raw, divisor) &* multiplier)
            }
            return .timestamp(raw)
        case (.int64, _): return le(Int64.self).map { .int($0) }
        case (.float, _): return le(UInt32.self).map { .float(Double(Float(bitPattern: $0))) }
        case (.double, _): return le(UInt64.self).map { .float(Double(bitPattern: $0)) }
        case (.byteArray, .string): return .string(String(decoding: bytes, as: UTF8.self))
        case (.byteArray, .decimal), (.fixedLenByteArray, .decimal):
            guard bytes.count <= 16 else { return nil }
            return .decimal(ValueConverter.bigEndian(bytes, 0..<bytes.count))
        case (.byteArray, _), (.fixedLenByteArray, _): return .binary(bytes)
        default: return nil
        }
    }
}
