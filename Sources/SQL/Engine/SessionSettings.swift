/// The session settings the engine reads (PostgreSQL's GUCs it honours). Whoever runs a session keeps one
/// value per session, applies `SET`/`RESET` statements to it with `SQLEngine.apply(_:)` and passes it to
/// `SQLEngine(settings:timeZones:)`.
public struct SessionSettings: Sendable, Hashable {
    /// `TimeZone`: the zone timestamptz values print in and local times are read in (default `UTC`).
    public var timeZone: String
    /// `threads`: worker pipelines for parallel fragments; nil (the default, `RESET`) takes the engine's
    /// `Options.threads`.
    public var threads: Int?

    public init(timeZone: String = "UTC", threads: Int? = nil) {
        self.timeZone = timeZone
        self.threads = threads
    }
}

/// What a running statement reads besides its input: the session's zone, the statement's start time
/// (`now()`), the zone database. Bound to the executing task as a task-local value by `SQLEngine`.
struct SessionContext: Sendable {
    var timeZone: SQLTimeZone
    /// Microseconds since the epoch at the start of the statement (`now()`, `current_timestamp`).
    var statementTime: Int64
    var zones: TimeZoneDatabase
    var clock: @Sendable () -> Int64

    static let utc = SessionContext(
        timeZone: .utc, statementTime: 0, zones: .builtIn, clock: { WallClock.nowMicros() })

    @TaskLocal static var current = SessionContext.utc
}
