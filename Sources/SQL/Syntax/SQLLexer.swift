/// PostgreSQL's lexer (PostgreSQL 15, `scan.l`), over the UTF-8 bytes of the statement text.
///
/// `SQLLexer.tokens(_:)` returns every token up to `.end` or throws the first lexical error. The parser uses
/// `scan()`, which keeps the tokens before a lexical error, so a syntax error earlier in the text is reported
/// first, as PostgreSQL's parser (which lexes on demand) reports it.
public struct SQLLexer {
    let bytes: [UInt8]
    var index = 0
    var tokens: [SQLToken] = []
    // Byte-to-character position cache: positions are asked for in mostly increasing order.
    private var countedByte = 0
    private var countedChars = 0

    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Every token of `text`, ending with `.end`.
    public static func tokens(_ text: String) throws(SQLError) -> [SQLToken] {
        var lexer = SQLLexer(text)
        let (tokens, error) = lexer.scan()
        if let error { throw error }
        return tokens
    }

    /// The tokens before the first lexical error (always ending with `.end`), and that error if any.
    public mutating func scan() -> (tokens: [SQLToken], error: SQLError?) {
        tokens.reserveCapacity(bytes.count / 4 + 2)
        do throws(SQLError) {
            while let token = try next() { tokens.append(token) }
            tokens.append(SQLToken(.end, position: position(ofByte: bytes.count), byteRange: bytes.count..<bytes.count))
            return (tokens, nil)
        } catch {
            let at = error.position.map { SourcePosition($0) } ?? position(ofByte: bytes.count)
            tokens.append(SQLToken(.end, position: at, byteRange: bytes.count..<bytes.count))
            return (tokens, error)
        }
    }

    /// The 1-based character position of byte offset `byte`.
    mutating func position(ofByte byte: Int) -> SourcePosition {
        if byte < countedByte {
            countedByte = 0
            countedChars = 0
        }
        var chars = countedChars
        var at = countedByte
        let limit = min(byte, bytes.count)
        while at < limit {
            if bytes[at] & 0xC0 != 0x80 { chars += 1 }
            at += 1
        }
        countedByte = at
        countedChars = chars
        return SourcePosition(chars + 1)
    }

    /// The source text of bytes `range`.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range.clamped(to: 0..<bytes.count)], as: UTF8.self)
    }

    func byte(at offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// An error at byte `start`, PostgreSQL style: `<message> at or near "<text from start to end>"`.
    mutating func error(_ message: String, at start: Int, to end: Int? = nil, state: SQLState = .syntaxError)
        -> SQLError
    {
        let stop = end ?? bytes.count
        let near = start < bytes.count ? " at or near \"\(text(start..<max(stop, start + 1)))\"" : " at end of input"
        return SQLError(state, message + near, position: position(ofByte: start).offset)
    }

    mutating func make(_ kind: SQLToken.Kind, from start: Int) -> SQLToken {
        SQLToken(kind, position: position(ofByte: start), byteRange: start..<index)
    }

    // MARK: - Scanning

    mutating func next() throws(SQLError) -> SQLToken? {
        try skipWhitespaceAndComments()
        guard index < bytes.count else { return nil }
        let start = index
        let c = bytes[index]
        switch c {
        case UInt8(ascii: "'"):
            return try standardString(from: start)
        case UInt8(ascii: "\""):
            return try quotedIdentifier(from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number(from: start)
        case UInt8(ascii: "."):
            if let next = byte(at: index + 1), Self.isDigit(next) { return try number(from: start) }
            if byte(at: index + 1) == UInt8(ascii: ".") {
                index += 2
                return make(.dotDot, from: start)
            }
            index += 1
            return make(.dot, from: start)
        case UInt8(ascii: "$"):
            return try dollar(from: start)
        case UInt8(ascii: ":"):
            if byte(at: index + 1) == UInt8(ascii: ":") {
                index += 2
                return make(.typecast, from: start)
            }
            if byte(at: index + 1) == UInt8(ascii: "=") {
                index += 2
                return make(.colonEquals, from: start)
            }
            index += 1
            return make(.colon, from: start)
        case UInt8(ascii: ","): return single(.comma, start)
        case UInt8(ascii: "("): return single(.leftParen, start)
        case UInt8(ascii: ")"): return single(.rightParen, start)
        case UInt8(ascii: "["): return single(.leftBracket, start)
        case UInt8(ascii: "]"): return single(.rightBracket, start)
        case UInt8(ascii: ";"): return single(.semicolon, start)
        default:
            if Self.isOperatorChar(c) { return operatorToken(from: start) }
            if Self.isIdentStart(c) { return try word(from: start) }
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            return make(.other(text(start..<index)), from: start)
        }
    }

    private mutating func single(_ kind: SQLToken.Kind, _ start: Int) -> SQLToken {
        index += 1
        return make(kind, from: start)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }
    static func isIdentContinue(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) || c == 0x24 }
    static func isOperatorChar(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"),
            UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "@"),
            UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "|"),
            UInt8(ascii: "`"), UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }
    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x0B
    }

    mutating func skipWhitespaceAndComments() throws(SQLError) {
        while index < bytes.count {
            let c = bytes[index]
            if Self.isSpace(c) {
                index += 1
            } else if c == UInt8(ascii: "-"), byte(at: index + 1) == UInt8(ascii: "-") {
                skipLineComment()
            } else if c == UInt8(ascii: "/"), byte(at: index + 1) == UInt8(ascii: "*") {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    mutating func skipLineComment() {
        while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
    }

    /// `/* ... */`, nested as PostgreSQL nests them.
    mutating func skipBlockComment() throws(SQLError) {
        let start = index
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), byte(at: index + 1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), byte(at: index + 1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
        throw error("unterminated /* comment", at: start)
    }

    /// An operator by PostgreSQL's rules: the longest run of operator characters, cut before `--` or `/*`; a
    /// multi-character operator may not end in `+` or `-` unless it also holds one of `~ ! @ # % ^ & | \` ?`.
    mutating func operatorToken(from start: Int) -> SQLToken {
        var end = start
        while end < bytes.count, Self.isOperatorChar(bytes[end]) {
            if end > start {
                let pair = (bytes[end - 1], bytes[end])
                if pair == (UInt8(ascii: "-"), UInt8(ascii: "-")) || pair == (UInt8(ascii: "/"), UInt8(ascii: "*")) {
                    end -= 1
                    break
                }
            }
            if bytes[end] == UInt8(ascii: "-"), byte(at: end + 1) == UInt8(ascii: "-"), end == start { break }
            end += 1
        }
        if end == start { end = start + 1 }  // a lone `-` before `-`: cannot happen (comment), kept safe
        var count = end - start
        if count > 1, bytes[start + count - 1] == UInt8(ascii: "+") || bytes[start + count - 1] == UInt8(ascii: "-") {
            let special: Set<UInt8> = Set("~!@#^&|`?%".utf8)
            if !bytes[start..<(start + count - 1)].contains(where: { special.contains($0) }) {
                repeat {
                    count -= 1
                } while count > 1
                    && (bytes[start + count - 1] == UInt8(ascii: "+") || bytes[start + count - 1] == UInt8(ascii: "-"))
            }
        }
        index = start + count
        var symbol = text(start..<index)
        if symbol == "!=" { symbol = "<>" }
        if symbol == "=>" { return make(.equalsGreater, from: start) }
        return make(.op(symbol), from: start)
    }

    /// An identifier or keyword, or a prefixed string (`E'..'`, `B'..'`, `X'..'`, `U&'..'`, `U&".."`, `N'..'`).
    mutating func word(from start: Int) throws(SQLError) -> SQLToken {
        let c = bytes[start] | 0x20
        let quote = UInt8(ascii: "'")
        if byte(at: start + 1) == quote {
            switch c {
            case UInt8(ascii: "e"):
                index += 1
                return try escapeString(from: start)
            case UInt8(ascii: "b"), UInt8(ascii: "x"):
                index += 1
                return try bitString(from: start, hex: c == UInt8(ascii: "x"))
            case UInt8(ascii: "n"):
                throw error(
                    "national character string constants (N'...') are not supported", at: start, to: start + 2,
                    state: .featureNotSupported)
            default:
                break
            }
        }
        if c == UInt8(ascii: "u"), byte(at: start + 1) == UInt8(ascii: "&") {
            if byte(at: start + 2) == quote {
                index += 2
                return try unicodeString(from: start)
            }
            if byte(at: start + 2) == UInt8(ascii: "\"") {
                index += 2
                return try unicodeIdentifier(from: start)
            }
        }
        index += 1
        while index < bytes.count, Self.isIdentContinue(bytes[index]) { index += 1 }
        let original = text(start..<index)
        let folded = Identifier.fold(original)
        if let keyword = SQLKeyword.lookup(folded) { return make(.keyword(keyword), from: start) }
        return make(.identifier(Identifier(value: folded, original: original, quoted: false)), from: start)
    }

    /// A number: integer, decimal or exponent form. PostgreSQL 15 refuses trailing identifier characters
    /// (`123abc`, and so `1_000` and `0x1F`, which only PostgreSQL 16 reads).
    mutating func number(from start: Int) throws(SQLError) -> SQLToken {
        var isDecimal = false
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "."), byte(at: index + 1) != UInt8(ascii: ".") {
            isDecimal = true
            index += 1
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            var probe = index + 1
            if let sign = byte(at: probe), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { probe += 1 }
            if let digit = byte(at: probe), Self.isDigit(digit) {
                isDecimal = true
                index = probe
                while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            } else if probe > index + 1 {
                throw error("trailing junk after numeric literal", at: start, to: probe)
            }
        }
        if index < bytes.count, Self.isIdentStart(bytes[index]) {
            var end = index + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            throw error("trailing junk after numeric literal", at: start, to: end)
        }
        let digits = text(start..<index)
        return make(isDecimal ? .decimal(digits) : .integer(digits), from: start)
    }

    /// `$1` (a parameter), `$tag$...$tag$` (a dollar-quoted string), or a lone `$`.
    mutating func dollar(from start: Int) throws(SQLError) -> SQLToken {
        if let first = byte(at: start + 1), Self.isDigit(first) {
            index = start + 1
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            if index < bytes.count, Self.isIdentStart(bytes[index]) {
                throw error("trailing junk after parameter", at: start, to: index + 1)
            }
            let digits = text((start + 1)..<index)
            guard digits.count <= 10, let number = Int(digits), number <= Int(Int32.max) else {
                throw error("parameter number too large", at: start, to: index)
            }
            return make(.parameter(number), from: start)
        }
        // A dollar-quote opening tag: `$` [ident_start [ident_cont without `$`]*] `$`.
        var end = start + 1
        if let first = byte(at: end), Self.isIdentStart(first) {
            end += 1
            while end < bytes.count, Self.isIdentContinue(bytes[end]), bytes[end] != UInt8(ascii: "$") { end += 1 }
        }
        guard byte(at: end) == UInt8(ascii: "$") else {
            index = start + 1
            return make(.other("$"), from: start)
        }
        let tag = Array(bytes[start...end])
        let bodyStart = end + 1
        var probe = bodyStart
        while probe + tag.count <= bytes.count {
            if bytes[probe] == UInt8(ascii: "$"), bytes[probe..<(probe + tag.count)].elementsEqual(tag) {
                index = probe + tag.count
                return make(.string(text(bodyStart..<probe)), from: start)
            }
            probe += 1
        }
        throw error("unterminated dollar-quoted string", at: start)
    }
}
