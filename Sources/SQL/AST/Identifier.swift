/// A name as written in SQL. An unquoted name is folded to lower case in `value` (ASCII letters only, as
/// PostgreSQL folds) and keeps its spelling in `original`, so the binder can match the lake's camelCase field
/// names case-insensitively; a quoted name (`"userId"`, `U&"..."`) is exact: `value == original`.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    /// The folded (unquoted) or exact (quoted) name.
    public var value: String
    /// The spelling in the statement text (for a quoted name, the name without quotes and escapes).
    public var original: String
    public var quoted: Bool

    /// An identifier as if written unquoted as `original`.
    public init(_ original: String) {
        self.value = Identifier.fold(original)
        self.original = original
        self.quoted = false
    }

    public init(value: String, original: String, quoted: Bool) {
        self.value = value
        self.original = original
        self.quoted = quoted
    }

    /// A quoted identifier: matched exactly.
    public static func quoted(_ value: String) -> Identifier {
        Identifier(value: value, original: value, quoted: true)
    }

    /// Lower-cases ASCII letters only (PostgreSQL's `downcase_identifier` for UTF-8).
    public static func fold(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A {
            bytes[index] += 0x20
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    public var description: String { quoted ? "\"" + value + "\"" : original }
}

/// A possibly qualified name of a table, view, function or type: `table`, `schema.table`, `catalog.schema.table`.
public struct ObjectName: Hashable, Sendable, CustomStringConvertible {
    public var parts: [Identifier]
    public var position: SourcePosition

    public init(_ parts: [Identifier], position: SourcePosition = .none) {
        self.parts = parts
        self.position = position
    }

    /// The last part: the object's own name.
    public var name: Identifier? { parts.last }

    public var description: String { parts.map(\.description).joined(separator: ".") }
}
