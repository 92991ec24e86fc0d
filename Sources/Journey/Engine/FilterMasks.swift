/// The events each metric column counts under a report's filters, as masks over `SortedEvents` (empty: no
/// filter): the global mask (segments and breakdowns of the request) and, per metric, the global mask ANDed with
/// the metric's own filters. Pure: sorted events and the loaded filter columns in, masks out.
struct FilterMasks {
    var global: [Bool]
    var metrics: [[Bool]]

    init(
        _ filters: ReportFilters, events: SortedEvents, loaded: EventColumns, order: PersonOrder,
        fields: EventFields, window: ReportWindow
    ) throws(JourneyError) {
        guard !filters.isEmpty else {
            global = []
            metrics = filters.metrics.map { _ in [] }
            return
        }
        let positions = order.positions
        let inWindow = (0..<events.count).map { events.time[$0] >= window.start && events.time[$0] < window.end }
        let flags = loaded.flags.map { column in positions.map { column[Int($0)] } }
        var persisted: [[Bool]] = []
        for column in filters.persistedFlags {
            // The value's comparison as an item (1 matches, 0 does not, -1 no value), carried by persistence.
            let (match, present) = (flags[column.match], flags[column.present])
            let items = (0..<events.count).map { Int32(match[$0] ? 1 : present[$0] ? 0 : -1) }
            let sets = try Self.persisted(items, of: column.dimension, itemCount: 2, events: events, window: window)
            persisted.append((0..<events.count).map { sets.of($0).contains(1) })
        }
        let kernel = SegmentKernel(
            time: events.time, session: events.session, personStarts: events.personStarts, inWindow: inWindow,
            flags: flags,
            metrics: filters.segmentMetrics.map { Self.values($0, events: events, inWindow: inWindow, fields: fields) },
            persisted: persisted)
        var breakdownItems: [ItemSets] = []
        for (index, dimension) in filters.dimensions.enumerated() {
            let raw = positions.map { loaded.filterItems[index][Int($0)] }
            breakdownItems.append(
                try Self.persisted(
                    raw, of: dimension, itemCount: loaded.filterDictionaries[index].count, events: events,
                    window: window))
        }
        func mask(_ filter: ReportFilters.Filter) -> [Bool] {
            switch filter {
            case let .segment(rule): return kernel.mask(rule)
            case let .dateRange(range): return events.time.map { range.contains($0) }
            case let .breakdown(dimension, itemId):
                let values = loaded.filterDictionaries[dimension].values
                let codes = Set(values.indices.filter { ReportTable.itemId(values[$0]) == itemId }.map { Int32($0) })
                let sets = breakdownItems[dimension]
                return (0..<events.count).map { index in
                    itemId == "0" ? sets.range(index).isEmpty : sets.of(index).contains(where: codes.contains)
                }
            }
        }
        func combined(_ list: [ReportFilters.Filter], base: [Bool]) -> [Bool] {
            var result = base.isEmpty ? [Bool](repeating: true, count: events.count) : base
            for filter in list {
                let next = mask(filter)
                for index in result.indices where !next[index] { result[index] = false }
            }
            return result
        }
        let global = filters.global.isEmpty ? [] : combined(filters.global, base: [])
        self.global = global
        metrics = filters.metrics.map { $0.isEmpty ? global : combined($0, base: global) }
    }

    /// `items` (per sorted event, codes `0..<itemCount`) after `dimension`'s persistence, as the set of items each
    /// event reports (one at most, except with allocation `all`); errors name the dimension.
    static func persisted(
        _ items: [Int32], of dimension: DimensionComponent, itemCount: Int, events: SortedEvents, window: ReportWindow
    ) throws(JourneyError) -> ItemSets {
        let input = PersistenceKernel.Events(
            time: events.time, item: items, session: events.session, personStarts: events.personStarts, window: window)
        do throws(JourneyError) {
            if let persistence = dimension.persistence, persistence.allocation == .all {
                return try PersistenceKernel.sets(input, persistence: persistence, itemCount: itemCount)
            }
            var sets = ItemSets()
            for item in try PersistenceKernel.persisted(input, persistence: dimension.persistence) {
                sets.append(item >= 0 ? [item] : [])
            }
            return sets
        } catch {
            throw .invalid("variables/\(dimension.id)", error.message)
        }
    }

    /// A metric's value on each sorted event, for segment comparisons: occurrences 1; sessions and people 1 on the
    /// first window event of each session or person (so totals count them); a field's value (count: 1) where it is
    /// not null, else NaN.
    static func values(_ metric: MetricComponent, events: SortedEvents, inWindow: [Bool], fields: EventFields)
        -> [Double]
    {
        switch metric.kind {
        case .occurrences: return [Double](repeating: 1, count: events.count)
        case .sessions, .people:
            var values = [Double](repeating: 0, count: events.count)
            var previousKey = -1
            for person in 0..<events.personCount {
                for index in events.personStarts[person]..<events.personStarts[person + 1] where inWindow[index] {
                    let key = metric.kind == .sessions ? Int(events.session[index]) : person
                    if key != previousKey { values[index] = 1 }
                    previousKey = key
                }
            }
            return values
        case .sum, .count:
            guard let numbers = fields.numericIndex(of: metric.kind) else {
                return [Double](repeating: .nan, count: events.count)
            }
            if case .sum = metric.kind { return events.numbers[numbers] }
            return events.numbers[numbers].map { $0.isNaN ? .nan : 1 }
        }
    }
}
