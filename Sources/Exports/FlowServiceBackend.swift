public import Destinations
import Foundation
public import Lake
public import Logging

/// What the Flow Service routes and the export service share: the export store on the lake's catalog
/// database, the runner (queueing and executing runs) and the board of live run progress.
public struct FlowServiceBackend: Sendable {
    /// Connections, flows, runs and the run ledger.
    public let store: any FlowStore
    /// Queues and executes runs; the `ExportService` drives it.
    public let runner: ExportRunner
    /// Live progress of the runs executing now; rings the export service when a run is queued.
    public let board: ExportRunBoard

    /// A backend over `store` (the flows and runs of `lake`); `wrap` wraps every resolved destination (fault hooks).
    public init(
        lake: Lake, store: any FlowStore, configuration: ExportExecutor.Configuration = .init(),
        runRetry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .seconds(30), maxDelay: .seconds(1_800)),
        wrap: @escaping ExportRunner.DestinationWrapper = { $0 }, logger: Logger = Logger(label: "outflow.exports")
    ) {
        self.store = store
        runner = ExportRunner(
            lake: lake, store: store, configuration: configuration, runRetry: runRetry, wrap: wrap, logger: logger)
        board = ExportRunBoard()
    }

    /// A backend over an existing runner (tests inject clocks and faults through it).
    public init(runner: ExportRunner) {
        store = runner.store
        self.runner = runner
        board = ExportRunBoard()
    }

    /// Stores a target connection (`FlowStore.saveTargetConnection`) after checking a local folder's `params.path`
    /// against the runner's export roots, so a path the runs would refuse is refused at creation.
    public func saveTargetConnection(_ target: TargetConnection) async throws(ExportsError) {
        if let base = try await store.baseConnection(id: target.baseConnectionId),
            base.connectionSpecId.lowercased() == ConnectionSpecCatalog.localFolder
        {
            try ExportValidator.validate(target, connectionSpecId: base.connectionSpecId)
            try ExportValidator.validate(localFolderPath: target.path, policy: runner.localFolderPolicy)
        }
        try await store.saveTargetConnection(target)
    }

    /// Queues a run and wakes the export service.
    public func enqueue(flowId: String, kind: RunKind, backfill: BackfillWindow? = nil) async throws(ExportsError)
        -> ExportRun
    {
        let run = try await runner.enqueue(flowId: flowId, kind: kind, backfill: backfill)
        board.ring()
        return run
    }
}
