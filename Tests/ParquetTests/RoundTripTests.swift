import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Outflow writes, Outflow reads: schema and every value come back exactly.
@Suite(.onDedicatedThreads) struct RoundTripTests {
    @Test(arguments: CompatCase.all)
    func outflowReadsBackWhatItWrote(_ c: CompatCase) throws {
        let bytes = try Fixtures.write(c.schema, try c.batches(), options: c.options)
        let reader = try ParquetReader(bytes: bytes, name: c.name)
        #expect(reader.schema == c.schema)
        #expect(reader.rowCount == c.rowCount)
        let rows = try reader.readAll().flatMap(\.rows)
        #expect(rows == c.rows)
    }

    @Test func projectionReturnsOnlyTheNamedColumns() throws {
        let c = CompatCase.all.first { $0.name.hasPrefix("wide_zstd_v1_dict") }
        let chosen = try #require(c)
        let bytes = try Fixtures.write(chosen.schema, try chosen.batches(), options: chosen.options)
        let reader = try ParquetReader(bytes: bytes, name: "p")
        let batches = try reader.readAll(columns: ["string", "list_of_struct"])
        let expected = chosen.rows.map { [$0[9], $0[17]] }
        #expect(batches.first?.schema.fields.map(\.name) == ["string", "list_of_struct"])
        #expect(batches.flatMap(\.rows) == expected)
    }

    @Test func fieldMetadataAndNullabilityComeBackFromTheStoredSchema() throws {
        let schema = Schema(
            [Field("email", .string, nullable: false, metadata: ["labels": "C2,I1"]), Field("n", .int32)],
            metadata: ["owner": "crm"])
        let bytes = try Fixtures.write(schema, [try Fixtures.batch(schema, [[.string("a@b"), .null]])])
        let reader = try ParquetReader(bytes: bytes, name: "m")
        #expect(reader.schema == schema)
        #expect(reader.keyValueMetadata["outflow.schema"] != nil)
    }

    @Test func customKeyValueMetadataIsStored() throws {
        let schema = Schema([Field("a", .int32)])
        let bytes = try Fixtures.write(
            schema, [try Fixtures.batch(schema, [[.int(1)]])], options: .init(keyValueMetadata: ["k": "v"]))
        #expect(try ParquetReader(bytes: bytes, name: "kv").keyValueMetadata["k"] == "v")
    }
}

@Suite(.onDedicatedThreads) struct RowGroupSizingTests {
    @Test(arguments: [1, 7, 100])
    func largeBatchesAreSplitIntoRowGroupsAndReadBackInOrder(_ batches: Int) throws {
        let c = try #require(CompatCase.all.first { $0.name == "many_row_groups" })
        let rows = c.rows
        let per = max(1, rows.count / batches)
        let parts = try stride(from: 0, to: rows.count, by: per).map {
            try Fixtures.batch(c.schema, Array(rows[$0..<min(rows.count, $0 + per)]))
        }
        let bytes = try Fixtures.write(c.schema, parts, options: .init(rowGroupBytes: 8192, pageBytes: 512))
        let reader = try ParquetReader(bytes: bytes, name: "split")
        #expect(reader.rowGroupCount > 3)
        #expect(try reader.readAll().flatMap(\.rows) == rows)
    }
}
