/// One value of any `DataType`, for row-at-a-time work: ingestion, tests, samples, small results.
/// Column-at-a-time code should use `Column` storage directly.
public indirect enum Value: Sendable, Hashable {
    case null
    case boolean(Bool)
    /// Any integer type (int32, int64).
    case int(Int64)
    /// float32 or float64.
    case float(Double)
    /// Unscaled decimal; the scale comes from the type.
    case decimal(Int128)
    case string(String)
    case binary([UInt8])
    /// Days since the epoch.
    case date(Int32)
    /// Microseconds since the epoch, UTC.
    case timestamp(Int64)
    /// Struct fields in schema order.
    case `struct`([Value])
    case list([Value])
    case map([MapEntry])

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// One key/value pair of a map value.
public struct MapEntry: Sendable, Hashable {
    public var key: Value
    public var value: Value

    public init(key: Value, value: Value) {
        self.key = key
        self.value = value
    }
}
