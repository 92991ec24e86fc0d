import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Older writers' list layouts read as Outflow lists.
@Suite(.onDedicatedThreads) struct LegacySchemaTests {
    /// Writes `list<int32 not null>` (levels identical to the legacy forms), then swaps in `elements`.
    private func file(withSchema elements: [SchemaElement], leafPath: [String]) throws -> [UInt8] {
        let schema = Schema([Field("a", .list(Field("element", .int32, nullable: false)), nullable: false)])
        let rows: [[Value]] = [[.list([.int(1), .int(2)])], [.list([])], [.list([.int(3)])]]
        let bytes = try Fixtures.write(schema, [try Fixtures.batch(schema, rows)])
        var meta = try ParquetReader(bytes: bytes, name: "x").metadata
        meta.schema = elements
        meta.keyValueMetadata = nil
        for g in meta.rowGroups.indices { meta.rowGroups[g].columns[0].metaData?.pathInSchema = leafPath }
        return FooterPatch.replaceFooter(bytes, with: meta)
    }

    private func element(_ name: String, _ repetition: Repetition, type: PhysicalType? = nil, children: Int? = nil)
        -> SchemaElement
    {
        var e = SchemaElement(name: name)
        e.repetition = repetition.rawValue
        e.type = type?.rawValue
        e.numChildren = children.map(Int32.init)
        return e
    }

    @Test func twoLevelListOfPrimitivesReads() throws {
        var root = SchemaElement(name: "schema")
        root.numChildren = 1
        var list = element("a", .required, children: 1)
        list.convertedType = ConvertedType.list.rawValue
        let bytes = try file(
            withSchema: [root, list, element("array", .repeated, type: .int32)], leafPath: ["a", "array"])
        let reader = try ParquetReader(bytes: bytes, name: "legacy")
        #expect(reader.schema.fields[0].type == .list(Field("element", .int32, nullable: false)))
        #expect(
            try reader.readAll().flatMap(\.rows) == [[.list([.int(1), .int(2)])], [.list([])], [.list([.int(3)])]])
    }

    @Test func bareRepeatedFieldReadsAsRequiredList() throws {
        var root = SchemaElement(name: "schema")
        root.numChildren = 1
        let bytes = try file(withSchema: [root, element("a", .repeated, type: .int32)], leafPath: ["a"])
        let reader = try ParquetReader(bytes: bytes, name: "bare")
        #expect(reader.schema.fields[0].nullable == false)
        #expect(
            try reader.readAll().flatMap(\.rows) == [[.list([.int(1), .int(2)])], [.list([])], [.list([.int(3)])]])
    }
}
