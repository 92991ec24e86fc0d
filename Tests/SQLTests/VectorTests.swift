import Columnar
import Testing

@testable import SQL

/// The typed vectors of `Chunk` and the column-at-a-time kernels over what the `.slt` files cannot build (those
/// cover the kernels' values in `vectors.slt`): struct columns with NULL parents and NULL children, several
/// batches (one all NULL, one without a match), selections composed by stacked filters, and `Chunk`'s datum API
/// over typed columns.
@Suite struct VectorTests {
    static let geo = DataType.struct([Field("country", .string), Field("code", .int32)])
    static let schema = Schema([Field("id", .int64), Field("geo", geo), Field("score", .float64)])

    static func batch(_ rows: [[Value]]) throws -> ColumnBatch {
        let table = try InMemoryTable(name: "t", schema: schema, rows: rows)
        guard let batch = table.batches.first else { throw SQLError(SQLState("XX000"), "no batch") }
        return batch
    }

    static func us(_ code: Value) -> Value { .struct([.string("US"), code]) }

    static func catalog() throws -> InMemoryCatalog {
        let batches = [
            try batch([
                [.int(1), us(.int(1)), .float(1.5)], [.int(2), us(.null), .float(.nan)], [.int(3), .null, .float(2)],
                [.int(4), .struct([.string("FR"), .int(2)]), .null], [.int(5), us(.int(3)), .float(-1)],
            ]),
            try batch(Array(repeating: [.null, .null, .null], count: 3)),
            try batch([
                [.int(6), .struct([.string("DE"), .int(4)]), .float(0)],
                [.int(7), .struct([.string("FR"), .int(5)]), .float(1)],
            ]),
            try batch([[.int(8), us(.int(9)), .float(3)], [.int(9), .struct([.null, .int(9)]), .float(4)]]),
        ]
        return InMemoryCatalog([InMemoryTable(name: "t", schema: schema, batches: batches)])
    }

    static func rows(_ sql: String) async throws -> [[String?]] {
        try await SQLEngine().execute(sql, catalog: try catalog()).textRows
    }

    @Test func structFieldComparisonsSeeTheParentsNulls() async throws {
        #expect(try await Self.rows("SELECT count(*) FROM t WHERE (geo).country = 'US'") == [["4"]])
        #expect(
            try await Self.rows("SELECT id FROM t WHERE (geo).country = 'US' AND (geo).code > 1 ORDER BY id")
                == [["5"], ["8"]])
        #expect(
            try await Self.rows("SELECT count(*) FROM t WHERE (geo).code IS NULL AND id IS NOT NULL") == [["2"]])
    }

    @Test func stackedFiltersComposeSelections() async throws {
        let sql = """
            SELECT id, (geo).code FROM (SELECT * FROM t WHERE score IS NOT NULL OFFSET 0) s
            WHERE (geo).code IS NULL OR (geo).country <> 'US' ORDER BY id
            """
        #expect(try await Self.rows(sql) == [["2", nil], ["3", nil], ["6", "4"], ["7", "5"]])
        #expect(
            try await Self.rows("SELECT id, (geo).code * 2 FROM t WHERE (geo).code > 4 ORDER BY id")
                == [["7", "10"], ["8", "18"], ["9", "18"]])
    }

    @Test func ungroupedAggregatesOverBatchesWithAnAllNullOne() async throws {
        let sql =
            "SELECT count(*), count((geo).code), sum((geo).code), min((geo).country), max(score), sum(score) FROM t"
        #expect(try await Self.rows(sql) == [["12", "7", "33", "DE", "NaN", "NaN"]])
        #expect(try await Self.rows("SELECT count(*), sum(id), max(id) FROM t WHERE id > 100") == [["0", nil, nil]])
    }

    @Test func topNDropsRowsItsKeysDoNotAdmit() async throws {
        #expect(
            try await Self.rows("SELECT id FROM t ORDER BY score DESC NULLS LAST, id LIMIT 3") == [["2"], ["9"], ["8"]])
        #expect(
            try await Self.rows("SELECT id FROM t WHERE id IS NOT NULL ORDER BY (geo).country NULLS FIRST, id LIMIT 4")
                == [["3"], ["9"], ["6"], ["4"]])
    }

    @Test func typedChunksKeepTheDatumAPI() throws {
        let batch = try Self.batch([[.int(1), Self.us(.int(7)), .float(1.5)], [.null, .null, .float(2)]])
        let types = Self.schema.fields.map { SQLType($0.type) }
        let chunk = Chunk(batch, types: types)
        #expect(chunk.columns[0] == [.int(1), .null])
        #expect(chunk.columns[2][1] == .float(2))
        #expect(chunk.row(1) == [.null, .null, .float(2)])
        let gathered = chunk.gather([1, 1, 0])
        #expect(gathered.count == 3 && gathered.row(2)[0] == .int(1) && gathered.columns[0] == [.null, .null, .int(1)])
        // A field comparison runs as a kernel over the struct's child: a typed boolean vector, no datums.
        let country = BoundExpression(.field(BoundExpression(.column(1), types[1]), 0), .text)
        let equal = BoundExpression(.function(.equal, [country, .literal(.text("US"), .text)]), .boolean)
        guard case let .typed(result) = try VectorEvaluator.evaluate(equal, gathered) else {
            Issue.record("the comparison fell back to datums")
            return
        }
        #expect((0..<3).map { result.datum($0) } == [.null, .null, .boolean(true)])
        // A whole typed column in its own layout leaves as the column it came in as.
        let out = try chunk.batch(Self.schema.fields.map { PlanColumn($0.name, SQLType($0.type)) })
        #expect(out.columns[2].storage.float64Values == [1.5, 2])
        var edited = chunk
        edited.columns[0][0] = .int(5)
        #expect(edited.columns[0] == [.int(5), .null] && chunk.columns[0] == [.int(1), .null])
    }
}

extension Column.Storage {
    fileprivate var float64Values: [Double]? {
        if case let .float64(values) = self { return values }
        return nil
    }
}
