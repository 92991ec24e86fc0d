import Columnar
import SQL
import Testing

/// Engine behaviour that the PostgreSQL-replayable `.slt` files cannot express: the lake's camelCase and
/// nested names, partitioned scans, errors with positions, EXPLAIN and typed results.
@Suite struct EngineTests {
    static func lakeCatalog() throws -> InMemoryCatalog {
        let details = DataType.struct([Field("name", .string), Field("URL", .string)])
        let web = DataType.struct([Field("webPageDetails", details)])
        let schema = Schema([
            Field("eventType", .string), Field("web", web), Field("timestamp", .timestamp), Field("Value", .int64),
            Field("value", .int64),
        ])
        let rows: [[Value]] = [
            [
                .string("web.webpagedetails.pageViews"), .struct([.struct([.string("home"), .string("/")])]),
                .timestamp(1_700_000_000_000_000), .int(1), .int(10),
            ],
            [.string("commerce.purchases"), .struct([.struct([.string("cart"), .null])]), .null, .int(2), .int(20)],
            [.null, .null, .timestamp(0), .null, .int(30)],
        ]
        let events = try InMemoryTable(name: "webEvents", schema: schema, rows: rows)
        // Two partitions, as a Parquet provider would return row groups.
        let parts = InMemoryTable(
            name: "parts", schema: Schema([Field("n", .int32)]),
            batches: try [1, 2].map { n in
                try ColumnBatch(
                    schema: Schema([Field("n", .int32)]),
                    columns: [
                        Column(type: .int32, count: 2, validity: nil, storage: .int32([Int32(n), Int32(n * 10)]))
                    ])
            })
        return InMemoryCatalog([events, parts])
    }

    static func text(_ sql: String) async throws -> [[String?]] {
        try await SQLEngine().execute(sql, catalog: try lakeCatalog()).textRows
    }

    @Test func camelCaseNamesMatchUnquotedIdentifiersCaseInsensitively() async throws {
        let rows = try await Self.text("SELECT eventtype FROM WEBEVENTS WHERE EventType LIKE 'commerce%'")
        #expect(rows == [["commerce.purchases"]])
        let quoted = try await Self.text(#"SELECT "eventType" FROM "webEvents" WHERE "eventType" IS NULL"#)
        #expect(quoted == [[nil]])
    }

    @Test func quotedIdentifiersAreExact() async throws {
        await #expect(throws: SQLError.self) { try await Self.text(#"SELECT "eventtype" FROM webEvents"#) }
        await #expect(throws: SQLError.self) { try await Self.text(#"SELECT 1 FROM "webevents""#) }
    }

    @Test func unquotedNameMatchingTwoSpellingsPrefersTheExactFoldedOne() async throws {
        // `value` folds to "value", which one column is spelled exactly; "Value" needs quotes.
        #expect(try await Self.text("SELECT value FROM webEvents ORDER BY 1") == [["10"], ["20"], ["30"]])
        #expect(try await Self.text(#"SELECT "Value" FROM webEvents ORDER BY 1"#) == [["1"], ["2"], [nil]])
    }

    @Test func ambiguousCaseInsensitiveMatchIs42702() async throws {
        let schema = Schema([Field("userId", .int64), Field("USERID", .int64)])
        let table = try InMemoryTable(name: "t", schema: schema, rows: [[.int(1), .int(2)]])
        do {
            _ = try await SQLEngine().execute("SELECT userid FROM t", catalog: InMemoryCatalog([table]))
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.state == .ambiguousColumn)
        }
    }

    @Test func nestedFieldsResolveAsDottedChains() async throws {
        let rows = try await Self.text("SELECT web.webPageDetails.name, e.web.webpagedetails.url FROM webEvents e")
        #expect(rows == [["home", "/"], ["cart", nil], [nil, nil]])
        let grouped = try await Self.text(
            "SELECT web.webPageDetails.name AS page, count(*) FROM webEvents GROUP BY 1 ORDER BY 1")
        #expect(grouped == [["cart", "1"], ["home", "1"], [nil, "1"]])
    }

    @Test func timestampsPrintAsTimestamptzInUTC() async throws {
        let rows = try await Self.text("SELECT timestamp FROM webEvents ORDER BY 1")
        #expect(rows == [["1970-01-01 00:00:00+00"], ["2023-11-14 22:13:20+00"], [nil]])
    }

    @Test func scansEveryPartition() async throws {
        #expect(try await Self.text("SELECT sum(n), count(*) FROM parts") == [["33", "4"]])
    }

    @Test func errorsCarrySQLStateAndPosition() async throws {
        do {
            _ = try await Self.text("SELECT nope FROM webEvents")
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.state == .undefinedColumn)
            #expect(error.position == 8)
        }
        do {
            _ = try await Self.text("SELECT 1 FROM nowhere")
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.state == .undefinedTable)
            #expect(error.position == 15)
        }
    }

    @Test func resultBatchesCarryColumnarTypes() async throws {
        let result = try await SQLEngine().execute(
            "SELECT 1 AS a, 1.50 AS b, 'x'::text AS c, 3000000000 AS d", catalog: try Self.lakeCatalog())
        #expect(result.columns.map(\.type) == [.integer, .anyNumeric, .text, .bigint])
        #expect(result.batches.first?.schema.fields.map(\.type) == [.int32, SQLType.numericLayout, .string, .int64])
        #expect(result.textRows == [["1", "1.50", "x", "3000000000"]])
    }

    @Test func explainPrintsTheLogicalPlan() async throws {
        let result = try await SQLEngine().execute(
            "EXPLAIN SELECT eventType, count(*) FROM webEvents WHERE value > 1 GROUP BY 1 ORDER BY 2 DESC LIMIT 5",
            catalog: try Self.lakeCatalog())
        let text = result.textRows.compactMap { $0.first ?? nil }.joined(separator: "\n")
        #expect(text.contains("Limit 5"))
        #expect(text.contains("Sort"))
        #expect(text.contains("HashAggregate"))
        #expect(text.contains("Scan webEvents"))
    }

    /// The binder and evaluator recurse over the tree the parser accepted; the deepest statements that parse
    /// must bind and run (or fail with an SQLError), never exhaust the stack.
    @Test(arguments: [50, 140, 400, 1000])
    func deeplyNestedExpressionsAnswer(depth: Int) async throws {
        let sql =
            "SELECT " + String(repeating: "(1 + ", count: depth) + "1" + String(repeating: ")", count: depth)
            + " AS v, " + String(repeating: "NOT ", count: depth) + "true"
        do {
            let rows = try await Self.text(sql)
            #expect(rows.first?.first == String(depth + 1))
        } catch let error as SQLError {
            #expect(error.state == .statementTooComplex)
        }
    }
}
