import Columnar

/// Appends already validated `Value`s through `ColumnBuilder`'s typed fast paths.
///
/// `ColumnBuilder.append(_:path:)` switches over `(value, storage)`, and that tuple holds a second reference
/// to the builder's array, so each append there copies the whole column (quadratic). The typed appends
/// mutate in place. Values must already match the builder's type (the CSV and Parquet readers check them).
enum ValueAppender {
    static func append(_ value: Value, to builder: ColumnBuilder) {
        if value.isNull {
            builder.appendNull()
            return
        }
        switch (value, builder.type) {
        case let (.boolean(flag), _):
            builder.append(bool: flag)
        case let (.int(number), .int32):
            builder.append(int32: Int32(truncatingIfNeeded: number))
        case let (.int(number), .int64):
            builder.append(int64: number)
        case let (.int(number), .float32), let (.int(number), .float64):
            builder.append(float64: Double(number))
        case let (.float(number), _):
            builder.append(float64: number)
        case let (.decimal(unscaled), _):
            builder.append(decimal: unscaled)
        case let (.string(text), _):
            builder.append(string: text)
        case let (.binary(bytes), _):
            builder.append(bytes: bytes)
        case let (.date(days), _):
            builder.append(int32: days)
        case let (.timestamp(micros), _):
            builder.append(int64: micros)
        case let (.struct(values), _):
            for (child, childValue) in zip(builder.structChildren, values) { append(childValue, to: child) }
            builder.appendStructSlot()
        case let (.list(items), _):
            if let element = builder.listValues {
                for item in items { append(item, to: element) }
            }
            builder.appendListSlot()
        case let (.map(entries), _):
            if let (keys, values) = builder.mapBuilders {
                for entry in entries {
                    append(entry.key, to: keys)
                    append(entry.value, to: values)
                }
            }
            builder.appendListSlot()
        default:
            builder.appendNull()
        }
    }
}
