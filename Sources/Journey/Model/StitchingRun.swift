/// One replay of a connection's stitching (`/data/connections/{id}/stitching/runs`, id `sr_…`): CJA replays on
/// a schedule (the connection's `replayFrequency`) and here also on demand. A run reads every event of the
/// connection's event datasets, stitches them with `StitchingKernel`'s replay (privacy deletions applied), and
/// writes one stitched dataset per event dataset; a dataset appears only once all its rows are written.
public struct StitchingRun: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Waiting for the runner.
        case queued
        case running
        case succeeded
        case failed

        /// Whether the run has ended (succeeded or failed).
        public var isFinal: Bool { self == .succeeded || self == .failed }
    }

    /// What started the run.
    public enum Trigger: String, Sendable, Hashable, Codable {
        case manual, scheduled
    }

    /// Events read from the event datasets and rows written to the stitched datasets so far.
    public struct Progress: Sendable, Hashable, Codable {
        public var eventsRead: Int
        public var eventsWritten: Int

        public init(eventsRead: Int = 0, eventsWritten: Int = 0) {
            self.eventsRead = eventsRead
            self.eventsWritten = eventsWritten
        }
    }

    public var id: String
    public var connectionId: String
    public var sandbox: String
    public var status: Status
    public var trigger: Trigger
    /// A scheduled run's slot (epoch milliseconds): one run per (connection, slot).
    public var slot: Int64?
    public var progress: Progress
    /// The stitched datasets the run wrote (empty until it succeeded).
    public var stitchedDataSets: [StitchedDataset]
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var startedAt: Int64?
    public var endedAt: Int64?
    /// Why the run failed.
    public var error: String?

    public init(
        id: String, connectionId: String, sandbox: String, status: Status = .queued, trigger: Trigger = .manual,
        slot: Int64? = nil, progress: Progress = Progress(), stitchedDataSets: [StitchedDataset] = [],
        createdAt: Int64, startedAt: Int64? = nil, endedAt: Int64? = nil, error: String? = nil
    ) {
        self.id = id
        self.connectionId = connectionId
        self.sandbox = sandbox
        self.status = status
        self.trigger = trigger
        self.slot = slot
        self.progress = progress
        self.stitchedDataSets = stitchedDataSets
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
    }
}

/// A stitched dataset a run wrote: the rows of one event dataset with `stitchedId` and `stitchedNamespace`.
public struct StitchedDataset: Sendable, Hashable, Codable {
    /// The event dataset whose rows it holds.
    public var sourceDatasetId: String
    /// The lake dataset's id and name.
    public var datasetId: String
    public var name: String
    /// The view of the latest run's stitched dataset (`<connection>_stitched`): a stable name for SQL.
    public var view: String

    public init(sourceDatasetId: String, datasetId: String, name: String, view: String) {
        self.sourceDatasetId = sourceDatasetId
        self.datasetId = datasetId
        self.name = name
        self.view = view
    }
}
