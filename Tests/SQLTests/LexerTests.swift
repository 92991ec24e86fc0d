import SQL
import Testing

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [SQLToken.Kind] {
        try SQLLexer.tokens(text).map(\.kind).dropLast()
    }

    func lexError(_ text: String) -> SQLError? {
        do {
            _ = try SQLLexer.tokens(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func unquotedIdentifiersFoldButKeepTheirSpelling() throws {
        let tokens = try kinds("userId \"userId\" U&\"d\\0061t\\+000061\"")
        #expect(tokens[0] == .identifier(Identifier(value: "userid", original: "userId", quoted: false)))
        #expect(tokens[1] == .identifier(.quoted("userId")))
        #expect(tokens[2] == .identifier(.quoted("data")))
    }

    @Test func quotedIdentifierDoubledQuotesAndUnicode() throws {
        #expect(try kinds("\"a\"\"b\"") == [.identifier(.quoted("a\"b"))])
        #expect(try kinds("ÉtéCafé") == [.identifier(Identifier(value: "Étécafé", original: "ÉtéCafé", quoted: false))])
    }

    @Test func keywordsAreCaseInsensitive() throws {
        #expect(try kinds("SeLeCt from") == [.keyword(.select), .keyword(.from)])
    }

    @Test func numbers() throws {
        #expect(
            try kinds("42 1.5 .5 5. 1e10 1.5E-3") == [
                .integer("42"), .decimal("1.5"), .decimal(".5"), .decimal("5."), .decimal("1e10"), .decimal("1.5E-3"),
            ])
        #expect(try kinds("1..2") == [.integer("1"), .dotDot, .integer("2")])
    }

    @Test(arguments: ["1_000", "0x1F", "123abc", "1e", "1e+", "1.5x"])
    func numbersWithTrailingJunkAreRefused(_ text: String) {
        let error = lexError("SELECT " + text)
        #expect(error?.state == .syntaxError)
        #expect(error?.message.hasPrefix("trailing junk after numeric literal at or near") == true)
        #expect(error?.position == 8)
    }

    @Test func strings() throws {
        #expect(try kinds("'it''s'") == [.string("it's")])
        #expect(try kinds("'a\\nb'") == [.string("a\\nb")])
        #expect(try kinds("E'a\\nb\\t\\x41\\101\\u00e9\\U0001F600\\''") == [.string("a\nb\tAAé😀'")])
        #expect(try kinds("U&'d\\0061t\\+000061'") == [.string("data")])
        #expect(try kinds("U&'d!0061t!+000061' UESCAPE '!'") == [.string("data")])
        #expect(try kinds("$$a'b$$ $tag$x$$y$tag$") == [.string("a'b"), .string("x$$y")])
        #expect(try kinds("B'0101' X'1F'") == [.bitString("0101", hex: false), .bitString("1F", hex: true)])
    }

    @Test func adjacentStringsContinueOnlyAcrossNewlines() throws {
        #expect(try kinds("'foo'\n  'bar'") == [.string("foobar")])
        #expect(try kinds("'foo' -- note\n'bar'") == [.string("foobar")])
        #expect(try kinds("'foo' 'bar'") == [.string("foo"), .string("bar")])
    }

    @Test func invalidEscapes() {
        #expect(lexError("E'\\xff'")?.state == .characterNotInRepertoire)
        #expect(lexError("E'\\000'")?.state == .characterNotInRepertoire)
        #expect(lexError("E'\\ud800'")?.message.hasPrefix("invalid Unicode surrogate pair") == true)
        #expect(lexError("U&'\\12'")?.message == "invalid Unicode escape")
        #expect(lexError("B'012'")?.state == .invalidTextRepresentation)
        #expect(lexError("N'x'")?.state == .featureNotSupported)
    }

    @Test func operatorsFollowPostgreSQLRules() throws {
        #expect(try kinds("a<=b") == [.identifier(Identifier("a")), .op("<="), .identifier(Identifier("b"))])
        #expect(
            try kinds("!= <> :: -> ->> || @> ~* !~*") == [
                .op("<>"), .op("<>"), .typecast, .op("->"), .op("->>"), .op("||"), .op("@>"), .op("~*"), .op("!~*"),
            ])
        // A multi-character operator may not end in + or - unless it holds one of ~ ! @ # % ^ & | ` ?
        #expect(try kinds("*-1") == [.op("*"), .op("-"), .integer("1")])
        #expect(try kinds("@-1") == [.op("@-"), .integer("1")])
        #expect(try kinds("=-1") == [.op("="), .op("-"), .integer("1")])
        // Comments end an operator.
        #expect(try kinds("+--c\n1") == [.op("+"), .integer("1")])
        #expect(
            try kinds("a=>1 x:=2") == [
                .identifier(Identifier("a")), .equalsGreater, .integer("1"), .identifier(Identifier("x")), .colonEquals,
                .integer("2"),
            ])
    }

    @Test func parametersAndComments() throws {
        #expect(try kinds("$1 /* a /* nested */ comment */ $23 -- rest") == [.parameter(1), .parameter(23)])
        #expect(
            lexError("SELECT /* open /* nested */")?.message
                == "unterminated /* comment at or near \"/* open /* nested */\"")
        #expect(lexError("SELECT $1a")?.message.hasPrefix("trailing junk after parameter") == true)
    }

    @Test func unterminatedConstantsReportTheirStart() {
        let error = lexError("SELECT 'abc")
        #expect(error?.message == "unterminated quoted string at or near \"'abc\"")
        #expect(error?.position == 8)
        #expect(lexError("SELECT \"abc")?.message.hasPrefix("unterminated quoted identifier") == true)
        #expect(lexError("SELECT $x$abc")?.message.hasPrefix("unterminated dollar-quoted string") == true)
        #expect(lexError("SELECT \"\"")?.message.hasPrefix("zero-length delimited identifier") == true)
    }

    @Test func positionsCountCharactersNotBytes() throws {
        let tokens = try SQLLexer.tokens("SELECT 'é😀', x")
        #expect(tokens.map(\.position.offset) == [1, 8, 12, 14, 15])
    }
}
