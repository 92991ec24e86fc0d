/// Where the Query Service API keeps its queries and schedules (the catalog database: `Storage`'s
/// `SQLiteQueryStore`, migration `query-v2-jobs`). Calls never block the cooperative pool.
public protocol QueryJobStore: Sendable {
    /// Inserts or replaces `job`.
    func saveJob(_ job: QueryJob) async throws
    func job(id: String) async throws -> QueryJob?
    /// Reads the job, applies `body` and writes it back in one transaction; the job as stored afterwards, nil when
    /// there is none.
    func updateJob(id: String, _ body: @escaping @Sendable (inout QueryJob) -> Void) async throws -> QueryJob?
    /// The sandbox's queries (all of them; the API filters, orders and pages).
    func jobs(sandbox: String) async throws -> [QueryJob]
    /// The runs of a schedule.
    func jobs(scheduleId: String) async throws -> [QueryJob]
    /// Queries a dead process left `SUBMITTED` or `IN_PROGRESS` become `FAILED` with `error`; returns them.
    func failUnfinishedJobs(error: QueryJobError, now: Int64) async throws -> [QueryJob]

    /// Inserts or replaces `schedule`.
    func saveSchedule(_ schedule: QuerySchedule) async throws
    func schedule(id: String) async throws -> QuerySchedule?
    /// Every schedule (all sandboxes when `sandbox` is nil).
    func schedules(sandbox: String?) async throws -> [QuerySchedule]
    /// Deletes a schedule (its runs stay as queries); false when there was none.
    func deleteSchedule(id: String) async throws -> Bool
    /// Claims `job`'s slot of its schedule: in one transaction, inserts the job unless a job already holds
    /// (scheduleId, slot) and moves the schedule's `lastSlot` forward. False when the slot was taken (another pass
    /// or process claimed it): the lease pattern of the export runs, unique per (flow, slot).
    func claimSlot(_ job: QueryJob) async throws -> Bool
}
