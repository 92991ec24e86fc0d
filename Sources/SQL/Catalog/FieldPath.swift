/// A struct field reached from a column: field `fields[0]` of column `column`, field `fields[1]` of that
/// field, and so on (field indexes into each struct type's fields). `fields` is never empty in a scan request.
public struct FieldPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var column: Int
    public var fields: [Int]

    public init(column: Int, fields: [Int]) {
        self.column = column
        self.fields = fields
    }

    /// Whether `other` starts with this path (the same path counts).
    public func isPrefix(of other: FieldPath) -> Bool {
        column == other.column && fields.count <= other.fields.count && other.fields.starts(with: fields)
    }

    public static func < (a: FieldPath, b: FieldPath) -> Bool {
        if a.column != b.column { return a.column < b.column }
        return a.fields.lexicographicallyPrecedes(b.fields)
    }

    public var description: String { "#\(column)" + fields.map { ".f\($0)" }.joined() }
}
