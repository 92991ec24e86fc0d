/// Dimension persistence over events grouped by person and in time order: which item each event reports.
///
/// - `mostRecent`: the latest value set, until it expires.
/// - `original`: the first value set; later values replace it only once it expired.
/// - `firstKnown` / `lastKnown`: the person's first / last value within the reporting window, on every event of
///   the window.
/// Expiration: `session` at the end of the session, `person` at the end of the reporting window (values set before
/// the window do not carry into it), `time(s)` while at most `s` seconds passed since the value was set.
enum PersistenceKernel {
    struct Events {
        var time: [Int64]
        var item: [Int32]
        var session: [Int32]
        var personStarts: [Int]
        /// The reporting window: events outside it are context.
        var window: ReportWindow
    }

    /// The persisted item per sorted event (-1: none); `persistence` nil returns the raw items.
    static func persisted(_ events: Events, persistence: Persistence?) throws(JourneyError) -> [Int32] {
        guard let persistence else { return events.item }
        guard persistence.bindingDimension == nil, persistence.bindingMetric == nil else {
            throw .invalid("persistence.binding", "binding dimensions and metrics are not supported yet")
        }
        switch persistence.allocation {
        case .mostRecent, .original:
            return try carried(
                events, original: persistence.allocation == .original, expiration: persistence.expiration)
        case .firstKnown, .lastKnown:
            return known(events, first: persistence.allocation == .firstKnown)
        case .all:
            throw .invalid("persistence.allocation", "allocation 'all' is not supported yet")
        }
    }

    private static func carried(_ events: Events, original: Bool, expiration: Persistence.Expiration)
        throws(JourneyError) -> [Int32]
    {
        var expiresAfter = Int64.max
        switch expiration {
        case .session, .person: break
        case let .time(seconds): expiresAfter = seconds * 1_000_000
        case .metric: throw .invalid("persistence.expiration", "expiration on a metric is not supported yet")
        }
        let bySession: Bool = if case .session = expiration { true } else { false }
        let byWindow: Bool = if case .person = expiration { true } else { false }
        var out = [Int32](repeating: -1, count: events.item.count)
        for person in 0..<(events.personStarts.count - 1) {
            var current: Int32 = -1
            var setAt = Int64.min
            var previousSession: Int32 = -1
            var inWindow = false
            for index in events.personStarts[person]..<events.personStarts[person + 1] {
                let time = events.time[index]
                if bySession, events.session[index] != previousSession { current = -1 }
                previousSession = events.session[index]
                if byWindow, !inWindow, time >= events.window.start {
                    inWindow = true
                    current = -1
                }
                if current >= 0, time - setAt > expiresAfter { current = -1 }
                let raw = events.item[index]
                if raw >= 0, !original || current < 0 {
                    current = raw
                    setAt = time
                }
                out[index] = current
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
