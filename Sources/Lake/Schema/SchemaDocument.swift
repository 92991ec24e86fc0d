public import Columnar
import Foundation

/// A parsed, validated schema document (see the schema document format in the Lake README) and the
/// Columnar `Schema` it describes.
public struct SchemaDocument: Sendable {
    public var title: String
    public var description: String?
    /// "ExperienceEvent" or "Record".
    public var schemaClass: String
    /// Schema-level labels as written.
    public var labels: [String]
    /// The Columnar schema: labels in field metadata `labels` (comma-joined), identity namespace in `identity`.
    public var schema: Schema

    public static let classes = ["ExperienceEvent", "Record"]

    /// Parses and validates a schema document; errors carry the JSON path and the field path.
    public static func parse(_ bytes: [UInt8]) throws(LakeError) -> SchemaDocument {
        let root: RootDocument
        do {
            root = try JSONDecoder().decode(RootDocument.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw Self.error(from: error)
        } catch {
            throw LakeError(.invalidSchema, "schema document is not valid JSON: \(error)")
        }
        guard let title = root.title, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LakeError(.invalidSchema, "schema needs a non-empty title", jsonPath: "title")
        }
        let schemaClass = root.class ?? "Record"
        guard classes.contains(schemaClass) else {
            throw LakeError(
                .invalidSchema, "unknown class '\(schemaClass)', expected one of \(classes.joined(separator: ", "))",
                jsonPath: "class")
        }
        let labels = root.labels ?? []
        try SchemaValidator.checkLabels(labels, jsonPath: "labels", fieldPath: nil)
        guard let fieldDocuments = root.fields else {
            throw LakeError(.invalidSchema, "schema needs a 'fields' array", jsonPath: "fields")
        }
        var fields = try SchemaValidator.fields(fieldDocuments, jsonPath: "fields", fieldPath: "", allowEmpty: true)
        fields = try SchemaValidator.addingClassFields(fields, schemaClass: schemaClass)
        return SchemaDocument(
            title: title, description: root.description, schemaClass: schemaClass, labels: labels,
            schema: Schema(fields))
    }

    /// Schema-level labels plus every field's labels, deduplicated and sorted.
    public var allLabels: [String] {
        var set = Set(labels)
        func collect(_ fields: [Field]) {
            for field in fields {
                for label in field.labels { set.insert(label) }
                collect(field.type.childFields)
            }
        }
        collect(schema.fields)
        return set.sorted()
    }

    /// The normalized document: canonical type names, class fields added, keys sorted.
    public var normalizedJSON: String {
        let root = RootDocument(
            title: title, description: description, class: schemaClass, labels: labels.isEmpty ? nil : labels,
            fields: schema.fields.map(SchemaValidator.document(for:)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(root) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func error(from error: DecodingError) -> LakeError {
        func path(_ codingPath: [any CodingKey]) -> String {
            var out = ""
            for key in codingPath {
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += out.isEmpty ? key.stringValue : "." + key.stringValue
                }
            }
            return out
        }
        switch error {
        case let .typeMismatch(type, context):
            return LakeError(.invalidSchema, "expected \(type)", jsonPath: path(context.codingPath))
        case let .valueNotFound(type, context):
            return LakeError(.invalidSchema, "expected \(type), found null", jsonPath: path(context.codingPath))
        case let .keyNotFound(key, context):
            return LakeError(
                .invalidSchema, "missing '\(key.stringValue)'", jsonPath: path(context.codingPath + [key]))
        case let .dataCorrupted(context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return LakeError(
                .invalidSchema, "schema document is not valid JSON\(underlying)", jsonPath: path(context.codingPath))
        @unknown default:
            return LakeError(.invalidSchema, "schema document is invalid: \(error)")
        }
    }
}

extension Field {
    /// Data-usage labels from metadata `labels`.
    public var labels: [String] {
        guard let joined = metadata["labels"], !joined.isEmpty else { return [] }
        return joined.split(separator: ",").map(String.init)
    }
}

extension DataType {
    /// Fields directly below this type (struct fields, list element's, map value's), for label walks.
    var childFields: [Field] {
        switch self {
        case let .struct(fields): return fields
        case let .list(element): return element.type.childFields
        case let .map(_, value): return value.type.childFields
        default: return []
        }
    }
}
