import Columnar

/// A schema field compiled for the NDJSON reader: its kind, nullability, name bytes and children.
final class NDJSONPlanNode: Sendable {
    enum Kind: Sendable {
        case boolean, int32, int64, float, string, binary, date, timestamp
        case decimal(precision: Int, scale: Int)
        /// Children are the struct's fields.
        case `struct`
        /// One child: the element.
        case list
        /// Two children: key (string) and value.
        case map
    }

    let kind: Kind
    let type: DataType
    let nullable: Bool
    let name: String
    let nameBytes: [UInt8]
    let children: [NDJSONPlanNode]

    init(field: Field) throws(NDJSONError) {
        type = field.type
        nullable = field.nullable
        name = field.name
        nameBytes = Array(field.name.utf8)
        switch field.type {
        case .boolean: kind = .boolean; children = []
        case .int32: kind = .int32; children = []
        case .int64: kind = .int64; children = []
        case .float32, .float64: kind = .float; children = []
        case .string: kind = .string; children = []
        case .binary: kind = .binary; children = []
        case .date: kind = .date; children = []
        case .timestamp: kind = .timestamp; children = []
        case let .decimal(precision, scale):
            guard precision >= 1, precision <= 38, scale >= 0, scale <= precision else {
                throw NDJSONError(
                    .unsupportedSchema, "\(field.name): decimal(\(precision),\(scale)) is not a valid decimal")
            }
            kind = .decimal(precision: precision, scale: scale)
            children = []
        case let .struct(fields):
            kind = .struct
            var nodes: [NDJSONPlanNode] = []
            for child in fields { nodes.append(try NDJSONPlanNode(field: child)) }
            children = nodes
        case let .list(element):
            kind = .list
            children = [try NDJSONPlanNode(field: element)]
        case let .map(key, value):
            guard key.type == .string else {
                throw NDJSONError(
                    .unsupportedSchema, "\(field.name): map keys must be strings in JSON, not \(key.type)")
            }
            kind = .map
            children = [try NDJSONPlanNode(field: key), try NDJSONPlanNode(field: value)]
        }
    }

    /// The root of a schema: a required struct of its fields.
    convenience init(schema: Schema) throws(NDJSONError) {
        try self.init(field: Field("", .struct(schema.fields), nullable: false))
    }

    /// What a value of this field must look like, for error messages.
    var expectation: String {
        switch kind {
        case .boolean: return "expected boolean (true or false)"
        case .int32: return "expected int32 (a JSON integer)"
        case .int64: return "expected int64 (a JSON integer)"
        case .float: return "expected \(type.name) (a JSON number)"
        case .string: return "expected string"
        case .binary: return "expected binary as a base64 string"
        case .date: return "expected date as a string YYYY-MM-DD"
        case .timestamp:
            return
                "expected timestamp as an ISO-8601 string with offset, e.g. 2026-11-23T10:15:30Z or 2026-11-23T10:15:30.123456+02:00"
        case let .decimal(p, s): return "expected decimal(\(p),\(s)) as a JSON number or numeric string"
        case .struct: return "expected object"
        case .list: return "expected array"
        case .map: return "expected object (map with string keys)"
        }
    }
}

extension JSONKind {
    /// How error messages name a JSON value kind.
    var label: String {
        switch self {
        case .null: return "null"
        case .true, .false: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .object: return "object"
        case .array: return "array"
        }
    }
}
