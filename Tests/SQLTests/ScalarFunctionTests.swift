import Columnar
import SQL
import Testing

/// Scalar functions and types where the `.slt` files cannot show the point: bind-time compilation of constant
/// regular expressions, refusals that protect the engine, and the boundaries of the JSON reader.
@Suite struct ScalarFunctionTests {
    static func catalog() throws -> InMemoryCatalog {
        let table = try InMemoryTable(
            name: "t", schema: Schema([Field("v", .string), Field("p", .string)]),
            rows: [[.string("abc"), .string("b+")], [.string("xyz"), .string("^x")]])
        return InMemoryCatalog([table])
    }

    static func text(_ sql: String) async throws -> [[String?]] {
        try await SQLEngine().execute(sql, catalog: try catalog()).textRows
    }

    static func state(_ sql: String) async -> SQLState? {
        do {
            _ = try await text(sql)
            return nil
        } catch let error as SQLError {
            return error.state
        } catch {
            return nil
        }
    }

    @Test func constantPatternsCompileWhenTheStatementIsBound() throws {
        // No row is read: planning alone reports the invalid pattern.
        #expect(throws: SQLError.self) {
            try SQLEngine().plan("SELECT v FROM t WHERE v ~ '('", catalog: try Self.catalog())
        }
        #expect(throws: SQLError.self) {
            try SQLEngine().plan("SELECT regexp_replace(v, 'a', 'b', 'q') FROM t", catalog: try Self.catalog())
        }
    }

    @Test func patternsFromColumnsCompilePerRow() async throws {
        #expect(
            try await Self.text("SELECT v ~ p, regexp_replace(v, p, '-') FROM t") == [
                ["true", "a-c"], ["true", "-yz"],
            ])
    }

    @Test func nestedQuantifiersAreRefusedInsteadOfBacktrackingExponentially() async throws {
        #expect(await Self.state("SELECT repeat('a', 40) ~ '(a*)*b'") == .featureNotSupported)
        #expect(await Self.state("SELECT repeat('a', 40) ~ '(a|aa)+b'") == .featureNotSupported)
        #expect(try await Self.text("SELECT repeat('a', 40) ~ '(ab)*a+$'") == [["true"]])
    }

    @Test func longestMatchSensitivePatternsAreRefusedWhereTheExtentMatters() async throws {
        // PostgreSQL's regexp_replace('abcd', 'a|ab', 'x') gives 'xcd' (longest match); Perl-style matching 'xbcd'.
        #expect(await Self.state("SELECT regexp_replace('abcd', 'a|ab', 'x')") == .featureNotSupported)
        #expect(await Self.state("SELECT substring('abcd' from 'a.*?c')") == .featureNotSupported)
        #expect(try await Self.text("SELECT 'abcd' ~ 'a|ab'") == [["true"]])
    }

    @Test func deeplyNestedJSONIsAnErrorNotAStackOverflow() async throws {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(await Self.state("SELECT '\(deep)'::json -> 0") == .statementTooComplex)
    }

    @Test func numericConstantsBeyond38DigitsAreRefusedAsNumericButReadAsDoubles() async throws {
        #expect(await Self.state("SELECT 1e400") == .featureNotSupported)
        #expect(await Self.state("SELECT 123456789012345678901234567890123456789012 + 1") == .featureNotSupported)
        #expect(try await Self.text("SELECT 1e300::float8 * 10") == [["1e+301"]])
        #expect(try await Self.text("SELECT pg_typeof(1e400)::text") == [["numeric"]])
        #expect(await Self.state("SELECT 1e400::float8") == .numericValueOutOfRange)
    }

    @Test func resultsBeyondPostgreSQLsValueLimitAre54000() async throws {
        #expect(await Self.state("SELECT repeat('ab', 1000000000)") == SQLState("54000"))
        #expect(await Self.state("SELECT lpad('a', 2000000000, 'b')") == SQLState("54000"))
    }

    @Test func smallintResultsCarryTheirColumnarType() async throws {
        let result = try await SQLEngine().execute(
            "SELECT 1::smallint AS s, 'ab'::char(3) AS c, 'ab'::varchar(5) AS v", catalog: try Self.catalog())
        #expect(result.columns.map(\.type) == [.smallint, .bpchar(length: 3), .varchar(length: 5)])
        #expect(result.batches.first?.schema.fields.map(\.type) == [.int32, .string, .string])
        #expect(result.textRows == [["1", "ab ", "ab"]])
    }
}
