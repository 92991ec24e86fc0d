/// AEP-style run metrics.
public struct RunMetrics: Sendable, Hashable, Codable {
    public struct DurationSummary: Sendable, Hashable, Codable {
        /// Epoch milliseconds.
        public var startedAtUTC: Int64
        public var completedAtUTC: Int64?
    }

    public struct SizeSummary: Sendable, Hashable, Codable {
        public var outputBytes: Int64
    }

    public struct RecordSummary: Sendable, Hashable, Codable {
        public var outputRecordCount: Int64
    }

    public struct FileSummary: Sendable, Hashable, Codable {
        public var outputFileCount: Int
    }

    public struct StatusSummary: Sendable, Hashable, Codable {
        public var status: RunStatus
        public var errors: [ExportsError]
    }

    public var durationSummary: DurationSummary
    public var sizeSummary: SizeSummary
    public var recordSummary: RecordSummary
    public var fileSummary: FileSummary
    public var statusSummary: StatusSummary
}
