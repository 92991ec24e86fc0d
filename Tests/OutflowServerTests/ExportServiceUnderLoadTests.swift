import Exports
import Foundation
import Lake
import OutflowTestSupport
import Synchronization
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// The export service shares its executor: while another process holds the catalog's write lock and CPU-bound
/// neighbours keep the executor's only thread busy, the service's catalog work waits on GRDB's own queue and
/// the executor keeps running the neighbours; once the lock goes, the due run finishes. (Before the catalog
/// store suspended, its synchronous SQLite write held the thread for the whole busy timeout and nothing else on
/// the executor ran.)
@Suite("Export service under load", .tags(.peers), .needsPeers)
struct ExportServiceUnderLoadTests {
    /// Heartbeats of the neighbours and whether the service has finished a pass.
    final class Observed: Sendable {
        let beats = Atomic<Int>(0)
        let passes = Atomic<Int>(0)
        let events = Mutex<[ExportService.Event]>([])
        let stop = Atomic<Bool>(false)
    }

    /// A process that holds the SQLite write lock of `path` (`BEGIN IMMEDIATE`) until its standard input closes.
    static func lockCatalog(_ path: String) async throws -> PeerProcess {
        let script = """
            import sqlite3, sys
            con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            con.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            sys.stdin.read()
            con.execute("COMMIT")
            """
        return try await PeerProcess.start(["-c", script, path])
    }

    @Test("a due run finishes on a one-thread executor saturated by neighbours while the catalog is locked")
    func dueRunFinishesOnASaturatedExecutorWhileTheCatalogIsLocked() async throws {
        let fixture = try FlowServiceTestServer(rows: 12)
        _ = try await FlowServiceExportServiceTests.storeFlow(fixture, store: fixture.backend.store)
        let locker = try await Self.lockCatalog(fixture.server.lake.dataDirectory + "/catalog.sqlite")
        defer { locker.stop() }
        try #require(locker.readyLine == "locked")

        let observed = Observed()
        let service = ExportService(
            backend: fixture.backend, configuration: .init(tick: .milliseconds(20)),
            now: { (FlowServiceExportServiceTests.slot + 60) * 1_000 },
            observe: { event in
                if case .pass = event { observed.passes.add(1, ordering: .relaxed) }
                observed.events.withLock { $0.append(event) }
            })
        let executor = DedicatedThreadsExecutor(threads: 1)
        try await withTaskExecutorPreference(executor) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                for _ in 0..<4 {
                    group.addTask {
                        var digest: UInt64 = 1
                        while !observed.stop.load(ordering: .relaxed) {
                            for value in 0..<20_000 { digest = digest &* 31 &+ UInt64(value) }
                            observed.beats.add(1, ordering: .relaxed)
                            await Task.yield()
                        }
                        #expect(digest != 0)
                    }
                }
                // The first pass needs a catalog write, which waits for the lock. Meanwhile the neighbours must
                // keep beating on the one thread: 200 beats with no pass finished.
                let deadline = ContinuousClock.now + .seconds(60)
                while observed.beats.load(ordering: .relaxed) < 200 && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                #expect(observed.beats.load(ordering: .relaxed) >= 200)
                #expect(
                    observed.passes.load(ordering: .relaxed) == 0,
                    "a pass finished before the lock was released: the beats ran only after the busy timeout")
                locker.stop()
                while !Self.succeeded(observed.events.withLock { $0 }) && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(Self.succeeded(observed.events.withLock { $0 }), "the due run did not finish")
                observed.stop.store(true, ordering: .relaxed)
                group.cancelAll()
            }
        }
        let runs = try await fixture.backend.store.runs(flowId: "flow")
        #expect(runs.map(\.scheduledTime) == [FlowServiceExportServiceTests.slot])
        #expect(runs.map(\.status) == [.success])
    }

    static func succeeded(_ events: [ExportService.Event]) -> Bool {
        FlowServiceExportServiceTests.finished(events).contains { $0.status == .success }
    }
}
