import Columnar
import Foundation
import OutflowTestSupport
import Parquet
import Storage
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct IngestionTests {
    let directory = TestDirectory()
    let lake: Lake
    let dataset: Dataset

    init() throws {
        lake = try Lake(dataDirectory: directory.path + "/data")
        dataset = try lake.createDataset(
            sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
    }

    @Test func csvIngestionCommitsRowsThatScanReadsBack() throws {
        let file = directory.write("orders.csv", CSVFixtures.orders(count: 10))
        let batch = try lake.ingest(sandbox: "prod", dataset: "orders", files: [file])
        #expect(batch.status == .success)
        #expect(batch.sequence == 1)
        #expect(batch.rowCount == 10 && batch.failedRecordCount == 0)
        #expect(batch.files == ["lake/prod/\(dataset.id)/batch=\(batch.id)/part-00000.parquet"])
        #expect(batch.inputFiles == ["orders.csv"])
        let rows = try lake.scan(sandbox: "prod", datasetId: dataset.id).flatMap(\.rows)
        #expect(rows.count == 10)
        #expect(rows[3][0] == .string("id3") && rows[3][1] == .int(3) && rows[3][2] == .decimal(325))
        #expect(rows[3][6] == .struct([.struct([.string("page3")])]))
        let updated = try lake.dataset(sandbox: "prod", idOrName: dataset.id)
        #expect(updated.rowCount == 10 && updated.batchCount == 1 && updated.sizeBytes > 0)
        #expect(!FileManager.default.fileExists(atPath: lake.dataDirectory + "/staging/\(batch.id)"))
    }

    @Test func scanProjectsColumns() throws {
        _ = try lake.ingest(
            sandbox: "prod", dataset: "orders", files: [directory.write("o.csv", CSVFixtures.orders(count: 3))])
        let batches = try lake.scan(sandbox: "prod", datasetId: "orders", columns: ["amount"])
        #expect(batches.first?.schema.fields.map(\.name) == ["amount"])
        #expect(batches.flatMap(\.rows) == [[.int(0)], [.int(1)], [.int(2)]])
    }

    @Test func threeBadRecordsInAThousandFailTheBatchByDefault() throws {
        let bad = [99: "amount", 500: "price", 998: "at"]
        let file = directory.write("orders.csv", CSVFixtures.orders(count: 1000, bad: bad))
        var batchId = ""
        do {
            let batch = try lake.ingest(sandbox: "prod", dataset: "orders", files: [file])
            Issue.record("expected a failure, got \(batch.status)")
        } catch {
            #expect(error.code == .ingestionFailed)
            #expect(error.errors.count == 3)
        }
        let page = try lake.batches(sandbox: "prod", datasetId: dataset.id)
        batchId = try #require(page.items.first?.id)
        let failed = try lake.batch(id: batchId)
        #expect(failed.status == .failed)
        #expect(failed.failedRecordCount == 3)
        #expect(failed.errors.map(\.line) == [101, 502, 1000])
        #expect(failed.errors.map(\.fieldPath) == ["amount", "price", "at"])
        #expect(failed.errors.allSatisfy { $0.file == "orders.csv" && !$0.reason.isEmpty })
        #expect(try lake.files(sandbox: "prod", datasetId: dataset.id).isEmpty)
        #expect(FileSystemProbe.entries(lake.dataDirectory + "/lake/prod/\(dataset.id)").isEmpty)
        #expect(try lake.dataset(sandbox: "prod", idOrName: dataset.id).rowCount == 0)
    }

    @Test func onePercentThresholdCommitsTheValidRecords() throws {
        let bad = [99: "amount", 500: "price", 998: "at"]
        let file = directory.write("orders.csv", CSVFixtures.orders(count: 1000, bad: bad))
        let batch = try lake.ingest(sandbox: "prod", dataset: "orders", files: [file], maxErrorPercent: 1)
        #expect(batch.status == .success)
        #expect(batch.rowCount == 997 && batch.failedRecordCount == 3)
        #expect(batch.errors.map(\.line) == [101, 502, 1000])
        let ids = try lake.scan(sandbox: "prod", datasetId: dataset.id, columns: ["_id"]).flatMap(\.rows)
        #expect(ids.count == 997)
        #expect(!ids.contains([.string("id99")]))
    }

    @Test func clientBatchKeyMakesIngestIdempotent() throws {
        let file = directory.write("o.csv", CSVFixtures.orders(count: 5))
        let first = try lake.ingest(sandbox: "prod", dataset: "orders", files: [file], clientBatchKey: "upload-1")
        let retry = try lake.ingest(sandbox: "prod", dataset: "orders", files: [file], clientBatchKey: "upload-1")
        #expect(retry.id == first.id)
        #expect(retry.sequence == first.sequence)
        let again = try lake.completeBatch(batchId: first.id)
        #expect(again.status == .success && again.sequence == first.sequence)
        #expect(try lake.dataset(sandbox: "prod", idOrName: "orders").rowCount == 5)
    }

    @Test func sequencesIncreaseAndFilesReadIncrementally() throws {
        var batches: [Batch] = []
        for index in 0..<3 {
            let file = directory.write("o\(index).csv", CSVFixtures.orders(count: index + 1))
            batches.append(try lake.ingest(sandbox: "prod", dataset: "orders", files: [file]))
        }
        #expect(batches.map(\.sequence) == [1, 2, 3])
        let all = try lake.files(sandbox: "prod", datasetId: dataset.id)
        #expect(all.map(\.sequence) == [1, 2, 3])
        #expect(all.map(\.rowCount) == [1, 2, 3])
        #expect(all.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
        let later = try lake.files(sandbox: "prod", datasetId: dataset.id, afterSequence: 1)
        #expect(later.map(\.batchId) == [batches[1].id, batches[2].id])
        #expect(try lake.dataset(sandbox: "prod", idOrName: "orders").batchCount == 3)
    }

    @Test func corruptGzipFailsTheBatchNamingTheFile() throws {
        let file = directory.file("broken.csv.gz")
        _ = FileManager.default.createFile(atPath: file, contents: Data([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]))
        do {
            _ = try lake.ingest(sandbox: "prod", dataset: "orders", files: [file])
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .ingestionFailed)
            #expect(error.file == "broken.csv.gz")
        }
        let failed = try #require(try lake.batches(sandbox: "prod").items.first)
        #expect(failed.status == .failed)
        #expect(failed.errorSummary?.contains("broken.csv.gz") == true)
    }

    @Test func unknownExtensionIsRejected() {
        #expect(throws: LakeError.self) {
            try lake.ingest(sandbox: "prod", dataset: "orders", files: [directory.write("data.txt", "x")])
        }
    }

    @Test func batchWithoutFilesCannotComplete() throws {
        let batch = try lake.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv)
        #expect(throws: LakeError.self) { try lake.completeBatch(batchId: batch.id) }
        #expect(try lake.batch(id: batch.id).status == .failed)
    }

    @Test func deletingADatasetIsRefusedWhileLoadingAndRemovesFilesAfter() throws {
        _ = try lake.ingest(
            sandbox: "prod", dataset: "orders", files: [directory.write("o.csv", CSVFixtures.orders(count: 2))])
        let loading = try lake.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv)
        do {
            try lake.deleteDataset(sandbox: "prod", id: dataset.id)
            Issue.record("expected a conflict")
        } catch {
            #expect(error.code == .conflict)
        }
        _ = try lake.abortBatch(batchId: loading.id)
        try lake.deleteDataset(sandbox: "prod", id: dataset.id)
        #expect(!FileManager.default.fileExists(atPath: lake.dataDirectory + "/lake/prod/\(dataset.id)"))
        #expect(throws: LakeError.self) { try lake.dataset(sandbox: "prod", idOrName: dataset.id) }
        #expect(try lake.batches(sandbox: "prod").total == 0)
    }
}

enum FileSystemProbe {
    static func entries(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }
}

@Suite(.onDedicatedThreads) struct ScanPruningTests {
    @Test func statisticsSkipBatchesThatCannotMatch() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        _ = try lake.createDataset(sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        _ = try lake.ingest(
            sandbox: "prod", dataset: "orders", files: [directory.write("a.csv", CSVFixtures.orders(count: 10))])
        let second = (10..<20).map { "id\($0),\($0),,,,," }.joined(separator: "\n")
        _ = try lake.ingest(
            sandbox: "prod", dataset: "orders",
            files: [directory.write("b.csv", "_id,amount,price,ok,day,at,web.webPageDetails.name\n" + second + "\n")])
        let pruned = try lake.scan(
            sandbox: "prod", datasetId: "orders", columns: ["amount"],
            matching: .compare(column: "amount", .greaterOrEqual, .int(15)))
        #expect(pruned.flatMap(\.rows) == (10..<20).map { [.int(Int64($0))] })
        let none = try lake.scan(
            sandbox: "prod", datasetId: "orders", columns: nil,
            matching: .compare(column: "amount", .greater, .int(100)))
        #expect(none.isEmpty)
    }
}
