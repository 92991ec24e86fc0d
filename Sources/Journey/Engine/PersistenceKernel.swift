/// Dimension persistence over events grouped by person and in time order: which item each event reports.
///
/// - `mostRecent`: the latest value set, until it expires.
/// - `original`: the first value set; later values replace it only once it expired.
/// - `all`: every value set and not yet expired; the event reports each of them (see `PersistenceKernel+All`).
/// - `firstKnown` / `lastKnown`: the person's first / last value within the reporting window, on every event of
///   the window.
/// Expiration: `session` at the end of the session, `person` at the end of the reporting window (values set before
/// the window do not carry into it), `time(s)` while at most `s` seconds passed since the value was set, `metric`
/// after the first later event on which the metric occurs (that event still reports the value).
/// A binding dimension ties values to that dimension's items (see `PersistenceKernel+Binding`).
enum PersistenceKernel {
    struct Events {
        var time: [Int64]
        var item: [Int32]
        var session: [Int32]
        var personStarts: [Int]
        /// The reporting window: events outside it are context.
        var window: ReportWindow
        /// With expiration on a metric: true where the metric occurs (empty otherwise).
        var expires: [Bool] = []
        /// With a binding dimension: its raw item per event (-1: none); empty without binding.
        var binding: [Int32] = []
        /// With a binding metric: true where it occurs (values bind there); empty: values bind where they are set.
        var binds: [Bool] = []
    }

    /// The persisted item per sorted event (-1: none); `persistence` nil returns the raw items. Allocation `all`
    /// is `sets(_:persistence:)`.
    static func persisted(_ events: Events, persistence: Persistence?) throws(JourneyError) -> [Int32] {
        guard let persistence else { return events.item }
        try checkTriggers(events, persistence: persistence)
        switch persistence.allocation {
        case .mostRecent, .original:
            let original = persistence.allocation == .original
            if persistence.bindingDimension != nil {
                return bound(events, original: original, expiration: Expiry(persistence.expiration))
            }
            guard persistence.bindingMetric == nil else {
                throw .invalid("persistence.bindingMetric", "a binding metric needs a binding dimension")
            }
            return carried(events, original: original, expiration: Expiry(persistence.expiration))
        case .firstKnown, .lastKnown:
            guard persistence.bindingDimension == nil, persistence.bindingMetric == nil else {
                throw .invalid("persistence.bindingDimension", "first and last known values take no binding")
            }
            return known(events, first: persistence.allocation == .firstKnown)
        case .all:
            throw .invalid("persistence.allocation", "allocation 'all' gives item sets, not one item per event")
        }
    }

    /// Refuses persistence whose triggers were not loaded (a breakdown dimension's binding or expiration metric).
    static func checkTriggers(_ events: Events, persistence: Persistence) throws(JourneyError) {
        if case .metric = persistence.expiration, events.expires.count != events.item.count {
            throw .invalid("persistence.expiration", "expiration on a metric applies to the report's dimension only")
        }
        if persistence.bindingDimension != nil, events.binding.count != events.item.count {
            throw .invalid("persistence.bindingDimension", "binding applies to the report's dimension only")
        }
        if persistence.bindingMetric != nil, events.binds.count != events.item.count {
            throw .invalid("persistence.bindingMetric", "binding applies to the report's dimension only")
        }
    }

    /// When values stop applying, as the walk over one person's events checks it.
    struct Expiry {
        var afterMicros = Int64.max
        var bySession = false
        var byWindow = false
        var byMetric = false

        init(_ expiration: Persistence.Expiration) {
            switch expiration {
            case .session: bySession = true
            case .person: byWindow = true
            case let .time(seconds): afterMicros = seconds * 1_000_000
            case .metric: byMetric = true
            }
        }
    }

    static func carried(_ events: Events, original: Bool, expiration: Expiry) -> [Int32] {
        var out = [Int32](repeating: -1, count: events.item.count)
        for person in 0..<(events.personStarts.count - 1) {
            var current: Int32 = -1
            var setAt = Int64.min
            var previousSession: Int32 = -1
            var inWindow = false
            for index in events.personStarts[person]..<events.personStarts[person + 1] {
                let time = events.time[index]
                if expiration.bySession, events.session[index] != previousSession { current = -1 }
                previousSession = events.session[index]
                if expiration.byWindow, !inWindow, time >= events.window.start {
                    inWindow = true
                    current = -1
                }
                if current >= 0, time - setAt > expiration.afterMicros { current = -1 }
                let raw = events.item[index]
                if raw >= 0, !original || current < 0 {
                    current = raw
                    setAt = time
                }
                out[index] = current
                if expiration.byMetric, events.expires[index] { current = -1 }
            }
        }
        return out
    }

    private static func known(_ events: Events, first: Bool) -> [Int32] {
        var out = [Int32](repeating: -1, count: events.item.count)
        for person in 0..<(events.personStarts.count - 1) {
            let range = events.personStarts[person]..<events.personStarts[person + 1]
            var chosen: Int32 = -1
            for index in range where events.window.contains(events.time[index]) && events.item[index] >= 0 {
                chosen = events.item[index]
                if first { break }
            }
            for index in range where events.window.contains(events.time[index]) { out[index] = chosen }
        }
        return out
    }
}
