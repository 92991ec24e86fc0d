/// A JSON value, as a calculated metric's formula is written (`{"func": "divide", "col1": {…}, "col2": 2}`):
/// kept as given so that a stored definition reads back unchanged, and parsed into a `Formula` with paths.
public indirect enum FormulaValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FormulaValue])
    case object([String: FormulaValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FormulaValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FormulaValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> FormulaValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }
}
