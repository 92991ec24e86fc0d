/// A scheduled query (AEP `/schedules`): the query template, its cron schedule and window, and whether it is
/// enabled. Each due slot runs the query as a `QueryJob` with `scheduleId` and `slot`; with `ctasParameters`-like
/// `datasetName`, the first run creates the dataset (CTAS) and later runs append (`INSERT INTO ... SELECT`).
public struct QuerySchedule: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable {
        case enabled = "ENABLED"
        case disabled = "DISABLED"
    }

    public var id: String
    public var sandbox: String
    public var query: QueryJobRequest
    /// The dataset the runs write: CTAS on the first run, INSERT INTO afterwards. Nil: the runs are plain queries.
    public var datasetName: String?
    /// The five-field cron text (`30 * * * *`), UTC.
    public var cron: String
    /// Epoch milliseconds: no slot before `startDate`, none after `endDate`.
    public var startDate: Int64
    public var endDate: Int64?
    public var state: State
    public var created: Int64
    public var updated: Int64
    /// The latest slot already claimed (epoch ms); slots at or before it are never run again.
    public var lastSlot: Int64?

    public init(
        id: String, sandbox: String, query: QueryJobRequest, datasetName: String?, cron: String, startDate: Int64,
        endDate: Int64?, created: Int64
    ) {
        self.id = id
        self.sandbox = sandbox
        self.query = query
        self.datasetName = datasetName
        self.cron = cron
        self.startDate = startDate
        self.endDate = endDate
        self.state = .enabled
        self.created = created
        self.updated = created
    }

    /// The latest slot due at `now` that has not been claimed yet (at most one: missed slots collapse into the
    /// latest, as the export scheduler does), or nil.
    public func dueSlot(now: Int64) throws(CronError) -> Int64? {
        guard state == .enabled, now >= startDate else { return nil }
        let expression = try CronExpression(cron)
        let horizon = min(now, endDate ?? now)
        let floor = max(lastSlot ?? (startDate - 60_000), startDate - 60_000)
        guard let latest = expression.latest(atOrBefore: horizon, after: floor) else { return nil }
        return latest
    }

    /// The next slot after `now` (for the scheduler's wake-up), or nil.
    public func nextSlot(after now: Int64) -> Int64? {
        guard state == .enabled, let expression = try? CronExpression(cron) else { return nil }
        guard let next = expression.next(after: max(now, startDate - 60_000)) else { return nil }
        if let endDate, next > endDate { return nil }
        return next
    }
}
