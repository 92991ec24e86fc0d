import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Definition and repetition levels for nested data, checked against the Dremel paper's rules.
@Suite(.onDedicatedThreads) struct LevelsTests {
    private func shred(_ field: Field, _ values: [Value]) throws -> [LeafBuffer] {
        let schema = Schema([field])
        let tree = try SchemaTree(elements: try ParquetSchemaBuilder.elements(for: schema))
        let batch = try Fixtures.batch(schema, values.map { [$0] })
        let parts = try ColumnShredder(leaves: tree.leaves).shred(batch.columns[0], node: tree.nodes[0])
        return parts.sorted { $0.0 < $1.0 }.map(\.1)
    }

    @Test func nullableListOfNullableIntsGetsThreeDefinitionLevels() throws {
        let leaves = try shred(
            Field("a", .list(Field("element", .int32))),
            [
                .list([.int(1), .null]), .null, .list([]), .list([.int(2)]),
            ])
        #expect(leaves.count == 1)
        #expect(leaves[0].definitionLevels == [3, 2, 0, 1, 3])
        #expect(leaves[0].repetitionLevels == [0, 1, 0, 0, 0])
        #expect(leaves[0].values.count == 2)
    }

    @Test func mapOfListsGetsTwoRepetitionLevels() throws {
        let type = DataType.map(
            key: Field("key", .string, nullable: false),
            value: Field("value", .list(Field("element", .int64, nullable: false)), nullable: false))
        let leaves = try shred(
            Field("m", type, nullable: false),
            [
                .map([
                    MapEntry(key: .string("a"), value: .list([.int(1), .int(2)])),
                    MapEntry(key: .string("b"), value: .list([])),
                ])
            ])
        #expect(leaves.count == 2)
        #expect(leaves[0].repetitionLevels == [0, 1])
        #expect(leaves[0].definitionLevels == [1, 1])
        #expect(leaves[1].repetitionLevels == [0, 2, 1])
        #expect(leaves[1].definitionLevels == [2, 2, 1])
    }

    @Test func requiredFlatColumnsHaveNoLevels() throws {
        let leaves = try shred(Field("n", .int64, nullable: false), [.int(1), .int(2)])
        #expect(leaves[0].definitionLevels.isEmpty)
        #expect(leaves[0].repetitionLevels.isEmpty)
    }

    @Test func nullsInRequiredColumnsAreRejected() throws {
        let schema = Schema([Field("n", .int64, nullable: false)])
        let builder = ColumnBuilder(type: .int64)
        builder.appendNull()
        let batch = try ColumnBatch(schema: schema, columns: [builder.finish()])
        let writer = try ParquetWriter(sink: MemorySink(), schema: schema)
        #expect(throws: ParquetError.self) { try writer.write(batch) }
    }
}
