import Foundation
import Lake
import Storage
import Testing

@testable import Exports

/// `ExportFlowLocks`: one `flock` per flow shared by the CLI and `outflow serve`. Two instances stand for two
/// processes (an `flock` held through one open file blocks every other open file, in this process too).
@Suite struct ExportFlowLocksTests {
    @Test func aSecondHolderIsToldWhichPidExportsTheFlow() throws {
        let fixture = try ExportFixture()
        let server = ExportFlowLocks(folder: fixture.root + "/locks")
        let cli = ExportFlowLocks(folder: fixture.root + "/locks")
        let lease = try server.acquire(flowId: "f1")
        let again = try server.acquire(flowId: "f1")  // re-entrant within one instance
        #expect(
            throws: ExportsError(
                .conflict, "flow f1 is being exported by pid \(getpid())", field: "lock", retryable: true)
        ) {
            _ = try cli.acquire(flowId: "f1")
        }
        _ = try cli.acquire(flowId: "f2")
        again.release()
        #expect((try? cli.acquire(flowId: "f1")) == nil, "still held by the first lease")
        lease.release()
        lease.release()
        let taken = try cli.acquire(flowId: "f1")
        #expect(taken.flowId == "f1")
    }

    @Test func aRunWhoseFlowAnotherProcessExportsStaysQueuedAndIsNotRecoveredAsInterrupted() async throws {
        let fixture = try ExportFixture()
        let setup = ExportRunnerTests()
        let store = try await setup.setUp(fixture, fileType: .json)
        let expected = try fixture.ingest(50)
        let runner = setup.runner(fixture, store)
        let otherProcess = ExportFlowLocks(folder: fixture.lake.layout.locksRoot)
        let held = try otherProcess.acquire(flowId: "flow")

        let queued = try await runner.enqueue(flowId: "flow", kind: .adHoc)
        await #expect(throws: ExportsError.self) { _ = try await runner.execute(runId: queued.id) }
        do throws(ExportsError) {
            _ = try await runner.execute(runId: queued.id)
        } catch {
            #expect(error.isFlowBusy && error.message == "flow flow is being exported by pid \(getpid())")
        }
        #expect(try await store.run(id: queued.id)?.status == .queued)

        // The other process runs it (status running) and is still alive: start-up recovery leaves it alone.
        var running = try #require(try await store.run(id: queued.id))
        running.status = .running
        try await store.save(running)
        #expect(try await runner.recoverInterruptedRuns().isEmpty)
        #expect(try await store.run(id: queued.id)?.status == .running)

        // Once it is gone, the run counts as interrupted and its retry delivers once.
        held.release()
        #expect(try await runner.recoverInterruptedRuns().map(\.id) == [queued.id])
        let retried = try await runner.retry(runId: queued.id)
        #expect(retried.status == .success)
        #expect(try await setup.allExportedValues(fixture) == expected)
    }
}
