/// A metric of a data view: what is counted or summed, and how it is credited to dimension items.
public struct MetricComponent: Sendable, Hashable, Codable {
    /// What the metric measures.
    public enum Kind: Sendable, Hashable, Codable {
        /// Events (CJA's Occurrences).
        case occurrences
        /// Distinct sessions.
        case sessions
        /// Distinct people.
        case people
        /// The sum of a numeric field over the events that have it (revenue, units).
        case sum(field: String)
        /// The number of events where the field is not null (orders).
        case count(field: String)
    }

    /// Unique in the data view; reports name it `metrics/<id>`.
    public var id: String
    public var name: String
    public var kind: Kind
    /// Nil: credit goes to the dimension item on the same event (same touch without persistence).
    public var attribution: Attribution?

    public init(id: String, name: String, kind: Kind, attribution: Attribution? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.attribution = attribution
    }
}

/// An attribution model and its lookback window: for each event with the metric, which earlier dimension values
/// (touch points) of the same person within the lookback get how much of its value.
public struct Attribution: Sendable, Hashable, Codable {
    public enum Model: Sendable, Hashable, Codable {
        case lastTouch, firstTouch, linear, participation, sameTouch
        /// 40 % first, 40 % last, 20 % spread over the middle.
        case uShaped
        /// 60 % last, 20 % first, 20 % spread over the middle.
        case jCurve
        /// 60 % first, 20 % last, 20 % spread over the middle.
        case inverseJ
        /// Each touch weighted by 2^(-age / half-life), normalised.
        case timeDecay(halfLifeSeconds: Int64)
        /// Percentages for the first, the last and the middle touches (normalised to sum 100).
        case custom(first: Double, middle: Double, last: Double)
    }

    public enum Lookback: Sendable, Hashable, Codable {
        /// Touches in the same session as the metric's event.
        case session
        /// Touches in the reporting window (the person container).
        case person
        /// Touches at most this many seconds before the event (14, 30, 60, 90 days, or custom).
        case time(seconds: Int64)
    }

    public var model: Model
    public var lookback: Lookback

    public init(model: Model, lookback: Lookback) {
        self.model = model
        self.lookback = lookback
    }
}
