/// Exponential backoff for transient destination errors.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per delivery, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after failed attempt `attempt` (1-based): base * 2^(attempt-1), capped at `maxDelay`.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 30)
        let delay = baseDelay * factor
        return delay > maxDelay ? maxDelay : delay
    }
}
