import Columnar

/// Which Outflow type a Parquet primitive (physical type + logical/converted annotation) reads as.
enum LeafTypeMapping {
    static func outflowType(for e: SchemaElement, physical: PhysicalType, path: String) throws(ParquetError) -> DataType
    {
        let logical = e.logicalType
        let converted = e.converted
        if case let .decimal(scale, precision) = logical {
            return try decimal(precision: Int(precision), scale: Int(scale), physical: physical, path: path)
        }
        if converted == .decimal {
            return try decimal(
                precision: Int(e.precision ?? 0), scale: Int(e.scale ?? 0), physical: physical, path: path)
        }
        switch physical {
        case .boolean: return .boolean
        case .int32:
            if logical == .date || converted == .date { return .date }
            if case let .integer(width, signed) = logical, width == 32, !signed { return .int64 }
            if converted == .uint32 { return .int64 }
            return .int32
        case .int64:
            if case .timestamp = logical { return .timestamp }
            if converted == .timestampMillis || converted == .timestampMicros { return .timestamp }
            return .int64
        case .int96: return .timestamp
        case .float: return .float32
        case .double: return .float64
        case .byteArray:
            switch logical {
            case .string?, .enumType?, .json?: return .string
            default: break
            }
            if converted == .utf8 || converted == .enumType || converted == .json { return .string }
            return .binary
        case .fixedLenByteArray: return .binary
        }
    }

    private static func decimal(precision: Int, scale: Int, physical: PhysicalType, path: String) throws(ParquetError)
        -> DataType
    {
        guard precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision else {
            throw ParquetError(
                .unsupported, "decimal(\(precision),\(scale)) is outside what Outflow holds", fieldPath: path)
        }
        switch physical {
        case .int32, .int64, .byteArray, .fixedLenByteArray: return .decimal(precision: precision, scale: scale)
        default: throw ParquetError(.unsupported, "decimal stored as \(physical.name)", fieldPath: path)
        }
    }

    /// Division rounding toward negative infinity (so 1 ns before the epoch is -1 µs, not 0).
    @inline(__always)
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let q = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? q - 1 : q
    }

    /// How a leaf's stored values turn into Outflow values.
    enum Conversion {
        case none
        case timestampUnit(divisor: Int64, multiplier: Int64)
        case int96
        case uint32
    }

    static func conversion(for leaf: LeafDescriptor) -> Conversion {
        switch (leaf.physical, leaf.type) {
        case (.int96, _): return .int96
        case (.int32, .int64): return .uint32
        case (.int64, .timestamp):
            let e = leaf.element
            if case let .timestamp(_, unit) = e.logicalType {
                switch unit {
                case .millis: return .timestampUnit(divisor: 1, multiplier: 1000)
                case .micros: return .none
                case .nanos: return .timestampUnit(divisor: 1000, multiplier: 1)
                }
            }
            if e.converted == .timestampMillis { return .timestampUnit(divisor: 1, multiplier: 1000) }
            return .none
        default: return .none
        }
    }
}
