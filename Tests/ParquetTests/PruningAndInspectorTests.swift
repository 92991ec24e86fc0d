import Columnar
import Foundation
import OutflowTestSupport
import Testing

@testable import Parquet

@Suite(.onDedicatedThreads) struct PruningAndInspectorTests {
    /// Four row groups of ids 0-99, 100-199, ...; names "n<id>"; day = id.
    private func file() throws -> [UInt8] {
        let schema = Schema([Field("id", .int64, nullable: false), Field("name", .string), Field("day", .date)])
        let batches = try (0..<4).map { g in
            try Fixtures.batch(
                schema,
                (0..<100).map { i in
                    let id = g * 100 + i
                    return [.int(Int64(id)), g == 3 ? .null : .string("n\(id)"), .date(Int32(id))]
                })
        }
        let sink = MemorySink()
        let writer = try ParquetWriter(sink: sink, schema: schema)
        for batch in batches {
            try writer.write(batch)
            try writer.endRowGroup()
        }
        _ = try writer.close()
        return sink.bytes
    }

    @Test(arguments: [
        (ParquetPredicate.compare(column: "id", .equal, .int(150)), [1]),
        (.compare(column: "id", .less, .int(100)), [0]),
        (.compare(column: "id", .greaterOrEqual, .int(299)), [2, 3]),
        (.compare(column: "id", .notEqual, .int(5)), [0, 1, 2, 3]),
        (.and([.compare(column: "id", .greater, .int(50)), .compare(column: "id", .lessOrEqual, .int(120))]), [0, 1]),
        (.or([.compare(column: "id", .equal, .int(5)), .compare(column: "id", .equal, .int(305))]), [0, 3]),
        (.compare(column: "name", .equal, .string("n250")), [0, 2]),
        (.isNull(column: "name"), [3]),
        (.isNotNull(column: "name"), [0, 1, 2]),
        (.compare(column: "day", .less, .date(10)), [0]),
        (.compare(column: "missing", .equal, .int(1)), [0, 1, 2, 3]),
    ])
    func statisticsPruneRowGroups(_ predicate: ParquetPredicate, _ expected: [Int]) throws {
        let reader = try ParquetReader(bytes: try file(), name: "p")
        #expect(reader.rowGroupCount == 4)
        #expect(reader.rowGroups(matching: predicate) == expected)
    }

    @Test func inspectorDescribesSchemaRowGroupsAndStatistics() throws {
        let path = NSTemporaryDirectory() + "outflow-inspect-\(UUID().uuidString).parquet"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = try file()
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let text = try ParquetInspector.describe(path: path)
        #expect(text.contains("rows: 400"))
        #expect(text.contains("row groups: 4"))
        #expect(text.contains("id: int64 not null"))
        #expect(text.contains("ZSTD"))
        #expect(text.contains("RLE_DICTIONARY"))
        #expect(text.contains("min=0 max=99"))
    }
}
