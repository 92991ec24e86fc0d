/// Other scheduled work the export service's loop drives at its clock (the Query Service's scheduled queries),
/// so the server has one scheduler loop. Each pass of the loop calls `pass(now:)` after queuing the export
/// slots; the loop sleeps no longer than the earliest wake-up any work returns.
public protocol ScheduledWork: Sendable {
    /// Starts what is due at `now` (epoch milliseconds); returns when it next wants a pass, or nil.
    func pass(now: Int64) async -> Int64?
}
