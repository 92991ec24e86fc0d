import Columnar
import Testing

@testable import QueryService
@testable import SQL

/// Arrays, rows and set-returning functions over the lake's nested types (what the PostgreSQL-replayable `.slt`
/// files cannot express: lists of structs, maps, camelCase fields) and their memory accounting and spilling.
@Suite struct ArrayEngineTests {
    static func catalog() throws -> InMemoryCatalog {
        let item = DataType.struct([Field("SKU", .string), Field("quantity", .int32)])
        let events = try InMemoryTable(
            name: "web_events",
            schema: Schema([
                Field("id", .int32), Field("productListItems", .list(Field("element", item))),
                Field("identityMap", .map(key: Field("key", .string), value: Field("value", .string))),
            ]),
            rows: [
                [
                    .int(1), .list([.struct([.string("A"), .int(2)]), .struct([.string("B"), .int(1)])]),
                    .map([MapEntry(key: .string("ECID"), value: .string("e1"))]),
                ],
                [.int(2), .null, .map([])],
                [.int(3), .list([.struct([.string("A"), .int(5)]), .null]), .null],
            ])
        let products = try InMemoryTable(
            name: "product_catalog", schema: Schema([Field("SKU", .string), Field("category", .string)]),
            rows: [[.string("A"), .string("shoes")], [.string("B"), .string("hats")]])
        return InMemoryCatalog([events, products])
    }

    static func text(_ sql: String, options: SQLEngine.Options = .init()) async throws -> [[String?]] {
        try await SQLEngine(options: options).execute(sql, catalog: try catalog()).textRows
    }

    @Test func unnestOfStructElementsMakesTheirFieldsColumns() async throws {
        let rows = try await Self.text(
            """
            SELECT p.category, count(*), sum(i.quantity) FROM web_events e, unnest(e.productListItems) AS i
            JOIN product_catalog p ON p.SKU = i.SKU GROUP BY p.category ORDER BY p.category
            """)
        #expect(rows == [["hats", "1", "1"], ["shoes", "2", "7"]])
        let all = try await Self.text(
            "SELECT e.id, i.s, i.q, n FROM web_events e, unnest(e.productListItems) WITH ORDINALITY AS i(s, q, n) ORDER BY 1, 4"
        )
        #expect(all == [["1", "A", "2", "1"], ["1", "B", "1", "2"], ["3", "A", "5", "1"], ["3", nil, nil, "2"]])
    }

    @Test func leftJoinToUnnestKeepsRowsWithoutElements() async throws {
        let rows = try await Self.text(
            "SELECT e.id, i.SKU FROM web_events e LEFT JOIN LATERAL unnest(e.productListItems) AS i ON true ORDER BY 1, 2"
        )
        #expect(rows == [["1", "A"], ["1", "B"], ["2", nil], ["3", "A"], ["3", nil]])
    }

    @Test func lakeArraysTakeSubscriptsCardinalityAndFieldAccess() async throws {
        let rows = try await Self.text(
            "SELECT id, cardinality(productListItems), (productListItems[1]).SKU, productListItems[9] IS NULL FROM web_events ORDER BY id"
        )
        #expect(rows == [["1", "2", "A", "true"], ["2", nil, nil, "true"], ["3", "2", "A", "true"]])
        let text = try await Self.text("SELECT productListItems::text FROM web_events WHERE id = 3")
        #expect(text == [["{\"(A,5)\",NULL}"]])
    }

    @Test func mapColumnsTakeKeySubscripts() async throws {
        let rows = try await Self.text(
            "SELECT id, identityMap['ECID'], identityMap['none'] FROM web_events ORDER BY id")
        #expect(rows == [["1", "e1", nil], ["2", nil, nil], ["3", nil, nil]])
    }

    @Test func unnestReservesItsOutputAndStreamsWithinTheLimit() async throws {
        let big = try InMemoryTable(
            name: "big", schema: Schema([Field("a", .list(Field("element", .int64)))]),
            rows: [[.list((0..<50_000).map { .int($0) })]])
        let catalog = InMemoryCatalog([big])
        let sql = "SELECT count(*), sum(x) FROM big, unnest(big.a) AS x"
        let unlimited = try await SQLEngine().execute(sql, catalog: catalog)
        #expect(unlimited.textRows == [["50000", "1249975000"]])
        // The chunks are reserved while built, and bounded: 50,000 rows never sit in one chunk.
        #expect(unlimited.statistics.peakReservedBytes > 0)
        #expect(unlimited.statistics.peakReservedBytes < 1024 * 256)
        // Under a budget a blocking operator above has taken, the output goes on in small chunks.
        let storage = InMemorySpillStorage()
        let limited = SQLEngine(options: .init(memoryLimit: 32 << 10, spillStorage: storage))
        let grouped = try await limited.execute(
            "SELECT x % 5000, count(*) FROM big, unnest(big.a) AS x GROUP BY 1", catalog: catalog)
        #expect(grouped.rows.count == 5000)
        #expect(grouped.statistics.peakReservedBytes <= 32 << 10)
        #expect(grouped.statistics.spilledRows > 0)
    }

    @Test func longSeriesStreamWithinASmallLimit() async throws {
        let engine = SQLEngine(options: .init(memoryLimit: 64 << 10))
        let result = try await engine.execute(
            "SELECT count(*), sum(n) FROM generate_series(1, 200000) AS g(n)", catalog: try Self.catalog())
        #expect(result.textRows == [["200000", "20000100000"]])
        #expect(result.statistics.peakReservedBytes <= 64 << 10)
        let first = try await engine.execute(
            "SELECT n FROM generate_series(1, 9000000000000000000) AS g(n) LIMIT 2", catalog: try Self.catalog())
        #expect(first.textRows == [["1"], ["2"]])
    }

    @Test func groupingByArraysAndArrayAggSpillAndMatch() async throws {
        let sql = """
            SELECT ARRAY[n % 700, n % 3], count(*), array_agg(n % 5), (n % 4, 'x') FROM generate_series(1, 20000) AS g(n)
            GROUP BY 1, 4
            """
        let expected = try await SQLEngine().execute(sql, catalog: try Self.catalog())
        let storage = InMemorySpillStorage()
        let engine = SQLEngine(options: .init(memoryLimit: 48 << 10, spillStorage: storage))
        let actual = try await engine.execute(sql, catalog: try Self.catalog())
        #expect(
            actual.textRows.map { $0.map { $0 ?? "" } }.sorted { $0.lexicographicallyPrecedes($1) }
                == expected.textRows.map { $0.map { $0 ?? "" } }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(actual.textRows.count == 2100)
        #expect(actual.statistics.spilledRows > 0)
        #expect(await storage.liveRunCount == 0)
    }

    @Test func arraysAndRowsRoundTripThroughTheSpillCodecs() throws {
        let row: [Datum] = [
            .nested(.list([.int(1), .null, .list([.string("a b")])])),
            .nested(.struct([.int(1), .struct([.decimal(15), .int(1)]), .null])), .nested(.list([])),
        ]
        #expect(try RowCodec.decode(RowCodec.encode([row], width: 3)) == [row])
        var state = Accumulator()
        state.elements = [.int(3), .null, .text("x")]
        state.seen = [.int(3)]
        let decoded = try AccumulatorCodec.decode(AccumulatorCodec.encode(state))
        #expect(decoded.elements == state.elements)
        #expect(decoded.seen == state.seen)
    }

    @Test func explainShowsTheTableFunction() async throws {
        let plan = try SQLEngine().plan(
            "SELECT x FROM unnest(ARRAY[1, 2]) WITH ORDINALITY AS u(x, n)", catalog: try Self.catalog())
        #expect(plan.explain.contains("TableFunction unnest("))
        #expect(plan.explain.contains("WITH ORDINALITY"))
    }
}
