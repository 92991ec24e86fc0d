public import Columnar

/// One SQL value inside the engine. Integers of every width are `int`, `real` and `double precision` are
/// `float` (a `real` is kept rounded to `Float`), nested lake values stay Columnar `Value`s.
public enum Datum: Hashable, Sendable {
    case null
    case boolean(Bool)
    case int(Int64)
    case float(Double)
    case numeric(SQLNumeric)
    case text(String)
    case bytes([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since the epoch, UTC.
    case timestamp(Int64)
    /// A struct, list or map value.
    case nested(Value)
    /// Microseconds since midnight (`time`).
    case time(Int64)
    case interval(SQLInterval)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// PostgreSQL's text output of the value as `type`, nil for NULL. Booleans print `true`/`false` (the wire
    /// layer prints PostgreSQL's `t`/`f`).
    public func text(as type: SQLType) -> String? {
        switch self {
        case .null: return nil
        case let .boolean(value): return value ? "true" : "false"
        case let .int(value): return String(value)
        case let .float(value):
            if type == .real { return FloatFormat.shortest(Float(value)) }
            return FloatFormat.shortest(value)
        case let .numeric(value): return value.description
        case let .text(value): return value
        case let .bytes(value):
            let hex: [Character] = Array("0123456789abcdef")
            var out = "\\x"
            for byte in value {
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
            return out
        case let .date(days): return DateTime.formatDateValue(days)
        case let .timestamp(micros):
            if case let .timestamp(withTimeZone) = type {
                return DateTime.formatTimestampValue(micros, withTimeZone: withTimeZone)
            }
            return DateTime.formatTimestampValue(micros, withTimeZone: true)
        case let .time(micros): return DateTime.formatTime(micros)
        case let .interval(value): return value.description
        case let .nested(value): return Datum.nestedText(value, type: type)
        }
    }

    static func nestedText(_ value: Value, type: SQLType) -> String {
        switch (value, type) {
        case let (.list(items), .array(element)):
            let elementType = SQLType(field: element)
            let parts = items.map { item -> String in
                guard let text = Datum(item, type: elementType).elementText(as: elementType) else { return "NULL" }
                return elementType.isArray ? text : quoteIfNeeded(text, braces: true)
            }
            return "{" + parts.joined(separator: ",") + "}"
        case let (.struct(items), .record(fields)):
            let parts = zip(items, fields).map { item, field -> String in
                let fieldType = SQLType(field: field)
                guard let text = Datum(item, type: fieldType).elementText(as: fieldType) else { return "" }
                return quoteIfNeeded(text, braces: false)
            }
            return "(" + parts.joined(separator: ",") + ")"
        case let (.map(entries), .map(keyField, valueField)):
            let (keyType, valueType) = (SQLType(field: keyField), SQLType(field: valueField))
            let parts = entries.map { entry in
                let key = Datum(entry.key, type: keyType).text(as: keyType) ?? "NULL"
                let value = Datum(entry.value, type: valueType).text(as: valueType) ?? "NULL"
                return key + "=" + value
            }
            return "{" + parts.joined(separator: ", ") + "}"
        default:
            return "\(value)"
        }
    }

    /// The text of an array element or row field: PostgreSQL's output function (booleans `t`/`f`).
    func elementText(as type: SQLType) -> String? {
        if case let .boolean(value) = self { return value ? "t" : "f" }
        return text(as: type)
    }

    /// An array element (`braces`) or a record field as PostgreSQL's `array_out` / `record_out` write it: quoted when
    /// empty or holding a delimiter, a quote, a backslash or white space (arrays also the word NULL); inside quotes
    /// arrays escape `"` and `\` with a backslash, records double them.
    static func quoteIfNeeded(_ text: String, braces: Bool) -> String {
        // By code points: `"` followed by a combining mark is one Character but still a quote to PostgreSQL.
        let special: Set<Unicode.Scalar> = braces ? ["{", "}", ",", "\"", "\\"] : ["(", ")", ",", "\"", "\\"]
        let whitespace: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
        guard
            text.isEmpty || text.unicodeScalars.contains(where: { special.contains($0) || whitespace.contains($0) })
                || (braces && text.uppercased() == "NULL")
        else {
            return text
        }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.append(braces ? "\\" : scalar) }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }

    /// The datum of a Columnar value read from a column of `type`.
    init(_ value: Value, type: SQLType) {
        switch value {
        case .null: self = .null
        case let .boolean(b): self = .boolean(b)
        case let .int(i): self = type == .time ? .time(i) : .int(i)
        case let .float(f): self = .float(f)
        case let .decimal(d):
            if case let .numeric(_, scale) = type {
                self = .numeric(SQLNumeric(unscaled: d, scale: scale))
            } else {
                self = .numeric(SQLNumeric(unscaled: d, scale: 0))
            }
        case let .string(s): self = .text(s)
        case let .binary(b): self = .bytes(b)
        case let .date(d): self = .date(d)
        case let .timestamp(t): self = .timestamp(t)
        case let .struct(parts):
            if type == .interval, parts.count == 3, case let .int(months) = parts[0], case let .int(days) = parts[1],
                case let .int(micros) = parts[2]
            {
                self = .interval(
                    SQLInterval(
                        months: Int32(truncatingIfNeeded: months), days: Int32(truncatingIfNeeded: days),
                        micros: micros))
            } else if case .numeric(nil, _) = type, parts.count == 2, case let .decimal(unscaled) = parts[0],
                case let .int(scale) = parts[1]
            {
                self = .numeric(SQLNumeric(unscaled: unscaled, scale: Int(scale)))
            } else {
                self = .nested(value)
            }
        case .list, .map: self = .nested(value)
        }
    }

    /// The Columnar value for a column of `type`.
    func columnarValue(as type: SQLType) -> Value {
        switch self {
        case .null: return .null
        case let .boolean(b): return .boolean(b)
        case let .int(i): return .int(i)
        case let .float(f): return .float(f)
        case let .numeric(n):
            if case .numeric(.some, _) = type { return .decimal(n.unscaled) }
            return .struct([.decimal(n.unscaled), .int(Int64(n.scale))])
        case let .text(s): return .string(s)
        case let .bytes(b): return .binary(b)
        case let .date(d): return .date(d)
        case let .timestamp(t): return .timestamp(t)
        case let .nested(v): return v
        case let .time(t): return .int(t)
        case let .interval(i): return .struct([.int(Int64(i.months)), .int(Int64(i.days)), .int(i.micros)])
        }
    }
}
