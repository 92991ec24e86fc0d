import Codecs
import Columnar
import Foundation
import OutflowTestSupport
import Parquet
import Storage
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct FormatIngestionTests {
    let directory = TestDirectory()
    let lake: Lake

    init() throws {
        lake = try Lake(dataDirectory: directory.path + "/data")
        _ = try lake.createDataset(
            sandbox: "prod", name: "clicks", schemaDocument: Fixtures.bytes(Fixtures.clickstreamSchema))
        _ = try lake.createDataset(sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
    }

    static func clickLines(_ count: Int, badLines: Set<Int> = []) -> String {
        (1...count).map { line in
            if badLines.contains(line) {
                return
                    #"{"_id": "e\#(line)", "timestamp": "2026-11-23T10:00:00Z", "web": {"webPageDetails": {"name": 7}}}"#
            }
            return
                #"{"_id": "e\#(line)", "timestamp": "2026-11-23T10:00:0\#(line % 10)Z", "web": {"webPageDetails": {"name": "p\#(line)"}}, "productListItems": [{"SKU": "s1", "priceTotal": 12.5, "quantity": 2}], "identityMap": {"ECID": [{"id": "x\#(line)", "primary": true}]}}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [CompressionCodec.none, .gzip, .zstd])
    func ndjsonIsIngestedPlainOrCompressed(codec: CompressionCodec) throws {
        let text = Array(Self.clickLines(20).utf8)
        let compressor = try StreamCompressor(codec: codec)
        let bytes = try compressor.compress(text) + compressor.finish()
        let name = "events.json" + codec.fileSuffix
        let path = directory.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let batch = try lake.ingest(sandbox: "prod", dataset: "clicks", files: [path])
        #expect(batch.status == .success && batch.rowCount == 20)
        let rows = try lake.scan(sandbox: "prod", datasetId: "clicks", columns: ["_id", "web"]).flatMap(\.rows)
        #expect(rows.first == [.string("e1"), .struct([.struct([.string("p1")])])])
    }

    @Test func ndjsonRecordErrorsNameLineAndFieldPath() throws {
        let path = directory.write("events.ndjson", Self.clickLines(50, badLines: [7, 33]))
        do {
            _ = try lake.ingest(sandbox: "prod", dataset: "clicks", files: [path])
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .ingestionFailed)
            #expect(error.errors.map(\.line) == [7, 33])
            #expect(error.errors.map(\.fieldPath) == ["web.webPageDetails.name", "web.webPageDetails.name"])
        }
        let batch = try lake.ingest(sandbox: "prod", dataset: "clicks", files: [path], maxErrorPercent: 5)
        #expect(batch.rowCount == 48 && batch.failedRecordCount == 2)
    }

    func writeParquet(_ name: String, schema: Schema, rows: [[Value]]) throws -> String {
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        for row in rows {
            for (builder, value) in zip(builders, row) { try builder.append(value) }
        }
        let batch = try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
        let path = directory.file(name)
        try ParquetWriter.write(batches: [batch], schema: schema, to: path)
        return path
    }

    @Test func parquetColumnsAreMatchedByNameAndWidened() throws {
        let schema = Schema([Field("amount", .int32), Field("_id", .string, nullable: false)])
        let path = try writeParquet(
            "in.parquet", schema: schema, rows: [[.int(5), .string("a")], [.null, .string("b")]])
        let batch = try lake.ingest(sandbox: "prod", dataset: "orders", files: [path])
        #expect(batch.rowCount == 2)
        let rows = try lake.scan(sandbox: "prod", datasetId: "orders", columns: ["_id", "amount", "ok"]).flatMap(\.rows)
        #expect(rows == [[.string("a"), .int(5), .null], [.string("b"), .null, .null]])
    }

    @Test func parquetNullInRequiredFieldIsARecordError() throws {
        let schema = Schema([Field("_id", .string), Field("amount", .int64)])
        let path = try writeParquet(
            "in.parquet", schema: schema, rows: [[.string("a"), .int(1)], [.null, .int(2)], [.string("c"), .int(3)]])
        do {
            _ = try lake.ingest(sandbox: "prod", dataset: "orders", files: [path])
            Issue.record("expected a failure")
        } catch {
            #expect(
                error.errors == [
                    RecordError(file: "in.parquet", line: 2, fieldPath: "_id", reason: "required field is missing")
                ])
        }
        let batch = try lake.ingest(sandbox: "prod", dataset: "orders", files: [path], maxErrorPercent: 50)
        #expect(batch.rowCount == 2 && batch.failedRecordCount == 1)
    }

    @Test(arguments: ["unknown", "incompatible", "truncated"])
    func unusableParquetFailsTheBatchNamingTheFile(kind: String) throws {
        let path: String
        switch kind {
        case "unknown":
            path = try writeParquet(
                "in.parquet", schema: Schema([Field("_id", .string), Field("colour", .string)]),
                rows: [[.string("a"), .string("red")]])
        case "incompatible":
            path = try writeParquet(
                "in.parquet", schema: Schema([Field("_id", .string), Field("amount", .string)]),
                rows: [[.string("a"), .string("1")]])
        default:
            let full = try writeParquet("full.parquet", schema: Schema([Field("_id", .string)]), rows: [[.string("a")]])
            let bytes = try #require(FileManager.default.contents(atPath: full))
            path = directory.file("in.parquet")
            _ = FileManager.default.createFile(atPath: path, contents: bytes.prefix(bytes.count - 9))
        }
        do {
            _ = try lake.ingest(sandbox: "prod", dataset: "orders", files: [path])
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .ingestionFailed)
            #expect(error.file == "in.parquet")
        }
        #expect(try lake.batches(sandbox: "prod").items.first?.status == .failed)
    }

    @Test(arguments: [CompressionCodec.none, .gzip, .zstd])
    func ndjsonIsReadInChunksKeepingFileLineNumbers(codec: CompressionCodec) throws {
        let text = Array(Self.clickLines(300, badLines: [1, 150, 299]).utf8)
        let compressor = try StreamCompressor(codec: codec)
        let bytes = try compressor.compress(text) + compressor.finish()
        let path = directory.file("chunked.json")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let schema = try lake.dataset(sandbox: "prod", idOrName: "clicks").schema
        var input = NDJSONInput(schema: schema, batchSize: 64)
        input.chunkBytes = 2_000
        var rows = 0
        var reports = 0
        let result = try input.read(
            path: path, name: "chunked.json", emit: { (batch) throws(LakeError) in rows += batch.rowCount },
            progress: { _, _ in reports += 1 })
        #expect(result.recordCount == 300 && result.validCount == 297 && rows == 297)
        #expect(result.errors.map(\.line) == [1, 150, 299])
        #expect(reports > 10)
    }

    @Test func truncatedGzipNDJSONFailsTheBatch() throws {
        let compressor = try StreamCompressor(codec: .gzip)
        let bytes = try compressor.compress(Array(Self.clickLines(50).utf8)) + compressor.finish()
        let path = directory.file("cut.json.gz")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.prefix(bytes.count / 2)))
        do {
            _ = try lake.ingest(sandbox: "prod", dataset: "clicks", files: [path])
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .ingestionFailed && error.file == "cut.json.gz")
        }
    }
}
