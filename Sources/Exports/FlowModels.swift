/// A base connection: a destination type plus credentials. `authParams` are write-only: the store keeps
/// them apart and `redacted` drops them before anything is returned.
public struct BaseConnection: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var connectionSpecId: String
    /// AEP `auth.specName` (for example "Access Key", or "None").
    public var authSpecName: String
    public var authParams: [String: String]
    /// AEP `encryption`: files delivered through this connection are encrypted to this OpenPGP key.
    public var encryption: ConnectionEncryption?

    public init(
        id: String, name: String, connectionSpecId: String, authSpecName: String, authParams: [String: String],
        encryption: ConnectionEncryption? = nil
    ) {
        self.id = id
        self.name = name
        self.connectionSpecId = connectionSpecId
        self.authSpecName = authSpecName
        self.authParams = authParams
        self.encryption = encryption
    }

    /// The connection without credentials.
    public var redacted: BaseConnection {
        var copy = self
        copy.authParams = [:]
        return copy
    }
}

/// The datasets a flow exports (AEP source connection `params.datasets[]`).
public struct SourceConnection: Sendable, Hashable, Codable {
    public var id: String
    public var sandbox: String
    public var datasetIds: [String]

    public init(id: String, sandbox: String, datasetIds: [String]) {
        self.id = id
        self.sandbox = sandbox
        self.datasetIds = datasetIds
    }
}

/// Output file format.
public enum DatasetFileType: String, Sendable, Hashable, Codable, CaseIterable {
    case json = "JSON"
    case parquet = "PARQUET"
}

/// Output compression (AEP: NONE, GZIP; Outflow adds SNAPPY for Parquet and ZSTD).
public enum ExportCompression: String, Sendable, Hashable, Codable, CaseIterable {
    case none = "NONE"
    case gzip = "GZIP"
    case snappy = "SNAPPY"
    case zstd = "ZSTD"
}

/// Where and how files land (AEP target connection `params`).
public struct TargetConnection: Sendable, Hashable, Codable {
    public var id: String
    public var baseConnectionId: String
    /// Folder path at the destination (relative to its root; may be empty).
    public var path: String
    public var datasetFileType: DatasetFileType
    public var compression: ExportCompression
    public var includeManifest: Bool
    /// Files roll at about this many MiB (default 5,000 like AEP's 5 GB limit).
    public var maxFileSizeMiB: Int
    /// The destination's own location parameters beside `path` (`bucketName`, `container`, `remotePath` ...),
    /// as the target spec of its connection spec names them.
    public var locationParams: [String: String]

    public init(
        id: String, baseConnectionId: String, path: String, datasetFileType: DatasetFileType,
        compression: ExportCompression = .none, includeManifest: Bool = true, maxFileSizeMiB: Int = 5_000,
        locationParams: [String: String] = [:]
    ) {
        self.id = id
        self.baseConnectionId = baseConnectionId
        self.path = path
        self.datasetFileType = datasetFileType
        self.compression = compression
        self.includeManifest = includeManifest
        self.maxFileSizeMiB = maxFileSizeMiB
        self.locationParams = locationParams
    }

    private enum CodingKeys: String, CodingKey {
        case id, baseConnectionId, path, datasetFileType, compression, includeManifest, maxFileSizeMiB, locationParams
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        baseConnectionId = try container.decode(String.self, forKey: .baseConnectionId)
        path = try container.decode(String.self, forKey: .path)
        datasetFileType = try container.decode(DatasetFileType.self, forKey: .datasetFileType)
        compression = try container.decode(ExportCompression.self, forKey: .compression)
        includeManifest = try container.decode(Bool.self, forKey: .includeManifest)
        maxFileSizeMiB = try container.decode(Int.self, forKey: .maxFileSizeMiB)
        locationParams = try container.decodeIfPresent([String: String].self, forKey: .locationParams) ?? [:]
    }
}

/// AEP `scheduleParams.exportMode`.
public enum ExportMode: String, Sendable, Hashable, Codable, CaseIterable {
    case dailyFullExport = "DAILY_FULL_EXPORT"
    case firstFullThenIncremental = "FIRST_FULL_THEN_INCREMENTAL"
}

/// AEP `scheduleParams.timeUnit`.
public enum TimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case day, hour

    /// Seconds in one unit.
    public var seconds: Int64 { self == .day ? 86_400 : 3_600 }
}

/// AEP `scheduleParams`. Times are epoch seconds (UTC).
public struct ScheduleParams: Sendable, Hashable, Codable {
    public var exportMode: ExportMode
    public var timeUnit: TimeUnit
    /// 0 with `DAILY_FULL_EXPORT` and `day` is a one-time export at `startTime`.
    public var interval: Int
    public var startTime: Int64
    public var endTime: Int64?
    /// Folder template with macros (`%DATASET_ID%/exportTime=%EXPORT_TIME%` when nil).
    public var foldernameTemplate: String?

    public init(
        exportMode: ExportMode, timeUnit: TimeUnit, interval: Int, startTime: Int64, endTime: Int64? = nil,
        foldernameTemplate: String? = nil
    ) {
        self.exportMode = exportMode
        self.timeUnit = timeUnit
        self.interval = interval
        self.startTime = startTime
        self.endTime = endTime
        self.foldernameTemplate = foldernameTemplate
    }

    /// A one-time full export.
    public var isOneTime: Bool { interval == 0 }

    /// An on-demand flow (the CLI's): its window closes before it opens (`endTime < startTime`, which the API
    /// refuses), so the scheduler never gives it a slot; it runs only when asked to.
    public var isOnDemand: Bool { endTime.map { $0 < startTime } ?? false }
}

/// A dataflow: a source connection to a target connection on a schedule.
public struct Flow: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var sourceConnectionId: String
    public var targetConnectionId: String
    public var scheduleParams: ScheduleParams
    public var enabled: Bool
    /// Bumped on every change; the etag is derived from it.
    public var version: Int

    public init(
        id: String, name: String, sourceConnectionId: String, targetConnectionId: String,
        scheduleParams: ScheduleParams, enabled: Bool = true, version: Int = 1
    ) {
        self.id = id
        self.name = name
        self.sourceConnectionId = sourceConnectionId
        self.targetConnectionId = targetConnectionId
        self.scheduleParams = scheduleParams
        self.enabled = enabled
        self.version = version
    }

    /// The HTTP etag for `If-Match`.
    public var etag: String { "\"\(id)-\(version)\"" }
}
