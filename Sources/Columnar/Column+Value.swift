extension Column {
    /// Value `index` as a `Value` (slow path: for tests, samples and row-wise code).
    public func value(at index: Int) -> Value {
        if isNull(index) { return .null }
        switch storage {
        case let .boolean(bits):
            return .boolean(bits[index])
        case let .int32(values):
            if case .date = type { return .date(values[index]) }
            return .int(Int64(values[index]))
        case let .int64(values):
            if case .timestamp = type { return .timestamp(values[index]) }
            return .int(values[index])
        case let .float32(values):
            return .float(Double(values[index]))
        case let .float64(values):
            return .float(values[index])
        case let .decimal(values):
            return .decimal(values[index])
        case let .bytes(offsets, data):
            let bytes = Array(data[Int(offsets[index])..<Int(offsets[index + 1])])
            if case .binary = type { return .binary(bytes) }
            return .string(String(decoding: bytes, as: UTF8.self))
        case let .struct(children):
            return .struct(children.map { $0.value(at: index) })
        case let .list(offsets, values):
            return .list((Int(offsets[index])..<Int(offsets[index + 1])).map { values.value(at: $0) })
        case let .map(offsets, keys, values):
            return .map(
                (Int(offsets[index])..<Int(offsets[index + 1])).map {
                    MapEntry(key: keys.value(at: $0), value: values.value(at: $0))
                })
        }
    }

    /// All values, in order.
    public var values: [Value] {
        (0..<count).map { value(at: $0) }
    }

    /// Bytes of a string/binary value without copying into a `String`.
    public func bytes(at index: Int) -> ArraySlice<UInt8>? {
        guard case let .bytes(offsets, data) = storage else { return nil }
        return data[Int(offsets[index])..<Int(offsets[index + 1])]
    }
}

extension ColumnBatch {
    /// Every row as values, for tests and small results.
    public var rows: [[Value]] {
        (0..<rowCount).map { row($0) }
    }
}
