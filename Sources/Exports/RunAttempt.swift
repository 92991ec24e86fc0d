/// One failed or interrupted attempt of a run, kept in `ExportRun.history` so the run tells what happened.
public struct RunAttempt: Sendable, Hashable, Codable {
    /// 1-based attempt number.
    public var attempt: Int
    /// Epoch milliseconds.
    public var startedAt: Int64
    public var completedAt: Int64?
    public var errors: [ExportsError]

    public init(attempt: Int, startedAt: Int64, completedAt: Int64?, errors: [ExportsError]) {
        self.attempt = attempt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.errors = errors
    }
}
