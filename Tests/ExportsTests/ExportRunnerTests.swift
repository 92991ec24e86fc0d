import Destinations
import Foundation
import Lake
import OutflowTestSupport
import Storage
import Testing

@testable import Exports

@Suite(.tags(.peers), .needsPeers) struct ExportRunnerTests {
    static let start: Int64 = 1_795_000_000

    func setUp(_ fixture: ExportFixture, fileType: DatasetFileType = .parquet) async throws -> SQLiteExportStore {
        let store = try SQLiteExportStore(lake: fixture.lake)
        try await store.saveBaseConnection(
            BaseConnection(
                id: "local", name: "l", connectionSpecId: ConnectionSpecCatalog.localFolder, authSpecName: "None",
                authParams: [:]))
        try await store.saveSourceConnection(
            SourceConnection(id: "src", sandbox: "prod", datasetIds: [fixture.datasetId]))
        try await store.saveTargetConnection(
            TargetConnection(
                id: "tgt", baseConnectionId: "local", path: fixture.output, datasetFileType: fileType,
                compression: .gzip))
        _ = try await store.saveFlow(
            Flow(
                id: "flow", name: "hourly", sourceConnectionId: "src", targetConnectionId: "tgt",
                scheduleParams: ScheduleParams(
                    exportMode: .firstFullThenIncremental, timeUnit: .hour, interval: 3, startTime: Self.start)))
        return store
    }

    func runner(
        _ fixture: ExportFixture, _ store: SQLiteExportStore, wrap: @escaping ExportRunner.DestinationWrapper = { $0 }
    )
        -> ExportRunner
    {
        ExportRunner(
            lake: fixture.lake, store: store,
            configuration: .init(temporaryDirectory: fixture.root, localFolders: fixture.localFolders),
            sleep: { _ in },
            now: { (Self.start + 20_000) * 1_000 }, wrap: wrap)
    }

    func allExportedValues(_ fixture: ExportFixture) async throws -> [Int64] {
        let parts = try FileManager.default.subpathsOfDirectory(atPath: fixture.output).filter { $0.contains("part-") }
        return try await PythonReader.read(parts.map { fixture.output + "/" + $0 }).flatMap(\.values).sorted()
    }

    @Test func scheduledIncrementalRunsDeliverEveryRecordOnce() async throws {
        let fixture = try ExportFixture()
        let store = try await setUp(fixture)
        let runner = runner(fixture, store)
        var expected = try fixture.ingest(100)
        let first = try await runner.runDue(now: Self.start + 10)
        #expect(first.map(\.status) == [.success] && first.first?.scheduledTime == Self.start)
        #expect(try await runner.runDue(now: Self.start + 20).isEmpty)
        expected += try fixture.ingest(50) + fixture.ingest(50)
        let second = try await runner.runDue(now: Self.start + 3 * 3_600 + 5)
        #expect(second.first?.outputs.first.map { [$0.fromSequence, $0.toSequence] } == [2, 3])
        #expect(try await allExportedValues(fixture) == expected)
        #expect(try await store.runs(flowId: "flow").count == 2)
    }

    @Test func interruptedRunsAreMarkedFailedAndTheirRetryDeliversOnce() async throws {
        let fixture = try ExportFixture()
        let store = try await setUp(fixture, fileType: .json)
        let expected = try fixture.ingest(120)
        try await store.save(ExportRun(id: "dead", flowId: "flow", scheduledTime: Self.start, status: .running))
        let runner = runner(fixture, store)
        await #expect(throws: ExportsError(.conflict, "flow flow already has a run in progress (run dead)")) {
            _ = try await runner.runNow(flowId: "flow")
        }
        #expect(try await runner.runDue(now: Self.start + 10).isEmpty)
        #expect(try await runner.recoverInterruptedRuns().map(\.id) == ["dead"])
        let retried = try await runner.retry(runId: "dead")
        #expect(retried.status == .success && retried.attempts == 1)
        #expect(try await allExportedValues(fixture) == expected)
        await #expect(throws: ExportsError.self) { _ = try await runner.retry(runId: "dead") }
    }

    @Test func aRunFailingOnEverySecondWriteIsRetriedToExactlyTheDataset() async throws {
        let fixture = try ExportFixture()
        let store = try await setUp(fixture, fileType: .json)
        let expected = try fixture.ingest(200) + fixture.ingest(200)
        let runner = runner(fixture, store) { FaultInjectingDestination($0, failEvery: 2) }
        let run = try await runner.runNow(flowId: "flow")
        #expect(run.status == .success)
        #expect(try await allExportedValues(fixture) == expected)
    }
}

@Suite(.tags(.peers), .needsPeers) struct SharedFolderTests {
    @Test func severalDatasetsNeedADatasetMacroInTheTemplate() async throws {
        let fixture = try ExportFixture()
        try fixture.ingest(5)
        var job = fixture.job(runId: "r")
        job.source.datasetIds = [fixture.datasetId, fixture.datasetId]
        job.flow.scheduleParams.foldernameTemplate = "all/%EXPORT_TIME%"
        let run = try await fixture.executor(
            try LocalFolderDestination(root: fixture.output), store: InMemoryExportStore()
        )
        .execute(job)
        #expect(run.status == .failed && run.errors.first?.field == "scheduleParams.foldernameTemplate")
    }
}
