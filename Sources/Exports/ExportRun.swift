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

/// One execution of a flow for one scheduled slot, an ad-hoc request or a backfill. A retry keeps the id, so it
/// rewrites the same folders and file names instead of duplicating them.
public struct ExportRun: Sendable, Hashable, Codable {
    public var id: String
    public var flowId: String
    /// The slot this run serves (epoch seconds); names the export folder, so retries land in the same place.
    public var scheduledTime: Int64
    public var status: RunStatus
    /// Executions so far (the executor counts each one; a retry adds one).
    public var attempts: Int
    public var outputs: [DatasetOutput]
    public var errors: [ExportsError]
    /// Rows, bytes and files delivered by the latest attempt (live values go to the progress callback).
    public var progress: RunProgress = RunProgress()
    /// Epoch milliseconds.
    public var startedAt: Int64
    public var completedAt: Int64?
    /// What started the run.
    public var kind: RunKind = .scheduled
    /// The commit-time window of a backfill run.
    public var backfill: BackfillWindow?
    /// Epoch milliseconds when the run was queued (orders run lists, newest first).
    public var createdAt: Int64 = 0
    /// A queued retry waits until this time (epoch milliseconds); nil starts as soon as a slot is free.
    public var retryAt: Int64?
    /// Every failed or interrupted attempt, oldest first, with its errors.
    public var history: [RunAttempt] = []

    public init(
        id: String, flowId: String, scheduledTime: Int64, status: RunStatus = .queued, attempts: Int = 0,
        outputs: [DatasetOutput] = [], errors: [ExportsError] = [], startedAt: Int64 = 0, completedAt: Int64? = nil,
        kind: RunKind = .scheduled, backfill: BackfillWindow? = nil, createdAt: Int64 = 0
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
        self.kind = kind
        self.backfill = backfill
        self.createdAt = createdAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, flowId, scheduledTime, status, attempts, outputs, errors, progress, startedAt, completedAt, kind,
            backfill, createdAt, retryAt, history
    }

    /// Decodes runs stored before `kind`, `backfill`, `createdAt`, `retryAt` and `history` existed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        flowId = try container.decode(String.self, forKey: .flowId)
        scheduledTime = try container.decode(Int64.self, forKey: .scheduledTime)
        status = try container.decode(RunStatus.self, forKey: .status)
        attempts = try container.decode(Int.self, forKey: .attempts)
        outputs = try container.decode([DatasetOutput].self, forKey: .outputs)
        errors = try container.decode([ExportsError].self, forKey: .errors)
        progress = try container.decodeIfPresent(RunProgress.self, forKey: .progress) ?? RunProgress()
        startedAt = try container.decode(Int64.self, forKey: .startedAt)
        completedAt = try container.decodeIfPresent(Int64.self, forKey: .completedAt)
        kind = try container.decodeIfPresent(RunKind.self, forKey: .kind) ?? .scheduled
        backfill = try container.decodeIfPresent(BackfillWindow.self, forKey: .backfill)
        createdAt = try container.decodeIfPresent(Int64.self, forKey: .createdAt) ?? startedAt
        retryAt = try container.decodeIfPresent(Int64.self, forKey: .retryAt)
        history = try container.decodeIfPresent([RunAttempt].self, forKey: .history) ?? []
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
