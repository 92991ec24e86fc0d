public import Exports
import Foundation
import GRDB

extension SQLiteExportStore {
    /// Inserts a queued run in one transaction with the check that its flow has no unfinished (queued or running)
    /// run (`.conflict` otherwise). A scheduled run claims its exact slot (`.conflict` when another run has it);
    /// an ad-hoc or backfill run takes the first free second from its `scheduledTime` on. Returns the stored run.
    public func enqueue(_ run: ExportRun) async throws(ExportsError) -> ExportRun {
        try await write { db -> ExportRun in
            if let busy = try String.fetchOne(
                db, sql: "SELECT id FROM export_runs WHERE flowId = ? AND status IN ('queued', 'running') LIMIT 1",
                arguments: [run.flowId])
            {
                throw ExportsError(.conflict, "flow \(run.flowId) already has a run in progress (run \(busy))")
            }
            var stored = run
            while let claimed = try String.fetchOne(
                db, sql: "SELECT id FROM export_runs WHERE flowId = ? AND scheduledTime = ?",
                arguments: [stored.flowId, stored.scheduledTime])
            {
                guard stored.kind != .scheduled else {
                    throw ExportsError(
                        .conflict, "slot \(run.scheduledTime) of flow \(run.flowId) was already run (run \(claimed))")
                }
                stored.scheduledTime += 1
            }
            try db.execute(
                sql: """
                    INSERT INTO export_runs (id, flowId, scheduledTime, status, kind, document)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    stored.id, stored.flowId, stored.scheduledTime, stored.status.rawValue, stored.kind.rawValue,
                    try Self.encode(stored),
                ])
            return stored
        }
    }

    /// Every queued or running run, oldest slot first.
    public func unfinishedRuns() async throws(ExportsError) -> [ExportRun] {
        try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT document FROM export_runs WHERE status IN ('queued', 'running')
                    ORDER BY scheduledTime, id
                    """
            ).map { try Self.decode(ExportRun.self, $0) }
        }
    }

    /// Every run of every flow (or of one flow), newest first: latest queued first, then latest slot.
    public func runsNewestFirst(flowId: String?) async throws(ExportsError) -> [ExportRun] {
        let runs = try await read { db in
            let documents =
                if let flowId {
                    try String.fetchAll(
                        db, sql: "SELECT document FROM export_runs WHERE flowId = ?", arguments: [flowId])
                } else {
                    try String.fetchAll(db, sql: "SELECT document FROM export_runs")
                }
            return try documents.map { try Self.decode(ExportRun.self, $0) }
        }
        return runs.sorted {
            ($0.createdAt, $0.scheduledTime, $0.id) > ($1.createdAt, $1.scheduledTime, $1.id)
        }
    }

    /// The run of the same flow queued just before `runId` (insertion order), or nil (an index lookup on
    /// `export_runs_flow`).
    public func previousRun(flowId: String, before runId: String) async throws(ExportsError) -> ExportRun? {
        try await read { db in
            try String.fetchOne(db, sql: Self.previousRunSQL, arguments: [flowId, runId])
                .map { try Self.decode(ExportRun.self, $0) }
        }
    }

    static let previousRunSQL = """
        SELECT document FROM export_runs
        WHERE flowId = ? AND rowid < (SELECT rowid FROM export_runs WHERE id = ?)
        ORDER BY rowid DESC LIMIT 1
        """

    /// Per flow id: its latest scheduled slot and whether it has an unfinished run, in one read with two index
    /// lookups per flow (`export_runs_kind_flow_slot`, `export_runs_status`), however many runs it has.
    public func slotStates(flowIds: [String]) async throws(ExportsError) -> [String: FlowSlotState] {
        try await read { db in
            let busy = Set(try String.fetchAll(db, sql: Self.unfinishedFlowsSQL))
            var states: [String: FlowSlotState] = [:]
            for flowId in flowIds {
                let latest = try Int64.fetchOne(db, sql: Self.latestScheduledSlotSQL, arguments: [flowId])
                states[flowId] = FlowSlotState(latestScheduledSlot: latest, hasUnfinishedRun: busy.contains(flowId))
            }
            return states
        }
    }

    /// The latest slot of one flow's scheduled runs (a min/max lookup on `export_runs_kind_flow_slot`).
    static let latestScheduledSlotSQL =
        "SELECT MAX(scheduledTime) FROM export_runs WHERE kind = 'scheduled' AND flowId = ?"
    /// The flows with a queued or running run (a range lookup on `export_runs_status`).
    static let unfinishedFlowsSQL =
        "SELECT DISTINCT flowId FROM export_runs WHERE status IN ('queued', 'running')"
}
