import Columnar
import Foundation

/// The Outflow schema as JSON, stored in Parquet key-value metadata under `outflow.schema` so that
/// nullability and field metadata round-trip exactly.
struct SchemaDocument: Codable {
    static let metadataKey = "outflow.schema"

    struct FieldDocument: Codable {
        var name: String
        var type: String
        var nullable: Bool
        var precision: Int?
        var scale: Int?
        /// Struct fields; the list element; or the map key and value.
        var children: [FieldDocument]?
        var metadata: [String: String]?
    }

    var fields: [FieldDocument]
    var metadata: [String: String]?

    init(_ schema: Schema) {
        fields = schema.fields.map(Self.document(for:))
        metadata = schema.metadata.isEmpty ? nil : schema.metadata
    }

    static func document(for field: Field) -> FieldDocument {
        var doc = FieldDocument(
            name: field.name, type: field.type.name, nullable: field.nullable,
            metadata: field.metadata.isEmpty ? nil : field.metadata)
        switch field.type {
        case let .decimal(p, s):
            doc.type = "decimal"
            doc.precision = p
            doc.scale = s
        case let .struct(children): doc.children = children.map(document(for:))
        case let .list(element): doc.children = [document(for: element)]
        case let .map(key, value): doc.children = [document(for: key), document(for: value)]
        default: break
        }
        return doc
    }

    static func field(from doc: FieldDocument) -> Field? {
        let type: DataType
        let children = doc.children ?? []
        switch doc.type {
        case "boolean": type = .boolean
        case "int32": type = .int32
        case "int64": type = .int64
        case "float32": type = .float32
        case "float64": type = .float64
        case "decimal":
            guard let p = doc.precision, let s = doc.scale else { return nil }
            type = .decimal(precision: p, scale: s)
        case "string": type = .string
        case "binary": type = .binary
        case "date": type = .date
        case "timestamp": type = .timestamp
        case "struct":
            var fields: [Field] = []
            for child in children {
                guard let f = field(from: child) else { return nil }
                fields.append(f)
            }
            type = .struct(fields)
        case "list":
            guard children.count == 1, let element = field(from: children[0]) else { return nil }
            type = .list(element)
        case "map":
            guard children.count == 2, let k = field(from: children[0]), let v = field(from: children[1]) else {
                return nil
            }
            type = .map(key: k, value: v)
        default: return nil
        }
        return Field(doc.name, type, nullable: doc.nullable, metadata: doc.metadata ?? [:])
    }

    /// The JSON text.
    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes the schema from JSON; nil when the text is not a valid schema document.
    static func decode(_ text: String) -> Schema? {
        guard let doc = try? JSONDecoder().decode(SchemaDocument.self, from: Data(text.utf8)) else { return nil }
        var fields: [Field] = []
        for f in doc.fields {
            guard let field = field(from: f) else { return nil }
            fields.append(field)
        }
        return Schema(fields, metadata: doc.metadata ?? [:])
    }
}

extension DataType {
    /// The type with every nested field's name and metadata cleared: the shape Parquet can carry.
    var shape: DataType {
        func strip(_ f: Field, _ name: String) -> Field { Field(name, f.type.shape, nullable: f.nullable) }
        switch self {
        case let .struct(fields): return .struct(fields.map { strip($0, $0.name) })
        case let .list(element): return .list(strip(element, ""))
        case let .map(key, value): return .map(key: strip(key, ""), value: strip(value, ""))
        default: return self
        }
    }
}
