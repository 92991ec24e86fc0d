import Columnar

/// Turns decoded field documents into Columnar fields, checking every rule of the schema document format.
enum SchemaValidator {
    static let typeAliases: [String: String] = [
        "integer": "int32", "long": "int64", "double": "float64", "number": "float64",
    ]

    static func fields(
        _ documents: [FieldDocument], jsonPath: String, fieldPath: String, allowEmpty: Bool = false
    ) throws(LakeError) -> [Field] {
        guard allowEmpty || !documents.isEmpty else {
            throw LakeError(
                .invalidSchema, "a struct needs at least one field", fieldPath: fieldPath, jsonPath: jsonPath)
        }
        var seen = Set<String>()
        var out: [Field] = []
        for (index, document) in documents.enumerated() {
            let path = "\(jsonPath)[\(index)]"
            guard let name = document.name else {
                throw LakeError(.invalidSchema, "field needs a name", fieldPath: fieldPath, jsonPath: path + ".name")
            }
            let childPath = fieldPath.isEmpty ? name : fieldPath + "." + name
            guard isValidName(name) else {
                throw LakeError(
                    .invalidSchema, "invalid field name '\(name)' (letters, digits, '_', not starting with a digit)",
                    fieldPath: childPath, jsonPath: path + ".name")
            }
            guard seen.insert(name).inserted else {
                throw LakeError(
                    .invalidSchema, "duplicate field name '\(name)'", fieldPath: childPath, jsonPath: path + ".name")
            }
            out.append(try field(document, name: name, jsonPath: path, fieldPath: childPath))
        }
        return out
    }

    static func field(_ document: FieldDocument, name: String, jsonPath: String, fieldPath: String) throws(LakeError)
        -> Field
    {
        let type = try dataType(document, jsonPath: jsonPath, fieldPath: fieldPath)
        var metadata: [String: String] = [:]
        if let labels = document.labels, !labels.isEmpty {
            try checkLabels(labels, jsonPath: jsonPath + ".labels", fieldPath: fieldPath)
            metadata["labels"] = labels.joined(separator: ",")
        }
        if let identity = document.identity {
            guard !identity.isEmpty, !identity.contains(",") else {
                throw LakeError(
                    .invalidSchema, "identity namespace must be a non-empty name", fieldPath: fieldPath,
                    jsonPath: jsonPath + ".identity")
            }
            metadata["identity"] = identity
        }
        if document.primaryIdentity == true { metadata["primaryIdentity"] = "true" }
        if let description = document.description { metadata["description"] = description }
        return Field(name, type, nullable: !(document.required ?? false), metadata: metadata)
    }

    static func dataType(_ document: FieldDocument, jsonPath: String, fieldPath: String) throws(LakeError) -> DataType {
        guard let rawType = document.type else {
            throw LakeError(.invalidSchema, "missing 'type'", fieldPath: fieldPath, jsonPath: jsonPath + ".type")
        }
        let typeName = typeAliases[rawType] ?? rawType
        switch typeName {
        case "boolean": return .boolean
        case "int32": return .int32
        case "int64": return .int64
        case "float32": return .float32
        case "float64": return .float64
        case "string": return .string
        case "binary": return .binary
        case "date": return .date
        case "timestamp": return .timestamp
        case "decimal":
            guard let precision = document.precision, (1...38).contains(precision) else {
                throw LakeError(
                    .invalidSchema, "decimal needs 'precision' in 1...38", fieldPath: fieldPath,
                    jsonPath: jsonPath + ".precision")
            }
            guard let scale = document.scale, (0...precision).contains(scale) else {
                throw LakeError(
                    .invalidSchema, "decimal needs 'scale' in 0...\(precision)", fieldPath: fieldPath,
                    jsonPath: jsonPath + ".scale")
            }
            return .decimal(precision: precision, scale: scale)
        case "struct":
            guard let children = document.fields else {
                throw LakeError(
                    .invalidSchema, "struct needs 'fields'", fieldPath: fieldPath, jsonPath: jsonPath + ".fields")
            }
            return .struct(try fields(children, jsonPath: jsonPath + ".fields", fieldPath: fieldPath))
        case "array":
            guard let items = document.items else {
                throw LakeError(
                    .invalidSchema, "array needs 'items'", fieldPath: fieldPath, jsonPath: jsonPath + ".items")
            }
            let element = try dataType(items, jsonPath: jsonPath + ".items", fieldPath: fieldPath + "[]")
            return .list(Field("element", element, nullable: true))
        case "map":
            guard let values = document.values else {
                throw LakeError(
                    .invalidSchema, "map needs 'values'", fieldPath: fieldPath, jsonPath: jsonPath + ".values")
            }
            let value = try dataType(values, jsonPath: jsonPath + ".values", fieldPath: fieldPath + "{}")
            return .map(key: Field("key", .string, nullable: false), value: Field("value", value, nullable: true))
        default:
            throw LakeError(
                .invalidSchema, "unknown type '\(rawType)'", fieldPath: fieldPath, jsonPath: jsonPath + ".type")
        }
    }

    static func checkLabels(_ labels: [String], jsonPath: String, fieldPath: String?) throws(LakeError) {
        for (index, label) in labels.enumerated() where !isValidLabel(label) {
            throw LakeError(
                .invalidSchema, "invalid label '\(label)' (expected like C1, I1, S2)", fieldPath: fieldPath,
                jsonPath: "\(jsonPath)[\(index)]")
        }
    }

    /// Adds (or checks) the fields a class requires: `_id` for both, `timestamp` for ExperienceEvent.
    static func addingClassFields(_ fields: [Field], schemaClass: String) throws(LakeError) -> [Field] {
        var required: [Field] = [Field("_id", .string, nullable: false)]
        if schemaClass == "ExperienceEvent" { required.append(Field("timestamp", .timestamp, nullable: false)) }
        var out = fields
        var missing: [Field] = []
        for needed in required {
            if let index = out.firstIndex(where: { $0.name == needed.name }) {
                guard out[index].type == needed.type else {
                    throw LakeError(
                        .invalidSchema, "class \(schemaClass) requires '\(needed.name)' of type \(needed.type.name)",
                        fieldPath: needed.name, jsonPath: "fields[\(index)].type")
                }
                out[index].nullable = false
            } else {
                missing.append(needed)
            }
        }
        return missing + out
    }

    /// The normalized document of a field.
    static func document(for field: Field) -> FieldDocument {
        let labels = field.labels
        return typeDocument(
            field.type, name: field.name, required: field.nullable ? nil : true, labels: labels.isEmpty ? nil : labels,
            description: field.metadata["description"], identity: field.metadata["identity"],
            primaryIdentity: field.metadata["primaryIdentity"] == "true" ? true : nil)
    }

    static func typeDocument(
        _ type: DataType, name: String?, required: Bool? = nil, labels: [String]? = nil, description: String? = nil,
        identity: String? = nil, primaryIdentity: Bool? = nil
    ) -> FieldDocument {
        var typeName = type.name
        var fields: [FieldDocument]?
        var items: FieldDocument?
        var values: FieldDocument?
        var precision: Int?
        var scale: Int?
        switch type {
        case let .decimal(p, s):
            typeName = "decimal"
            precision = p
            scale = s
        case let .struct(children): fields = children.map(document(for:))
        case let .list(element):
            typeName = "array"
            items = typeDocument(element.type, name: nil)
        case let .map(_, value): values = typeDocument(value.type, name: nil)
        default: break
        }
        return FieldDocument(
            name: name, type: typeName, required: required, labels: labels, description: description,
            identity: identity, primaryIdentity: primaryIdentity, fields: fields, items: items, values: values,
            precision: precision, scale: scale)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !(first >= "0" && first <= "9") else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9")
        }
    }

    static func isValidLabel(_ label: String) -> Bool {
        guard let first = label.unicodeScalars.first, first >= "A" && first <= "Z" else { return false }
        return label.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
        }
    }
}
