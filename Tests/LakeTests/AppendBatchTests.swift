import Codecs
import Columnar
import Foundation
import OutflowTestSupport
import Storage
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct AppendBatchTests {
    static let schemaText = """
        {"title": "Metrics", "class": "Record", "fields": [
          {"name": "value", "type": "int64"},
          {"name": "tags", "type": "array", "items": {"type": "string"}},
          {"name": "attrs", "type": "map", "values": {"type": "float64"}}]}
        """

    func makeBatch(_ schema: Schema, ids: Range<Int>) throws -> ColumnBatch {
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        for id in ids {
            try builders[0].append(.string("r\(id)"))
            try builders[1].append(id % 3 == 0 ? .null : .int(Int64(id)))
            try builders[2].append(.list([.string("a"), .string("t\(id)")]))
            try builders[3].append(.map([MapEntry(key: .string("k"), value: .float(Double(id) / 2))]))
        }
        return try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
    }

    @Test func appendedBatchesAreCommittedAndScannedBack() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "m", schemaDocument: Fixtures.bytes(Self.schemaText))
        let batches = [try makeBatch(dataset.schema, ids: 0..<50), try makeBatch(dataset.schema, ids: 50..<80)]
        let batch = try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: batches, codec: .snappy)
        #expect(batch.status == .success && batch.rowCount == 80 && batch.sequence == 1)
        let rows = try lake.scan(sandbox: "prod", datasetId: dataset.id).flatMap(\.rows)
        #expect(rows == batches.flatMap(\.rows))
    }

    @Test func partsRollAtThePartSize() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path, configuration: .init(partBytes: 1))
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "m", schemaDocument: Fixtures.bytes(Self.schemaText))
        let batches = try (0..<3).map { try makeBatch(dataset.schema, ids: ($0 * 10)..<($0 * 10 + 10)) }
        let batch = try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: batches)
        #expect(
            batch.files.map { $0.split(separator: "/").last.map(String.init) ?? "" }
                == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"])
        #expect(try lake.files(sandbox: "prod", datasetId: dataset.id).map(\.rowCount) == [10, 10, 10])
        #expect(try lake.scan(sandbox: "prod", datasetId: dataset.id).flatMap(\.rows).count == 30)
    }

    @Test func batchesOfAnotherSchemaAreRejected() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "m", schemaDocument: Fixtures.bytes(Self.schemaText))
        let other = Schema([Field("x", .int32)])
        let builder = ColumnBuilder(type: .int32)
        try builder.append(.int(1))
        let batch = try ColumnBatch(schema: other, columns: [builder.finish()])
        #expect(throws: LakeError.self) {
            try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch])
        }
        #expect(try lake.batches(sandbox: "prod").total == 0)
    }
}

@Suite(.onDedicatedThreads) struct ColumnRetypingTests {
    static let labelled = DataType.struct([
        Field("id", .string, nullable: false, metadata: ["labels": "I1"]),
        Field("n", .int32, metadata: ["description": "d"]),
    ])
    static let plain = DataType.struct([Field("id", .string), Field("n", .int32)])

    func column(_ values: [Value], type: DataType) throws -> Column {
        let builder = ColumnBuilder(type: type)
        for value in values { try builder.append(value) }
        return builder.finish()
    }

    @Test func metadataAndSatisfiedNullabilityDifferencesAreRelabelled() throws {
        let source = try column([.struct([.string("a"), .int(1)]), .null], type: Self.plain)
        let retyped = try #require(source.retyped(to: Self.labelled))
        #expect(retyped.type == Self.labelled)
        #expect(retyped.values == source.values)
        let list = try column([.list([.struct([.string("x"), .null])])], type: .list(Field("element", Self.plain)))
        #expect(list.retyped(to: .list(Field("element", Self.labelled)))?.values == list.values)
    }

    @Test func nullInARequiredChildOrADifferentShapeIsRefused() throws {
        let source = try column([.struct([.null, .int(1)])], type: Self.plain)
        #expect(source.retyped(to: Self.labelled) == nil)
        let renamed = DataType.struct([Field("key", .string), Field("n", .int32)])
        #expect(try column([.null], type: Self.plain).retyped(to: renamed) == nil)
        #expect(try column([.int(1)], type: .int32).retyped(to: .int64) == nil)
    }

    @Test func appendBatchAcceptsBatchesBuiltWithoutFieldMetadata() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "c", schemaDocument: Fixtures.bytes(Fixtures.clickstreamSchema))
        func stripped(_ type: DataType) -> DataType {
            switch type {
            case let .struct(fields):
                return .struct(fields.map { Field($0.name, stripped($0.type), nullable: $0.nullable) })
            case let .list(element):
                return .list(Field(element.name, stripped(element.type), nullable: element.nullable))
            case let .map(key, value):
                return .map(key: key, value: Field(value.name, stripped(value.type), nullable: value.nullable))
            default: return type
            }
        }
        let schema = Schema(dataset.schema.fields.map { Field($0.name, stripped($0.type), nullable: $0.nullable) })
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        try builders[0].append(.string("e1"))
        try builders[1].append(.timestamp(1_000))
        try builders[2].append(.null)
        try builders[3].append(.struct([.struct([.string("home")])]))
        try builders[4].append(.list([.struct([.string("s"), .decimal(1250), .int(2)])]))
        try builders[5].append(.string("a@b.c"))
        let batch = try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
        let committed = try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch])
        #expect(committed.rowCount == 1)
        let scanned = try lake.scan(sandbox: "prod", datasetId: dataset.id)
        #expect(scanned.first?.schema.fields.map(\.type) == dataset.schema.fields.map(\.type))
        #expect(scanned.flatMap(\.rows) == batch.rows)
    }
}
