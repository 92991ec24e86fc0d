import Columnar
import Foundation
import OutflowTestSupport
import Storage
import Synchronization
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct RecoveryTests {
    /// Leaves behind what a writer killed between rename and catalog commit leaves: a loading batch whose owner
    /// is gone, its renamed `batch=<id>` directory and staging files, plus a dead tmp dir and an unknown batch dir.
    @Test func restartAfterACrashKeepsOnlyCommittedBatches() throws {
        let directory = TestDirectory()
        let data = directory.path + "/data"
        let datasetId: String
        let committed: Batch
        let crashed: Batch
        do {
            let lake = try Lake(dataDirectory: data)
            datasetId = try lake.createDataset(
                sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema)
            ).id
            committed = try lake.ingest(
                sandbox: "prod", dataset: "o", files: [directory.write("a.csv", CSVFixtures.orders(count: 4))])
            crashed = try lake.createBatch(sandbox: "prod", datasetId: datasetId, format: .csv)
            try lake.addFile(batchId: crashed.id, name: "b.csv", contents: Array(CSVFixtures.orders(count: 2).utf8))
        }
        let datasetDirectory = data + "/lake/prod/\(datasetId)"
        let strays = [
            datasetDirectory + "/batch=\(crashed.id)",
            datasetDirectory + "/batch=\(crashed.id).tmp-deadbeef",
            datasetDirectory + "/batch=0123456789abcdef01234567",
            data + "/lake/prod/ffffffffffffffffffffffff",
        ]
        for stray in strays {
            try FileManager.default.createDirectory(atPath: stray, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: stray + "/part-00000.parquet", contents: Data([1, 2, 3]))
        }
        _ = FileManager.default.createFile(atPath: strays[1] + "/.lock", contents: nil)

        let restarted = try Lake(dataDirectory: data)
        #expect(try restarted.batch(id: crashed.id).status == .aborted)
        #expect(try restarted.batch(id: committed.id).status == .success)
        for stray in strays { #expect(!FileManager.default.fileExists(atPath: stray), "\(stray) should be gone") }
        #expect(FileSystemProbe.entries(datasetDirectory) == ["batch=\(committed.id)"])
        #expect(!FileManager.default.fileExists(atPath: data + "/staging/\(crashed.id)"))
        #expect(try restarted.scan(sandbox: "prod", datasetId: datasetId).flatMap(\.rows).count == 4)
    }

    @Test func liveWritersTemporaryDirectoryIsLeftAlone() throws {
        let directory = TestDirectory()
        let data = directory.path + "/data"
        let server = try Lake(dataDirectory: data)
        let dataset = try server.createDataset(
            sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        let loading = try server.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv)
        let temporary = data + "/lake/prod/\(dataset.id)/batch=\(loading.id).tmp-0000aaaa"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let lock = try #require(try FileLock.acquire(path: temporary + "/.lock", wait: false))
        // A finished batch's tmp dir whose lock is held by a live writer stays too.
        let other = data + "/lake/prod/\(dataset.id)/batch=0123456789abcdef01234567.tmp-0000bbbb"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let otherLock = try #require(try FileLock.acquire(path: other + "/.lock", wait: false))

        _ = try Lake(dataDirectory: data)
        #expect(FileManager.default.fileExists(atPath: temporary))
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(try server.batch(id: loading.id).status == .loading)
        _ = (lock, otherLock)
    }

    @Test func faultPointIsOffByDefault() {
        #expect(Lake.Configuration().faultPoint == nil)
        #expect(Lake.Configuration().defaultMaxErrorPercent == 0)
    }

    @Test func twoInstancesCommitConcurrentlyWithDistinctSequences() throws {
        let directory = TestDirectory()
        let data = directory.path + "/data"
        let first = try Lake(dataDirectory: data)
        let second = try Lake(dataDirectory: data)
        let dataset = try first.createDataset(
            sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        let files = (0..<6).map { directory.write("in\($0).csv", CSVFixtures.orders(count: 10 + $0)) }
        let results = Mutex<[Int64]>([])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let lake = index % 2 == 0 ? first : second
            if let batch = try? lake.ingest(sandbox: "prod", dataset: dataset.id, files: [files[index]]),
                let sequence = batch.sequence
            {
                results.withLock { $0.append(sequence) }
            }
        }
        #expect(results.withLock { $0.sorted() } == [1, 2, 3, 4, 5, 6])
        #expect(try second.dataset(sandbox: "prod", idOrName: "o").rowCount == Int64((10...15).reduce(0, +)))
    }
}
