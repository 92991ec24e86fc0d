extension QueryResult {
    /// Runs `body` with this statement's session zone, so `Datum.text(as:)` prints timestamptz values in it
    /// (as `textRows` does) for callers that format datums themselves.
    public func withSessionZone<T>(_ body: () throws -> T) rethrows -> T {
        var context = SessionContext.utc
        context.timeZone = timeZone
        return try SessionContext.$current.withValue(context) { try body() }
    }
}

extension SQLEngine {
    /// An engine for one session's settings, reading IANA zones through `timeZones`.
    public init(settings: SessionSettings, timeZones: TimeZoneDatabase = .builtIn) {
        self.init()
        self.settings = settings
        self.timeZones = timeZones
    }

    /// Applies `SET`/`RESET` of a setting the engine owns (`TimeZone`) to `settings`: true when it did, false
    /// for statements and settings that belong to whoever runs the session. An unknown zone is `22023`.
    public mutating func apply(_ statement: Statement) throws(SQLError) -> Bool {
        switch statement {
        case let .set(variable) where variable.name == "timezone":
            guard let value = variable.values.first else {
                settings.timeZone = SessionSettings().timeZone
                return true
            }
            guard variable.values.count == 1 else {
                throw SQLError(.invalidParameterValue, "SET TimeZone takes only one argument")
            }
            let text: String
            switch value {
            case let .string(string): text = string
            case let .number(number): text = number
            }
            _ = try timeZones.sessionZone(text)
            settings.timeZone = text
            return true
        case let .set(variable) where variable.name == "threads":
            settings.threads = variable.values.isEmpty ? nil : try SessionSettings.threads(variable.values)
            return true
        case let .reset(variable) where variable.name == "threads":
            settings.threads = nil
            return true
        case let .reset(variable) where variable.name == "timezone" || variable.name == "all":
            settings.timeZone = SessionSettings().timeZone
            settings.threads = nil
            return variable.name == "timezone"
        default:
            return false
        }
    }

    /// Worker pipelines this session's statements use: `SET threads`, else `options.threads`.
    public var threads: Int { settings.threads ?? options.threads }

    /// A statement's execution context with this engine's options and the session's `threads`.
    func executionContext() -> ExecutionContext {
        let context = ExecutionContext(options)
        context.threads = threads
        return context
    }

    /// The task-local context a statement runs with (its `now()` fixed here).
    func sessionContext() throws(SQLError) -> SessionContext {
        SessionContext(
            timeZone: try timeZones.sessionZone(settings.timeZone), statementTime: clock(), zones: timeZones,
            clock: clock)
    }
}
