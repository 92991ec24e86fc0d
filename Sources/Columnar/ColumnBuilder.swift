/// Builds a `Column` value by value. A reference type so that nested builders mutate in place.
/// Not thread-safe: one builder belongs to one task.
public final class ColumnBuilder {
    public let type: DataType
    public private(set) var count = 0
    private var validity = Bitmap()
    private var hasNull = false
    private var storage: BuilderStorage

    private enum BuilderStorage {
        case boolean(Bitmap)
        case int32([Int32])
        case int64([Int64])
        case float32([Float])
        case float64([Double])
        case decimal([Int128])
        case bytes(offsets: [Int32], data: [UInt8])
        case `struct`([ColumnBuilder])
        case list(offsets: [Int32], values: ColumnBuilder)
        case map(offsets: [Int32], keys: ColumnBuilder, values: ColumnBuilder)
    }

    public init(type: DataType, capacity: Int = 0) {
        self.type = type
        switch type {
        case .boolean: storage = .boolean(Bitmap())
        case .int32, .date: storage = .int32([])
        case .int64, .timestamp: storage = .int64([])
        case .float32: storage = .float32([])
        case .float64: storage = .float64([])
        case .decimal: storage = .decimal([])
        case .string, .binary: storage = .bytes(offsets: [0], data: [])
        case let .struct(fields): storage = .struct(fields.map { ColumnBuilder(type: $0.type, capacity: capacity) })
        case let .list(element): storage = .list(offsets: [0], values: ColumnBuilder(type: element.type))
        case let .map(key, value):
            storage = .map(offsets: [0], keys: ColumnBuilder(type: key.type), values: ColumnBuilder(type: value.type))
        }
        if capacity > 0 { reserveCapacity(capacity) }
    }

    public func reserveCapacity(_ n: Int) {
        validity.reserveCapacity(n)
        switch storage {
        case var .int32(v): v.reserveCapacity(n); storage = .int32(v)
        case var .int64(v): v.reserveCapacity(n); storage = .int64(v)
        case var .float64(v): v.reserveCapacity(n); storage = .float64(v)
        default: break
        }
    }

    /// Appends a null (also for required fields; callers validate nullability, see `append(_:)`).
    public func appendNull() {
        validity.append(false)
        hasNull = true
        count += 1
        // `if case` bindings (not `switch`) so the payload array is uniquely referenced and appends in place.
        if case var .boolean(v) = storage {
            storage = .int32([]); v.append(false); storage = .boolean(v)
        } else if case var .int32(v) = storage {
            storage = .boolean(Bitmap()); v.append(0); storage = .int32(v)
        } else if case var .int64(v) = storage {
            storage = .boolean(Bitmap()); v.append(0); storage = .int64(v)
        } else if case var .float32(v) = storage {
            storage = .boolean(Bitmap()); v.append(0); storage = .float32(v)
        } else if case var .float64(v) = storage {
            storage = .boolean(Bitmap()); v.append(0); storage = .float64(v)
        } else if case var .decimal(v) = storage {
            storage = .boolean(Bitmap()); v.append(0); storage = .decimal(v)
        } else if case .bytes(var offsets, let data) = storage {
            storage = .boolean(Bitmap())
            offsets.append(Int32(data.count))
            storage = .bytes(offsets: offsets, data: data)
        } else if case let .struct(children) = storage {
            for child in children { child.appendNull() }
        } else if case .list(var offsets, let values) = storage {
            storage = .boolean(Bitmap())
            offsets.append(offsets[offsets.count - 1])
            storage = .list(offsets: offsets, values: values)
        } else if case .map(var offsets, let keys, let values) = storage {
            storage = .boolean(Bitmap())
            offsets.append(offsets[offsets.count - 1])
            storage = .map(offsets: offsets, keys: keys, values: values)
        }
    }

    @inline(__always)
    private func markValid() {
        validity.append(true)
        count += 1
    }

    // MARK: Typed fast paths. Each requires the builder's type to match and does nothing otherwise.

    public func append(bool value: Bool) {
        guard case var .boolean(v) = storage else { return }
        storage = .int32([])
        v.append(value)
        storage = .boolean(v)
        markValid()
    }

    public func append(int32 value: Int32) {
        guard case var .int32(v) = storage else { return }
        storage = .boolean(Bitmap())
        v.append(value)
        storage = .int32(v)
        markValid()
    }

    public func append(int64 value: Int64) {
        guard case var .int64(v) = storage else { return }
        storage = .boolean(Bitmap())
        v.append(value)
        storage = .int64(v)
        markValid()
    }

    public func append(float64 value: Double) {
        if case var .float64(v) = storage {
            storage = .boolean(Bitmap())
            v.append(value)
            storage = .float64(v)
        } else if case var .float32(v) = storage {
            storage = .boolean(Bitmap())
            v.append(Float(value))
            storage = .float32(v)
        } else {
            return
        }
        markValid()
    }

    public func append(decimal value: Int128) {
        guard case var .decimal(v) = storage else { return }
        storage = .boolean(Bitmap())
        v.append(value)
        storage = .decimal(v)
        markValid()
    }

    public func append<C: Collection>(bytes value: C) where C.Element == UInt8 {
        guard case .bytes(var offsets, var data) = storage else { return }
        storage = .boolean(Bitmap())
        data.append(contentsOf: value)
        offsets.append(Int32(truncatingIfNeeded: data.count))
        storage = .bytes(offsets: offsets, data: data)
        markValid()
    }

    /// Non-generic fast path for raw bytes (the generic version is not specialized across modules).
    public func append(bytes value: UnsafeBufferPointer<UInt8>) {
        guard case .bytes(var offsets, var data) = storage else { return }
        storage = .boolean(Bitmap())
        data.append(contentsOf: value)
        offsets.append(Int32(truncatingIfNeeded: data.count))
        storage = .bytes(offsets: offsets, data: data)
        markValid()
    }

    public func append(string value: String) {
        var value = value
        value.withUTF8 { append(bytes: $0) }
    }

    /// The child builders of a struct builder (append to every child, then call `appendStructSlot()`).
    public var structChildren: [ColumnBuilder] {
        if case let .struct(children) = storage { return children }
        return []
    }

    /// Marks one present struct value after its children each got one value.
    public func appendStructSlot() {
        markValid()
    }

    /// The element builder of a list builder (append the elements, then `appendListSlot(count:)`).
    public var listValues: ColumnBuilder? {
        if case let .list(_, values) = storage { return values }
        return nil
    }

    /// Closes one present list value made of the elements appended since the last slot.
    public func appendListSlot() {
        if case .list(var offsets, let values) = storage {
            storage = .boolean(Bitmap())
            offsets.append(Int32(values.count))
            storage = .list(offsets: offsets, values: values)
        } else if case .map(var offsets, let keys, let values) = storage {
            storage = .boolean(Bitmap())
            offsets.append(Int32(keys.count))
            storage = .map(offsets: offsets, keys: keys, values: values)
        } else {
            return
        }
        markValid()
    }

    /// The key and value builders of a map builder (append entries, then `appendListSlot()`).
    public var mapBuilders: (keys: ColumnBuilder, values: ColumnBuilder)? {
        if case let .map(_, keys, values) = storage { return (keys, values) }
        return nil
    }

    // MARK: Generic path

    /// Appends any value, checking it against the type. `path` names the field in errors.
    ///
    /// Switches on the declared type, never on `storage`: binding the storage arrays in the switch would
    /// keep a second reference and make every append copy the whole column.
    public func append(_ value: Value, path: String = "") throws(ColumnarError) {
        switch (value, type) {
        case (.null, _):
            appendNull()
        case let (.boolean(b), .boolean):
            append(bool: b)
        case let (.int(i), .int32):
            guard let narrow = Int32(exactly: i) else {
                throw ColumnarError(.outOfRange, "\(i) does not fit int32", fieldPath: path)
            }
            append(int32: narrow)
        case let (.date(d), .date):
            append(int32: d)
        case let (.int(i), .int64):
            append(int64: i)
        case let (.timestamp(t), .timestamp):
            append(int64: t)
        case let (.float(f), .float64), let (.float(f), .float32):
            append(float64: f)
        case let (.int(i), .float64), let (.int(i), .float32):
            append(float64: Double(i))
        case let (.decimal(d), .decimal):
            append(decimal: d)
        case let (.string(s), .string):
            append(string: s)
        case let (.binary(b), .binary):
            append(bytes: b)
        case let (.struct(values), .struct(fields)):
            let children = structChildren
            guard values.count == children.count else {
                throw ColumnarError(
                    .lengthMismatch, "struct has \(values.count) values for \(children.count) fields", fieldPath: path)
            }
            for (i, child) in children.enumerated() {
                let childPath = path.isEmpty ? fields[i].name : path + "." + fields[i].name
                if values[i].isNull, !fields[i].nullable {
                    throw ColumnarError(.nullInRequiredField, "required field is missing", fieldPath: childPath)
                }
                try child.append(values[i], path: childPath)
            }
            appendStructSlot()
        case let (.list(items), .list(element)):
            guard let values = listValues else { return }
            for (i, item) in items.enumerated() {
                if item.isNull, !element.nullable {
                    throw ColumnarError(.nullInRequiredField, "list element is null", fieldPath: "\(path)[\(i)]")
                }
                try values.append(item, path: "\(path)[\(i)]")
            }
            appendListSlot()
        case let (.map(entries), .map):
            guard let (keys, values) = mapBuilders else { return }
            for entry in entries {
                if entry.key.isNull {
                    throw ColumnarError(.nullInRequiredField, "map key is null", fieldPath: path)
                }
                try keys.append(entry.key, path: path + ".key")
                try values.append(entry.value, path: path + ".value")
            }
            appendListSlot()
        default:
            throw ColumnarError(.typeMismatch, "expected \(type), got \(value.kindName)", fieldPath: path)
        }
    }

    /// The finished column. The builder must not be used afterwards.
    public func finish() -> Column {
        let column: Column.Storage
        switch storage {
        case let .boolean(v): column = .boolean(v)
        case let .int32(v): column = .int32(v)
        case let .int64(v): column = .int64(v)
        case let .float32(v): column = .float32(v)
        case let .float64(v): column = .float64(v)
        case let .decimal(v): column = .decimal(v)
        case let .bytes(offsets, data): column = .bytes(offsets: offsets, data: data)
        case let .struct(children): column = .struct(children.map { $0.finish() })
        case let .list(offsets, values): column = .list(offsets: offsets, values: values.finish())
        case let .map(offsets, keys, values):
            column = .map(offsets: offsets, keys: keys.finish(), values: values.finish())
        }
        return Column(type: type, count: count, validity: hasNull ? validity : nil, storage: column)
    }
}

extension Value {
    /// A short name of the value's kind for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .int: return "integer"
        case .float: return "number"
        case .decimal: return "decimal"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .struct: return "object"
        case .list: return "array"
        case .map: return "map"
        }
    }
}
