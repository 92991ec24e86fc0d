/// A CJA connection (`/data/connections`, id `dg_…`): the datasets of one sandbox combined into one model. Event
/// datasets name the field that identifies the person and the timestamp; lookup datasets add attributes to a
/// key that events carry (the demo product catalog by SKU); profile datasets add attributes to the person (the
/// demo customer profiles by CRM id). Stitching, when set, derives the person id of event datasets from a
/// persistent and a transient id instead of `personIdField`.
public struct JourneyConnection: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var description: String?
    public var sandbox: String
    public var dataSets: [ConnectionDataset]
    public var stitching: StitchingSettings?
    /// Starts at 1 and grows with every update; the etag is `"<version>"`.
    public var version: Int
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var modifiedAt: Int64

    public init(
        id: String, name: String, description: String? = nil, sandbox: String, dataSets: [ConnectionDataset],
        stitching: StitchingSettings? = nil, version: Int = 1, createdAt: Int64 = 0, modifiedAt: Int64 = 0
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.sandbox = sandbox
        self.dataSets = dataSets
        self.stitching = stitching
        self.version = version
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    /// The event datasets, in the connection's order.
    public var eventDataSets: [ConnectionDataset] { dataSets.filter { $0.type == .event } }
}

/// One dataset of a connection.
public struct ConnectionDataset: Sendable, Hashable, Codable {
    /// CJA's dataset types.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case event, lookup, profile
    }

    /// The lake dataset's id or name in the connection's sandbox.
    public var datasetId: String
    public var type: Kind
    /// Event and profile datasets: the field (dotted path) that identifies the person (`crmId`, `ecid`).
    public var personIdField: String?
    /// Event datasets: the event time (default `timestamp`).
    public var timestampField: String?
    /// Lookup datasets: the key field of the lookup rows (`SKU`).
    public var keyField: String?
    /// Lookup datasets: the event field matched against `keyField` (`productListItems.SKU`).
    public var matchingKeyField: String?

    public init(
        datasetId: String, type: Kind, personIdField: String? = nil, timestampField: String? = nil,
        keyField: String? = nil, matchingKeyField: String? = nil
    ) {
        self.datasetId = datasetId
        self.type = type
        self.personIdField = personIdField
        self.timestampField = timestampField
        self.keyField = keyField
        self.matchingKeyField = matchingKeyField
    }
}

/// Field-based stitching, as CJA documents it: each event's person is its transient id when it has one; live
/// stitching gives later anonymous events of a device (persistent id) the transient id last seen on it; replay
/// also gives a device's earlier anonymous events within `replayLookbackDays` to the person who authenticated on
/// it later. A device shared by several people goes to the last one who authenticated. Events of a device never
/// authenticated keep the persistent id.
public struct StitchingSettings: Sendable, Hashable, Codable {
    /// The device or browser id (`ecid`).
    public var persistentIdField: String
    /// The login or CRM id (`crmId`), null on anonymous events.
    public var transientIdField: String
    /// Replay's lookback: 1, 7, 14 or 30 days.
    public var replayLookbackDays: Int
    /// How often replay runs on its own (`daily` or `weekly`; on demand always).
    public var replayFrequency: ReplayFrequency

    public enum ReplayFrequency: String, Sendable, Hashable, Codable, CaseIterable {
        case daily, weekly
    }

    public static let allowedLookbackDays: Set<Int> = [1, 7, 14, 30]

    public init(
        persistentIdField: String, transientIdField: String, replayLookbackDays: Int = 7,
        replayFrequency: ReplayFrequency = .daily
    ) {
        self.persistentIdField = persistentIdField
        self.transientIdField = transientIdField
        self.replayLookbackDays = replayLookbackDays
        self.replayFrequency = replayFrequency
    }
}
