/// AEP's query states. A query is `SUBMITTED` when accepted, `IN_PROGRESS` while it runs, and ends `SUCCESS`,
/// `FAILED` or `CANCELLED`; nothing leaves an end state.
public enum QueryJobState: String, Sendable, Codable, CaseIterable {
    case submitted = "SUBMITTED"
    case inProgress = "IN_PROGRESS"
    case success = "SUCCESS"
    case failed = "FAILED"
    case cancelled = "CANCELLED"

    /// Whether the query has ended.
    public var isFinal: Bool { self == .success || self == .failed || self == .cancelled }

    /// Whether a query in this state may move to `next`.
    public func canMove(to next: QueryJobState) -> Bool {
        switch (self, next) {
        case (.submitted, .inProgress), (.submitted, .cancelled), (.submitted, .failed): return true
        case (.inProgress, .success), (.inProgress, .failed), (.inProgress, .cancelled): return true
        default: return false
        }
    }
}

/// One error of a query, as AEP lists it in `errors`: the SQLSTATE code, the message and the 1-based position
/// in the statement when one applies.
public struct QueryJobError: Sendable, Hashable, Codable {
    public var code: String
    public var message: String
    public var position: Int?

    public init(code: String, message: String, position: Int? = nil) {
        self.code = code
        self.message = message
        self.position = position
    }
}

/// What the client asked for, kept as AEP echoes it in `request`.
public struct QueryJobRequest: Sendable, Hashable, Codable {
    public var dbName: String
    public var sql: String
    public var name: String?
    public var description: String?

    public init(dbName: String, sql: String, name: String? = nil, description: String? = nil) {
        self.dbName = dbName
        self.sql = sql
        self.name = name
        self.description = description
    }
}

/// The first rows of a SELECT's result, kept with the query (`OUTFLOW_QUERY_RESULT_ROWS`, default 100): each
/// row is one JSON object text (the `ndjson` renderer's shape).
public struct QueryResultPreview: Sendable, Hashable, Codable {
    public var columns: [String]
    public var rows: [String]
    /// More rows existed than were kept.
    public var truncated: Bool

    public init(columns: [String], rows: [String], truncated: Bool) {
        self.columns = columns
        self.rows = rows
        self.truncated = truncated
    }
}

/// A query of the Query Service API: what was asked, the statement actually run (after parameters and the
/// CTAS/INSERT rewrite), its state and outcome. Persisted in the catalog database (`QueryJobStore`).
public struct QueryJob: Sendable, Hashable, Codable {
    public var id: String
    public var sandbox: String
    public var request: QueryJobRequest
    /// The statement run: `request.sql` with its parameters substituted and, for `ctasParameters` /
    /// `insertIntoParameters`, wrapped in CREATE TABLE AS / INSERT INTO.
    public var effectiveSQL: String
    public var isCTAS: Bool
    public var isInsertInto: Bool
    public var state: QueryJobState
    /// Epoch milliseconds.
    public var created: Int64
    public var updated: Int64
    /// Milliseconds the query ran (0 until it starts).
    public var elapsedTime: Int64
    public var rowCount: Int64
    public var errors: [QueryJobError]
    /// Datasets the query wrote (the CTAS or INSERT target).
    public var referencedDatasets: [String]
    public var softDeleted: Bool
    /// Who made it: `API` or `schedule`.
    public var client: String
    /// The schedule that ran it, with its slot (epoch ms) for scheduled runs; nil for ad-hoc queries.
    public var scheduleId: String?
    public var slot: Int64?
    /// A run triggered through the API (`POST /schedules/{id}/runs`) rather than by the clock.
    public var externalTrigger: Bool
    public var startedAt: Int64?
    public var preview: QueryResultPreview?

    public init(
        id: String, sandbox: String, request: QueryJobRequest, effectiveSQL: String, isCTAS: Bool = false,
        isInsertInto: Bool = false, created: Int64, client: String = "API", scheduleId: String? = nil,
        slot: Int64? = nil, externalTrigger: Bool = false
    ) {
        self.id = id
        self.sandbox = sandbox
        self.request = request
        self.effectiveSQL = effectiveSQL
        self.isCTAS = isCTAS
        self.isInsertInto = isInsertInto
        self.state = .submitted
        self.created = created
        self.updated = created
        self.elapsedTime = 0
        self.rowCount = 0
        self.errors = []
        self.referencedDatasets = []
        self.softDeleted = false
        self.client = client
        self.scheduleId = scheduleId
        self.slot = slot
        self.externalTrigger = externalTrigger
    }

    /// Moves to `next` at `now`; false (and no change) when the move is not allowed.
    @discardableResult
    public mutating func move(to next: QueryJobState, at now: Int64) -> Bool {
        guard state.canMove(to: next) else { return false }
        if next == .inProgress { startedAt = now }
        if let startedAt, next.isFinal { elapsedTime = max(0, now - startedAt) }
        state = next
        updated = now
        return true
    }
}
