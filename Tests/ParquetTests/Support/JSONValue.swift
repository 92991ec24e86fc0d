import Columnar
import Foundation

/// A parsed JSON value (Sendable), as the compatibility scripts print it.
indirect enum JSONValue: Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    struct ParseError: Error {
        var offset: Int
    }

    /// Parses JSON text (a small recursive-descent parser: much faster than JSONDecoder in debug builds).
    static func parse(_ data: Data) throws -> JSONValue {
        let bytes = [UInt8](data)
        var p = 0
        let value = try parseValue(bytes, &p)
        return value
    }

    private static func skipSpace(_ b: [UInt8], _ p: inout Int) {
        while p < b.count, b[p] == 0x20 || b[p] == 0x0A || b[p] == 0x0D || b[p] == 0x09 { p += 1 }
    }

    private static func parseValue(_ b: [UInt8], _ p: inout Int) throws -> JSONValue {
        skipSpace(b, &p)
        guard p < b.count else { throw ParseError(offset: p) }
        switch b[p] {
        case UInt8(ascii: "n"): p += 4; return .null
        case UInt8(ascii: "t"): p += 4; return .bool(true)
        case UInt8(ascii: "f"): p += 5; return .bool(false)
        case UInt8(ascii: "\""): return .string(try parseString(b, &p))
        case UInt8(ascii: "["):
            p += 1
            var items: [JSONValue] = []
            skipSpace(b, &p)
            if p < b.count, b[p] == UInt8(ascii: "]") { p += 1; return .array(items) }
            while true {
                items.append(try parseValue(b, &p))
                skipSpace(b, &p)
                guard p < b.count else { throw ParseError(offset: p) }
                if b[p] == UInt8(ascii: ",") { p += 1; continue }
                if b[p] == UInt8(ascii: "]") { p += 1; return .array(items) }
                throw ParseError(offset: p)
            }
        case UInt8(ascii: "{"):
            p += 1
            var object: [String: JSONValue] = [:]
            skipSpace(b, &p)
            if p < b.count, b[p] == UInt8(ascii: "}") { p += 1; return .object(object) }
            while true {
                skipSpace(b, &p)
                let key = try parseString(b, &p)
                skipSpace(b, &p)
                guard p < b.count, b[p] == UInt8(ascii: ":") else { throw ParseError(offset: p) }
                p += 1
                object[key] = try parseValue(b, &p)
                skipSpace(b, &p)
                guard p < b.count else { throw ParseError(offset: p) }
                if b[p] == UInt8(ascii: ",") { p += 1; continue }
                if b[p] == UInt8(ascii: "}") { p += 1; return .object(object) }
                throw ParseError(offset: p)
            }
        default:
            let start = p
            var isFloat = false
            while p < b.count,
                b[p] == UInt8(ascii: "-") || b[p] == UInt8(ascii: "+") || b[p] == UInt8(ascii: ".")
                    || b[p] == UInt8(ascii: "e") || b[p] == UInt8(ascii: "E") || (b[p] >= 0x30 && b[p] <= 0x39)
            {
                if b[p] == UInt8(ascii: ".") || b[p] == UInt8(ascii: "e") || b[p] == UInt8(ascii: "E") {
                    isFloat = true
                }
                p += 1
            }
            let text = String(decoding: b[start..<p], as: UTF8.self)
            if !isFloat, let i = Int64(text) { return .int(i) }
            guard let d = Double(text) else { throw ParseError(offset: start) }
            return .double(d)
        }
    }

    private static func parseString(_ b: [UInt8], _ p: inout Int) throws -> String {
        guard p < b.count, b[p] == UInt8(ascii: "\"") else { throw ParseError(offset: p) }
        p += 1
        var out: [UInt8] = []
        while p < b.count {
            let c = b[p]
            p += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard p < b.count else { break }
            let e = b[p]
            p += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard p + 4 <= b.count, var code = UInt32(String(decoding: b[p..<p + 4], as: UTF8.self), radix: 16)
                else {
                    throw ParseError(offset: p)
                }
                p += 4
                if code >= 0xD800 && code < 0xDC00, p + 6 <= b.count, b[p] == UInt8(ascii: "\\"),
                    let low = UInt32(String(decoding: b[p + 2..<p + 6], as: UTF8.self), radix: 16)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    p += 6
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "?")).utf8))
            default: out.append(e)
            }
        }
        throw ParseError(offset: p)
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
            guard parts.count == 2, let digits = Int128(String(parts[0])), let exponent = Int(parts[1]) else {
                return fail
            }
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
            guard case let .struct(fields) = type, values.count == items.count, fields.count == values.count else {
                return fail
            }
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
            guard case let .array(cells) = items[r], cells.count == row.count else {
                return "row \(r): width differs: \(items[r])"
            }
            for (c, value) in row.enumerated() {
                if let m = cells[c].mismatch(value, schema.fields[c].type, path: "row \(r) \(schema.fields[c].name)") {
                    return m
                }
            }
        }
        return nil
    }
}
