/// One column of values of a single `DataType`, in Arrow-like layout.
///
/// Nulls are marked in `validity` (nil means every value is present); a null slot still occupies a
/// position in `storage` (its content is unspecified: zero, empty string, empty list).
public struct Column: Sendable {
    public indirect enum Storage: Sendable {
        case boolean(Bitmap)
        /// int32 and date.
        case int32([Int32])
        /// int64 and timestamp.
        case int64([Int64])
        case float32([Float])
        case float64([Double])
        /// decimal, unscaled.
        case decimal([Int128])
        /// string and binary: value `i` is `data[offsets[i]..<offsets[i+1]]`; `offsets.count == count + 1`.
        case bytes(offsets: [Int32], data: [UInt8])
        /// One child per struct field, each with `count` values.
        case `struct`([Column])
        /// Value `i` is `values[offsets[i]..<offsets[i+1]]`.
        case list(offsets: [Int32], values: Column)
        /// Entry `i` spans `keys/values[offsets[i]..<offsets[i+1]]`.
        case map(offsets: [Int32], keys: Column, values: Column)
    }

    public var type: DataType
    public var count: Int
    public var validity: Bitmap?
    public var storage: Storage

    public init(type: DataType, count: Int, validity: Bitmap?, storage: Storage) {
        self.type = type
        self.count = count
        self.validity = validity
        self.storage = storage
    }

    /// True when value `index` is null.
    @inlinable
    public func isNull(_ index: Int) -> Bool {
        guard let validity else { return false }
        return !validity[index]
    }

    /// Number of null values.
    public var nullCount: Int {
        guard let validity else { return 0 }
        return count - validity.setCount
    }
}
