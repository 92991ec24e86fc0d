/// One metric column per item over `SortedEvents`, counting only events in the reporting window.
///
/// Without attribution a metric counts on the event's own (persisted) item, "Unspecified" when it has none (with
/// allocation `all`, on each of its items in full):
/// occurrences (events), sessions (distinct sessions per item), people (distinct people per item), sum of a field
/// (its non-null values), count of a field (events where it is not null). With attribution, each event's value
/// (1 for occurrences) is split over its touch points by the model; an event without touch points credits
/// "Unspecified". Sessions and people are distinct counts and take no attribution.
struct MetricKernel {
    let events: SortedEvents

    struct Column: Sendable {
        /// Indexed by item code; the last entry is "Unspecified".
        var values: [Double]
        /// The metric over all events of the window (distinct sessions or people overall, not a sum of items).
        var total: Double
    }

    /// What the metric reads: the value of each event (nil: the metric does not occur on it).
    enum Measure {
        case occurrences
        case sessions
        case people
        case sum(numbers: Int)
        case count(numbers: Int)
    }

    func column(_ measure: Measure, attribution: Attribution?) -> Column {
        switch measure {
        case .sessions: return distinct(keyOf: { index, _ in Int(events.session[index]) })
        case .people: return distinct(keyOf: { _, person in person })
        case .occurrences: return valued(attribution: attribution) { _ in 1 }
        case let .sum(numbers):
            let values = events.numbers[numbers]
            return valued(attribution: attribution) { values[$0].isNaN ? nil : values[$0] }
        case let .count(numbers):
            let values = events.numbers[numbers]
            return valued(attribution: attribution) { values[$0].isNaN ? nil : 1 }
        }
    }

    /// True on the events where `measure` occurs: every event for occurrences, where its field is not null for
    /// sums and counts; sessions and people (distinct counts) occur nowhere.
    func occurs(_ measure: Measure) -> [Bool] {
        switch measure {
        case .occurrences: [Bool](repeating: true, count: events.count)
        case .sessions, .people: [Bool](repeating: false, count: events.count)
        case let .sum(numbers), let .count(numbers): events.numbers[numbers].map { !$0.isNaN }
        }
    }

    /// Distinct sessions or people per item and overall (`keyOf` gives the session or the person of an event).
    private func distinct(keyOf: (Int, Int) -> Int) -> Column {
        let slots = events.itemCount + 1
        var values = [Double](repeating: 0, count: slots)
        var lastKey = [Int](repeating: -1, count: slots)
        var total = 0.0
        var lastTotalKey = -1
        for person in 0..<events.personCount {
            for index in events.personStarts[person]..<events.personStarts[person + 1] where events.inWindow(index) {
                let key = keyOf(index, person)
                events.forEachReported(index) { item in
                    if lastKey[item] != key {
                        lastKey[item] = key
                        values[item] += 1
                    }
                }
                if lastTotalKey != key {
                    lastTotalKey = key
                    total += 1
                }
            }
        }
        return Column(values: values, total: total)
    }

    private func valued(attribution: Attribution?, value: (Int) -> Double?) -> Column {
        let slots = events.itemCount + 1
        var credit = [Double](repeating: 0, count: slots)
        var seen = [Int](repeating: -1, count: slots)
        var total = 0.0
        var touches: [Int] = []
        for person in 0..<events.personCount {
            touches.removeAll(keepingCapacity: true)
            var firstTouch = 0
            for index in events.personStarts[person]..<events.personStarts[person + 1] {
                if attribution != nil, events.item[index] >= 0 { touches.append(index) }
                guard events.inWindow(index), let amount = value(index) else { continue }
                total += amount
                guard let attribution else {
                    events.forEachReported(index) { credit[$0] += amount }
                    continue
                }
                firstTouch = firstInLookback(touches, from: firstTouch, event: index, lookback: attribution.lookback)
                var window = touches[firstTouch...]
                if case .sameTouch = attribution.model {
                    window = events.item[index] >= 0 && touches.last == index ? touches[(touches.count - 1)...] : []
                }
                if window.isEmpty {
                    credit[Int(events.unspecified)] += amount
                } else {
                    AttributionKernel.distribute(
                        amount, touches: window, items: events.item, time: events.time,
                        eventTime: events.time[index], model: attribution.model, credit: &credit, seen: &seen,
                        mark: index)
                }
            }
        }
        return Column(values: credit, total: total)
    }

    /// The first of `touches` (from `start` on; the boundary only moves forward) within `lookback` of `event`.
    private func firstInLookback(_ touches: [Int], from start: Int, event: Int, lookback: Attribution.Lookback) -> Int {
        var first = start
        while first < touches.count {
            let touch = touches[first]
            let inside: Bool
            switch lookback {
            case .session: inside = events.session[touch] == events.session[event]
            case .person: inside = events.time[touch] >= events.windowStart
            case let .time(seconds): inside = events.time[event] - events.time[touch] <= seconds * 1_000_000
            }
            if inside { break }
            first += 1
        }
        return first
    }
}
