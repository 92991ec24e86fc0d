import Columnar
import Foundation
import OutflowTestSupport
import Parquet
import Storage
import Synchronization
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct BatchRulesTests {
    let directory = TestDirectory()
    let lake: Lake

    init() throws {
        lake = try Lake(dataDirectory: directory.path + "/data")
        _ = try lake.createDataset(sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
    }

    @Test func abortedBatchCannotBeCompleted() throws {
        let batch = try lake.createBatch(sandbox: "prod", datasetId: "orders", format: .csv)
        try lake.addFile(batchId: batch.id, name: "a.csv", contents: Array(CSVFixtures.orders(count: 2).utf8))
        _ = try lake.abortBatch(batchId: batch.id)
        do {
            _ = try lake.completeBatch(batchId: batch.id)
            Issue.record("expected batchNotLoading")
        } catch {
            #expect(error.code == .batchNotLoading)
        }
        #expect(throws: LakeError.self) { try lake.abortBatch(batchId: batch.id) }
    }

    @Test func progressIsReportedForEveryFile() throws {
        let names = Mutex<[String]>([])
        let files = [
            directory.write("a.csv", CSVFixtures.orders(count: 3)),
            directory.write("b.csv", CSVFixtures.orders(count: 4)),
        ]
        let batch = try lake.ingest(sandbox: "prod", dataset: "orders", files: files) { progress in
            names.withLock { $0.append("\(progress.file):\(progress.recordsRead)") }
        }
        #expect(batch.rowCount == 7)
        #expect(batch.inputFiles == ["a.csv", "b.csv"])
        #expect(names.withLock { $0 } == ["a.csv:3", "b.csv:4"])
    }

    @Test func uploadedFilesAreCompletedInUploadOrder() throws {
        let batch = try lake.createBatch(sandbox: "prod", datasetId: "orders", format: .csv)
        try lake.addFile(batchId: batch.id, name: "z.csv", contents: Array("_id\nz1\n".utf8))
        try lake.addFile(batchId: batch.id, name: "a.csv", contents: Array("_id\na1\na2\n".utf8))
        let done = try lake.completeBatch(batchId: batch.id)
        #expect(done.rowCount == 3)
        let ids = try lake.scan(sandbox: "prod", datasetId: "orders", columns: ["_id"]).flatMap(\.rows)
        #expect(ids == [[.string("z1")], [.string("a1")], [.string("a2")]])
    }

    @Test func configurationDefaultThresholdApplies() throws {
        let tolerant = try Lake(
            dataDirectory: directory.path + "/data", configuration: .init(defaultMaxErrorPercent: 50))
        let file = directory.write("o.csv", CSVFixtures.orders(count: 4, bad: [1: "amount"]))
        let batch = try tolerant.ingest(sandbox: "prod", dataset: "orders", files: [file])
        #expect(batch.rowCount == 3 && batch.failedRecordCount == 1)
        #expect(throws: LakeError.self) {
            try tolerant.ingest(sandbox: "prod", dataset: "orders", files: [file], maxErrorPercent: 0)
        }
    }

    @Test func publicRecordsEncodeAndDecode() throws {
        let dataset = try lake.dataset(sandbox: "prod", idOrName: "orders")
        let schema = try lake.schema(sandbox: "prod", id: dataset.schemaId)
        let decoded = try JSONDecoder().decode(SchemaRecord.self, from: JSONEncoder().encode(schema))
        #expect(decoded.schema == schema.schema)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(dataset)) as? [String: Any]
        #expect(json?["name"] as? String == "orders")
        #expect(json?["schema"] == nil)
        let batch = try lake.ingest(
            sandbox: "prod", dataset: "orders", files: [directory.write("o.csv", CSVFixtures.orders(count: 1))])
        let again = try JSONDecoder().decode(Batch.self, from: JSONEncoder().encode(batch))
        #expect(again.id == batch.id && again.status == .success && again.sequence == 1)
    }

    @Test func thresholdGivenAtCreationIsUsedAtCompletionAndSurvivesReopening() throws {
        let batch = try lake.createBatch(sandbox: "prod", datasetId: "orders", format: .csv, maxErrorPercent: 50)
        #expect(batch.maxErrorPercent == 50)
        try lake.addFile(
            batchId: batch.id, name: "o.csv", contents: Array(CSVFixtures.orders(count: 4, bad: [2: "price"]).utf8))
        let reopened = try Lake(dataDirectory: directory.path + "/data")
        let done = try reopened.completeBatch(batchId: batch.id)
        #expect(done.status == .success && done.rowCount == 3 && done.failedRecordCount == 1)
        #expect(throws: LakeError.self) {
            try lake.createBatch(sandbox: "prod", datasetId: "orders", format: .csv, maxErrorPercent: 101)
        }
    }

    @Test func aBatchBeingCompletedElsewhereIsAConflict() throws {
        let batch = try lake.createBatch(sandbox: "prod", datasetId: "orders", format: .csv)
        try lake.addFile(batchId: batch.id, name: "o.csv", contents: Array(CSVFixtures.orders(count: 2).utf8))
        let staging = lake.dataDirectory + "/staging/\(batch.id)/.complete.lock"
        let held = try #require(try FileLock.acquire(path: staging, wait: false))
        do {
            _ = try lake.completeBatch(batchId: batch.id)
            Issue.record("expected a conflict")
        } catch {
            #expect(error.code == .conflict)
        }
        _ = held
        #expect(try lake.batch(id: batch.id).status == .loading)
    }
}
