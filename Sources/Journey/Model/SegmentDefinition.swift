/// A segment's rules in CJA's (Adobe Analytics 2.0) segment definition grammar:
/// `{"func": "segment", "version": [1, 0, 0], "container": {"func": "container", "context": "hits", "pred": …}}`.
///
/// A container's `context` is the unit its rules look at: `hits` (an event), `visits` (a session) or `visitors` (a
/// person within the reporting window). A container includes every event of each unit its predicate holds for: a
/// session container includes all events of the sessions with a match. See `SegmentPredicate` for the predicates.
public struct SegmentDefinition: Sendable, Hashable {
    public var version: [Int]
    public var container: SegmentContainer

    public init(container: SegmentContainer, version: [Int] = [1, 0, 0]) {
        self.version = version
        self.container = container
    }
}

/// `{"func": "container", "context": "hits" | "visits" | "visitors", "pred": …}`.
public struct SegmentContainer: Sendable, Hashable {
    /// CJA's container contexts: event, session and person.
    public enum Context: String, Sendable, Hashable, Codable, CaseIterable {
        case hits, visits, visitors
    }

    public var context: Context
    public var pred: SegmentPredicate

    public init(context: Context, pred: SegmentPredicate) {
        self.context = context
        self.pred = pred
    }
}

/// A predicate of a container, evaluated on the container's units (events, sessions or people):
/// - `and` / `or` (`preds`): every / any predicate holds for the unit (in a session container, "page is A and page
///   is B" holds for sessions that saw both pages, on different events);
/// - `not` (`pred`): the unit does not satisfy the predicate;
/// - `without` (`pred`, CJA's Exclude): removes what the predicate selects: a nested container's events (a hits
///   container removes those events, a visits container whole sessions), else the units the predicate holds for;
/// - a nested `container`: the unit contains an event the nested container includes;
/// - string comparisons on a dimension (`{"func": "attr", "name": "variables/<id>"}`): `streq`, `not-streq`,
///   `contains`, `not-contains`, `starts-with`, `ends-with` (`str`), `streq-in`, `not-streq-in` (`list`),
///   case-insensitive; `exists` / `not-exists`; the unit holds when one of its events matches (`not-…` is the
///   negation per event, so events without a value match it); a dimension with persistence is compared on the value
///   each event reports after persistence;
/// - numeric comparisons `eq`, `ne`, `gt`, `lt`, `ge`, `le` (`num`) on a dimension's numeric value (per event) or
///   on a metric (`{"func": "metric", "name": "metrics/<id>"}`): the metric's total over the unit's events in the
///   reporting window (one event's value in a hits container);
/// - `sequence` (`stream`, CJA's "then"): checkpoints that match distinct events in time order within one session
///   or person, with optional `time-restriction`s between them (`limit` `within` or `after`, `count`, `unit`
///   `minute`, `hour`, `day` or `week`).
public indirect enum SegmentPredicate: Sendable, Hashable {
    case container(SegmentContainer)
    case and([SegmentPredicate])
    case or([SegmentPredicate])
    case not(SegmentPredicate)
    case without(SegmentPredicate)
    /// A string comparison; `values` holds `str` (one value) or `list`.
    case string(StringOperator, SegmentValue, values: [String])
    case number(NumberOperator, SegmentValue, Double)
    case exists(SegmentValue, negated: Bool)
    case sequence([SequenceCheckpoint])

    public enum StringOperator: String, Sendable, Hashable, CaseIterable {
        case streq, contains
        case notStreq = "not-streq"
        case notContains = "not-contains"
        case startsWith = "starts-with"
        case endsWith = "ends-with"
        case streqIn = "streq-in"
        case notStreqIn = "not-streq-in"
    }

    public enum NumberOperator: String, Sendable, Hashable, CaseIterable {
        case eq, ne, gt, lt, ge, le
    }
}

/// What a comparison reads: a dimension (`variables/<id>`) or a metric (`metrics/<id>`).
public enum SegmentValue: Sendable, Hashable {
    case dimension(String)
    case metric(String)
}

/// One checkpoint of a sequence and the time restrictions between it and the previous checkpoint.
public struct SequenceCheckpoint: Sendable, Hashable {
    public var restrictions: [TimeRestriction]
    public var pred: SegmentPredicate

    public init(_ pred: SegmentPredicate, restrictions: [TimeRestriction] = []) {
        self.pred = pred
        self.restrictions = restrictions
    }
}

/// `{"func": "time-restriction", "limit": "within" | "after", "count": N, "unit": …}`: the next checkpoint is at
/// most (`within`) or at least (`after`) this long after the previous one.
public struct TimeRestriction: Sendable, Hashable {
    public enum Limit: String, Sendable, Hashable, Codable, CaseIterable {
        case within, after
    }

    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        case minute, hour, day, week

        var seconds: Int64 {
            switch self {
            case .minute: 60
            case .hour: 3_600
            case .day: 86_400
            case .week: 604_800
            }
        }
    }

    public var limit: Limit
    public var count: Int
    public var unit: Unit

    public init(limit: Limit, count: Int, unit: Unit) {
        self.limit = limit
        self.count = count
        self.unit = unit
    }

    /// The restriction's length in microseconds.
    var micros: Int64 { Int64(max(count, 0)) * unit.seconds * 1_000_000 }
}
