import Columnar
import Foundation
import Testing

@testable import Lake

@Suite struct AppendBatchTests {
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
        let dataset = try lake.createDataset(sandbox: "prod", name: "m", schemaDocument: Fixtures.bytes(Self.schemaText))
        let batches = [try makeBatch(dataset.schema, ids: 0..<50), try makeBatch(dataset.schema, ids: 50..<80)]
        let batch = try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: batches, codec: .snappy)
        #expect(batch.status == .success && batch.rowCount == 80 && batch.sequence == 1)
        let rows = try lake.scan(sandbox: "prod", datasetId: dataset.id).flatMap(\.rows)
        #expect(rows == batches.flatMap(\.rows))
    }

    @Test func partsRollAtThePartSize() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path, configuration: .init(partBytes: 1))
        let dataset = try lake.createDataset(sandbox: "prod", name: "m", schemaDocument: Fixtures.bytes(Self.schemaText))
        let batches = try (0..<3).map { try makeBatch(dataset.schema, ids: ($0 * 10)..<($0 * 10 + 10)) }
        let batch = try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: batches)
        #expect(batch.files.map { $0.split(separator: "/").last.map(String.init) ?? "" }
            == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"])
        #expect(try lake.files(sandbox: "prod", datasetId: dataset.id).map(\.rowCount) == [10, 10, 10])
        #expect(try lake.scan(sandbox: "prod", datasetId: dataset.id).flatMap(\.rows).count == 30)
    }

    @Test func batchesOfAnotherSchemaAreRejected() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let dataset = try lake.createDataset(sandbox: "prod", name: "m", schemaDocument: Fixtures.bytes(Self.schemaText))
        let other = Schema([Field("x", .int32)])
        let builder = ColumnBuilder(type: .int32)
        try builder.append(.int(1))
        let batch = try ColumnBatch(schema: other, columns: [builder.finish()])
        #expect(throws: LakeError.self) { try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch]) }
        #expect(try lake.batches(sandbox: "prod").total == 0)
    }
}
