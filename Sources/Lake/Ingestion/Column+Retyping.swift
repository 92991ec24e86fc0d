import Columnar

extension Column {
    /// This column relabelled with `target`, when the two types differ only in field metadata (labels,
    /// descriptions) or in nullability the data satisfies; nil when shapes, names or scalar types differ, or
    /// when a field `target` requires holds a null. No values are copied.
    func retyped(to target: DataType) -> Column? {
        if type == target { return self }
        switch (storage, type, target) {
        case let (.struct(children), .struct(ownFields), .struct(fields)):
            guard ownFields.count == fields.count, zip(ownFields, fields).allSatisfy({ $0.name == $1.name }) else {
                return nil
            }
            var out: [Column] = []
            out.reserveCapacity(children.count)
            for (child, field) in zip(children, fields) {
                guard let retyped = child.retyped(to: field.type) else { return nil }
                if !field.nullable, retyped.nullCount > 0,
                    (0..<count).contains(where: { retyped.isNull($0) && !isNull($0) })
                {
                    return nil
                }
                out.append(retyped)
            }
            return Column(type: target, count: count, validity: validity, storage: .struct(out))
        case let (.list(offsets, values), .list, .list(element)):
            guard let retyped = values.retyped(to: element.type), element.nullable || retyped.nullCount == 0 else {
                return nil
            }
            return Column(
                type: target, count: count, validity: validity, storage: .list(offsets: offsets, values: retyped))
        case let (.map(offsets, keys, values), .map, .map(keyField, valueField)):
            guard let newKeys = keys.retyped(to: keyField.type), newKeys.nullCount == 0,
                let newValues = values.retyped(to: valueField.type), valueField.nullable || newValues.nullCount == 0
            else { return nil }
            return Column(
                type: target, count: count, validity: validity,
                storage: .map(offsets: offsets, keys: newKeys, values: newValues))
        default:
            return nil
        }
    }
}
