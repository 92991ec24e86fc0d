extension SQLState {
    /// `53200` out_of_memory: an operator needs more than the memory limit and cannot spill.
    public static let outOfMemory = SQLState("53200")
    /// `57014` query_canceled: a user cancellation or the statement timeout.
    public static let queryCanceled = SQLState("57014")
}

extension SQLEngine {
    /// Per-statement execution settings.
    public struct Options: Sendable {
        /// 1 GiB: a statement's blocking operators together hold at most this much before they spill. PostgreSQL
        /// bounds each operator by `work_mem` (4 MB by default, per sort or hash); DuckDB bounds the process by 80%
        /// of RAM. A statement-wide budget sits between them: two concurrent statements on a small 2-core server
        /// stay well inside its memory, and a typical analytical query never spills.
        public static let defaultMemoryLimit = 1 << 30

        /// Bytes the statement's blocking operators (hash tables, sort buffers) may reserve together.
        public var memoryLimit: Int
        /// Cancels the statement with `57014` after this long; nil for no limit (PostgreSQL's default 0).
        public var statementTimeout: Duration?
        /// Where operators spill beyond `memoryLimit`; nil to fail with `53200` instead of spilling.
        public var spillStorage: (any SpillStorage)?
        /// Worker pipelines a statement runs its parallel fragments on unless the session sets `threads`
        /// (default: the cores the process may use, `SessionSettings.defaultThreads`; 1 runs every plan serially).
        public var threads: Int

        public init(
            memoryLimit: Int = Options.defaultMemoryLimit, statementTimeout: Duration? = nil,
            spillStorage: (any SpillStorage)? = nil, threads: Int = SessionSettings.defaultThreads
        ) {
            self.memoryLimit = memoryLimit
            self.statementTimeout = statementTimeout
            self.spillStorage = spillStorage
            self.threads = min(max(threads, 1), SessionSettings.maxThreads)
        }
    }
}

/// What a statement's execution used: its peak memory reservation and what it spilled (for `EXPLAIN ANALYZE`
/// and the query service's reports).
public struct ExecutionStatistics: Sendable, Hashable {
    /// The highest total reservation of the statement's operators, in bytes.
    public var peakReservedBytes = 0
    /// Bytes written to spill storage.
    public var spilledBytes = 0
    /// Rows written to spill storage.
    public var spilledRows = 0
    /// Spill runs (files) created.
    public var spillRuns = 0
    /// Partitions (morsels) each worker of the statement's parallel fragments pulled, by worker number; empty
    /// when everything ran serially.
    public var morselsPerWorker: [Int] = []

    public init() {}
}
