/// Casts to and from `character(n)`, `character varying(n)` and `json` with PostgreSQL's rules for explicit
/// casts: a longer value is cut to `n` code points (an assignment would raise `22001` instead; the engine has no
/// assignment to such columns), `character(n)` pads with spaces and loses its trailing spaces when cast to text.
extension Cast {
    /// The text of a `character(n)` value without its trailing spaces (`bpchar` to `text`).
    static func unpadded(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }

    /// `datum` of `source` cast to a `character`, `varchar` or `json` type; nil for other targets.
    static func toCharacterType(_ datum: Datum, from source: SQLType, to target: SQLType) throws(SQLError) -> Datum? {
        let length: Int?
        let pad: Bool
        switch target {
        case let .bpchar(n): (length, pad) = (n, true)
        case let .varchar(n): (length, pad) = (n, false)
        case .json:
            var text: String
            if case let .text(value) = datum { text = value } else { text = datum.text(as: source) ?? "" }
            if source.isBPChar { text = unpadded(text) }
            try JSONText.validate(text)
            return .text(text)
        default: return nil
        }
        var text: String
        if case let .text(value) = datum { text = value } else { text = datum.text(as: source) ?? "" }
        if source.isBPChar, !pad { text = unpadded(text) }
        guard let length else { return .text(text) }
        let count = text.unicodeScalars.count
        if count > length {
            var cut = String.UnicodeScalarView()
            cut.append(contentsOf: text.unicodeScalars.prefix(length))
            return .text(String(cut))
        }
        if pad, count < length { text += String(repeating: " ", count: length - count) }
        return .text(text)
    }
}

extension SQLType {
    /// `character` and `character varying` without their length (other types unchanged).
    var withoutLength: SQLType {
        switch self {
        case .bpchar: return .bpchar(length: nil)
        case .varchar: return .varchar(length: nil)
        default: return self
        }
    }

    var isBPChar: Bool {
        if case .bpchar = self { return true }
        return false
    }
}
