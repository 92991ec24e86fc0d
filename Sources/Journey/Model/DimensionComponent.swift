/// A dimension of a data view: a field of the events (or of a lookup or profile dataset, through the
/// connection), reported by its value, optionally persisted beyond the event that set it.
public struct DimensionComponent: Sendable, Hashable, Codable {
    /// Unique in the data view; reports name it `variables/<id>`.
    public var id: String
    public var name: String
    /// A dotted event field path (`web.webPageDetails.name`, `marketing.channel`), a derived field
    /// (`derived.<id>`), or an attribute of a lookup or profile dataset (`product_catalog.category`).
    public var field: String
    /// Nil: the value counts only on the event that carries it.
    public var persistence: Persistence?

    public init(id: String, name: String, field: String, persistence: Persistence? = nil) {
        self.id = id
        self.name = name
        self.field = field
        self.persistence = persistence
    }
}

/// How a dimension's value carries over to later events of the same person.
public struct Persistence: Sendable, Hashable, Codable {
    /// Which value an event gets when several were set before it.
    public enum Allocation: String, Sendable, Hashable, Codable, CaseIterable {
        /// The latest value set (CJA's default).
        case mostRecent
        /// The first value set within the expiration; later ones do not replace it.
        case original
        /// Every value set within the expiration, each getting the event (a multi-valued dimension).
        case all
        /// The first value of the person in the reporting window, on every event of the window.
        case firstKnown
        /// The last value of the person in the reporting window, on every event of the window.
        case lastKnown
    }

    /// When a persisted value stops applying.
    public enum Expiration: Sendable, Hashable, Codable {
        /// At the end of the session.
        case session
        /// At the end of the reporting window (the person container).
        case person
        /// After this many seconds (up to 90 days).
        case time(seconds: Int64)
        /// When an event with this metric (a metric component id) occurs, after crediting it.
        case metric(String)
    }

    public var allocation: Allocation
    public var expiration: Expiration
    /// The value binds only on events where this dimension (a component id) has a value, when set.
    public var bindingDimension: String?
    /// The value binds only on events where this metric (a component id) occurs, when set.
    public var bindingMetric: String?

    /// The longest custom expiration CJA allows.
    public static let maximumExpirationSeconds: Int64 = 90 * 86_400

    public init(
        allocation: Allocation = .mostRecent, expiration: Expiration = .session, bindingDimension: String? = nil,
        bindingMetric: String? = nil
    ) {
        self.allocation = allocation
        self.expiration = expiration
        self.bindingDimension = bindingDimension
        self.bindingMetric = bindingMetric
    }
}
