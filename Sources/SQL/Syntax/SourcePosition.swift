/// Where a token or AST node starts in the statement text: the 1-based character (Unicode scalar) offset,
/// as PostgreSQL reports an error's `position`.
///
/// Positions never take part in equality or hashing: two trees parsed from differently spelled text of the
/// same statement are equal (the printer's round-trip property `parse(print(parse(s))) == parse(s)` relies on
/// it, as sqlparser-rs's spans do).
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// 1-based character offset; 0 for a node built by hand rather than parsed.
    public var offset: Int

    public init(_ offset: Int) { self.offset = offset }

    /// A node that was not parsed from text.
    public static let none = SourcePosition(0)

    public static func == (lhs: SourcePosition, rhs: SourcePosition) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public var description: String { "\(offset)" }
}
