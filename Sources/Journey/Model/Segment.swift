/// A CJA segment (`/segments`, id `s_…`): a named, versioned definition in CJA's segment grammar over the
/// components of a data view (`dataId`). Reports use it as a global filter (`globalFilters` of type `segment`) or
/// to filter one metric (`metricContainer.metricFilters`); only the events it includes are counted.
public struct Segment: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var description: String?
    /// The data view (`dv_…`) whose dimensions and metrics the definition names.
    public var dataId: String
    public var definition: SegmentDefinition
    /// Starts at 1 and grows with every update; the etag is `"<version>"`.
    public var version: Int
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var modifiedAt: Int64

    public init(
        id: String, name: String, description: String? = nil, dataId: String, definition: SegmentDefinition,
        version: Int = 1, createdAt: Int64 = 0, modifiedAt: Int64 = 0
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.dataId = dataId
        self.definition = definition
        self.version = version
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }
}
