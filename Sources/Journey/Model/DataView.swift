/// A CJA data view (`/data/dataviews`, id `dv_…`) over one connection: the time zone reports count days in, what
/// a session is, the containers' names, and the components reports may use. Everything is applied when a
/// report runs, over each person's whole (stitched) history, so nothing goes stale when late data arrives.
public struct DataView: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var description: String?
    /// The connection (`dg_…`); CJA calls it `parentDataGroupId`.
    public var parentDataGroupId: String
    /// An IANA time zone (`UTC`, `Europe/Berlin`): day boundaries of date ranges and of expiration.
    public var timezoneDesignator: String
    public var session: SessionDefinition
    public var containerNames: ContainerNames
    public var dimensions: [DimensionComponent]
    public var metrics: [MetricComponent]
    /// Fields computed at report time (CJA's derived fields), named `derived.<id>` by components; stored views
    /// without the key decode with none (`DataView+Decoding.swift`).
    public var derivedFields: [DerivedField]
    public var version: Int
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var modifiedAt: Int64

    public init(
        id: String, name: String, description: String? = nil, parentDataGroupId: String,
        timezoneDesignator: String = "UTC", session: SessionDefinition = SessionDefinition(),
        containerNames: ContainerNames = ContainerNames(), dimensions: [DimensionComponent] = [],
        metrics: [MetricComponent] = [], derivedFields: [DerivedField] = [], version: Int = 1, createdAt: Int64 = 0,
        modifiedAt: Int64 = 0
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.parentDataGroupId = parentDataGroupId
        self.timezoneDesignator = timezoneDesignator
        self.session = session
        self.containerNames = containerNames
        self.dimensions = dimensions
        self.metrics = metrics
        self.derivedFields = derivedFields
        self.version = version
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    /// The dimension with `id` (bare, or CJA's `variables/<id>`).
    public func dimension(_ id: String) -> DimensionComponent? {
        let bare = id.hasPrefix("variables/") ? String(id.dropFirst("variables/".count)) : id
        return dimensions.first { $0.id == bare }
    }

    /// The metric with `id` (bare, or CJA's `metrics/<id>`).
    public func metric(_ id: String) -> MetricComponent? {
        let bare = id.hasPrefix("metrics/") ? String(id.dropFirst("metrics/".count)) : id
        return metrics.first { $0.id == bare }
    }
}

/// When a session ends: after `timeoutMinutes` without an event (CJA's default 30), and before any event that
/// matches one of `newSessionOn` (an event field with one of the listed values, such as a login page).
public struct SessionDefinition: Sendable, Hashable, Codable {
    public var timeoutMinutes: Int
    public var newSessionOn: [FieldMatch]

    public init(timeoutMinutes: Int = 30, newSessionOn: [FieldMatch] = []) {
        self.timeoutMinutes = timeoutMinutes
        self.newSessionOn = newSessionOn
    }
}

/// An event field equal to one of `values`.
public struct FieldMatch: Sendable, Hashable, Codable {
    public var field: String
    public var values: [String]

    public init(field: String, values: [String]) {
        self.field = field
        self.values = values
    }
}

/// The names the containers go by in the data view (CJA's defaults).
public struct ContainerNames: Sendable, Hashable, Codable {
    public var people: String
    public var session: String
    public var event: String

    public init(people: String = "Person", session: String = "Session", event: String = "Event") {
        self.people = people
        self.session = session
        self.event = event
    }
}
