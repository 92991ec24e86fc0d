import Columnar
import Foundation

/// A parsed JSON value (Sendable), as the compatibility scripts print it.
indirect enum JSONValue: Sendable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null
        } else if let b = try? c.decode(Bool.self) { self = .bool(b)
        } else if let i = try? c.decode(Int64.self) { self = .int(i)
        } else if let d = try? c.decode(Double.self) { self = .double(d)
        } else if let s = try? c.decode(String.self) { self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) { self = .array(a)
        } else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    var description: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return "\(b)"
        case let .int(i): return "\(i)"
        case let .double(d): return "\(d)"
        case let .string(s): return "\"\(s)\""
        case let .array(a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case let .object(o): return "{" + o.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// Where `value` (of `type`) differs from this canonical JSON (see Scripts/canon.py); nil if equal.
    func mismatch(_ value: Value, _ type: DataType, path: String = "") -> String? {
        let fail = "\(path.isEmpty ? "value" : path): expected \(value), got \(self)"
        switch (value, self) {
        case (.null, .null): return nil
        case (.null, _), (_, .null): return fail
        case let (.boolean(b), .bool(j)): return b == j ? nil : fail
        default: break
        }
        switch (value, self) {
        case let (.int(i), .int(j)): return i == j ? nil : fail
        case let (.date(d), .int(j)): return Int64(d) == j ? nil : fail
        case let (.timestamp(t), .int(j)): return t == j ? nil : fail
        case let (.float(f), .double(d)): return f == d ? nil : fail
        case let (.float(f), .int(j)): return f == Double(j) ? nil : fail
        case let (.float(f), .string(s)):
            if f.isNaN { return s == "NaN" ? nil : fail }
            return (s == "Infinity" && f == .infinity) || (s == "-Infinity" && f == -.infinity) ? nil : fail
        case let (.decimal(unscaled), .string(s)):
            guard case let .decimal(_, scale) = type else { return fail }
            let parts = s.split(separator: "e")
            guard parts.count == 2, let digits = Int128(String(parts[0])), let exponent = Int(parts[1]) else { return fail }
            // digits * 10^exponent == unscaled * 10^-scale
            var lhs = digits
            var rhs = unscaled
            let shift = exponent + scale
            if shift >= 0 { for _ in 0..<shift { lhs *= 10 } } else { for _ in 0..<(-shift) { rhs *= 10 } }
            return lhs == rhs ? nil : fail
        case let (.string(a), .string(b)): return a == b ? nil : fail
        case let (.binary(bytes), .string(b)):
            return "hex:" + bytes.map { String(format: "%02x", $0) }.joined() == b ? nil : fail
        case let (.struct(values), .array(items)):
            guard case let .struct(fields) = type, values.count == items.count, fields.count == values.count else { return fail }
            for i in values.indices {
                if let m = items[i].mismatch(values[i], fields[i].type, path: path + "." + fields[i].name) { return m }
            }
            return nil
        case let (.list(values), .array(items)):
            guard case let .list(element) = type, values.count == items.count else { return fail }
            for i in values.indices {
                if let m = items[i].mismatch(values[i], element.type, path: path + "[\(i)]") { return m }
            }
            return nil
        case let (.map(entries), .array(items)):
            guard case let .map(key, val) = type, entries.count == items.count else { return fail }
            for (i, entry) in entries.enumerated() {
                guard case let .array(pair) = items[i], pair.count == 2 else { return fail }
                if let m = pair[0].mismatch(entry.key, key.type, path: path + "{\(i)}.key") { return m }
                if let m = pair[1].mismatch(entry.value, val.type, path: path + "{\(i)}.value") { return m }
            }
            return nil
        default: return fail
        }
    }

    /// Compares rows of a schema with a JSON array of rows.
    func mismatch(rows: [[Value]], schema: Schema) -> String? {
        guard case let .array(items) = self else { return "expected rows, got \(self)" }
        guard items.count == rows.count else { return "expected \(rows.count) rows, got \(items.count)" }
        for (r, row) in rows.enumerated() {
            guard case let .array(cells) = items[r], cells.count == row.count else { return "row \(r): width differs: \(items[r])" }
            for (c, value) in row.enumerated() {
                if let m = cells[c].mismatch(value, schema.fields[c].type, path: "row \(r) \(schema.fields[c].name)") { return m }
            }
        }
        return nil
    }
}
