import Columnar
import Parquet
public import SQL

/// Values as JSON for NDJSON rows: numbers as exact JSON numbers (numeric keeps its scale: `2.50`), floats in
/// PostgreSQL's shortest form (`NaN`/`Infinity` as strings), booleans, text and dates as strings, timestamps as
/// RFC 3339 (`2024-01-31T10:00:00.5Z`; without a zone for `timestamp`), records as objects, arrays as arrays,
/// maps as objects keyed by the key's text.
public enum JSONValueWriter {
    /// One row as a JSON object (keys in column order; a repeated name is repeated).
    public static func row(_ values: [Datum], columns: [PlanColumn]) -> String {
        var out = "{"
        for (index, column) in columns.enumerated() {
            if index > 0 { out += "," }
            out += string(column.name) + ":" + value(values[index], type: column.type)
        }
        return out + "}"
    }

    public static func value(_ datum: Datum, type: SQLType) -> String {
        switch datum {
        case .null: return "null"
        case let .boolean(flag): return flag ? "true" : "false"
        case let .int(number): return String(number)
        case .float:
            let text = datum.text(as: type) ?? "null"
            return text.contains("N") || text.contains("I") ? string(text) : text
        case .numeric:
            let text = datum.text(as: type) ?? "null"
            return text == "NaN" ? string(text) : text
        case .timestamp:
            return string(rfc3339(datum.text(as: type) ?? ""))
        case let .nested(nested):
            return self.nested(nested, type: type)
        default:
            return string(datum.text(as: type) ?? "")
        }
    }

    /// PostgreSQL's timestamp text (`2024-01-31 10:00:00.5+00`, `...-05`, `...+05:30`) as RFC 3339 (`Z`,
    /// `-05:00`, `+05:30`).
    static func rfc3339(_ text: String) -> String {
        var out = text.replacingFirst(" ", with: "T")
        if out.hasSuffix("+00") { return String(out.dropLast(3)) + "Z" }
        let characters = Array(out)
        if characters.count > 3, characters[characters.count - 3] == "+" || characters[characters.count - 3] == "-",
            characters[characters.count - 2].isNumber, characters[characters.count - 1].isNumber
        {
            out += ":00"
        }
        return out
    }

    static func nested(_ value: Value, type: SQLType) -> String {
        switch (value, type) {
        case (.null, _):
            return "null"
        case let (.struct(items), .record(fields)):
            var out = "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += "," }
                let item = index < items.count ? items[index] : .null
                out += string(field.name) + ":" + nested(item, type: SQLType(field: field))
            }
            return out + "}"
        case let (.list(items), .array(element)):
            return "[" + items.map { nested($0, type: SQLType(field: element)) }.joined(separator: ",") + "]"
        case let (.map(entries), .map(key, valueField)):
            var out = "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { out += "," }
                let keyText = Datum(columnar: entry.key, type: SQLType(field: key)).text(as: SQLType(field: key)) ?? ""
                out += string(keyText) + ":" + nested(entry.value, type: SQLType(field: valueField))
            }
            return out + "}"
        default:
            return self.value(Datum(columnar: value, type: type), type: type)
        }
    }

    /// A JSON string literal (the NDJSON codec's escaping).
    public static func string(_ text: String) -> String { JSONLiteral.string(text) }
}

extension String {
    func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}
