import Destinations
import Exports
import Foundation
import Logging
import Storage
import Synchronization
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// The supervised background runner: scheduled slots run by themselves, restarts neither miss nor double a
/// slot, and a shutdown mid-run re-queues the run for the next start.
@Suite("Export service")
struct FlowServiceExportServiceTests {
    static let slot: Int64 = 1_767_225_600

    /// Stores a local-folder flow on an hourly (every 3 h) incremental schedule starting at `slot`.
    static func storeFlow(_ fixture: FlowServiceTestServer, store: any FlowStore) async throws -> String {
        try await store.saveBaseConnection(
            BaseConnection(
                id: "local", name: "l", connectionSpecId: FlowServiceTestServer.localFolderSpec, authSpecName: "None",
                authParams: [:]))
        try await store.saveSourceConnection(
            SourceConnection(id: "src", sandbox: "prod", datasetIds: [fixture.datasetId]))
        try await store.saveTargetConnection(
            TargetConnection(
                id: "tgt", baseConnectionId: "local", path: fixture.exportDirectory.path, datasetFileType: .json))
        let flow = try await store.saveFlow(
            Flow(
                id: "flow", name: "hourly", sourceConnectionId: "src", targetConnectionId: "tgt",
                scheduleParams: ScheduleParams(
                    exportMode: .firstFullThenIncremental, timeUnit: .hour, interval: 3, startTime: slot)))
        return flow.id
    }

    /// Runs `service` until `done` holds for the events seen so far (deadline 60 s), then cancels it.
    static func run(
        _ makeService: (@escaping @Sendable (ExportService.Event) -> Void) -> ExportService,
        until done: @escaping @Sendable ([ExportService.Event]) -> Bool
    ) async throws -> [ExportService.Event] {
        let events = Mutex<[ExportService.Event]>([])
        let service = makeService { event in events.withLock { $0.append(event) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            let deadline = ContinuousClock.now + .seconds(60)
            while !done(events.withLock { $0 }) {
                guard ContinuousClock.now < deadline else {
                    Issue.record("the export service did not get there before the deadline")
                    break
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        return events.withLock { $0 }
    }

    static func finished(_ events: [ExportService.Event]) -> [ExportRun] {
        events.compactMap { if case .finished(let run) = $0 { run } else { nil } }
    }

    static func passes(_ events: [ExportService.Event]) -> Int {
        events.filter { if case .pass = $0 { true } else { false } }.count
    }

    @Test("the service runs a due slot by itself and a restarted service does not run it again")
    func dueSlotRunsOnceAcrossARestart() async throws {
        let fixture = try FlowServiceTestServer(rows: 12)
        let flowId = try await Self.storeFlow(fixture, store: fixture.backend.store)
        let clock: @Sendable () -> Int64 = { (Self.slot + 60) * 1_000 }
        let first = try await Self.run({ observe in
            ExportService(
                backend: fixture.backend, configuration: .init(tick: .milliseconds(20)), now: clock, observe: observe)
        }) { Self.finished($0).contains { $0.status == .success } }
        #expect(Self.finished(first).map(\.scheduledTime) == [Self.slot])
        // A new process: a fresh backend over the same catalog, several passes at the same time.
        let backend = FlowServiceBackend(
            lake: fixture.server.lake, store: try SQLiteExportStore(lake: fixture.server.lake),
            configuration: fixture.exportConfiguration)
        let second = try await Self.run({ observe in
            ExportService(backend: backend, configuration: .init(tick: .milliseconds(20)), now: clock, observe: observe)
        }) { Self.passes($0) >= 5 }
        #expect(Self.finished(second).isEmpty)
        let runs = try await backend.store.runs(flowId: flowId)
        #expect(runs.map(\.scheduledTime) == [Self.slot] && runs.map(\.status) == [.success])
        #expect(runs.first?.metrics.recordSummary.outputRecordCount == 12)
    }

    @Test("a run cut by shutdown goes back to the queue and the next start finishes it under the same id")
    func shutdownRequeuesTheRun() async throws {
        let fixture = try FlowServiceTestServer(rows: 7)
        let gate = GatedDestinationSwitch()
        let runner = ExportRunner(
            lake: fixture.server.lake, store: fixture.backend.store,
            configuration: .init(
                retry: RetryPolicy(maxAttempts: 1), localFolders: fixture.exportConfiguration.localFolders),
            wrap: { GatedDestination($0, gate: gate) })
        let backend = FlowServiceBackend(runner: runner)
        let flowId = try await Self.storeFlow(fixture, store: backend.store)
        let queued = try await runner.enqueue(flowId: flowId, kind: .adHoc)
        let early: @Sendable () -> Int64 = { 1_700_000_000_000 }
        _ = try await Self.run({ observe in
            ExportService(backend: backend, configuration: .init(tick: .milliseconds(20)), now: early, observe: observe)
        }) { _ in gate.waiting }
        let cut = try #require(try await backend.store.run(id: queued.id))
        #expect(cut.status == .queued && cut.attempts == 1)
        #expect(cut.errors.contains { $0.message.contains("interrupted by shutdown") })
        gate.open()
        let restarted = FlowServiceBackend(runner: runner)
        let events = try await Self.run({ observe in
            ExportService(
                backend: restarted, configuration: .init(tick: .milliseconds(20)), now: early, observe: observe)
        }) { Self.finished($0).contains { $0.status == .success } }
        let done = try #require(Self.finished(events).last)
        #expect(done.id == queued.id && done.attempts == 2 && done.metrics.recordSummary.outputRecordCount == 7)
    }
}

/// Holds every write until opened; reports whether one is waiting.
final class GatedDestinationSwitch: Sendable {
    private let state = Mutex((open: false, waiting: false))

    var waiting: Bool { state.withLock { $0.waiting } }
    var isOpen: Bool { state.withLock { $0.open } }

    func open() { state.withLock { $0.open = true } }
    func setWaiting(_ value: Bool) { state.withLock { $0.waiting = value } }
}

/// A destination whose `openWriter` and `put` wait for its switch (a cancelled wait fails as a transient error).
final class GatedDestination: Destination {
    let base: any Destination
    let gate: GatedDestinationSwitch

    init(_ base: any Destination, gate: GatedDestinationSwitch) {
        self.base = base
        self.gate = gate
    }

    var id: String { base.id }

    func testConnection() async -> ConnectionTestReport { await base.testConnection() }

    func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try await waitForGate(path)
        return try await base.openWriter(path: path)
    }

    func put(path: String, from localFile: String) async throws(DestinationError) -> PutResult {
        try await waitForGate(path)
        return try await base.put(path: path, from: localFile)
    }

    private func waitForGate(_ path: String) async throws(DestinationError) {
        while !gate.isOpen {
            gate.setWaiting(true)
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                throw DestinationError(.transient, "cancelled while waiting", path: path)
            }
        }
    }

    func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try await base.list(prefix: prefix)
    }

    func delete(path: String) async throws(DestinationError) { try await base.delete(path: path) }

    func exists(path: String) async throws(DestinationError) -> Bool { try await base.exists(path: path) }
}
