import Columnar

/// Checks and converts values of a source type (for example a Parquet file's) into a dataset field's type.
enum ValueConformance {
    struct Failure: Error, Sendable {
        var fieldPath: String
        var reason: String
    }

    /// Why values of `source` cannot become `target` (nil when they can, possibly widened).
    static func incompatibility(from source: DataType, to target: DataType, path: String) -> Failure? {
        switch (source, target) {
        case (.int32, .int64), (.int32, .float32), (.int32, .float64), (.int64, .float32), (.int64, .float64),
            (.float32, .float64):
            return nil
        case let (.struct(sourceFields), .struct(targetFields)):
            for field in sourceFields {
                guard let target = targetFields.first(where: { $0.name == field.name }) else {
                    return Failure(fieldPath: path + "." + field.name, reason: "field is not in the dataset schema")
                }
                if let failure = incompatibility(from: field.type, to: target.type, path: path + "." + field.name) {
                    return failure
                }
            }
            return nil
        case let (.list(sourceElement), .list(targetElement)):
            return incompatibility(from: sourceElement.type, to: targetElement.type, path: path + "[]")
        case let (.map(sourceKey, sourceValue), .map(targetKey, targetValue)):
            return incompatibility(from: sourceKey.type, to: targetKey.type, path: path + ".key")
                ?? incompatibility(from: sourceValue.type, to: targetValue.type, path: path + ".value")
        default:
            return source == target
                ? nil : Failure(fieldPath: path, reason: "file has \(source), dataset expects \(target)")
        }
    }

    /// `value` (of `source`, nil = field absent) as a value of `target`, checking nullability at every level.
    static func convert(_ value: Value, from source: DataType?, to target: Field, path: String) -> Result<
        Value, Failure
    > {
        if value.isNull {
            return target.nullable
                ? .success(.null) : .failure(Failure(fieldPath: path, reason: "required field is missing"))
        }
        switch (value, target.type) {
        case let (.int(number), .int32):
            guard Int32(exactly: number) != nil else {
                return .failure(Failure(fieldPath: path, reason: "\(number) does not fit int32"))
            }
            return .success(value)
        case let (.int(number), .float32), let (.int(number), .float64):
            return .success(.float(Double(number)))
        case let (.struct(values), .struct(targetFields)):
            guard case let .struct(sourceFields)? = source else { return .success(value) }
            var out: [Value] = []
            for field in targetFields {
                let childPath = path + "." + field.name
                let index = sourceFields.firstIndex { $0.name == field.name }
                let child = index.map { values[$0] } ?? .null
                switch convert(child, from: index.map { sourceFields[$0].type }, to: field, path: childPath) {
                case let .failure(failure): return .failure(failure)
                case let .success(converted): out.append(converted)
                }
            }
            return .success(.struct(out))
        case let (.list(items), .list(element)):
            var sourceElement: DataType?
            if case let .list(field)? = source { sourceElement = field.type }
            var out: [Value] = []
            for (index, item) in items.enumerated() {
                switch convert(item, from: sourceElement, to: element, path: "\(path)[\(index)]") {
                case let .failure(failure): return .failure(failure)
                case let .success(converted): out.append(converted)
                }
            }
            return .success(.list(out))
        case let (.map(entries), .map(_, valueField)):
            var sourceValue: DataType?
            if case let .map(_, field)? = source { sourceValue = field.type }
            var out: [MapEntry] = []
            for entry in entries {
                guard !entry.key.isNull else { return .failure(Failure(fieldPath: path, reason: "map key is null")) }
                switch convert(entry.value, from: sourceValue, to: valueField, path: path + ".value") {
                case let .failure(failure): return .failure(failure)
                case let .success(converted): out.append(MapEntry(key: entry.key, value: converted))
                }
            }
            return .success(.map(out))
        default:
            return .success(value)
        }
    }
}
