import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// `ParquetReader.readRowGroup(_:paths:)`: a struct field read as a column of its own decodes only the
/// leaves under it, with NULL where the field or a struct above it is NULL.
@Suite struct NestedPathReadTests {
    static let geo = DataType.struct([Field("countryCode", .string), Field("city", .string)])
    static let schema = Schema([
        Field("id", .int64, nullable: false),
        Field("place", .struct([Field("geo", geo), Field("accuracy", .int32)])),
        Field("items", .list(Field("element", .struct([Field("sku", .string)])))),
    ])

    /// Rows: a full place, a NULL place, a place with a NULL geo, a geo with a NULL country.
    static func file() throws -> [UInt8] {
        let batch = try Fixtures.batch(
            schema,
            [
                [
                    .int(1), .struct([.struct([.string("US"), .string("Boston")]), .int(5)]),
                    .list([.struct([.string("a")])]),
                ],
                [.int(2), .null, .null],
                [.int(3), .struct([.null, .int(7)]), .list([])],
                [.int(4), .struct([.struct([.null, .string("Paris")]), .null]), .null],
            ])
        let sink = MemorySink()
        let writer = try ParquetWriter(sink: sink, schema: schema)
        try writer.write(batch)
        _ = try writer.close()
        return sink.bytes
    }

    @Test func aLeafIsNullWhereItOrAnAncestorIsNull() throws {
        let reader = try ParquetReader(bytes: try Self.file(), name: "p")
        let batch = try reader.readRowGroup(
            0, paths: [["place", "geo", "countryCode"], ["place", "accuracy"], ["place", "geo"], ["id"]])
        #expect(batch.schema.fields.map(\.name) == ["place.geo.countryCode", "place.accuracy", "place.geo", "id"])
        #expect(batch.schema.fields.map(\.type) == [.string, .int32, Self.geo, .int64])
        let rows = (0..<batch.rowCount).map { batch.row($0) }
        #expect(rows[0] == [.string("US"), .int(5), .struct([.string("US"), .string("Boston")]), .int(1)])
        #expect(rows[1] == [.null, .null, .null, .int(2)])
        #expect(rows[2] == [.null, .int(7), .null, .int(3)])
        #expect(rows[3] == [.null, .null, .struct([.null, .string("Paris")]), .int(4)])
    }

    /// The chunks of other leaves are never read: with `place.geo.city`'s chunk overwritten by garbage, its
    /// sibling still reads while the whole struct fails.
    @Test func otherLeavesChunksAreNeverRead() throws {
        var bytes = try Self.file()
        let probe = try ParquetReader(bytes: bytes, name: "p")
        guard let city = probe.tree.leaves.firstIndex(where: { $0.dottedPath == "place.geo.city" }),
            let meta = probe.metadata.rowGroups[0].columns[city].metaData
        else {
            Issue.record("no place.geo.city leaf")
            return
        }
        var start = Int(meta.dataPageOffset)
        if let dictionary = meta.dictionaryPageOffset, dictionary > 0 { start = min(start, Int(dictionary)) }
        for offset in start..<(start + Int(meta.totalCompressedSize)) { bytes[offset] = 0xFF }
        let reader = try ParquetReader(bytes: bytes, name: "p")
        let batch = try reader.readRowGroup(0, paths: [["place", "geo", "countryCode"]])
        #expect(batch.columns[0].nullCount == 3)
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, paths: [["place"]]) }
    }

    @Test func pathsIntoListsOrUnknownFieldsAreRefused() throws {
        let reader = try ParquetReader(bytes: try Self.file(), name: "p")
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, paths: [["items", "sku"]]) }
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, paths: [["place", "nope"]]) }
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, paths: [["id", "x"]]) }
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, paths: [[]]) }
    }

    @Test func leafStatisticsPruneRowGroups() throws {
        let reader = try ParquetReader(bytes: try Self.file(), name: "p")
        #expect(reader.rowGroups(matching: .compare(column: "place.geo.countryCode", .equal, .string("US"))) == [0])
        #expect(reader.rowGroups(matching: .compare(column: "place.geo.countryCode", .equal, .string("ZZ"))) == [])
    }
}
