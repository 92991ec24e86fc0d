/// Lifecycle of a run.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued, running, success, failed

    /// True for `success` and `failed`.
    public var isFinal: Bool { self == .success || self == .failed }
}

/// One delivered file.
public struct ExportedFile: Sendable, Hashable, Codable {
    /// Destination-relative path.
    public var path: String
    public var size: Int64
    public var rowCount: Int64
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String

    public init(path: String, size: Int64, rowCount: Int64, sha256: String) {
        self.path = path
        self.size = size
        self.rowCount = rowCount
        self.sha256 = sha256
    }
}

/// What a run delivered for one dataset.
public struct DatasetOutput: Sendable, Hashable, Codable {
    public var datasetId: String
    /// Destination-relative folder of the files.
    public var folder: String
    public var files: [ExportedFile]
    public var manifestPath: String?
    /// Exported batches: sequence numbers `fromSequence...toSequence` (both 0 when nothing was new).
    public var fromSequence: Int64
    public var toSequence: Int64

    public init(
        datasetId: String, folder: String, files: [ExportedFile], manifestPath: String?, fromSequence: Int64,
        toSequence: Int64
    ) {
        self.datasetId = datasetId
        self.folder = folder
        self.files = files
        self.manifestPath = manifestPath
        self.fromSequence = fromSequence
        self.toSequence = toSequence
    }

    public var rowCount: Int64 { files.reduce(0) { $0 + $1.rowCount } }
    public var size: Int64 { files.reduce(0) { $0 + $1.size } }
}

/// Live counters of a run, reported through the progress callback.
public struct RunProgress: Sendable, Hashable, Codable {
    public var rows: Int64 = 0
    public var bytes: Int64 = 0
    public var files: Int = 0

    public init(rows: Int64 = 0, bytes: Int64 = 0, files: Int = 0) {
        self.rows = rows
        self.bytes = bytes
        self.files = files
    }
}

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

/// One execution of a flow for one scheduled slot (or an ad-hoc request).
public struct ExportRun: Sendable, Hashable, Codable {
    public var id: String
    public var flowId: String
    /// The slot this run serves (epoch seconds); names the export folder, so retries land in the same place.
    public var scheduledTime: Int64
    public var status: RunStatus
    public var attempts: Int
    public var outputs: [DatasetOutput]
    public var errors: [ExportsError]
    /// Rows, bytes and files delivered by the latest attempt (live values go to the progress callback).
    public var progress: RunProgress = RunProgress()
    /// Epoch milliseconds.
    public var startedAt: Int64
    public var completedAt: Int64?

    public init(
        id: String, flowId: String, scheduledTime: Int64, status: RunStatus = .queued, attempts: Int = 0,
        outputs: [DatasetOutput] = [], errors: [ExportsError] = [], startedAt: Int64 = 0, completedAt: Int64? = nil
    ) {
        self.id = id
        self.flowId = flowId
        self.scheduledTime = scheduledTime
        self.status = status
        self.attempts = attempts
        self.outputs = outputs
        self.errors = errors
        self.startedAt = startedAt
        self.completedAt = completedAt
    }

    /// AEP `metrics`.
    public var metrics: RunMetrics {
        RunMetrics(
            durationSummary: .init(startedAtUTC: startedAt, completedAtUTC: completedAt),
            sizeSummary: .init(outputBytes: outputs.reduce(0) { $0 + $1.size }),
            recordSummary: .init(outputRecordCount: outputs.reduce(0) { $0 + $1.rowCount }),
            fileSummary: .init(outputFileCount: outputs.reduce(0) { $0 + $1.files.count }),
            statusSummary: .init(status: status, errors: errors))
    }
}

/// A run-ledger row: which batch range of a dataset a run delivered. Only `success` rows move the
/// incremental watermark, so a failed or killed run is simply re-delivered.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public var flowId: String
    public var datasetId: String
    public var runId: String
    public var fromSequence: Int64
    public var toSequence: Int64
    public var status: RunStatus

    public init(
        flowId: String, datasetId: String, runId: String, fromSequence: Int64, toSequence: Int64, status: RunStatus
    ) {
        self.flowId = flowId
        self.datasetId = datasetId
        self.runId = runId
        self.fromSequence = fromSequence
        self.toSequence = toSequence
        self.status = status
    }
}
