import Destinations
import Foundation
import OutflowTestSupport
import Testing

@testable import Exports

@Suite(.tags(.peers), .needsPeers) struct ExportExecutorTests {
    static let formats: [(DatasetFileType, ExportCompression)] = [
        (.parquet, .none), (.parquet, .gzip), (.parquet, .snappy), (.parquet, .zstd), (.json, .none), (.json, .gzip),
        (.json, .zstd),
    ]

    @Test(arguments: formats)
    func exportedFilesReadBackAsTheDatasetWithMatchingManifest(
        fileType: DatasetFileType, compression: ExportCompression
    )
        async throws
    {
        let fixture = try ExportFixture()
        let expected = try fixture.ingest(300) + fixture.ingest(200)
        let destination = try LocalFolderDestination(root: fixture.output, id: "local-1")
        let run = try await fixture.executor(destination, store: InMemoryExportStore()).execute(
            fixture.job(runId: "run-1", fileType: fileType, compression: compression))
        #expect(run.status == .success, "\(run.errors)")
        let output = try #require(run.outputs.first)
        #expect(output.folder == "exports/\(fixture.datasetId)/exportTime=202611181106")
        #expect(output.fromSequence == 1 && output.toSequence == 2)
        let ext = OutputFormat(fileType: fileType, compression: compression).fileExtension
        #expect(
            output.files.allSatisfy { $0.path.hasPrefix(output.folder + "/part-0000") && $0.path.hasSuffix("." + ext) })

        let read = try await PythonReader.read(output.files.map { fixture.output + "/" + $0.path })
        #expect(read.flatMap(\.values).sorted() == expected)
        #expect(read.map(\.sha256) == output.files.map(\.sha256))

        let manifestPath = try #require(output.manifestPath)
        #expect(manifestPath == output.folder + "/manifest-local-1-run-1.json")
        let manifest = try JSONDecoder().decode(
            ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: fixture.output + "/" + manifestPath)))
        #expect(manifest.files.map(\.sha256) == output.files.map(\.sha256))
        #expect(manifest.files.map(\.rowCount).reduce(0, +) == 500)
        #expect(manifest.batchRange == .init(fromSequence: 1, toSequence: 2))
        #expect(manifest.schema.map(\.name) == ["_id", "value", "name"])
        #expect(manifest.schemaHash.count == 64 && manifest.datasetId == fixture.datasetId && manifest.runId == "run-1")
        for file in manifest.files {
            let size = try FileManager.default.attributesOfItem(
                atPath: fixture.output + "/" + output.folder + "/" + file.name)[.size]
            #expect((size as? Int).map(Int64.init) == file.size)
        }
    }

    @Test func filesRollAtTheMaximumSize() async throws {
        let fixture = try ExportFixture()
        let expected = try fixture.ingest(400) + fixture.ingest(400) + fixture.ingest(400)
        let destination = try LocalFolderDestination(root: fixture.output)
        let run = try await fixture.executor(destination, store: InMemoryExportStore(), bytesPerMiB: 1_024).execute(
            fixture.job(runId: "r", fileType: .json, maxFileSizeMiB: 1))
        let files = try #require(run.outputs.first?.files)
        #expect(files.count >= 3)
        #expect(
            files.map { $0.path.split(separator: "/").last.map { String($0.prefix(10)) } ?? "" }
                == files.indices.map { "part-" + String(repeating: "0", count: 5 - String($0).count) + String($0) })
        #expect(
            try await PythonReader.read(files.map { fixture.output + "/" + $0.path }).flatMap(\.values).sorted()
                == expected)
    }

    @Test func incrementalRunsExportOnlyNewBatchesAndMoveTheWatermark() async throws {
        let fixture = try ExportFixture()
        let store = InMemoryExportStore()
        let destination = try LocalFolderDestination(root: fixture.output)
        let executor = fixture.executor(destination, store: store)
        let first = try fixture.ingest(10)
        let run1 = try await executor.execute(fixture.job(runId: "r1", scheduledTime: 1_795_000_000))
        let second = try fixture.ingest(5) + fixture.ingest(7)
        let run2 = try await executor.execute(fixture.job(runId: "r2", scheduledTime: 1_795_010_800))
        let run3 = try await executor.execute(fixture.job(runId: "r3", scheduledTime: 1_795_021_600))
        #expect([run1, run2, run3].map(\.status) == [.success, .success, .success])
        #expect(run2.outputs.first.map { ($0.fromSequence, $0.toSequence) } ?? (0, 0) == (2, 3))
        #expect(run3.outputs.first?.files.isEmpty == true)
        let values = try await PythonReader.read(run1.outputs[0].files.map { fixture.output + "/" + $0.path }).flatMap(
            \.values)
        let values2 = try await PythonReader.read(run2.outputs[0].files.map { fixture.output + "/" + $0.path }).flatMap(
            \.values)
        #expect(values.sorted() == first && values2.sorted() == second)
        #expect(try await store.watermark(flowId: "flow-1", datasetId: fixture.datasetId) == 3)
    }

    @Test func fullExportsAlwaysTakeEveryBatch() async throws {
        let fixture = try ExportFixture()
        let store = InMemoryExportStore()
        let executor = fixture.executor(try LocalFolderDestination(root: fixture.output), store: store)
        try fixture.ingest(3)
        _ = try await executor.execute(fixture.job(runId: "a", mode: .dailyFullExport))
        try fixture.ingest(4)
        let run = try await executor.execute(
            fixture.job(runId: "b", mode: .dailyFullExport, scheduledTime: 1_795_086_400))
        #expect(run.outputs.first?.rowCount == 7 && run.outputs.first?.fromSequence == 1)
    }

    @Test func transientFailuresAreRetriedAndDeliverExactlyTheDataset() async throws {
        let fixture = try ExportFixture()
        let expected = try fixture.ingest(300) + fixture.ingest(300)
        let faulty = FaultInjectingDestination(try LocalFolderDestination(root: fixture.output), failEvery: 2)
        let run = try await fixture.executor(faulty, store: InMemoryExportStore(), bytesPerMiB: 4_096).execute(
            fixture.job(runId: "r", fileType: .json, maxFileSizeMiB: 1))
        #expect(run.status == .success)
        let listed = try await faulty.list(prefix: "exports/")
        let parts = listed.filter { $0.path.contains("/part-") }.map { fixture.output + "/" + $0.path }
        #expect(parts.count == run.outputs[0].files.count && faulty.commitAttempts > parts.count)
        #expect(try await PythonReader.read(parts).flatMap(\.values).sorted() == expected)
        #expect(listed.filter { $0.path.contains("manifest-") }.count == 1)
    }

    @Test func aFailedRunKeepsTheWatermarkAndItsRetryDeliversWithoutDuplicates() async throws {
        let fixture = try ExportFixture()
        let store = InMemoryExportStore()
        let expected = try fixture.ingest(300) + fixture.ingest(300)
        let folder = try LocalFolderDestination(root: fixture.output)
        let faulty = FaultInjectingDestination(folder, failEvery: 2)
        let failing = fixture.executor(faulty, store: store, retry: RetryPolicy(maxAttempts: 1), bytesPerMiB: 4_096)
        let failed = try await failing.execute(fixture.job(runId: "r", fileType: .json, maxFileSizeMiB: 1))
        #expect(
            failed.status == .failed && failed.errors.first?.code == .destination
                && failed.errors.first?.retryable == true)
        #expect(try await store.watermark(flowId: "flow-1", datasetId: fixture.datasetId) == 0)
        #expect(try await folder.list(prefix: "").filter { $0.path.contains("manifest-") }.isEmpty)

        let retried = try await fixture.executor(folder, store: store, bytesPerMiB: 4_096).execute(
            fixture.job(runId: "r", fileType: .json, maxFileSizeMiB: 1))
        #expect(retried.status == .success && retried.attempts == 2)
        let parts = try await folder.list(prefix: "").filter { $0.path.contains("/part-") }.map {
            fixture.output + "/" + $0.path
        }
        #expect(try await PythonReader.read(parts).flatMap(\.values).sorted() == expected)
        #expect(try await store.watermark(flowId: "flow-1", datasetId: fixture.datasetId) == 2)
        #expect(try await store.ledger(flowId: "flow-1").map(\.status) == [.success])
    }

    @Test func progressCountsRowsBytesAndFiles() async throws {
        let fixture = try ExportFixture()
        try fixture.ingest(50)
        let seen = ProgressLog()
        let run = try await fixture.executor(
            try LocalFolderDestination(root: fixture.output), store: InMemoryExportStore()
        )
        .execute(fixture.job(runId: "p")) { seen.append($0) }
        let last = try #require(seen.values.last)
        #expect(last.rows == 50 && last.files == 1 && last.bytes == run.outputs[0].size)
        #expect(run.progress == last)
    }

    @Test func aWriteFailureMidPartAbortsThePartAndTheRetryEncodesItAgain() async throws {
        let fixture = try ExportFixture()
        let expected = try fixture.ingest(300) + fixture.ingest(200) + fixture.ingest(100)
        let failing = FailingWriteDestination(try LocalFolderDestination(root: fixture.output))
        let seen = ProgressLog()
        let run = try await fixture.executor(failing, store: InMemoryExportStore()).execute(
            fixture.job(runId: "w", fileType: .parquet, compression: .zstd)
        ) { seen.append($0) }
        #expect(run.status == .success, "\(run.errors)")
        let files = try #require(run.outputs.first?.files)
        #expect(files.count == 1 && failing.openCount(files[0].path) == 2)
        let read = try await PythonReader.read(files.map { fixture.output + "/" + $0.path })
        #expect(read.flatMap(\.values).sorted() == expected)
        #expect(read.map(\.sha256) == files.map(\.sha256))
        let everything = try FileManager.default.subpathsOfDirectory(atPath: fixture.output)
        #expect(!everything.contains { $0.contains("outflow-tmp") }, "no staged leftovers: \(everything)")
        #expect(seen.values.last == RunProgress(rows: 600, bytes: files[0].size, files: 1))
        // The failed attempt's rows were counted as they encoded, then taken back.
        #expect(seen.values.map(\.rows) == [300, 500, 600, 0, 300, 500, 600, 600])
    }

    @Test func partsStreamToTheDestinationWithoutALocalScratchFolder() async throws {
        let fixture = try ExportFixture()
        try fixture.ingest(100)
        let scratch = fixture.root + "/scratch"
        let executor = ExportExecutor(
            lake: fixture.lake, destination: try LocalFolderDestination(root: fixture.output),
            store: InMemoryExportStore(), configuration: .init(temporaryDirectory: scratch), sleep: { _ in })
        let run = try await executor.execute(fixture.job(runId: "s", fileType: .json, compression: .gzip))
        #expect(run.status == .success && run.outputs.first?.files.count == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch))
    }

    @Test func backoffDoublesUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(
            (1...6).map { policy.delay(afterAttempt: $0) } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
                .seconds(1),
            ])
    }
}

/// Collects progress reports across tasks.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RunProgress] = []

    func append(_ progress: RunProgress) { lock.withLock { stored.append(progress) } }
    var values: [RunProgress] { lock.withLock { stored } }
}
