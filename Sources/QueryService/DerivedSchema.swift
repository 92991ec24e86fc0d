import Columnar
import Foundation
import SQL

/// The lake schema of a derived dataset: each result column's SQL type as the lake's type.
enum DerivedSchema {
    /// The lake type of a result column; `numericScale` is the largest scale among an unconstrained numeric
    /// column's values (stored as `decimal(38, scale)`).
    static func dataType(_ type: SQLType, numericScale: Int) -> DataType {
        switch type {
        case .unknown: return .string
        case let .numeric(precision, scale):
            if let precision { return .decimal(precision: precision, scale: scale) }
            return .decimal(precision: 38, scale: numericScale)
        default: return type.dataType
        }
    }

    /// Names the lake accepts for fields: a letter or `_`, then letters, digits and `_`.
    static func isValidFieldName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !(first >= "0" && first <= "9") else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9")
        }
    }

    /// The schema document (JSON) of a derived dataset with `fields` (class Record: the lake adds `_id`).
    static func document(title: String, fields: [Field]) -> [UInt8] {
        let root: [String: Any] = [
            "title": title, "class": "Record", "description": "Derived by CREATE TABLE AS (Query Service)",
            "fields": fields.map { fieldDocument($0.type, name: $0.name) },
        ]
        return (try? Array(JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]))) ?? []
    }

    static func fieldDocument(_ type: DataType, name: String?) -> [String: Any] {
        var out: [String: Any] = [:]
        if let name { out["name"] = name }
        switch type {
        case let .decimal(precision, scale):
            out["type"] = "decimal"
            out["precision"] = precision
            out["scale"] = scale
        case let .struct(children):
            out["type"] = "struct"
            out["fields"] = children.map { fieldDocument($0.type, name: $0.name) }
        case let .list(element):
            out["type"] = "array"
            out["items"] = fieldDocument(element.type, name: nil)
        case let .map(_, value):
            out["type"] = "map"
            out["values"] = fieldDocument(value.type, name: nil)
        default:
            out["type"] = type.name
        }
        return out
    }
}
