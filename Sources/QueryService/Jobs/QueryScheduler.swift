public import Exports
import Foundation
import Lake
public import Logging

/// The scheduled queries' part of the export scheduler's loop (`Exports`' `ScheduledWork`): each pass, at the
/// loop's clock, claims the latest due slot of every enabled schedule (one job per (schedule, slot), in one
/// transaction, as export runs claim theirs) and queues it on the `QueryJobRunner`. Runs write the schedule's
/// dataset: CTAS while it does not exist, `INSERT INTO ... SELECT` once it does. A schedule with an unfinished run
/// claims no slot (AEP's `maxActiveRuns` 1).
public struct QueryScheduler: ScheduledWork {
    let runner: QueryJobRunner
    let logger: Logger

    public init(runner: QueryJobRunner, logger: Logger = Logger(label: "outflow.query")) {
        self.runner = runner
        self.logger = logger
    }

    public func pass(now: Int64) async -> Int64? {
        let schedules: [QuerySchedule]
        do {
            schedules = try await runner.store.schedules(sandbox: nil)
        } catch {
            logger.error("query schedule pass failed: \(error)")
            return nil
        }
        var wake: Int64?
        for schedule in schedules where schedule.state == .enabled {
            do {
                // `maxActiveRuns` 1: while a run is unfinished the slot waits (the next pass takes the latest).
                if let slot = try schedule.dueSlot(now: now),
                    try await runner.store.jobs(scheduleId: schedule.id).allSatisfy({ $0.state.isFinal })
                {
                    let job = try await runner.scheduledJob(schedule, slot: slot, externalTrigger: false, now: now)
                    if try await runner.store.claimSlot(job) { runner.enqueue(jobId: job.id) }
                }
            } catch {
                logger.error("scheduled query \(schedule.id) could not start: \(error)")
            }
            if let next = schedule.nextSlot(after: now) { wake = min(wake ?? next, next) }
        }
        return wake
    }
}

extension QueryJobRunner {
    /// A run of `schedule` (not stored yet): CTAS into its dataset while the dataset does not exist, else INSERT
    /// INTO; a plain query without a dataset.
    public func scheduledJob(_ schedule: QuerySchedule, slot: Int64?, externalTrigger: Bool, now: Int64)
        async throws -> QueryJob
    {
        var sql = schedule.query.sql
        var isCTAS = false
        var isInsert = false
        if let name = schedule.datasetName {
            let (lake, sandbox) = (self.lake, schedule.sandbox)
            let exists = try await BlockingIO.run("cannot read the catalog") { () -> Bool in
                (try? lake.dataset(sandbox: sandbox, idOrName: name)) != nil
            }
            if exists {
                sql = QueryParameters.insertInto(sql, datasetName: name)
                isInsert = true
            } else {
                sql = QueryParameters.createTableAs(sql, datasetName: name)
                isCTAS = true
            }
        }
        return QueryJob(
            id: UUID().uuidString.lowercased(), sandbox: schedule.sandbox, request: schedule.query, effectiveSQL: sql,
            isCTAS: isCTAS, isInsertInto: isInsert, created: now, client: "schedule", scheduleId: schedule.id,
            slot: slot, externalTrigger: externalTrigger)
    }
}
