/// One lexical token of PostgreSQL's SQL (PostgreSQL 15 docs, section 4.1), with where it lies in the text.
public struct SQLToken: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A name that is not a keyword the grammar knows, or any quoted name.
        case identifier(Identifier)
        /// A keyword (unquoted, case-insensitive); its spelling is the token's source text.
        case keyword(SQLKeyword)
        /// An integer literal's digits (`42`); its type (int4, int8, numeric) is the binder's to decide.
        case integer(String)
        /// A decimal or exponent literal's text (`1.5`, `.5`, `1e10`).
        case decimal(String)
        /// A string constant's value after escapes and continuation (`'it''s'` is `it's`).
        case string(String)
        /// A bit-string constant's digits: `B'0101'` (`hex == false`) or `X'1F'` (`hex == true`).
        case bitString(String, hex: Bool)
        /// A positional parameter `$1`.
        case parameter(Int)
        /// An operator, after PostgreSQL's operator lexing rules; `!=` arrives as `<>`.
        case op(String)
        case leftParen, rightParen, leftBracket, rightBracket, comma, semicolon, colon, dot
        /// `::`
        case typecast
        /// `..`
        case dotDot
        /// `:=`
        case colonEquals
        /// `=>`
        case equalsGreater
        /// A character that starts no token (`{`, a backtick, ...).
        case other(String)
        /// The end of the input.
        case end
    }

    public var kind: Kind
    /// 1-based character offset of the token's first character.
    public var position: SourcePosition
    /// UTF-8 byte range of the token in the statement text.
    public var byteRange: Range<Int>

    public init(_ kind: Kind, position: SourcePosition, byteRange: Range<Int>) {
        self.kind = kind
        self.position = position
        self.byteRange = byteRange
    }
}
