import Columnar

/// Maps an Outflow `Schema` to Parquet's flattened schema (depth-first `SchemaElement`s) and describes
/// each leaf column the writer produces.
enum ParquetSchemaBuilder {
    /// The physical layout of one decimal precision.
    static func decimalPhysical(precision: Int) -> (PhysicalType, Int32?) {
        if precision <= 9 { return (.int32, nil) }
        if precision <= 18 { return (.int64, nil) }
        return (.fixedLenByteArray, Int32(decimalByteWidth(precision: precision)))
    }

    /// The fewest bytes whose signed range holds every value of `precision` digits.
    static func decimalByteWidth(precision: Int) -> Int {
        var maxValue: Int128 = 1
        for _ in 0..<min(precision, 38) { maxValue *= 10 }
        maxValue -= 1
        var width = 1
        while width < 16 && maxValue >= (Int128(1) << (8 * width - 1)) { width += 1 }
        return width
    }

    static func elements(for schema: Schema) throws(ParquetError) -> [SchemaElement] {
        var root = SchemaElement(name: "schema")
        root.numChildren = Int32(schema.fields.count)
        var out = [root]
        for field in schema.fields {
            try append(field, repetition: field.nullable ? .optional : .required, to: &out, path: field.name)
        }
        return out
    }

    private static func append(
        _ field: Field, repetition: Repetition, to out: inout [SchemaElement], path: String
    ) throws(ParquetError) {
        var e = SchemaElement(name: field.name)
        e.repetition = repetition.rawValue
        switch field.type {
        case .boolean: e.type = PhysicalType.boolean.rawValue
        case .int32: e.type = PhysicalType.int32.rawValue
        case .int64: e.type = PhysicalType.int64.rawValue
        case .float32: e.type = PhysicalType.float.rawValue
        case .float64: e.type = PhysicalType.double.rawValue
        case let .decimal(p, s):
            guard p >= 1 && p <= 38 && s >= 0 && s <= p else {
                throw ParquetError(.invalidArgument, "decimal(\(p),\(s)) is out of range", fieldPath: path)
            }
            let (physical, width) = decimalPhysical(precision: p)
            e.type = physical.rawValue
            e.typeLength = width
            e.convertedType = ConvertedType.decimal.rawValue
            e.precision = Int32(p)
            e.scale = Int32(s)
            e.logicalType = .decimal(scale: Int32(s), precision: Int32(p))
        case .string:
            e.type = PhysicalType.byteArray.rawValue
            e.convertedType = ConvertedType.utf8.rawValue
            e.logicalType = .string
        case .binary: e.type = PhysicalType.byteArray.rawValue
        case .date:
            e.type = PhysicalType.int32.rawValue
            e.convertedType = ConvertedType.date.rawValue
            e.logicalType = .date
        case .timestamp:
            e.type = PhysicalType.int64.rawValue
            e.convertedType = ConvertedType.timestampMicros.rawValue
            e.logicalType = .timestamp(utc: true, unit: .micros)
        case let .struct(children):
            guard !children.isEmpty else {
                throw ParquetError(.unsupported, "Parquet cannot store a struct without fields", fieldPath: path)
            }
            e.numChildren = Int32(children.count)
            out.append(e)
            for child in children {
                try append(
                    child, repetition: child.nullable ? .optional : .required, to: &out, path: path + "." + child.name)
            }
            return
        case let .list(element):
            e.numChildren = 1
            e.convertedType = ConvertedType.list.rawValue
            e.logicalType = .list
            out.append(e)
            var group = SchemaElement(name: "list")
            group.repetition = Repetition.repeated.rawValue
            group.numChildren = 1
            out.append(group)
            var renamed = element
            renamed.name = "element"
            try append(renamed, repetition: element.nullable ? .optional : .required, to: &out, path: path + ".element")
            return
        case let .map(key, value):
            e.numChildren = 1
            e.convertedType = ConvertedType.map.rawValue
            e.logicalType = .map
            out.append(e)
            var group = SchemaElement(name: "key_value")
            group.repetition = Repetition.repeated.rawValue
            group.numChildren = 2
            out.append(group)
            var k = key
            k.name = "key"
            try append(k, repetition: .required, to: &out, path: path + ".key")
            var v = value
            v.name = "value"
            try append(v, repetition: value.nullable ? .optional : .required, to: &out, path: path + ".value")
            return
        }
        out.append(e)
    }
}
