import SQL
import Testing

@Suite struct ErrorTests {
    func error(_ sql: String) -> SQLError? {
        do {
            _ = try SQLParser.parse(sql)
            return nil
        } catch {
            return error
        }
    }

    @Test func syntaxErrorNamesTheTokenAndItsPosition() {
        let e = error("SELECT a FROM FROM t")
        #expect(e?.state == .syntaxError)
        #expect(e?.message == "syntax error at or near \"FROM\"")
        #expect(e?.position == 15)
    }

    @Test func syntaxErrorAtEndOfInput() {
        let e = error("SELECT a FROM")
        #expect(e?.message == "syntax error at end of input")
        #expect(e?.position == 14)
    }

    @Test func positionsCountCharacters() {
        #expect(error("SELECT 'é' FROM FROM")?.position == 17)
    }

    @Test func aSyntaxErrorBeforeALexicalErrorIsReportedFirst() {
        // PostgreSQL lexes on demand: the parser fails at `FROM` before reaching the unterminated string.
        let e = error("SELECT FROM FROM 'abc")
        #expect(e?.message == "syntax error at or near \"FROM\"")
        #expect(error("SELECT 1 'abc")?.message == "unterminated quoted string at or near \"'abc\"")
    }

    @Test func unsupportedFeaturesAre0A000() {
        #expect(error("UPDATE t SET a = 1")?.state == .featureNotSupported)
        #expect(error("SELECT * FROM t FOR UPDATE")?.state == .featureNotSupported)
        let limit = error("SELECT a FROM t LIMIT 1, 2")
        #expect(limit?.state == .featureNotSupported)
        #expect(limit?.hint == "Use separate LIMIT and OFFSET clauses.")
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = "SELECT " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(error(deep)?.state == .statementTooComplex)
        let fine = "SELECT " + String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect(error(fine) == nil)
    }

    @Test func nestingUpToTheLimitParses() throws {
        let options = SQLParser.Options(maxDepth: 500)
        let depth = 100  // within the stack budget even in a debug build (about 12 KB of stack per level there)
        let sql = "SELECT " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        _ = try SQLParser.parse(sql, options: options)
        // A subquery in FROM is several parser levels (query, FROM item, parenthesized item).
        let subqueries =
            String(repeating: "SELECT * FROM (", count: depth / 4) + "SELECT 1"
            + String(repeating: ") s", count: depth / 4)
        _ = try SQLParser.parse(subqueries, options: options)
    }

    @Test func everyNodeCarriesItsPosition() throws {
        let statement = try SQLParser.parseStatement("SELECT a,\n  b + 1 FROM t")
        guard case let .query(query) = statement, case let .select(select) = query.body else {
            Issue.record("not a select")
            return
        }
        #expect(select.items[0].expression.position.offset == 8)
        #expect(select.items[1].expression.position.offset == 15)  // the `+`
        if case let .binary(_, left, _) = select.items[1].expression.kind { #expect(left.position.offset == 13) }
        if case let .table(name, _) = select.from[0] { #expect(name.position.offset == 24) }
    }
}

@Suite struct StackBudgetTests {
    /// Regression: the fuzz run crashed (SIGSEGV) on 1,000-deep `f(` and `(SELECT ` nesting in a debug build on a
    /// cooperative-pool thread although the depth limit was not reached; the stack budget refuses it first.
    @Test(arguments: ["f(", "(SELECT ", "ARRAY[", "ROW(", "- ", "NOT ", "CASE WHEN "])
    func deepNestingOfEveryKindIsRefused(_ open: String) {
        let sql = "SELECT " + String(repeating: open, count: 1_000) + "1"
        #expect(throws: SQLError.self) { try SQLParser.parse(sql) }
        do {
            _ = try SQLParser.parse(sql)
        } catch {
            #expect(error.state == .statementTooComplex || error.state == .syntaxError)
        }
    }
}
