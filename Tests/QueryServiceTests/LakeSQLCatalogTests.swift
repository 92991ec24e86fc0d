import Columnar
import OutflowTestSupport
import QueryService
import SQL
import Testing

@Suite(.onDedicatedThreads) struct LakeSQLCatalogTests {
    @Test func datasetsAreTablesByNameWithCatalogRowCounts() async throws {
        let fixture = try QueryFixture()
        try fixture.ingested("webEvents", batches: [[(1, "a"), (2, "b")], [(3, nil)]])
        let catalog = try await LakeSQLCatalog.load(lake: fixture.lake, sandbox: "prod", store: fixture.store)
        #expect(catalog.tableNames == ["webEvents"])
        #expect(catalog.table(named: "webEvents")?.statistics.rowCount == 3)
        // Ingested datasets show their _id; unquoted names match case-insensitively, quoted ones exactly.
        #expect(try await fixture.rows("SELECT count(*), max(id) FROM WEBEVENTS").rows == [["3", "3"]])
        #expect(try await fixture.rows("SELECT _id FROM \"webEvents\" WHERE id = 1").rows == [["row1"]])
        #expect(await fixture.state("SELECT * FROM \"webevents\"") == "42P01")
    }

    @Test func namesThatAreNotIdentifiersAreReachableQuoted() async throws {
        let fixture = try QueryFixture()
        try fixture.ingested("web events 2024", batches: [[(7, "x")]])
        #expect(try await fixture.rows("SELECT id, v FROM \"web events 2024\"").rows == [["7", "x"]])
        #expect(await fixture.state("SELECT * FROM web events 2024") == "42601")
    }

    @Test func aScanReadsOnlyTheProjectedColumnsOneRowGroupPerPartition() async throws {
        let fixture = try QueryFixture()
        try fixture.ingested("t", batches: [[(1, "a")], [(2, "b"), (3, "c")]])
        let catalog = try await LakeSQLCatalog.load(lake: fixture.lake, sandbox: "prod", store: fixture.store)
        let table = try #require(catalog.table(named: "t"))
        let index = try #require(table.schema.fields.firstIndex { $0.name == "v" })
        let streams = try await table.scan(ScanRequest(projection: [index]))
        #expect(streams.count == 2)
        var values: [Value] = []
        for stream in streams {
            while let batch = try await stream.next() {
                #expect(batch.schema.fields.map(\.name) == ["v"])
                values += batch.rows.map { $0[0] }
            }
        }
        #expect(values == [.string("a"), .string("b"), .string("c")])
    }
}
