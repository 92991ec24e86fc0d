public import Columnar

/// Arrays and rows built by queries (`ARRAY[...]`, `ROW(...)`, `array_agg`, casts) over the lake's nested
/// Columnar types. An element or field whose Columnar layout does not name its SQL type (time is int64, interval
/// and unconstrained numeric are structs, timestamp without time zone is a timestamp) carries the SQL type in its
/// field's metadata, so the values read back as they were written.
extension SQLType {
    static let metadataKey = "sql.type"

    /// The field holding values of `type` inside an array or a row.
    static func field(_ name: String, _ type: SQLType) -> Field {
        var metadata: [String: String] = [:]
        switch type {
        case .time: metadata[metadataKey] = "time"
        case .interval: metadata[metadataKey] = "interval"
        case .numeric(nil, _): metadata[metadataKey] = "numeric"
        case .timestamp(false): metadata[metadataKey] = "timestamp"
        default: break
        }
        let layout = type == .unknown ? DataType.string : type.dataType
        return Field(name, layout, nullable: true, metadata: metadata)
    }

    /// The SQL type of the values of `field` (an array's element, a row's field).
    public init(field: Field) {
        switch field.metadata[SQLType.metadataKey] {
        case "time": self = .time
        case "interval": self = .interval
        case "numeric": self = .anyNumeric
        case "timestamp": self = .timestamp(withTimeZone: false)
        default: self.init(field.type)
        }
    }

    /// The array type of `element` values (PostgreSQL's `element[]`).
    static func arrayOf(_ element: SQLType) -> SQLType { .array(field("element", element)) }

    /// The row type of `ROW(a, b, ...)`: fields `f1`, `f2`, ... as PostgreSQL names them.
    static func rowOf(_ types: [SQLType]) -> SQLType {
        .record(types.enumerated().map { field("f\($0.offset + 1)", $0.element) })
    }

    /// The element type of an array type.
    var elementType: SQLType? {
        if case let .array(element) = self { return SQLType(field: element) }
        return nil
    }

    /// The innermost element type and the number of array levels (a PostgreSQL multidimensional array is an
    /// array of arrays here).
    var arrayBase: (element: SQLType, dimensions: Int) {
        var current = self
        var dimensions = 0
        while let element = current.elementType {
            current = element
            dimensions += 1
        }
        return (current, dimensions)
    }

    var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    /// The same type, arrays compared by their element types only (a lake list's element field has its own
    /// name and nullability).
    var normalizedArray: SQLType {
        if let element = elementType { return .arrayOf(element.normalizedArray) }
        return self
    }
}
